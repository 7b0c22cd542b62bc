import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import { Seq } from '../../../fixtures/protocol/builder.js';
import { SW_URL, swConnect, swServerPing } from '../../../fixtures/protocol/signalwire.js';
import { TX_URL, txLogin } from '../../../fixtures/protocol/telnyx.js';

function analyze(s: Seq, tickTo?: number) {
  const a = createAnalyzer();
  for (const ev of s.events) a.push(ev);
  if (tickTo !== undefined) a.tick(tickTo);
  return a.snapshot();
}

/** A 4.x client losing its socket and coming back with the documented back-off (0.1, 0.2, 0.4 s). */
function swDropAndResume(delays: number[], opts: { failedAttemptMs?: number } = {}) {
  const s = new Seq();
  s.create('ws-1', SW_URL).wait(10).open('ws-1');
  swConnect(s, 'ws-1', { major: 4 });
  s.wait(5000).close('ws-1', 1006);
  delays.forEach((d, i) => {
    const id = `ws-${i + 2}`;
    s.wait(d).create(id, SW_URL + '?x=1');
    if (i < delays.length - 1) s.wait(opts.failedAttemptMs ?? 30).close(id, 1006);
    else {
      s.wait(15).open(id);
      swConnect(s, id, { major: 4, resume: 'signalwire_jti1_x' });
    }
  });
  return s;
}

