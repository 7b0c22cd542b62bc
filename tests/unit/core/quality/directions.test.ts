import { describe, expect, it } from 'vitest';
import type { Json } from '../../../../core/capture/events.js';
import { flattenSample } from '../../../../core/quality/flatten.js';
import { createQualityTracker } from '../../../../core/quality/stats.js';
import { statsReports, statsSeries } from '../../../fixtures/protocol/stats.js';

type Reports = Record<string, Record<string, Json>>;

/** The sending half of a loopback call: outbound audio, the far end's RTCP reports, a microphone, nothing inbound. */
function sendOnly(t: number, i: number, level: number): Reports {
  return {
    T01: { type: 'transport', selectedCandidatePairId: 'CP1' },
    CP1: { type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: 0.001, localCandidateId: 'L', remoteCandidateId: 'R' },
    OA: { type: 'outbound-rtp', kind: 'audio', timestamp: t, bytesSent: i * 4000, packetsSent: i * 50 },
    RIA: { type: 'remote-inbound-rtp', kind: 'audio', timestamp: t, roundTripTime: 0.001, fractionLost: 0.04, jitter: 0.003 },
    MS: { type: 'media-source', kind: 'audio', audioLevel: level },
  };
}

describe('quality per direction', () => {
  it('gives a send-only connection no MOS: there is no received voice to rate', () => {
    const tr = createQualityTracker('pc-a');
    for (let i = 0; i < 4; i++) tr.push({ kind: 'pc.stats', t: i * 1000, id: 'pc-a', reports: sendOnly(i * 1000, i, 0.25) });
    const s = tr.series.latest!;
    expect(s.audio.outKbps).toBeCloseTo(32);
    expect(s.mos).toBeUndefined();
    expect(s.band).toBeUndefined();
    const p = flattenSample(s);
    expect(p.mos).toBeUndefined();
    expect(p).toMatchObject({ audioOut: true, lossOutPct: 4, jitterOutMs: 3, micLevel: 0.25 });
    expect(p.audioIn).toBeUndefined();
    expect(p.lossInPct).toBeUndefined();
    expect(p.videoIn).toBeUndefined();
    expect(p.videoOut).toBeUndefined();
  });

  it('keeps loss in and loss out apart, and MOS follows the inbound loss only', () => {
    const tr = createQualityTracker('pc-1');
    // 2 % lost inbound, the far end reports 10 % of ours lost.
    const series = statsSeries(0, 3, () => ({ inPackets: 49, lost: 1, fractionLost: 0.1, rttS: 0.05, jitterS: 0.004 }));
    for (const x of series) tr.push({ kind: 'pc.stats', t: x.t, id: 'pc-1', reports: x.reports });
    const p = flattenSample(tr.series.latest!);
    expect(p.lossInPct).toBeCloseTo(2);
    expect(p.lossOutPct).toBeCloseTo(10);
    expect(p.lossPct).toBeCloseTo(10); // the summary field stays the worst of both
    const clean = createQualityTracker('pc-2');
    const cleanSeries = statsSeries(0, 3, () => ({ inPackets: 49, lost: 1, fractionLost: 0, rttS: 0.05, jitterS: 0.004 }));
    for (const x of cleanSeries) clean.push({ kind: 'pc.stats', t: x.t, id: 'pc-2', reports: x.reports });
    // What the far end hears does not change what this side hears.
    expect(p.mos).toBe(clean.series.latest!.mos);
    expect(p.mos).toBeGreaterThanOrEqual(1);
    expect(p.mos).toBeLessThanOrEqual(5);
  });

  it('reports fps in and fps out apart, and no video flags for an audio-only call', () => {
    const tr = createQualityTracker('pc-v');
    const base = { audioInBytes: 0, audioInPackets: 0, audioInLost: 0, audioOutBytes: 0, audioOutPackets: 0, jitterS: 0, rttS: 0.02, fractionLost: 0 };
    for (let i = 0; i < 3; i++) {
      const r = statsReports({ ...base, t: i * 1000, audioInBytes: i * 4000, audioInPackets: i * 50, audioOutBytes: i * 4000, audioOutPackets: i * 50, videoInBytes: i * 100_000, fps: 24 });
      r.OV = { type: 'outbound-rtp', kind: 'video', timestamp: i * 1000, bytesSent: i * 50_000, packetsSent: i * 50, framesPerSecond: 15, frameWidth: 320, frameHeight: 180 };
      tr.push({ kind: 'pc.stats', t: i * 1000, id: 'pc-v', reports: r });
    }
    const v = flattenSample(tr.series.latest!);
    expect(v).toMatchObject({ fpsIn: 24, fpsOut: 15, widthIn: 640, heightIn: 480, widthOut: 320, heightOut: 180, videoIn: true, videoOut: true });
    expect(v.micLevel).toBeUndefined();
    const audioOnly = createQualityTracker('pc-audio');
    for (const x of statsSeries(0, 2, () => ({}))) audioOnly.push({ kind: 'pc.stats', t: x.t, id: 'pc-audio', reports: x.reports });
    const a = flattenSample(audioOnly.series.latest!);
    expect(a).toMatchObject({ audioIn: true, audioOut: true });
    expect(a.videoIn ?? a.videoOut ?? a.fpsIn ?? a.fpsOut).toBeUndefined();
  });
});
