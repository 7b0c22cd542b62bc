/**
 * The failure path: an invite nobody answers, a call that never rings, ICE that never connects, a call that ends
 * before media, no STUN/TURN at all. Each rule is shown firing on the failure and staying quiet on its healthy twin.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaptureEvent, Json } from '../../../../core/capture/events.js';
import { CALL_NO_PROGRESS_MS } from '../../../../core/findings/call-no-progress.js';
import { ICE_CONNECT_MS } from '../../../../core/findings/ice-stuck.js';
import { INVITE_REPLY_MS } from '../../../../core/findings/unanswered-invite.js';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import { Seq, sdp } from '../../../fixtures/protocol/builder.js';
import { telnyxRecordingEvents } from '../../../fixtures/protocol/telnyx-recorded.js';
import { SW_URL, swConnect } from '../../../fixtures/protocol/signalwire.js';
import { TX_URL, txLogin } from '../../../fixtures/protocol/telnyx.js';

const NEW_RULES = ['invite-unanswered', 'call-no-progress', 'call-ended-before-media', 'ice-not-connected', 'no-ice-servers'];

function run(events: readonly CaptureEvent[], tickAt?: number) {
  const a = createAnalyzer();
  for (const ev of events) a.push(ev);
  if (tickAt !== undefined) a.tick(tickAt);
  return a.snapshot();
}
const ofRule = (an: ReturnType<typeof run>, rule: string) => an.findings.filter((f) => f.rule === rule);

/** A Telnyx call from this page: pc-1 offers (linked to the call by its SDP), the invite goes out. */
function txInvite(s: Seq, opts: { ice?: Json; url?: string } = {}): number {
  s.create('ws-1', opts.url ?? TX_URL).open('ws-1');
  txLogin(s, 'ws-1');
  s.pcCreate('pc-1', { iceServers: opts.ice ?? [{ urls: 'stun:stun.example:3478' }] });
  s.push({ kind: 'pc.result', t: s.t, id: 'pc-1', method: 'createOffer', ok: true, value: { type: 'offer', sdp: sdp('txLoc') }, durationMs: 2 });
  s.pcCall('pc-1', 'setLocalDescription', [{ type: 'offer', sdp: sdp('txLoc') }]);
  s.wait(20);
  s.pcEvent('pc-1', 'icegatheringstatechange', { state: 'complete' });
  const id = s.uuid();
  s.send('ws-1', { jsonrpc: '2.0', id, method: 'telnyx_rtc.invite', params: { sessid: 'sess-1', sdp: sdp('txLoc'), dialogParams: { callID: 'call-1', destination_number: '1000' } } });
  return s.events.length - 1;
}
function txReply(s: Seq): void {
  const inv = s.events.map((e) => (e.kind === 'ws.frame' ? e.text ?? '' : '')).find((x) => x.includes('telnyx_rtc.invite'))!;
  s.recv('ws-1', { jsonrpc: '2.0', id: JSON.parse(inv).id, result: { callID: 'call-1', message: 'CALL CREATED', sessid: 'sess-1' } });
}
function txPush(s: Seq, method: string, params: Record<string, Json>): void {
  s.recv('ws-1', { jsonrpc: '2.0', id: s.uuid(), method, params: { callID: 'call-1', ...params } });
}
function txByeSent(s: Seq, cause = 'NORMAL_CLEARING', causeCode = 16): void {
  s.send('ws-1', { jsonrpc: '2.0', id: s.uuid(), method: 'telnyx_rtc.bye', params: { sessid: 'sess-1', dialogParams: { callID: 'call-1' }, cause, causeCode } });
}
function answerAndIce(s: Seq, state: 'connected' | 'checking'): void {
  txPush(s, 'telnyx_rtc.answer', { sdp: sdp('txRem') });
  s.pcCall('pc-1', 'setRemoteDescription', [{ type: 'answer', sdp: sdp('txRem') }]);
  s.pcEvent('pc-1', 'iceconnectionstatechange', { state: 'checking' });
  if (state === 'connected') {
    s.wait(30);
    s.pcEvent('pc-1', 'iceconnectionstatechange', { state: 'connected' });
    s.pcEvent('pc-1', 'connectionstatechange', { state: 'connected' });
  }
}