describe('connection sessions and reconnects', () => {
  it('joins the sockets of a reconnect into one session with its attempts, delays and resumption', () => {
    const s = swDropAndResume([100, 200, 400]);
    s.send('ws-4', { jsonrpc: '2.0', id: 'q1', method: 'signalwire.reauthenticate', params: { project: 'p', jwt_token: 'x' } });
    const an = analyze(s);
    expect(an.connections).toHaveLength(1);
    const c = an.connections[0]!;
    expect(c.sockets).toEqual(['ws-1', 'ws-2', 'ws-3', 'ws-4']);
    expect(c.states.map((x) => x.state)).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
    expect(c.reconnects).toHaveLength(1);
    const ep = c.reconnects[0]!;
    expect(ep).toMatchObject({ attempts: 3, delaysMs: [100, 200, 400], resumed: true, outcome: 'recovered', closeCode: 1006 });
    // Recovered when the resumed login succeeded, not when the socket opened.
    expect(ep.endT! - ep.startT).toBe(100 + 30 + 200 + 30 + 400 + 15 + 40);
    expect(an.findings).toEqual([]);
  });

  it('flags a back-off that departs from the SignalWire 4.x policy', () => {
    const an = analyze(swDropAndResume([100, 5000]));
    const f = an.findings.filter((x) => x.rule === 'backoff-policy');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toBe('Reconnect attempt 2 came after 5 s; SignalWire 4.x waits 0.1 s-0.6 s before attempt 2');
  });

  it('reports a reconnect storm once: 3 reconnects within 60 s', () => {
    const s = new Seq();
    s.create('ws-1', SW_URL).open('ws-1');
    swConnect(s, 'ws-1', { major: 4 });
    for (let i = 2; i <= 5; i++) {
      s.wait(8000).close(`ws-${i - 1}`, 1006);
      s.wait(100).create(`ws-${i}`, SW_URL).wait(10).open(`ws-${i}`);
      swConnect(s, `ws-${i}`, { major: 4, resume: 'signalwire_jti1_x' });
    }
    const an = analyze(s);
    const storms = an.findings.filter((x) => x.rule === 'reconnect-storm');
    expect(storms).toHaveLength(1);
    expect(storms[0]!.message).toMatch(/^3 reconnects in 1[67] s$/);
    expect(storms[0]!.evidence).toHaveLength(3);
    expect(an.connections[0]!.reconnects).toHaveLength(4);
  });

  it('starts a new session after the page closed the socket cleanly (disconnect), not a reconnect', () => {
    const s = new Seq();
    s.create('ws-1', SW_URL).open('ws-1');
    swConnect(s, 'ws-1');
    s.wait(1000).close('ws-1', 1000, 'page');
    s.wait(500).create('ws-2', SW_URL).open('ws-2');
    const an = analyze(s);
    expect(an.connections).toHaveLength(2);
    expect(an.connections[0]!.states.map((x) => x.state)).toEqual(['connecting', 'connected', 'disconnecting', 'disconnected']);
    expect(an.connections[0]!.reconnects).toEqual([]);
  });

  it('marks a session disconnected when no reconnect follows within the window', () => {
    const s = new Seq();
    s.create('ws-1', SW_URL).open('ws-1');
    swConnect(s, 'ws-1');
    s.wait(1000).close('ws-1', 1006);
    s.wait(100).create('ws-2', SW_URL).wait(50).close('ws-2', 1006);
    const an = analyze(s, s.t + 61_000);
    const c = an.connections[0]!;
    expect(c.reconnects[0]!.outcome).toBe('gave-up');
    expect(c.states.map((x) => x.state)).toEqual(['connecting', 'connected', 'reconnecting', 'disconnected']);
  });

  it('sees Telnyx resumption (reconnection:true + sessid) and its voice_sdk_id, and checks Telnyx back-off', () => {
    const s = new Seq();
    s.create('ws-1', TX_URL).open('ws-1');
    txLogin(s, 'ws-1');
    s.wait(2000).close('ws-1', 1006);
    s.wait(1100).create('ws-2', TX_URL + '?voice_sdk_id=vsdk-42').wait(20).close('ws-2', 1006);
    s.wait(1900).create('ws-3', TX_URL + '?voice_sdk_id=vsdk-42').wait(20).open('ws-3');
    txLogin(s, 'ws-3', { reconnection: 'sess-1' });
    const an = analyze(s);
    const c = an.connections[0]!;
    expect(c.ids.voiceSdkId).toBe('vsdk-42');
    expect(c.reconnects[0]).toMatchObject({ attempts: 2, delaysMs: [1100, 1900], resumed: true, outcome: 'recovered' });
    expect(an.findings).toEqual([]);
  });

  it('flags Telnyx retries faster than 1 s x 2^n -25%', () => {
    const s = new Seq();
    s.create('ws-1', TX_URL).open('ws-1');
    txLogin(s, 'ws-1');
    s.wait(2000).close('ws-1', 1006);
    s.wait(50).create('ws-2', TX_URL).open('ws-2');
    const f = analyze(s).findings;
    expect(f.map((x) => x.rule)).toEqual(['backoff-policy']);
    expect(f[0]!.advice).toContain('hammers');
  });

  it('counts requests the SDK held during the drop: sent before the new socket authenticated, or re-sent with their old id', () => {
    const s = new Seq();
    s.create('ws-1', SW_URL).open('ws-1');
    swConnect(s, 'ws-1', { major: 4 });
    s.send('ws-1', { jsonrpc: '2.0', id: 'inflight-1', method: 'signalwire.receive', params: { contexts: ['a'] } });
    s.wait(10).close('ws-1', 1006);
    s.wait(100).create('ws-2', SW_URL).wait(10).open('ws-2');
    s.send('ws-2', { jsonrpc: '2.0', id: 'queued-1', method: 'messaging.send', params: {} });
    swConnect(s, 'ws-2', { major: 4, resume: 'signalwire_jti1_x' });
    s.send('ws-2', { jsonrpc: '2.0', id: 'inflight-1', method: 'signalwire.receive', params: { contexts: ['a'] } });
    s.wait(3000).send('ws-2', { jsonrpc: '2.0', id: 'new-1', method: 'signalwire.receive', params: {} });
    expect(analyze(s).connections[0]!.flushedAfterReconnect).toBe(2);
  });

  it('reports a 3.x session whose server pings stop for 15 s', () => {
    const s = new Seq();
    s.create('ws-1', SW_URL).open('ws-1');
    swConnect(s, 'ws-1', { major: 3 });
    swServerPing(s, 'ws-1');
    s.wait(10_000);
    swServerPing(s, 'ws-1');
    const a = createAnalyzer();
    for (const ev of s.events) a.push(ev);
    a.tick(s.t + 14_000);
    expect(a.snapshot().findings).toEqual([]);
    a.tick(s.t + 15_500);
    const f = a.snapshot().findings;
    expect(f.map((x) => x.rule)).toEqual(['keepalive-missed']);
    expect(f[0]!.message).toContain('No `signalwire.ping` from the server for 15 s');
  });

  it('reports the 3.x ping gap when the SDK closes the socket for it before any tick saw the gap, then the resumed reconnect', () => {
    const s = new Seq();
    s.create('ws-1', SW_URL).open('ws-1');
    swConnect(s, 'ws-1', { major: 3 });
    swServerPing(s, 'ws-1');
    // The SDK's own 15 s timer closes the socket (no code) and reconnects with the old protocol.
    s.wait(15_005).close('ws-1', 1005, 'page');
    s.wait(2000).create('ws-2', SW_URL).open('ws-2');
    swConnect(s, 'ws-2', { major: 3, resume: 'signalwire_jti1_x' });
    const an = analyze(s);
    expect(an.findings.map((x) => x.rule)).toEqual(['keepalive-missed']);
    expect(an.findings[0]!.message).toContain('No `signalwire.ping` from the server for 15 s');
    expect(an.connections[0]!.reconnects[0]).toMatchObject({ outcome: 'recovered', attempts: 1 });
  });

  it('an app closing its 3.x socket 8 s after a ping is no ping gap', () => {
    const s = new Seq();
    s.create('ws-1', SW_URL).open('ws-1');
    swConnect(s, 'ws-1', { major: 3 });
    swServerPing(s, 'ws-1');
    s.wait(8000).close('ws-1', 1005, 'page');
    expect(analyze(s).findings).toEqual([]);
  });

  it('gives a socket seen only through frames (opened before capture) a session', () => {
    const s = new Seq();
    s.send('ws-9', { jsonrpc: '2.0', id: 1, method: 'foo.bar', params: {} });
    s.recv('ws-9', { jsonrpc: '2.0', id: 1, result: { ok: true } });
    const an = analyze(s);
    expect(an.connections[0]).toMatchObject({ socketId: 'ws-9', state: 'connected', sdk: 'unknown' });
    expect(an.messages[0]!.pairedWith).toBe(1);
  });
});

describe('what is not a reconnect', () => {
  it('a page reload: the new document opens its own session even to the same endpoint', () => {
    const s = new Seq();
    s.create('docA:ws-1', SW_URL).open('docA:ws-1');
    swConnect(s, 'docA:ws-1', { major: 4 });
    s.wait(1000).close('docA:ws-1', 1006);
    s.wait(300).create('docB:ws-1', SW_URL).open('docB:ws-1');
    swConnect(s, 'docB:ws-1', { major: 4 });
    const an = analyze(s);
    expect(an.connections).toHaveLength(2);
    expect(an.connections[0]!.reconnects).toEqual([]);
    expect(an.findings).toEqual([]);
  });

  it('a socket the page closed with 1001 (going away)', () => {
    const s = new Seq();
    s.create('ws-1', SW_URL).open('ws-1');
    swConnect(s, 'ws-1', { major: 4 });
    s.wait(1000).close('ws-1', 1001, 'page');
    s.wait(2000).create('ws-2', SW_URL).open('ws-2');
    const an = analyze(s);
    expect(an.connections).toHaveLength(2);
    expect(an.findings).toEqual([]);
  });
});
