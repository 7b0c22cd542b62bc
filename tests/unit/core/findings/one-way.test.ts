/**
 * one-way-media judges only the directions the SDP answer lets media flow: a send-only publisher, a
 * receive-only viewer and each half of a loopback test stay quiet; a sendrecv connection whose one side
 * carries nothing still fires.
 */
import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import { buildBundle } from '../../../../core/bundle/build.js';
import { readBundleValue } from '../../../../core/bundle/import.js';
import { toWebrtcInternals } from '../../../../core/bundle/interop/webrtc-internals.js';
import { eventsFromBundle } from '../../../../core/bundle/to-events.js';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import { sdp, Seq } from '../../../fixtures/protocol/builder.js';
import { statsSeries } from '../../../fixtures/protocol/stats.js';

type PerSecond = Parameters<typeof statsSeries>[2];

function oneWay(events: CaptureEvent[]) {
  const a = createAnalyzer();
  for (const ev of events) a.push(ev);
  return a.snapshot().findings.filter((f) => f.rule === 'one-way-media');
}

/** 12 s of stats on pc-1 after the page applied the given descriptions. */
function call(setup: (s: Seq) => void, perSecond: PerSecond): CaptureEvent[] {
  const s = new Seq(0);
  s.pcCreate('pc-1', {});
  setup(s);
  for (const x of statsSeries(s.t, 12, perSecond)) {
    s.t = x.t;
    s.pcStats('pc-1', x.reports);
  }
  return s.events;
}

const nothingIn: PerSecond = () => ({ inBytes: 0, inPackets: 0 });
const nothingOut: PerSecond = () => ({ outBytes: 0, outPackets: 0 });

describe('one-way-media and the negotiated direction', () => {
  it('stays quiet on an offerer that only sends (the far end answered recvonly)', () => {
    const ev = call((s) => {
      s.pcCall('pc-1', 'setLocalDescription', [{ type: 'offer', sdp: sdp('a', { direction: 'sendonly' }) }]);
      s.pcCall('pc-1', 'setRemoteDescription', [{ type: 'answer', sdp: sdp('b', { direction: 'recvonly' }) }]);
    }, nothingIn);
    expect(oneWay(ev)).toEqual([]);
  });

  it('stays quiet on an answerer that only receives (its own answer says recvonly)', () => {
    const ev = call((s) => {
      s.pcCall('pc-1', 'setRemoteDescription', [{ type: 'offer', sdp: sdp('a', { direction: 'sendonly' }) }]);
      s.pcCall('pc-1', 'setLocalDescription', [{ type: 'answer', sdp: sdp('b', { direction: 'recvonly' }) }]);
    }, nothingOut);
    expect(oneWay(ev)).toEqual([]);
  });

  it('stays quiet when setLocalDescription() makes the answer itself: the offer bounds it', () => {
    const ev = call((s) => {
      s.pcCall('pc-1', 'setRemoteDescription', [{ type: 'offer', sdp: sdp('a', { direction: 'sendonly' }) }]);
      s.pcCall('pc-1', 'setLocalDescription', []);
    }, nothingOut);
    expect(oneWay(ev)).toEqual([]);
  });

  it('uses the answer createAnswer made when setLocalDescription() gets none', () => {
    const ev = call((s) => {
      s.pcCall('pc-1', 'setRemoteDescription', [{ type: 'offer', sdp: sdp('a') }]);
      s.push({ kind: 'pc.result', t: s.t, id: 'pc-1', method: 'createAnswer', ok: true, value: { type: 'answer', sdp: sdp('b', { direction: 'sendonly' }) }, durationMs: 1 });
      s.pcCall('pc-1', 'setLocalDescription', []);
    }, nothingIn);
    expect(oneWay(ev)).toEqual([]);
  });

  it('reads a session-level direction and leaves a rejected (port 0) section out', () => {
    const sessionRecvOnly = sdp('b', { direction: 'sendrecv' }).replace('a=sendrecv\r\n', '').replace('t=0 0\r\n', 't=0 0\r\na=recvonly\r\n');
    const ev = call((s) => {
      s.pcCall('pc-1', 'setLocalDescription', [{ type: 'offer', sdp: sdp('a') }]);
      s.pcCall('pc-1', 'setRemoteDescription', [{ type: 'answer', sdp: sessionRecvOnly }]);
    }, nothingIn);
    expect(oneWay(ev)).toEqual([]);
    const rejected = sdp('b').replace('m=audio 9 ', 'm=audio 0 ');
    const ev2 = call((s) => {
      s.pcCall('pc-1', 'setLocalDescription', [{ type: 'offer', sdp: sdp('a') }]);
      s.pcCall('pc-1', 'setRemoteDescription', [{ type: 'answer', sdp: rejected }]);
    }, nothingIn);
    expect(oneWay(ev2)).toEqual([]);
  });

  it('still fires on a sendrecv connection that receives nothing, and says what was negotiated', () => {
    const ev = call((s) => {
      s.pcCall('pc-1', 'setLocalDescription', [{ type: 'offer', sdp: sdp('a') }]);
      s.pcCall('pc-1', 'setRemoteDescription', [{ type: 'answer', sdp: sdp('b') }]);
    }, nothingIn);
    const f = oneWay(ev);
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('error');
    expect(f[0]!.message).toBe('One-way media on pc-1: sending but nothing received for 5 s');
    expect(f[0]!.advice).toContain('The SDP answer negotiated audio sendrecv');
  });

  it('still fires on a sendrecv answerer that sends nothing (its track never added)', () => {
    const ev = call((s) => {
      s.pcCall('pc-1', 'setRemoteDescription', [{ type: 'offer', sdp: sdp('a') }]);
      s.pcCall('pc-1', 'setLocalDescription', [{ type: 'answer', sdp: sdp('b') }]);
    }, nothingOut);
    expect(oneWay(ev).map((f) => f.message)).toEqual(['One-way media on pc-1: receiving but nothing sent for 5 s']);
  });

  it('stays quiet on a send-only publisher whose own sending stops too: nothing rises, nothing is one-way', () => {
    const ev = call((s) => {
      s.pcCall('pc-1', 'setLocalDescription', [{ type: 'offer', sdp: sdp('a', { direction: 'sendonly' }) }]);
      s.pcCall('pc-1', 'setRemoteDescription', [{ type: 'answer', sdp: sdp('b', { direction: 'recvonly' }) }]);
    }, (i) => (i > 3 ? { inBytes: 0, inPackets: 0, outBytes: 0, outPackets: 0 } : { inBytes: 0, inPackets: 0 }));
    expect(oneWay(ev)).toEqual([]);
  });

  it('follows a renegotiation: sendrecv after a recvonly answer is judged again', () => {
    const s = new Seq(0);
    s.pcCreate('pc-1', {});
    s.pcCall('pc-1', 'setLocalDescription', [{ type: 'offer', sdp: sdp('a', { direction: 'sendonly' }) }]);
    s.pcCall('pc-1', 'setRemoteDescription', [{ type: 'answer', sdp: sdp('b', { direction: 'recvonly' }) }]);
    const series = statsSeries(0, 20, () => ({ inBytes: 0, inPackets: 0 }));
    for (const [i, x] of series.entries()) {
      s.t = x.t;
      if (i === 8) {
        s.pcCall('pc-1', 'setLocalDescription', [{ type: 'offer', sdp: sdp('a') }]);
        s.pcCall('pc-1', 'setRemoteDescription', [{ type: 'answer', sdp: sdp('b') }]);
      }
      s.pcStats('pc-1', x.reports);
    }
    const f = oneWay(s.events);
    expect(f.map((x) => x.message)).toEqual(['One-way media on pc-1: sending but nothing received for 5 s']);
    // Counted from the interval of the first sample after the renegotiation (7–8 s), not from the call's start.
    expect(f[0]!.evidence[0]).toEqual({ kind: 'stats', pcId: 'pc-1', t: 7000 });
    expect(f[0]!.t).toBe(12_000);
  });
});