describe('invite-unanswered', () => {
  it('the recorded Telnyx invite the server never answered: an error 10 s after it, pointing at the invite frame', () => {
    const events = telnyxRecordingEvents('invite-unanswered.json');
    const an = run(events);
    const [f, ...more] = ofRule(an, 'invite-unanswered');
    expect(more).toEqual([]);
    const invite = an.messages.find((m) => m.method === 'telnyx_rtc.invite')!;
    expect(f).toMatchObject({
      severity: 'error',
      t: invite.t + INVITE_REPLY_MS,
      message: 'Invite `telnyx_rtc.invite` for the call to +15557654321 got no reply in 10 s: the call cannot ring',
      evidence: [{ kind: 'frame', socketId: 'ws-1', index: invite.index }],
    });
    // The SDK put no time-out on it, so the generic rule had nothing to say: that was the silence of issue 15.
    expect(ofRule(an, 'rpc-timeout')).toEqual([]);
  });

  it('fires on the panel clock alone (no later frame), once, and not for an invite answered at 9.9 s', () => {
    const s = new Seq();
    txInvite(s);
    const t0 = s.t;
    const a = createAnalyzer();
    for (const ev of s.events) a.push(ev);
    a.tick(t0 + INVITE_REPLY_MS - 1);
    expect(ofRule(a.snapshot(), 'invite-unanswered')).toEqual([]);
    a.tick(t0 + INVITE_REPLY_MS);
    a.tick(t0 + INVITE_REPLY_MS + 5_000);
    expect(ofRule(a.snapshot(), 'invite-unanswered')).toHaveLength(1);

    const ok = new Seq();
    txInvite(ok);
    ok.wait(9_900);
    txReply(ok);
    expect(ofRule(run(ok.events, ok.t + 60_000), 'invite-unanswered')).toEqual([]);
  });

  it('the SignalWire 4.x invite the relay withheld is the SDK\'s own 5 s time-out (rpc-timeout), not a second finding', () => {
    const events = JSON.parse(readFileSync(resolve('tests/fixtures/protocol/recorded/signalwire-v4-withheld-invite.events.json'), 'utf8')) as CaptureEvent[];
    const an = run(events, events[events.length - 1]!.t + 20_000);
    expect(ofRule(an, 'rpc-timeout').map((f) => f.message)).toEqual(['RPC `verto.invite` got no answer in 5 s']);
    expect(ofRule(an, 'invite-unanswered')).toEqual([]);
  });
});

describe('call-no-progress', () => {
  it('an invite accepted ("CALL CREATED") with no ringing and no answer for 15 s is a warning', () => {
    const s = new Seq();
    txInvite(s);
    const start = s.t;
    s.wait(40);
    txReply(s);
    const an = run(s.events, start + CALL_NO_PROGRESS_MS);
    expect(ofRule(an, 'call-no-progress')).toMatchObject([
      { severity: 'warning', t: start + CALL_NO_PROGRESS_MS, message: 'Call to 1000 was accepted but has not rung or been answered after 15 s' },
    ]);
    expect(an.calls[0]!.awaiting).toBeUndefined();
  });

  it('a call ringing for a minute is not stuck: ringing is a sign of life', () => {
    const s = new Seq();
    txInvite(s);
    s.wait(40);
    txReply(s);
    s.wait(200);
    txPush(s, 'telnyx_rtc.ringing', {});
    expect(ofRule(run(s.events, s.t + 60_000), 'call-no-progress')).toEqual([]);
  });
});

