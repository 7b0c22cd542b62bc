/**
 * A page that goes away (reload, navigation, close) mid-call sends no hang-up and closes nothing: the
 * analyzer must not keep waiting on its requests, call its ICE stuck, or keep its call alive.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import { summarizeCall } from '../../../../core/protocol/call-summary.js';
import { Seq, sdp } from '../../../fixtures/protocol/builder.js';
import { TX_URL, txLogin } from '../../../fixtures/protocol/telnyx.js';

const DOC = 'd0c1';
const WS = `${DOC}:ws-1`;
const PC = `${DOC}:pc-1`;

/** A Telnyx call whose invite has no reply yet and whose pc has the far end's description but no ICE. */
function inviteThenUnload(unload: boolean) {
  const s = new Seq();
  s.create(WS, TX_URL).open(WS);
  txLogin(s, WS);
  s.pcCreate(PC, { iceServers: [{ urls: 'stun:stun.example:3478' }] });
  s.push({ kind: 'pc.result', t: s.t, id: PC, method: 'createOffer', ok: true, value: { type: 'offer', sdp: sdp('loc') }, durationMs: 2 });
  s.pcCall(PC, 'setLocalDescription', [{ type: 'offer', sdp: sdp('loc') }]);
  s.send(WS, { jsonrpc: '2.0', id: s.uuid(), method: 'telnyx_rtc.invite', params: { sessid: 'sess-1', sdp: sdp('loc'), dialogParams: { callID: 'call-1', destination_number: '1000' } } });
  s.pcCall(PC, 'setRemoteDescription', [{ type: 'answer', sdp: sdp('rem') }]);
  s.wait(1500);
  const goneAt = s.t;
  if (unload) s.push({ kind: 'page.hide', t: s.t, docId: DOC, persisted: false });
  const a = createAnalyzer();
  for (const ev of s.events) a.push(ev);
  a.tick(goneAt + 60_000);
  return { an: a.snapshot(), goneAt };
}

describe('analyzer: a document that went away', () => {
  it('ends its call by the page unloading, stops waiting on its invite, and raises no ICE or invite alarm', () => {
    const { an, goneAt } = inviteThenUnload(true);
    const call = an.calls[0]!;
    expect(call.state).toBe('hangup');
    expect(call.hangup).toEqual({ t: goneAt, by: 'page-unloaded' });
    expect(an.pending).toEqual([]);
    const rules = an.findings.map((f) => f.rule);
    expect(rules).not.toContain('invite-unanswered');
    expect(rules).not.toContain('ice-not-connected');
    const ended = an.findings.find((f) => f.rule === 'call-ended-before-media');
    expect(ended?.message).toContain('the page went away');
    expect(summarizeCall(call, an)).toMatchObject({ hungUpBy: 'page-unloaded', outcome: 'never-answered', endedAt: goneAt });
  });

  it('without the unload the same capture still waits and raises both alarms (the test can fail)', () => {
    const { an } = inviteThenUnload(false);
    expect(an.calls[0]!.state).not.toBe('hangup');
    expect(an.pending.map((p) => p.method)).toContain('telnyx_rtc.invite');
    const rules = an.findings.map((f) => f.rule);
    expect(rules).toContain('invite-unanswered');
    expect(rules).toContain('ice-not-connected');
  });

  it('a page kept in the back/forward cache (persisted) ends nothing', () => {
    const s = new Seq();
    s.create(WS, TX_URL).open(WS);
    s.push({ kind: 'page.hide', t: s.t, docId: DOC, persisted: true });
    s.send(WS, { jsonrpc: '2.0', id: 'r1', method: 'echo', params: {} });
    const a = createAnalyzer();
    for (const ev of s.events) a.push(ev);
    expect(a.snapshot().pending.map((p) => p.socketId)).toEqual([WS]);
  });
});