describe('one-way-media reads the direction the same in the viewer and on a webrtc-internals dump', () => {
  const capture = (answer: string) =>
    call((s) => {
      s.t = 1_790_000_000_000;
      s.pcCall('pc-1', 'setLocalDescription', [{ type: 'offer', sdp: sdp('a', { direction: 'sendrecv' }) }]);
      s.pcCall('pc-1', 'setRemoteDescription', [{ type: 'answer', sdp: sdp('b', { direction: answer }) }]);
    }, nothingIn);
  /** The capture as the viewer replays it (bundle) and as a dump import replays it. */
  function replays(events: CaptureEvent[]): CaptureEvent[][] {
    const bundle = buildBundle({ events, environment: { userAgent: 'Mozilla/5.0 Chrome/156', pageUrl: 'https://app.example.com/', platform: 'Linux' }, now: new Date(1_790_000_100_000) });
    const dump = readBundleValue(JSON.parse(JSON.stringify(toWebrtcInternals(bundle))), 'dump.json');
    if (!dump.ok) throw new Error('dump did not import');
    return [events, eventsFromBundle(bundle), eventsFromBundle(dump.bundle)];
  }

  it('quiet everywhere when the far end answered recvonly', () => {
    for (const events of replays(capture('recvonly'))) expect(oneWay(events)).toEqual([]);
  });

  it('fires everywhere when it answered sendrecv', () => {
    // A dump names its connections by Chrome's key ("1-1"), so only the rest of the message is fixed.
    for (const events of replays(capture('sendrecv'))) expect(oneWay(events).map((f) => f.message)).toEqual([expect.stringMatching(/^One-way media on \S+: sending but nothing received for 5 s$/)]);
  });
});