describe('call-ended-before-media', () => {
  it('hung up while its invite waited: an error that says the invite never got a reply', () => {
    const s = new Seq();
    txInvite(s);
    s.wait(12_000);
    txByeSent(s);
    const an = run(s.events);
    expect(ofRule(an, 'call-ended-before-media')).toMatchObject([
      {
        severity: 'error',
        message: 'Call to 1000 ended before any media flowed: it was never answered: its invite (`telnyx_rtc.invite`) got no reply in the 12 s before it was hung up here',
        evidence: [{ kind: 'frame', index: an.calls[0]!.inviteIndex }, { kind: 'frame' }, { kind: 'event', pcId: 'pc-1' }],
      },
    ]);
    expect(ofRule(an, 'invite-unanswered')).toHaveLength(1);
  });

  it('a SignalWire 4.x invite the SDK gave up on after 5 s: the call ended here, the message says the SDK gave up', () => {
    const s = new Seq();
    s.create('ws-1', SW_URL).open('ws-1');
    swConnect(s, 'ws-1', { major: 4 });
    s.pcCreate('pc-1', { iceServers: [{ urls: 'turn:turn.example:443' }] });
    s.pcCall('pc-1', 'setLocalDescription', [{ type: 'offer', sdp: sdp('swLoc') }]);
    s.send('ws-1', {
      jsonrpc: '2.0',
      id: s.uuid(),
      method: 'webrtc.verto',
      params: { callID: 'sw-1', node_id: '', message: { jsonrpc: '2.0', id: s.uuid(), method: 'verto.invite', params: { dialogParams: { callID: 'sw-1', destination_number: '/public/room' }, sdp: sdp('swLoc') } } },
    });
    const an = run(s.events, s.t + 5_000);
    expect(an.findings.map((f) => f.rule)).toEqual(['rpc-timeout', 'call-ended-before-media']);
    expect(ofRule(an, 'call-ended-before-media')[0]).toMatchObject({
      severity: 'error',
      t: s.t + 5_000,
      message: 'Call to /public/room ended before any media flowed: it was never answered: its invite (`verto.invite`) got no reply and the SDK gave up after 5 s',
    });
  });

  it('the other side busy: information, with the Q.850 cause in words', () => {
    const s = new Seq();
    txInvite(s);
    s.wait(40);
    txReply(s);
    s.wait(300);
    txPush(s, 'telnyx_rtc.ringing', {});
    s.wait(2_000);
    txPush(s, 'telnyx_rtc.bye', { cause: 'USER_BUSY', causeCode: 17 });
    expect(ofRule(run(s.events), 'call-ended-before-media')).toMatchObject([
      { severity: 'info', message: 'Call to 1000 ended before any media flowed: it was never answered: the other side ended it after 2.3 s: the other side was busy' },
    ]);
  });

  it('the caller gave up while it rang: information', () => {
    const s = new Seq();
    txInvite(s);
    s.wait(40);
    txReply(s);
    txPush(s, 'telnyx_rtc.ringing', {});
    s.wait(8_000);
    txByeSent(s, 'ORIGINATOR_CANCEL', 487);
    expect(ofRule(run(s.events), 'call-ended-before-media')).toMatchObject([
      // The cause this side sent (Telnyx sends USER_BUSY, others ORIGINATOR_CANCEL) is not repeated as a fact.
      { severity: 'info', message: 'Call to 1000 ended before any media flowed: it was never answered: hung up here after 8 s of ringing' },
    ]);
  });

  it('answered but ICE never connected: an error; the same call with ICE connected: nothing', () => {
    const build = (state: 'connected' | 'checking') => {
      const s = new Seq();
      txInvite(s);
      s.wait(40);
      txReply(s);
      s.wait(300);
      answerAndIce(s, state);
      s.wait(6_000);
      txByeSent(s);
      return s;
    };
    expect(ofRule(run(build('checking').events), 'call-ended-before-media')).toMatchObject([
      { severity: 'error', message: 'Call to 1000 ended before any media flowed: it was answered but ended after 6.3 s without media: its peer connection never connected' },
    ]);
    const healthy = run(build('connected').events);
    expect(healthy.findings.filter((f) => NEW_RULES.includes(f.rule))).toEqual([]);
  });
});

