import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import { Seq } from '../../../fixtures/protocol/builder.js';
import { TX_URL, txBye, txLogin, txOutboundCall, txPing } from '../../../fixtures/protocol/telnyx.js';

function analyze(s: Seq, tickTo?: number) {
  const a = createAnalyzer();
  for (const ev of s.events) a.push(ev);
  if (tickTo !== undefined) a.tick(tickTo);
  return a.snapshot();
}

describe('Telnyx login and call', () => {
  const s = new Seq();
  s.create('ws-1', TX_URL).wait(30).open('ws-1');
  txLogin(s, 'ws-1');
  s.wait(200);
  txOutboundCall(s, 'ws-1', 'tx-call-1', { ringAfterMs: 400, answerAfterMs: 2000, early: true });
  s.wait(500);
  s.send('ws-1', { jsonrpc: '2.0', id: 'h1', method: 'telnyx_rtc.modify', params: { sessid: 'sess-1', action: 'hold', dialogParams: { callID: 'tx-call-1' } } });
  s.wait(20).recv('ws-1', { jsonrpc: '2.0', id: 'h1', result: { callID: 'tx-call-1', action: 'hold', holdState: 'held' } });
  s.wait(1000);
  s.send('ws-1', { jsonrpc: '2.0', id: 'h2', method: 'telnyx_rtc.modify', params: { sessid: 'sess-1', action: 'unhold', dialogParams: { callID: 'tx-call-1' } } });
  s.wait(20).recv('ws-1', { jsonrpc: '2.0', id: 'h2', result: { callID: 'tx-call-1', action: 'unhold', holdState: 'active' } });
  s.send('ws-1', { jsonrpc: '2.0', id: 'c1', method: 'telnyx_rtc.candidate', params: { sessid: 'sess-1', callID: 'tx-call-1', candidate: 'candidate:1 1 udp 2122260223 10.0.0.2 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 } });
  s.send('ws-1', { jsonrpc: '2.0', id: 'c2', method: 'telnyx_rtc.endOfCandidates', params: { sessid: 'sess-1', callID: 'tx-call-1' } });
  txPing(s, 'ws-1');
  s.wait(3000);
  txBye(s, 'ws-1', 'tx-call-1');
  const an = analyze(s);

  it('recognises @telnyx/webrtc and its version from login', () => {
    expect(an.sdks).toEqual([{ name: '@telnyx/webrtc', version: '2.27.10', via: 'traffic', socketId: 'ws-1', sources: [{ via: 'traffic', version: '2.27.10', socketId: 'ws-1' }] }]);
    const c = an.connections[0]!;
    expect(c.sdk).toBe('telnyx');
    expect(c.auth).toMatchObject({ state: 'ok', method: 'login' });
    expect(c.ids.sessid).toBe('sess-1');
    expect(c.gatewayState).toBe('REGED');
  });

  it('walks the call through ringing, early media, active, hold and hangup', () => {
    const call = an.calls[0]!;
    expect(call).toMatchObject({ id: 'tx-call-1', sdk: 'telnyx', direction: 'outbound', destination: '+15551230000', caller: '+15559870000' });
    expect(call.states.map((x) => x.state)).toEqual(['new', 'requesting', 'trying', 'ringing', 'early', 'active', 'held', 'active', 'hangup']);
    expect(call.setupMs).toBe(50 + 400);
    expect(call.answerMs).toBe(50 + 400 + 100 + 2000);
    expect(call.holds.map((h) => h.action)).toEqual(['hold', 'unhold']);
    expect(call.held).toBe(false);
    expect(call.candidates).toHaveLength(1);
    expect(call.endOfCandidates).toBe(true);
    expect(call.hangup).toMatchObject({ cause: 'NORMAL_CLEARING', code: 16, by: 'local' });
    expect(call.durationMs).toBe(500 + 20 + 1000 + 20 + 25 + 3000);
  });

  it('pairs the client ack of a server telnyx_rtc.answer', () => {
    const answer = an.messages.find((m) => m.method === 'telnyx_rtc.answer' && m.kind === 'request')!;
    expect(answer.dir).toBe('received');
    expect(an.messages[answer.pairedWith!]!.dir).toBe('sent');
  });

  it('counts the ping as a keepalive answered', () => {
    expect(an.connections[0]!.keepalive).toMatchObject({ sent: 1, answered: 1, missed: 0, method: 'telnyx_rtc.ping' });
    expect(an.findings).toEqual([]);
  });
});

describe('Telnyx failures', () => {
  it('reports a login error as a login failure with Telnyx advice', () => {
    const s = new Seq();
    s.create('ws-1', TX_URL).open('ws-1');
    txLogin(s, 'ws-1', { fail: true });
    const an = analyze(s);
    expect(an.connections[0]!.auth?.state).toBe('failed');
    expect(an.findings).toHaveLength(1);
    expect(an.findings[0]!.rule).toBe('auth-failed');
    expect(an.findings[0]!.advice).toContain('login_token');
  });

  it('reports an unanswered telnyx_rtc.bye after 10 s and an unanswered ping as a missed keepalive', () => {
    const s = new Seq();
    s.create('ws-1', TX_URL).open('ws-1');
    txLogin(s, 'ws-1');
    txOutboundCall(s, 'ws-1', 'c1');
    txBye(s, 'ws-1', 'c1', false);
    txPing(s, 'ws-1', false);
    const an = analyze(s, s.t + 11_000);
    const rules = an.findings.map((f) => f.rule).sort();
    expect(rules).toEqual(['keepalive-missed', 'rpc-timeout']);
    expect(an.findings.find((f) => f.rule === 'rpc-timeout')!.message).toBe('RPC `telnyx_rtc.bye` got no answer in 10 s');
    expect(an.findings.find((f) => f.rule === 'keepalive-missed')!.message).toBe('Keepalive `telnyx_rtc.ping` got no answer in 5 s');
    expect(an.connections[0]!.keepalive.missed).toBe(1);
  });

  it('pairs debug_report frames (no method) by id: the call waits for that reply', () => {
    const s = new Seq();
    s.create('ws-1', TX_URL).open('ws-1');
    s.send('ws-1', { jsonrpc: '2.0', id: 'd1', type: 'debug_report_start', debug_report_id: 'rep-1', debug_report_version: 1, call_id: 'c1' });
    s.wait(15).recv('ws-1', { jsonrpc: '2.0', id: 'd1', result: { type: 'debug_report_start', debug_report_id: 'rep-1' } });
    s.send('ws-1', { jsonrpc: '2.0', id: 'd2', type: 'debug_report_data', debug_report_id: 'rep-1', call_id: 'c1', data: { stats: [] } });
    const an = analyze(s);
    expect(an.messages[0]).toMatchObject({ protocol: 'telnyx-debug', method: 'debug_report_start', callId: 'c1', pairedWith: 1, latencyMs: 15 });
    expect(an.messages[2]!.protocol).toBe('telnyx-debug');
  });

  it('models an inbound call the client answers', () => {
    const s = new Seq();
    s.create('ws-1', TX_URL).open('ws-1');
    txLogin(s, 'ws-1');
    s.recv('ws-1', { jsonrpc: '2.0', id: 'i1', method: 'telnyx_rtc.invite', params: { callID: 'in-1', sdp: 'v=0\r\na=ice-ufrag:ru\r\n', caller_id_number: '+15550001111', callee_id_number: 'alice' } });
    s.send('ws-1', { jsonrpc: '2.0', id: 'i1', result: { method: 'telnyx_rtc.invite' } });
    s.wait(3000);
    s.send('ws-1', { jsonrpc: '2.0', id: 'a1', method: 'telnyx_rtc.answer', params: { sessid: 'sess-1', sdp: 'v=0\r\na=ice-ufrag:lu\r\n', dialogParams: { callID: 'in-1' } } });
    s.wait(40).recv('ws-1', { jsonrpc: '2.0', id: 'a1', result: { callID: 'in-1', message: 'CALL ANSWERED' } });
    s.wait(1000).recv('ws-1', { jsonrpc: '2.0', id: 'b1', method: 'telnyx_rtc.bye', params: { callID: 'in-1', cause: 'USER_BUSY', causeCode: 17 } });
    const an = analyze(s);
    const call = an.calls[0]!;
    expect(call).toMatchObject({ direction: 'inbound', caller: '+15550001111', destination: 'alice' });
    expect(call.states.map((x) => x.state)).toEqual(['new', 'ringing', 'answering', 'active', 'hangup']);
    expect(call.hangup).toMatchObject({ cause: 'USER_BUSY', code: 17, by: 'remote' });
  });
});
