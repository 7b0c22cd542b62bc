import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../../../../core/protocol/analyzer.js';
import { parseSip } from '../../../../../core/protocol/decoders/sip.js';
import { Seq } from '../../../../fixtures/protocol/builder.js';
import { sdp, sipRequest, sipResponse } from '../../../../fixtures/protocol/sip.js';

const URL = 'wss://sip.example.com:7443/ws';

function analyze(s: Seq, tickTo?: number) {
  const a = createAnalyzer();
  for (const ev of s.events) a.push(ev);
  if (tickTo !== undefined) a.tick(tickTo);
  return a.snapshot();
}

describe('SIP over WebSocket', () => {
  it('parses request lines, status lines and compact headers', () => {
    const req = parseSip(sipRequest('INVITE', { callId: 'abc@host', cseq: 7, compact: true, body: sdp('u1') }))!;
    expect(req).toMatchObject({ method: 'INVITE', uri: 'sip:bob@example.com', callId: 'abc@host', cseq: 7, to: '<sip:bob@example.com>' });
    expect(req.sdp).toContain('a=ice-ufrag:u1');
    const res = parseSip(sipResponse(486, 'Busy Here', { callId: 'abc@host', cseq: 7, method: 'INVITE' }))!;
    expect(res).toMatchObject({ status: 486, reason: 'Busy Here', method: 'INVITE', cseq: 7 });
  });

  it('models a JsSIP call: register, invite, ringing, answer, re-INVITE hold, bye; pairs by Call-ID + CSeq', () => {
    const s = new Seq();
    s.create('ws-1', URL).open('ws-1');
    s.send('ws-1', sipRequest('REGISTER', { callId: 'reg-1', cseq: 1, ua: 'JsSIP 3.10.1' }));
    s.wait(30).recv('ws-1', sipResponse(401, 'Unauthorized', { callId: 'reg-1', cseq: 1, method: 'REGISTER' }));
    s.send('ws-1', sipRequest('REGISTER', { callId: 'reg-1', cseq: 2, ua: 'JsSIP 3.10.1' }));
    s.wait(30).recv('ws-1', sipResponse(200, 'OK', { callId: 'reg-1', cseq: 2, method: 'REGISTER' }));
    s.wait(100).send('ws-1', sipRequest('INVITE', { callId: 'call-a', cseq: 10, body: sdp('sipL'), ua: 'JsSIP 3.10.1' }));
    s.wait(20).recv('ws-1', sipResponse(100, 'Trying', { callId: 'call-a', cseq: 10, method: 'INVITE' }));
    s.wait(300).recv('ws-1', sipResponse(180, 'Ringing', { callId: 'call-a', cseq: 10, method: 'INVITE' }));
    s.wait(2000).recv('ws-1', sipResponse(200, 'OK', { callId: 'call-a', cseq: 10, method: 'INVITE', body: sdp('sipR') }));
    s.send('ws-1', sipRequest('ACK', { callId: 'call-a', cseq: 10 }));
    s.wait(1000).send('ws-1', sipRequest('INVITE', { callId: 'call-a', cseq: 11, body: sdp('sipL', { direction: 'sendonly' }) }));
    s.wait(20).recv('ws-1', sipResponse(200, 'OK', { callId: 'call-a', cseq: 11, method: 'INVITE', body: sdp('sipR', { direction: 'recvonly' }) }));
    s.wait(1000).recv('ws-1', sipRequest('BYE', { callId: 'call-a', cseq: 1, reason: 'Q.850;cause=16;text="Normal call clearing"' }));
    s.send('ws-1', sipResponse(200, 'OK', { callId: 'call-a', cseq: 1, method: 'BYE' }));
    const an = analyze(s, s.t + 40_000);

    expect(an.sdks).toEqual([{ name: 'JsSIP', version: '3.10.1', via: 'traffic', socketId: 'ws-1', sources: [{ via: 'traffic', version: '3.10.1', socketId: 'ws-1' }] }]);
    expect(an.connections[0]!.auth).toMatchObject({ state: 'ok', method: 'REGISTER' });
    const m = an.messages;
    expect(m[0]).toMatchObject({ protocol: 'sip', method: 'REGISTER', kind: 'request', pairedWith: 1 });
    expect(m[1]).toMatchObject({ kind: 'error', error: { code: 401 } });
    const invite = m[4]!;
    expect(invite).toMatchObject({ method: 'INVITE', callId: 'call-a', pairedWith: 5, latencyMs: 20 });
    expect(m[7]!.pairedWith).toBe(4); // 200 OK after provisional responses still points at its INVITE
    const call = an.calls[0]!;
    expect(call).toMatchObject({ sdk: 'sip', direction: 'outbound', destination: 'sip:bob@example.com', caller: 'sip:alice@example.com' });
    expect(call.states.map((x) => x.state)).toEqual(['new', 'requesting', 'trying', 'ringing', 'active', 'held', 'hangup']);
    expect(call.setupMs).toBe(320);
    expect(call.hangup).toMatchObject({ by: 'remote', cause: 'Normal call clearing', code: 16 });
    // 401 is a normal digest challenge, the ACK needs no answer, and everything else was answered.
    expect(an.findings).toEqual([]);
  });

  it('reports a rejected INVITE as a failed call and an unanswered one after 32 s', () => {
    const s = new Seq();
    s.create('ws-1', URL).open('ws-1');
    s.send('ws-1', sipRequest('INVITE', { callId: 'c1', cseq: 1, body: sdp('x') }));
    s.wait(200).recv('ws-1', sipResponse(486, 'Busy Here', { callId: 'c1', cseq: 1, method: 'INVITE' }));
    s.send('ws-1', sipRequest('INVITE', { callId: 'c2', cseq: 1, body: sdp('y') }));
    const an = analyze(s, s.t + 32_001);
    expect(an.calls[0]!.hangup).toMatchObject({ cause: 'Busy Here', code: 486 });
    const rules = an.findings.map((f) => f.rule);
    expect(rules).toContain('rpc-error');
    expect(rules).toContain('call-failed');
    expect(an.findings.find((f) => f.rule === 'rpc-timeout')!.message).toBe('RPC `INVITE` got no answer in 32 s');
  });

  it('refuses a REGISTER with 403 as a login failure, and counts CRLF keepalives', () => {
    const s = new Seq();
    s.create('ws-1', URL).open('ws-1');
    s.send('ws-1', sipRequest('REGISTER', { callId: 'r', cseq: 1, ua: 'SIP.js/0.21.2' }));
    s.wait(20).recv('ws-1', sipResponse(401, 'Unauthorized', { callId: 'r', cseq: 1, method: 'REGISTER' }));
    s.send('ws-1', sipRequest('REGISTER', { callId: 'r', cseq: 2, ua: 'SIP.js/0.21.2' }));
    s.wait(20).recv('ws-1', sipResponse(403, 'Forbidden', { callId: 'r', cseq: 2, method: 'REGISTER' }));
    s.send('ws-1', '\r\n\r\n');
    s.recv('ws-1', '\r\n');
    const an = analyze(s);
    expect(an.sdks[0]).toMatchObject({ name: 'SIP.js', version: '0.21.2' });
    expect(an.connections[0]!.auth).toMatchObject({ state: 'failed', method: 'REGISTER', error: { code: 403, message: 'Forbidden' } });
    expect(an.findings.map((f) => f.rule)).toEqual(['auth-failed']);
    expect(an.findings[0]!.advice).toContain('registrar');
    expect(an.messages[4]!.summary).toBe('CRLF keepalive (4 B)');
    expect(an.connections[0]!.keepalive).toMatchObject({ sent: 1, answered: 1 });
  });
});
