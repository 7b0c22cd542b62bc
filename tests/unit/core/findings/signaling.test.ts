import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import { Seq, sdp } from '../../../fixtures/protocol/builder.js';
import { SW_URL, swConnect, swOutboundCall } from '../../../fixtures/protocol/signalwire.js';
import { TX_URL, txLogin, txOutboundCall } from '../../../fixtures/protocol/telnyx.js';

function analyze(s: Seq, tickTo?: number) {
  const a = createAnalyzer();
  for (const ev of s.events) a.push(ev);
  if (tickTo !== undefined) a.tick(tickTo);
  return a.snapshot();
}

describe('call findings', () => {
  it('reports a slow post-dial delay with the invite as evidence', () => {
    const s = new Seq();
    s.create('ws-1', TX_URL).open('ws-1');
    txLogin(s, 'ws-1');
    txOutboundCall(s, 'ws-1', 'slow-1', { ringAfterMs: 7000 });
    const an = analyze(s);
    const f = an.findings.filter((x) => x.rule === 'slow-call-setup');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toBe('Call to +15551230000 took 7.1 s to start ringing');
    const invite = an.messages[f[0]!.evidence[0]!.index!]!;
    expect(invite.method).toBe('telnyx_rtc.invite');
  });

  it('reports a call ended by a media time-out, not a normal hangup', () => {
    const s = new Seq();
    s.create('ws-1', SW_URL).open('ws-1');
    swConnect(s, 'ws-1');
    swOutboundCall(s, 'ws-1', 'c-1');
    s.wait(9000).recv('ws-1', {
      jsonrpc: '2.0',
      id: 'e9',
      method: 'signalwire.event',
      params: { event_type: 'webrtc.message', params: { jsonrpc: '2.0', id: 'b9', method: 'verto.bye', params: { callID: 'c-1', cause: 'MEDIA_TIMEOUT', causeCode: 804 } } },
    });
    const an = analyze(s);
    expect(an.calls[0]!.hangup).toMatchObject({ cause: 'MEDIA_TIMEOUT', code: 804, by: 'remote' });
    expect(an.findings.map((f) => f.message)).toEqual(['Call to /public/support ended: MEDIA_TIMEOUT (804)']);
    expect(an.findings[0]!.severity).toBe('warning');
  });

  it('links a call to its peer connection through the offer createOffer returned', () => {
    const s = new Seq();
    s.create('ws-1', SW_URL).open('ws-1');
    swConnect(s, 'ws-1');
    s.pcCreate('pc-7', {});
    s.push({ kind: 'pc.result', t: s.t, id: 'pc-7', method: 'createOffer', ok: true, value: { type: 'offer', sdp: sdp('ufragX') }, durationMs: 2 });
    swOutboundCall(s, 'ws-1', 'c-7', { ufrag: 'ufragX' });
    expect(analyze(s).calls[0]!.pcId).toBe('pc-7');
  });

  it('links a call to its peer connection when the peer connection is seen after the signaling', () => {
    const s = new Seq();
    s.create('ws-1', SW_URL).open('ws-1');
    swConnect(s, 'ws-1');
    swOutboundCall(s, 'ws-1', 'c-8', { ufrag: 'late', remoteUfrag: 'lateR' });
    s.pcCall('pc-8', 'setRemoteDescription', [{ type: 'answer', sdp: sdp('lateR') }]);
    expect(analyze(s).calls[0]!.pcId).toBe('pc-8');
  });
});

describe('finding volume', () => {
  it('caps one rule at 200 findings so a looping app cannot flood the list', () => {
    const s = new Seq();
    s.create('ws-1', SW_URL).open('ws-1');
    swConnect(s, 'ws-1');
    for (let i = 0; i < 300; i++) {
      s.send('ws-1', { jsonrpc: '2.0', id: `r${i}`, method: 'signalwire.reauthenticate', params: {} });
      s.recv('ws-1', { jsonrpc: '2.0', id: `r${i}`, result: { code: '500', message: 'boom' } });
    }
    s.send('ws-1', { jsonrpc: '2.0', id: 'x', method: 'video.member.update', params: {} });
    s.recv('ws-1', { jsonrpc: '2.0', id: 'x', error: { code: -32601, message: 'Method not found' } });
    const an = analyze(s);
    expect(an.findings.filter((f) => f.rule === 'auth-failed')).toHaveLength(200);
    expect(an.findings.filter((f) => f.rule === 'rpc-error').map((f) => f.message)).toEqual(['RPC `video.member.update` failed: -32601 Method not found']);
  });

  it('keeps the pending-request table bounded when replies never come', () => {
    const s = new Seq();
    s.create('ws-1', 'wss://unknown.example/');
    for (let i = 0; i < 6000; i++) s.send('ws-1', { jsonrpc: '2.0', id: i, method: 'app.do', params: {} });
    s.recv('ws-1', { jsonrpc: '2.0', id: 5999, result: {} });
    s.recv('ws-1', { jsonrpc: '2.0', id: 0, result: {} });
    const an = analyze(s);
    expect(an.messages[5999]!.pairedWith).toBe(6000);
    // The oldest request was forgotten to respect the cap: its late reply stays unpaired instead of growing memory.
    expect(an.messages[6001]!.pairedWith).toBeUndefined();
  });
});

describe('post-dial delay', () => {
  it('does not call a slow answer a slow setup when the protocol never signalled ringing', () => {
    const s = new Seq();
    s.create('ws-1', SW_URL).open('ws-1');
    swConnect(s, 'ws-1');
    swOutboundCall(s, 'ws-1', 'c-slow-answer', { answerAfterMs: 12_000 });
    const an = analyze(s);
    expect(an.calls[0]!.answerMs).toBeGreaterThan(12_000);
    expect(an.findings).toEqual([]);
  });
});

describe('time before the invite', () => {
  function callAfterGathering(ms: number) {
    const s = new Seq();
    s.create('ws-1', SW_URL).open('ws-1');
    swConnect(s, 'ws-1');
    s.pcCreate('pc-1', { iceServers: [{ urls: 'stun:stun.example.org:3478' }] });
    s.pcCall('pc-1', 'setLocalDescription', [{ type: 'offer', sdp: sdp('gath') }]);
    s.wait(ms);
    swOutboundCall(s, 'ws-1', 'c-g', { ufrag: 'gath' });
    const a = createAnalyzer();
    for (const ev of s.events) a.push(ev);
    return a.snapshot();
  }

  it('reports an invite held back by slow ICE gathering', () => {
    const an = callAfterGathering(9500);
    expect(an.calls[0]!.preInviteMs).toBe(9500);
    expect(an.findings.map((f) => f.message)).toEqual(['Call to /public/support waited 9.5 s before the invite was sent (ICE gathering)']);
  });

  it('is quiet for a normal gathering time', () => {
    const an = callAfterGathering(400);
    expect(an.calls[0]!.preInviteMs).toBe(400);
    expect(an.findings).toEqual([]);
  });
});
