import { describe, expect, it } from 'vitest';
import { mos, mosBand, rFactor } from '../../../../core/quality/mos.js';
import { createQualityTracker } from '../../../../core/quality/stats.js';
import { statsReports, statsSeries } from '../../../fixtures/protocol/stats.js';

describe('MOS (E-model)', () => {
  it('gives the best score on a perfect network and lowers it with latency, jitter and loss', () => {
    expect(mos(0, 0, 0)).toBeCloseTo(4.40, 2);
    expect(rFactor(0, 0, 0)).toBeCloseTo(92.95, 2);
    // Twilio's warning thresholds all at once: rtt 400, jitter 30, loss 1 -> effective latency 470 ms.
    expect(rFactor(400, 30, 1)).toBeCloseTo(55.7, 1);
    expect(mos(400, 30, 1)).toBeCloseTo(2.88, 2);
    expect(mos(50, 5, 0)).toBeGreaterThan(mos(150, 5, 0));
    expect(mos(50, 5, 0)).toBeGreaterThan(mos(50, 20, 0));
    expect(mos(50, 5, 0)).toBeGreaterThan(mos(50, 5, 3));
    expect(mos(5000, 1000, 100)).toBe(1);
  });

  it('bands every MOS value, with no gaps between bands', () => {
    expect(mosBand(4.4)).toBe('excellent');
    expect(mosBand(4.2)).toBe('great');
    expect(mosBand(4.1)).toBe('great');
    expect(mosBand(4.05)).toBe('good'); // in Twilio's gap between 4.0 and 4.1
    expect(mosBand(3.7)).toBe('good');
    expect(mosBand(3.65)).toBe('fair'); // in Twilio's gap between 3.6 and 3.7
    expect(mosBand(3.1)).toBe('fair');
    expect(mosBand(3.09)).toBe('degraded');
    const order = ['degraded', 'fair', 'good', 'great', 'excellent'];
    let last = 0;
    for (let v = 1; v <= 4.5; v += 0.001) {
      const rank = order.indexOf(mosBand(v));
      expect(rank).toBeGreaterThanOrEqual(last);
      last = rank;
    }
  });
});

describe('quality tracker', () => {
  it('turns counters into per-second rates, loss, jitter, RTT and MOS', () => {
    const tr = createQualityTracker('pc-1');
    const series = statsSeries(10_000, 2, () => ({ inBytes: 4000, inPackets: 49, lost: 1, outBytes: 5000, outPackets: 50, jitterS: 0.012, rttS: 0.08, fractionLost: 0.005, videoIn: 125_000, videoOut: 62_500 }));
    expect(tr.push({ kind: 'pc.stats', t: series[0]!.t, id: 'pc-1', reports: series[0]!.reports })).toBeUndefined();
    const first = tr.push({ kind: 'pc.stats', t: series[1]!.t, id: 'pc-1', reports: series[1]!.reports })!;
    // Video reports appear one sample later than audio: their first sample is only a baseline.
    expect(first.video.inKbps).toBe(0);
    const s = tr.push({ kind: 'pc.stats', t: series[2]!.t, id: 'pc-1', reports: series[2]!.reports })!;
    expect(s.intervalS).toBe(1);
    expect(s.audio.inKbps).toBeCloseTo(32);
    expect(s.audio.outKbps).toBeCloseTo(40);
    expect(s.audio.packetsInPerSec).toBeCloseTo(49);
    expect(s.audio.lossInPct).toBeCloseTo(2);
    expect(s.audio.lossOutPct).toBeCloseTo(0.5);
    expect(s.lossPct).toBeCloseTo(2);
    expect(s.jitterMs).toBeCloseTo(12);
    expect(s.rttMs).toBeCloseTo(80);
    expect(s.video.inKbps).toBeCloseTo(1000);
    expect(s.video.outKbps).toBeCloseTo(500);
    expect(s.video).toMatchObject({ fpsIn: 30, widthIn: 640, heightIn: 480 });
    expect(s.localCandidateType).toBe('host');
    expect(s.mos).toBeCloseTo(mos(80, 12, 2), 2);
    expect(s.band).toBe(mosBand(s.mos!));
    expect(tr.series.samples).toHaveLength(2);
    expect(tr.series.latest).toBe(s);
  });

  it('does not report a spike when counters restart (sender replaced)', () => {
    const tr = createQualityTracker('pc-1');
    const base = { audioOutBytes: 0, audioOutPackets: 0, jitterS: 0, rttS: 0.02, fractionLost: 0, audioInLost: 0 };
    tr.push({ kind: 'pc.stats', t: 1000, id: 'pc-1', reports: statsReports({ ...base, t: 1000, audioInBytes: 900_000, audioInPackets: 9000 }) });
    const s = tr.push({ kind: 'pc.stats', t: 2000, id: 'pc-1', reports: statsReports({ ...base, t: 2000, audioInBytes: 1000, audioInPackets: 10 }) })!;
    expect(s.audio.inKbps).toBe(0);
    const s2 = tr.push({ kind: 'pc.stats', t: 3000, id: 'pc-1', reports: statsReports({ ...base, t: 3000, audioInBytes: 5000, audioInPackets: 60 }) })!;
    expect(s2.audio.inKbps).toBeCloseTo(32);
  });

  it('keeps memory bounded on very long calls and counts what it dropped', () => {
    const tr = createQualityTracker('pc-1');
    const base = { audioOutBytes: 0, audioOutPackets: 0, jitterS: 0, rttS: 0.02, fractionLost: 0, audioInLost: 0 };
    for (let i = 0; i < 8000; i++) tr.push({ kind: 'pc.stats', t: i * 1000, id: 'pc-1', reports: statsReports({ ...base, t: i * 1000, audioInBytes: i * 4000, audioInPackets: i * 50 }) });
    expect(tr.series.samples.length).toBeLessThanOrEqual(7200);
    expect(tr.series.samples.length + tr.series.dropped).toBe(7999);
    expect(tr.series.latest!.t).toBe(7999 * 1000);
  });
});

describe('flattened quality points', () => {
  it('gives charts one flat row per sample', async () => {
    const { flattenSample } = await import('../../../../core/quality/flatten.js');
    const tr = createQualityTracker('pc-1');
    const series = statsSeries(0, 3, () => ({ inBytes: 4000, outBytes: 4000, videoIn: 125_000, rttS: 0.1, jitterS: 0.01 }));
    for (const x of series) tr.push({ kind: 'pc.stats', t: x.t, id: 'pc-1', reports: x.reports });
    const p = flattenSample(tr.series.latest!);
    expect(p).toMatchObject({ t: 3000, audioInKbps: 32, audioOutKbps: 32, videoInKbps: 1000, rttMs: 100, jitterMs: 10, fps: 30, width: 640, height: 480, lossPct: 0 });
    expect(p.mos).toBe(tr.series.latest!.mos);
    expect(p.band).toBe(tr.series.latest!.band);
  });
});
