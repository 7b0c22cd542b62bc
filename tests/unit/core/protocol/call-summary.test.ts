/** The per-call summary the Overview card and the bundle show: outcome in words, who hung up, unambiguous times, quality in and out. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaptureEvent, Json } from '../../../../core/capture/events.js';
import { buildCaptureModel } from '../../../../core/capture/model.js';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import { summarizeCall } from '../../../../core/protocol/call-summary.js';
import { Seq, sdp } from '../../../fixtures/protocol/builder.js';
import { statsSeries } from '../../../fixtures/protocol/stats.js';
import { telnyxRecordingEvents } from '../../../fixtures/protocol/telnyx-recorded.js';
import { TX_URL, txLogin } from '../../../fixtures/protocol/telnyx.js';

function summaries(events: CaptureEvent[], tickAt?: number) {
  const a = createAnalyzer();
  for (const ev of events) a.push(ev);
  if (tickAt !== undefined) a.tick(tickAt);
  const an = a.snapshot();
  const model = buildCaptureModel(events);
  return an.calls.map((c) => summarizeCall(c, an, model));
}

/** A Telnyx call: invite, CALL CREATED after 20 ms, ringing at +150, answer at +1200, pc-1 connected at +1230, 5 s of stats. */
function answeredCall(opts: { lossIn?: number; remoteBye?: { cause: string; causeCode: number } } = {}): Seq {
  const s = new Seq();
  s.create('ws-1', TX_URL).open('ws-1');
  txLogin(s, 'ws-1');
  s.pcCreate('pc-1', { iceServers: [] });
  s.pcCall('pc-1', 'setLocalDescription', [{ type: 'offer', sdp: sdp('sumLoc') }]);
  const inv = s.uuid();
  s.send('ws-1', { jsonrpc: '2.0', id: inv, method: 'telnyx_rtc.invite', params: { sessid: 'sess-1', sdp: sdp('sumLoc'), dialogParams: { callID: 'call-1', destination_number: '1000' } } });
  s.wait(20);
  s.recv('ws-1', { jsonrpc: '2.0', id: inv, result: { callID: 'call-1', message: 'CALL CREATED' } });
  s.wait(130);
  s.recv('ws-1', { jsonrpc: '2.0', id: s.uuid(), method: 'telnyx_rtc.ringing', params: { callID: 'call-1' } });
  s.wait(1050);
  s.recv('ws-1', { jsonrpc: '2.0', id: s.uuid(), method: 'telnyx_rtc.answer', params: { callID: 'call-1', sdp: sdp('sumRem') } });
  s.pcCall('pc-1', 'setRemoteDescription', [{ type: 'answer', sdp: sdp('sumRem') }]);
  s.wait(30);
  s.pcEvent('pc-1', 'connectionstatechange', { state: 'connected' });
  for (const st of statsSeries(s.t, 5, (i) => ({ lost: i === 3 ? (opts.lossIn ?? 0) : 0, jitterS: 0.002 * i, rttS: 0.02 + 0.01 * i, fractionLost: i === 4 ? 0.1 : 0 }))) {
    s.t = st.t;
    s.pcStats('pc-1', st.reports);
  }
  s.wait(500);
  if (opts.remoteBye) s.recv('ws-1', { jsonrpc: '2.0', id: s.uuid(), method: 'telnyx_rtc.bye', params: { callID: 'call-1', ...opts.remoteBye } as Json });
  else s.send('ws-1', { jsonrpc: '2.0', id: s.uuid(), method: 'telnyx_rtc.bye', params: { sessid: 'sess-1', dialogParams: { callID: 'call-1' }, cause: 'NORMAL_CLEARING', causeCode: 16 } });
  return s;
}

