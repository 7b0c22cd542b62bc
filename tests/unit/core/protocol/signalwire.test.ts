import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import { Seq, sdp } from '../../../fixtures/protocol/builder.js';
import { SW_URL, swBye, swConnect, swOutboundCall, swServerPing } from '../../../fixtures/protocol/signalwire.js';

function run(s: Seq) {
  const a = createAnalyzer();
  for (const ev of s.events) a.push(ev);
  return a;
}

describe('SignalWire 4.x call over webrtc.verto', () => {
  const s = new Seq();
  s.create('ws-1', SW_URL).wait(20).open('ws-1');
  swConnect(s, 'ws-1', { major: 4 });
  s.wait(100);
  s.pcCreate('pc-1', { iceServers: [] });
  s.pcCall('pc-1', 'setLocalDescription', [{ type: 'offer', sdp: sdp('locU') }]);
  swOutboundCall(s, 'ws-1', 'call-1', { answerAfterMs: 700 });
  s.pcCall('pc-1', 'setRemoteDescription', [{ type: 'answer', sdp: sdp('remU') }]);
  swServerPing(s, 'ws-1');
  s.wait(5000);
  swBye(s, 'ws-1', 'call-1');
  const a = run(s);
  const an = a.snapshot();

  it('names the SDK from the connect agent', () => {
    expect(an.sdks).toEqual([{ name: '@signalwire/js', version: '4.0.0', via: 'traffic', socketId: 'ws-1', sources: [{ via: 'traffic', version: '4.0.0', socketId: 'ws-1' }] }]);
    expect(an.connections[0]!.sdk).toBe('signalwire');
    expect(an.connections[0]!.protocolMajor).toBe(4);
  });

  it('pairs connect with its reply, with latency, and records the session ids', () => {
    const [req, res] = an.messages;
    expect(req!.method).toBe('signalwire.connect');
    expect(req!.kind).toBe('request');
    expect(req!.pairedWith).toBe(1);
    expect(req!.latencyMs).toBe(40);
    expect(res!.pairedWith).toBe(0);
    expect(res!.kind).toBe('response');
    const c = an.connections[0]!;
    expect(c.auth).toMatchObject({ state: 'ok', method: 'signalwire.connect', latencyMs: 40 });
    expect(c.ids.protocol).toBe('signalwire_jti1_x');
    expect(c.states.map((x) => x.state)).toEqual(['connecting', 'connected']);
  });

  it('decodes the Verto invite nested in webrtc.verto and pairs outer and inner ids', () => {
    const invite = an.messages.find((m) => m.inner?.method === 'verto.invite')!;
    expect(invite.method).toBe('webrtc.verto');
    expect(invite.callId).toBe('call-1');
    expect(invite.summary).toContain('verto.invite to /public/support');
    const reply = an.messages[invite.pairedWith!]!;
    expect(reply.inner?.kind).toBe('response');
    expect(reply.inner?.pairedWith).toBe(invite.index);
    expect(reply.latencyMs).toBe(80);
    expect(reply.summary).toContain('verto.invite');
    expect(reply.summary).toContain('CALL CREATED');
  });

  it('pairs the server-pushed verto.answer with the inner result the client sends back', () => {
    const answer = an.messages.find((m) => m.inner?.method === 'verto.answer')!;
    expect(answer.dir).toBe('received');
    expect(answer.method).toBe('signalwire.event');
    const ack = an.messages[answer.pairedWith!]!;
    expect(ack.dir).toBe('sent');
    expect(ack.kind).toBe('response');
    expect(answer.inner!.pairedWith).toBeDefined();
    const innerAck = an.messages[answer.inner!.pairedWith!]!;
    expect(innerAck.method).toBe('webrtc.verto');
    expect(innerAck.inner?.kind).toBe('response');
  });

  it('models the call from invite to hangup, linked to its peer connection', () => {
    expect(an.calls).toHaveLength(1);
    const call = an.calls[0]!;
    expect(call).toMatchObject({ id: 'call-1', sdk: 'signalwire', direction: 'outbound', destination: '/public/support', pcId: 'pc-1', memberId: 'member-1' });
    expect(call.states.map((x) => x.state)).toEqual(['new', 'requesting', 'trying', 'active', 'hangup']);
    expect(call.answerMs).toBe(80 + 700);
    expect(call.hangup).toMatchObject({ cause: 'NORMAL_CLEARING', code: 16, by: 'local' });
    expect(call.offerSdp).toContain('a=ice-ufrag:locU');
    expect(call.answerSdp).toContain('a=ice-ufrag:remU');
  });

  it('counts server pings answered by the client', () => {
    expect(an.connections[0]!.keepalive).toMatchObject({ sent: 1, answered: 1, missed: 0, method: 'signalwire.ping' });
  });

  it('reports no findings for a healthy call', () => {
    expect(an.findings).toEqual([]);
  });
});