describe('ice-not-connected', () => {
  function stuck(extra: (s: Seq) => void = () => undefined) {
    const s = new Seq();
    txInvite(s);
    s.wait(40);
    txReply(s);
    answerAndIce(s, 'checking');
    const since = s.t;
    extra(s);
    return { s, since };
  }
  it('still checking 10 s after the remote description: an error naming the pc, its call and its state', () => {
    const { s, since } = stuck();
    const an = run(s.events, since + ICE_CONNECT_MS);
    expect(ofRule(an, 'ice-not-connected')).toMatchObject([
      {
        severity: 'error',
        t: since + ICE_CONNECT_MS,
        message: 'ICE has not connected on pc-1 (call to 1000) 10 s after the remote description: ICE is still checking, no media can flow',
        evidence: [{ kind: 'event', pcId: 'pc-1', t: since }],
      },
    ]);
    expect(ofRule(run(s.events, since + ICE_CONNECT_MS - 1), 'ice-not-connected')).toEqual([]);
  });
  it('connected after 9 s, failed (the ice-failed rule speaks) or closed: no finding', () => {
    for (const end of [
      (s: Seq) => s.wait(9_000).pcEvent('pc-1', 'connectionstatechange', { state: 'connected' }),
      (s: Seq) => s.wait(5_000).pcEvent('pc-1', 'iceconnectionstatechange', { state: 'failed' }),
      (s: Seq) => s.wait(5_000).pcCall('pc-1', 'close', []),
    ]) {
      const { s, since } = stuck(end);
      expect(ofRule(run(s.events, since + 60_000), 'ice-not-connected')).toEqual([]);
    }
  });
});

describe('no-ice-servers', () => {
  it('empty iceServers while signaling goes to a remote host: information, once', () => {
    const s = new Seq();
    txInvite(s, { ice: [] });
    s.pcCreate('pc-2', { iceServers: [] }).pcEvent('pc-2', 'icegatheringstatechange', { state: 'complete' });
    expect(ofRule(run(s.events), 'no-ice-servers')).toMatchObject([
      { severity: 'info', message: 'pc-1 was created with no STUN or TURN server: it can only offer this device\'s own addresses', evidence: [{ kind: 'event', pcId: 'pc-1' }] },
    ]);
  });
  it('not when signaling is on this machine (local development, our demos), when servers are set, or later set by setConfiguration', () => {
    for (const url of ['ws://127.0.0.1:40759/', 'ws://localhost:8080/', 'ws://[::1]:9000/']) {
      const s = new Seq();
      txInvite(s, { ice: [], url });
      expect(ofRule(run(s.events), 'no-ice-servers')).toEqual([]);
    }
    const withStun = new Seq();
    txInvite(withStun);
    expect(ofRule(run(withStun.events), 'no-ice-servers')).toEqual([]);

    const later = new Seq();
    later.create('ws-1', TX_URL).open('ws-1');
    later.pcCreate('pc-1', { iceServers: [] });
    later.pcCall('pc-1', 'setConfiguration', [{ iceServers: [{ urls: 'turn:turn.example:443?transport=tcp' }] }]);
    later.pcEvent('pc-1', 'icegatheringstatechange', { state: 'complete' });
    expect(ofRule(run(later.events), 'no-ice-servers')).toEqual([]);
  });
});

describe('no false alarm on the recorded healthy calls', () => {
  const dir = resolve('tests/fixtures/protocol/recorded');
  // Every recording but the two made to fail (auth refused, invite withheld) is a call that worked.
  const healthy = readdirSync(dir).filter((f) => f.endsWith('.events.json') && !/auth-refused|withheld/.test(f));
  it('covers the recordings with calls from all three SDK families', () => {
    expect(healthy.length).toBeGreaterThanOrEqual(7);
  });
  for (const name of healthy) {
    it(`${name}: none of the failure-path rules fire, even judged a minute after the end`, () => {
      const events = JSON.parse(readFileSync(resolve(dir, name), 'utf8')) as CaptureEvent[];
      const an = run(events, events[events.length - 1]!.t + 60_000);
      expect(an.calls.length).toBeGreaterThan(0);
      expect(an.findings.filter((f) => NEW_RULES.includes(f.rule))).toEqual([]);
    });
  }
});