describe('summarizeCall', () => {
  it('an answered call: ring, answer and media times under their own names, length from answer to hang-up, who hung up', () => {
    const s = answeredCall();
    const [sum] = summaries(s.events);
    const start = s.events.find((e) => e.kind === 'ws.frame' && e.text?.includes('telnyx_rtc.invite'))!.t;
    expect(sum).toMatchObject({
      callId: 'call-1',
      outcome: 'answered',
      outcomeText: 'answered, hung up here',
      hungUpBy: 'local',
      startT: start,
      timeToRingMs: 150,
      timeToAnswerMs: 1200,
      answeredAt: start + 1200,
      endedAt: s.t,
      lengthMs: s.t - (start + 1200),
      cause: { name: 'NORMAL_CLEARING', code: 16, kind: 'normal', words: 'normal hang-up' },
      pcIds: ['pc-1'],
    });
    // First media: the first stats sample with received bytes (1 s after the sampler's first, empty sample).
    expect(sum!.timeToMediaMs).toBe(1200 + 30 + 1000);
    expect(sum!.awaiting).toBeUndefined();
  });

  it('quality min/avg/max per direction, only for what has data; rtt and jitter move, loss out seen by the far end', () => {
    const [sum] = summaries(answeredCall({ lossIn: 5 }).events);
    const q = Object.fromEntries(sum!.quality.map((f) => [f.key, f]));
    expect(Object.keys(q)).toEqual(['mos-in', 'loss-in', 'loss-out', 'jitter-in', 'jitter-out', 'rtt', 'bitrate-in', 'bitrate-out']);
    expect(q['rtt']).toMatchObject({ direction: 'both', unit: 'ms', min: 30, max: 70, samples: 5 });
    expect(q['rtt']!.avg).toBeCloseTo(50, 5);
    expect(q['jitter-in']).toMatchObject({ direction: 'in', min: 2, max: 10 });
    expect(q['loss-in']!.max).toBeGreaterThan(5);
    expect(q['loss-in']!.min).toBe(0);
    expect(q['loss-out']).toMatchObject({ direction: 'out', max: 10, min: 0 });
    expect(q['bitrate-in']!.avg).toBeCloseTo(32, 0);
    expect(q['mos-in']!.min).toBeLessThan(q['mos-in']!.max);
  });

  it('a remote hang-up with USER_BUSY before the answer: busy, in words, by the other side', () => {
    const s = new Seq();
    s.create('ws-1', TX_URL).open('ws-1');
    txLogin(s, 'ws-1');
    const inv = s.uuid();
    s.send('ws-1', { jsonrpc: '2.0', id: inv, method: 'telnyx_rtc.invite', params: { sessid: 'sess-1', sdp: sdp('b'), dialogParams: { callID: 'call-2', destination_number: '1000' } } });
    s.wait(20).recv('ws-1', { jsonrpc: '2.0', id: inv, result: { callID: 'call-2', message: 'CALL CREATED' } });
    s.wait(400).recv('ws-1', { jsonrpc: '2.0', id: s.uuid(), method: 'telnyx_rtc.bye', params: { callID: 'call-2', cause: 'USER_BUSY', causeCode: 17 } });
    const [sum] = summaries(s.events);
    expect(sum).toMatchObject({ outcome: 'busy', outcomeText: 'busy: the other side was busy', hungUpBy: 'remote', cause: { name: 'USER_BUSY', code: 17, kind: 'busy' } });
    expect(sum!.lengthMs).toBeUndefined();
    expect(sum!.timeToAnswerMs).toBeUndefined();
    expect(sum!.timeToRingMs).toBeUndefined();
    expect(sum!.quality).toEqual([]);
  });

  it('the recorded Telnyx invite nobody answered: in progress with its invite pending, then never answered, hung up here', () => {
    const events = telnyxRecordingEvents('invite-unanswered.json');
    const invite = events.find((e) => e.kind === 'ws.frame' && e.text?.includes('"telnyx_rtc.invite"'))!;
    const [live] = summaries(events.filter((e) => e.t <= invite.t + 5000));
    expect(live).toMatchObject({ outcome: 'in-progress', outcomeText: 'in progress (requesting, its invite has no reply yet)', awaiting: { method: 'telnyx_rtc.invite' } });
    const [ended] = summaries(events);
    expect(ended).toMatchObject({ outcome: 'never-answered', outcomeText: 'never answered: hung up here', hungUpBy: 'local' });
    expect(ended!.lengthMs).toBeUndefined();
  });

  it('the SignalWire invite the SDK gave up on: failed, with the reason in words', () => {
    const events = JSON.parse(readFileSync(resolve('tests/fixtures/protocol/recorded/signalwire-v4-withheld-invite.events.json'), 'utf8')) as CaptureEvent[];
    const [sum] = summaries(events, events[events.length - 1]!.t + 6000);
    expect(sum).toMatchObject({ outcome: 'failed', outcomeText: 'failed: the SDK gave up waiting for a reply to the invite', hungUpBy: 'local' });
  });

  it('a call whose page went away (reload) without a bye: ended when the page went away, length up to then', () => {
    const s = answeredCall();
    const events = s.events.slice(0, -1); // no bye
    const unload = s.t + 2000;
    events.push({ kind: 'page.hide', t: unload } as unknown as CaptureEvent);
    const a = createAnalyzer();
    for (const ev of events) a.push(ev);
    const an = a.snapshot();
    const model = buildCaptureModel(events);
    const sum = summarizeCall(an.calls[0]!, an, {
      ...model,
      sockets: new Map([['ws-1', { closedAt: unload, closedBy: 'unloaded' }]]),
    });
    expect(sum).toMatchObject({ outcome: 'answered', outcomeText: 'answered, ended when the page went away', hungUpBy: 'page-unloaded', endedAt: unload });
    expect(sum.lengthMs).toBe(unload - sum.answeredAt!);
  });

  it('every recorded call has a summary whose times are ordered ring ≤ answer ≤ media and a length only when answered', () => {
    for (const name of ['telnyx-ext-refused.events.json', 'signalwire-v4-ext-call.events.json', 'telnyx-drop-attach.events.json', 'signalwire-v3-drop.events.json']) {
      const events = JSON.parse(readFileSync(resolve('tests/fixtures/protocol/recorded', name), 'utf8')) as CaptureEvent[];
      for (const sum of summaries(events)) {
        expect(sum.outcome, name).toBe('answered');
        expect(sum.lengthMs, name).toBeGreaterThan(0);
        if (sum.timeToRingMs !== undefined) expect(sum.timeToRingMs).toBeLessThanOrEqual(sum.timeToAnswerMs!);
        if (sum.timeToMediaMs !== undefined) expect(sum.timeToMediaMs).toBeGreaterThanOrEqual(sum.timeToAnswerMs! - 50);
      }
    }
  });
});
