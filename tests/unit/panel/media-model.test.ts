import { describe, expect, it } from 'vitest';
import type { FindingInfo, QualityPoint } from '../../../extension/panel/data/analysis-types.js';
import { findingMarks, firstAtOrAfter, METRICS, seriesFor } from '../../../extension/panel/views/media-model.js';
import { iceFromStats } from '../../../extension/panel/views/ice-model.js';
import { SeriesMirror } from '../../../extension/panel/data/analysis.js';
import type { QualitySample, QualitySeries } from '../../../core/quality/types.js';

const points: QualityPoint[] = Array.from({ length: 10 }, (_, i) => ({ t: 1000 + i * 1000, audioInKbps: i, videoInKbps: i % 2 ? undefined : 100 }));
const bitrate = METRICS.find((m) => m.title === 'Bitrate')!;

describe('chart series', () => {
  it('keeps only the chosen window, in seconds since the capture start, skipping missing values', () => {
    const all = seriesFor(bitrate, points, 0, Infinity);
    expect(all.map((s) => s.label)).toEqual(['audio in', 'video in']);
    expect(all[0]!.points).toHaveLength(10);
    expect(all[1]!.points).toHaveLength(5);
    const last3s = seriesFor(bitrate, points, 0, 3000);
    expect(last3s[0]!.points.map((p) => p.x)).toEqual([7, 8, 9, 10]);
  });

  it('binary-searches the window start', () => {
    expect(firstAtOrAfter(points, 0)).toBe(0);
    expect(firstAtOrAfter(points, 5500)).toBe(5);
    expect(firstAtOrAfter(points, 99999)).toBe(10);
  });

  it('marks findings of this peer connection and page-wide ones', () => {
    const f = (t: number, evidence: FindingInfo['evidence']): FindingInfo => ({ rule: 'r', severity: 'warning', t, message: '', advice: '', evidence });
    const marks = findingMarks([f(2000, [{ kind: 'stats', pcId: 'pc1' }]), f(3000, [{ kind: 'stats', pcId: 'pc2' }]), f(4000, []), f(5000, [{ kind: 'frame', index: 1 }])], 'pc1', 1000);
    expect(marks).toEqual([1, 3]);
  });
});

describe('quality mirror', () => {
  const sample = (t: number): QualitySample => ({
    t,
    intervalS: 1,
    audio: { inKbps: 30, outKbps: 31, packetsInPerSec: 50, packetsOutPerSec: 48 },
    video: { inKbps: 500, outKbps: 510, packetsInPerSec: 90, packetsOutPerSec: 88, fpsIn: 30, widthIn: 640, heightIn: 480 },
    lossPct: 0.5,
    jitterMs: 4,
    rttMs: 20,
    audioLevel: 0.2,
    bytesIn: 0,
    bytesOut: 0,
    mos: 4.3,
    band: 'great',
  });

  it('maps analyzer samples to chart points', () => {
    const [point] = new SeriesMirror().sync({ pcId: 'p', samples: [sample(5)], dropped: 0 });
    expect(point).toEqual({
      t: 5,
      audioInKbps: 30,
      audioOutKbps: 31,
      videoInKbps: 500,
      videoOutKbps: 510,
      packetsInPerSec: 140,
      packetsOutPerSec: 136,
      lossPct: 0.5,
      jitterMs: 4,
      rttMs: 20,
      fps: 30,
      width: 640,
      height: 480,
      audioLevel: 0.2,
      mos: 4.3,
      band: 'great',
    });
  });

  it('appends new samples and follows samples dropped from the front', () => {
    const series: QualitySeries = { pcId: 'p', samples: [sample(1), sample(2)], dropped: 0 };
    const m = new SeriesMirror();
    const first = m.sync(series);
    expect(first.map((p) => p.t)).toEqual([1, 2]);
    series.samples.push(sample(3));
    expect(m.sync(series)).toBe(first);
    expect(first.map((p) => p.t)).toEqual([1, 2, 3]);
    series.samples.splice(0, 2);
    series.dropped = 2;
    series.samples.push(sample(4));
    expect(m.sync(series).map((p) => p.t)).toEqual([3, 4]);
  });
});

describe('ICE from stats', () => {
  it('finds the selected pair through the transport report, or the nominated pair (Firefox)', () => {
    const reports = {
      tr: { type: 'transport', selectedCandidatePairId: 'cp2' },
      cp1: { type: 'candidate-pair', state: 'failed', localCandidateId: 'l1', remoteCandidateId: 'r1' },
      cp2: { type: 'candidate-pair', state: 'succeeded', localCandidateId: 'l2', remoteCandidateId: 'r1', currentRoundTripTime: 0.05 },
      l1: { type: 'local-candidate', candidateType: 'host', protocol: 'udp', address: '10.0.0.1', port: 1 },
      l2: { type: 'local-candidate', candidateType: 'relay', protocol: 'udp', address: '1.2.3.4', port: 3478, url: 'turn:x' },
      r1: { type: 'remote-candidate', candidateType: 'srflx', protocol: 'udp', ip: '5.6.7.8', port: 9 },
    };
    const { candidates, pair } = iceFromStats({ kind: 'pc.stats', t: 0, id: 'p', reports });
    expect(pair).toEqual({ local: 'relay udp 1.2.3.4:3478', remote: 'srflx udp 5.6.7.8:9', state: 'succeeded', rttMs: 50 });
    expect(candidates.filter((c) => c.selected).map((c) => c.id).sort()).toEqual(['l2', 'r1']);
    const { tr, ...firefox } = reports;
    void tr;
    const ff = iceFromStats({ kind: 'pc.stats', t: 0, id: 'p', reports: { ...firefox, cp2: { ...reports.cp2, nominated: true } } });
    expect(ff.pair?.local).toBe('relay udp 1.2.3.4:3478');
    expect(iceFromStats(undefined)).toEqual({ candidates: [] });
  });
});