describe('SignalWire time-outs and errors', () => {
  it('reports an unanswered verto.invite after 5 s on 4.x, by tick alone', () => {
    const s = new Seq();
    s.create('ws-1', SW_URL).open('ws-1');
    swConnect(s, 'ws-1', { major: 4 });
    s.send('ws-1', { jsonrpc: '2.0', id: 'x1', method: 'webrtc.verto', params: { callID: 'c9', message: { jsonrpc: '2.0', id: 'v1', method: 'verto.invite', params: { dialogParams: { callID: 'c9' }, sdp: sdp('a') } } } });
    const a = run(s);
    a.tick(s.t + 4900);
    expect(a.snapshot().findings).toEqual([]);
    a.tick(s.t + 5001);
    const f = a.snapshot().findings;
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: 'rpc-timeout', severity: 'error', message: 'RPC `verto.invite` got no answer in 5 s' });
    expect(f[0]!.evidence[0]).toMatchObject({ kind: 'frame', socketId: 'ws-1', index: 2 });
  });

  it('waits 10 s on 3.x before calling an RPC unanswered', () => {
    const s = new Seq();
    s.create('ws-1', SW_URL).open('ws-1');
    swConnect(s, 'ws-1', { major: 3 });
    s.send('ws-1', { jsonrpc: '2.0', id: 'x1', method: 'video.message', params: { message: { jsonrpc: '2.0', id: 'v1', method: 'verto.invite', params: { dialogParams: { callID: 'c9' } } } } });
    const a = run(s);
    a.tick(s.t + 6000);
    expect(a.snapshot().findings).toEqual([]);
    a.tick(s.t + 10_001);
    expect(a.snapshot().findings[0]!.message).toBe('RPC `verto.invite` got no answer in 10 s');
  });

  it('reports a failed connect as an auth failure, not as a generic RPC error', () => {
    const s = new Seq();
    s.create('ws-1', SW_URL).open('ws-1');
    swConnect(s, 'ws-1', { fail: true });
    const an = run(s).snapshot();
    expect(an.connections[0]!.auth).toMatchObject({ state: 'failed', error: { code: -32002 } });
    expect(an.findings.map((f) => f.rule)).toEqual(['auth-failed']);
    expect(an.findings[0]!.message).toBe('Login failed (`signalwire.connect`): -32002 Authentication failed');
  });

  it('treats a non-2xx result code as an error reply', () => {
    const s = new Seq();
    s.create('ws-1', SW_URL).open('ws-1');
    swConnect(s, 'ws-1', { major: 3, agent: '@signalwire/nodejs/realtime-api/4.2.1' });
    s.send('ws-1', { jsonrpc: '2.0', id: 'm1', method: 'messaging.send', params: { body: 'hi', from_number: '+1555', to_number: '+1666' } });
    s.wait(30).recv('ws-1', { jsonrpc: '2.0', id: 'm1', result: { code: '400', message: 'Invalid to_number' } });
    const an = run(s).snapshot();
    const reply = an.messages[3]!;
    expect(reply.kind).toBe('error');
    expect(reply.error).toEqual({ code: '400', message: 'Invalid to_number' });
    expect(an.sdks[0]).toMatchObject({ name: '@signalwire/realtime-api', version: '4.2.1' });
    expect(an.findings[0]!.message).toBe('RPC `messaging.send` failed: 400 Invalid to_number');
  });
});
