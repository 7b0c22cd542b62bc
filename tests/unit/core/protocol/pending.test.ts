/** Requests waiting for their reply: the live list the panel shows with a clock, and the call's invite state. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import { pendingAge } from '../../../../core/protocol/pending.js';
import { Seq } from '../../../fixtures/protocol/builder.js';
import { sipRequest, sipResponse, sdp } from '../../../fixtures/protocol/sip.js';
import { telnyxRecordingEvents } from '../../../fixtures/protocol/telnyx-recorded.js';
import { TX_URL, txBye, txLogin, txOutboundCall } from '../../../fixtures/protocol/telnyx.js';

function feed(events: readonly CaptureEvent[], until = Infinity) {
  const a = createAnalyzer();
  for (const ev of events) if (ev.t <= until) a.push(ev);
  return a;
}

describe('Analysis.pending', () => {
  const events = telnyxRecordingEvents('invite-unanswered.json');
  const invite = events.find((e) => e.kind === 'ws.frame' && e.text?.includes('"telnyx_rtc.invite"'))!;

  it('lists the unanswered Telnyx invite with its call, overdue after 10 s, and drops it when the call is hung up', () => {
    const a = feed(events, invite.t + 9_200);
    const an = a.snapshot();
    expect(an.pending).toHaveLength(1);
    const p = an.pending[0]!;
    expect(p).toMatchObject({ method: 'telnyx_rtc.invite', socketId: 'ws-1', t: invite.t, timeoutMs: 0, overdueMs: 10_000 });
    expect(an.messages[p.index]!.method).toBe('telnyx_rtc.invite');
    expect(p.callId).toBe(an.calls[0]!.id);
    expect(pendingAge(p, invite.t + 9_200)).toEqual({ ms: 9_200, overdue: false, sdkGaveUp: false, text: 'no reply for 9.2 s' });
    expect(pendingAge(p, invite.t + 12_000).text).toBe('no reply for 12 s (overdue)');

    const call = an.calls[0]!;
    expect(call.state).toBe('requesting');
    expect(call.awaiting).toEqual({ method: 'telnyx_rtc.invite', since: invite.t, index: p.index, timeoutMs: 0, overdueMs: 10_000 });

    const all = feed(events).snapshot();
    expect(all.calls[0]!.state).toBe('hangup');
    expect(all.calls[0]!.awaiting).toBeUndefined();
    // The bye was answered and the invite was abandoned with its call: nothing waits any more.
    expect(all.pending).toEqual([]);
  });

  it('keeps every request until its reply, in O(1) per change: the login, gatewayState and invite of a healthy call', () => {
    const s = new Seq();
    s.create('ws-1', TX_URL).open('ws-1');
    txLogin(s, 'ws-1');
    txOutboundCall(s, 'ws-1', 'call-1');
    const a = createAnalyzer();
    const seen: string[][] = [];
    for (const ev of s.events) {
      a.push(ev);
      seen.push(a.snapshot().pending.map((p) => p.method).sort());
    }
    expect(seen).toContainEqual(['login']);
    expect(seen).toContainEqual(['telnyx_rtc.gatewayState']);
    expect(seen).toContainEqual(['telnyx_rtc.invite']);
    expect(a.snapshot().pending).toEqual([]);
    expect(a.snapshot().calls[0]!.awaiting).toBeUndefined();
  });

  it('a bye the SDK waits on stays listed after its own hang-up, and a closed socket drops what it carried', () => {
    const s = new Seq();
    s.create('ws-1', TX_URL).open('ws-1');
    txLogin(s, 'ws-1');
    txOutboundCall(s, 'ws-1', 'call-1');
    s.wait(1000);
    txBye(s, 'ws-1', 'call-1', false);
    const a = feed(s.events);
    expect(a.snapshot().pending.map((p) => p.method)).toEqual(['telnyx_rtc.bye']);
    // The SDK's own 10 s time-out on bye: past it, the text says it gave up, and the age stops growing.
    const bye = a.snapshot().pending[0]!;
    expect(pendingAge(bye, bye.t + 30_000)).toMatchObject({ ms: 10_000, overdue: true, sdkGaveUp: true, text: 'no reply in 10 s: the SDK gave up' });
    a.tick(bye.t + 30_000);
    // Past its time-out it is still unanswered: it stays listed.
    expect(a.snapshot().pending).toHaveLength(1);
    a.push({ kind: 'ws.close', t: s.t + 31_000, id: 'ws-1', code: 1006, reason: '', wasClean: false, initiator: 'remote' });
    expect(a.snapshot().pending).toEqual([]);
  });

  it('removal swaps the last entry in without losing any: three requests answered in a different order', () => {
    const s = new Seq();
    s.create('ws-1', 'wss://x.example/').open('ws-1');
    for (const id of [1, 2, 3]) s.send('ws-1', { jsonrpc: '2.0', id, method: `m${id}`, params: {} });
    const a = feed(s.events);
    expect(a.snapshot().pending.map((p) => p.method).sort()).toEqual(['m1', 'm2', 'm3']);
    a.push({ kind: 'ws.frame', t: s.t + 1, id: 'ws-1', dir: 'received', size: 30, binary: false, text: JSON.stringify({ jsonrpc: '2.0', id: 1, result: {} }) });
    expect(a.snapshot().pending.map((p) => p.method).sort()).toEqual(['m2', 'm3']);
    a.push({ kind: 'ws.frame', t: s.t + 2, id: 'ws-1', dir: 'received', size: 30, binary: false, text: JSON.stringify({ jsonrpc: '2.0', id: 3, result: {} }) });
    expect(a.snapshot().pending.map((p) => p.method)).toEqual(['m2']);
    // An unknown protocol's request has no SDK time-out; it is shown overdue after the default 10 s.
    expect(a.snapshot().pending[0]).toMatchObject({ timeoutMs: 0, overdueMs: 10_000 });
  });

  it('a SIP INVITE stops waiting at its first provisional response, and the call at 100 Trying', () => {
    const s = new Seq();
    s.create('ws-1', 'wss://sip.example/').open('ws-1');
    s.send('ws-1', sipRequest('INVITE', { callId: 'dlg-1', cseq: 1, body: sdp('sipLoc') }));
    let a = feed(s.events);
    expect(a.snapshot().pending.map((p) => p.method)).toEqual(['INVITE']);
    expect(a.snapshot().calls[0]!.awaiting).toMatchObject({ method: 'INVITE', timeoutMs: 32_000 });
    s.wait(40);
    s.recv('ws-1', sipResponse(100, 'Trying', { callId: 'dlg-1', cseq: 1, method: 'INVITE' }));
    a = feed(s.events);
    expect(a.snapshot().pending).toEqual([]);
    expect(a.snapshot().calls[0]!.awaiting).toBeUndefined();
  });
});

describe('an invite the SDK stops waiting for ends its call', () => {
  it('a SIP INVITE with no response in 32 s (Timer B): the call ends here with INVITE_TIMEOUT, nothing pending; at 31.9 s it still waits', () => {
    const s = new Seq();
    s.create('ws-1', 'wss://sip.example/').open('ws-1');
    s.send('ws-1', sipRequest('INVITE', { callId: 'dlg-2', cseq: 1, body: sdp('sipLoc2') }));
    const a = feed(s.events);
    a.tick(s.t + 31_900);
    expect(a.snapshot().calls[0]).toMatchObject({ state: 'requesting', awaiting: { method: 'INVITE' } });
    a.tick(s.t + 32_000);
    const an = a.snapshot();
    expect(an.calls[0]).toMatchObject({ state: 'hangup', hangup: { t: s.t + 32_000, by: 'local', cause: 'INVITE_TIMEOUT' } });
    expect(an.pending).toEqual([]);
    expect(an.findings.map((f) => f.rule)).toEqual(['rpc-timeout']);
  });
});

describe('SignalWire 4.x recorded: verto.invite withheld by the relay', () => {
  const events = JSON.parse(readFileSync(resolve('tests/fixtures/protocol/recorded/signalwire-v4-withheld-invite.events.json'), 'utf8')) as CaptureEvent[];
  it('lists the invite by its Verto name inside its webrtc.verto envelope until the SDK\'s 5 s time-out ends the call', () => {
    const a = feed(events);
    const invite = a.snapshot().messages.find((m) => m.inner?.method === 'verto.invite')!;
    a.tick(invite.t + 4_000);
    let an = a.snapshot();
    const p = an.pending.find((x) => x.method === 'verto.invite')!;
    expect(p).toMatchObject({ index: invite.index, wireMethod: 'webrtc.verto', timeoutMs: 5_000, overdueMs: 5_000 });
    expect(pendingAge(p, invite.t + 4_000).text).toBe('no reply for 4 s');
    expect(pendingAge(p, invite.t + 6_000).text).toBe('no reply in 5 s: the SDK gave up');
    expect(an.calls[0]!.awaiting).toMatchObject({ method: 'verto.invite', timeoutMs: 5_000 });
    a.tick(invite.t + 5_000);
    an = a.snapshot();
    // The SDK rejected the dial: the call ended on this side and nothing waits any more.
    expect(an.calls[0]).toMatchObject({ state: 'hangup', hangup: { by: 'local', cause: 'INVITE_TIMEOUT' } });
    expect(an.calls[0]!.awaiting).toBeUndefined();
    expect(an.pending).toEqual([]);
  });
});
