import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../../core/protocol/types.js';
import type { ChartPoint } from '../../../../ui/data/analysis-types.js';
import { absenceNotes, chartMarks, findingMarks, firstAtOrAfter, METRICS, pcPickerLabel, seriesFor, xRange, yAxis } from '../../../../ui/views/media-model.js';
import { candidatePairs, hostPort, iceFromStats } from '../../../../ui/views/ice-model.js';
import { SeriesMirror } from '../../../../ui/data/analysis.js';
import type { QualitySample, QualitySeries } from '../../../../core/quality/types.js';

const points: ChartPoint[] = Array.from({ length: 10 }, (_, i) => ({ t: 1000 + i * 1000, audioInKbps: i, audioIn: true, videoInKbps: i % 2 ? undefined : 100, videoIn: true }));
const bitrate = METRICS.find((m) => m.title === 'Bitrate')!;
const metric = (id: string) => METRICS.find((m) => m.id === id)!;

/** An audio-only call's points as core/quality/flatten.ts makes them: video counters at 0, no video streams. */
const audioOnly: ChartPoint[] = Array.from({ length: 5 }, (_, i) => ({
  t: 1000 + i * 1000,
  audioIn: true,
  audioOut: true,
  audioInKbps: 32,
  audioOutKbps: 32,
  videoInKbps: 0,
  videoOutKbps: 0,
  lossPct: 3,
  lossInPct: 0,
  lossOutPct: 3,
  micLevel: 0.3,
  audioLevel: 0.1,
  mos: 4.4,
}));

describe('chart series', () => {
  it('keeps only the chosen window, in seconds since the capture start, skipping missing values', () => {
    const all = seriesFor(bitrate, points, 0, Infinity);
    expect(all.map((s) => s.label)).toEqual(['audio in', 'video in']);
    expect(all[0]!.points).toHaveLength(10);
    expect(all[1]!.points).toHaveLength(5);
    const last3s = seriesFor(bitrate, points, 0, 3000);
    expect(last3s[0]!.points.map((p) => p.x)).toEqual([7, 8, 9, 10]);
  });

  it('draws no video line or chart for an audio-only call, and says so once', () => {
    expect(seriesFor(bitrate, audioOnly, 0, Infinity).map((s) => s.label)).toEqual(['audio in', 'audio out']);
    expect(seriesFor(metric('fps'), audioOnly, 0, Infinity)).toEqual([]);
    expect(absenceNotes(audioOnly)).toEqual(['No video in this connection: no frame rate or frame height charts.']);
    const noMic = audioOnly.map(({ micLevel: _m, ...p }) => p);
    expect(absenceNotes(noMic)).toContain('No microphone level: the browser reports no audioLevel for the sent audio (Firefox has none on media-source).');
  });

  it('keeps loss in and loss out as two lines, dashed out, and charts the microphone', () => {
    const loss = seriesFor(metric('loss'), audioOnly, 0, Infinity);
    expect(loss.map((s) => [s.label, s.dir])).toEqual([['loss in', 'in'], ['loss out (far end)', 'out']]);
    expect(loss[1]!.points[0]!.y).toBe(3);
    expect(seriesFor(metric('level'), audioOnly, 0, Infinity).map((s) => s.label)).toEqual(['mic (sent)', 'far end (received)']);
  });

  it('draws no MOS without received audio (a send-only connection)', () => {
    const sendOnly = audioOnly.map(({ audioIn: _a, audioLevel: _l, lossInPct: _i, ...p }) => ({ ...p, mos: 4.4 }));
    expect(seriesFor(metric('mos'), sendOnly, 0, Infinity)).toEqual([]);
    expect(absenceNotes(sendOnly)).toContain('No received audio in this connection: no MOS (it rates the voice this side hears).');
  });

  it('bounds axes by what their scale allows', () => {
    expect(yAxis(metric('mos'), [])).toEqual({ min: 1, max: 5 });
    expect(yAxis(metric('level'), [])).toEqual({ min: 0, max: 1 });
    expect(yAxis(metric('loss'), [{ label: 'x', role: 'in', dir: 'in', points: [{ x: 0, y: 0 }] }])).toEqual({ min: 0, suggestedMax: 1 });
    expect(yAxis(metric('loss'), [{ label: 'x', role: 'in', dir: 'in', points: [{ x: 0, y: 140 }] }])).toEqual({ min: 0, max: 100 });
  });

  it('starts the x axis at the first sample (a pc first seen after Clear), never before', () => {
    expect(xRange([{ t: 41_000 }, { t: 43_500 }], 1000, 300_000)).toEqual({ xMin: 40, xMax: 42.5 });
    expect(xRange([{ t: 1000 }, { t: 400_000 }], 0, 60_000)).toEqual({ xMin: 340, xMax: 400 });
    expect(xRange([{ t: 5000 }], 0, Infinity)).toEqual({ xMin: 5, xMax: 6 });
    expect(xRange([], 0, Infinity)).toEqual({});
    // The answer a second before media and the close after the last sample: the axis takes them in, but never reaches before zero.
    expect(xRange([{ t: 41_000 }, { t: 43_500 }], 1000, 300_000, { min: 38.96, max: 43.04 })).toEqual({ xMin: 38.9, xMax: 43.1 });
    // Never rounded inward past the mark it widens for.
    expect(xRange([{ t: 41_000 }, { t: 43_500 }], 1000, 300_000, { min: 39.06, max: 42.51 })).toEqual({ xMin: 39, xMax: 42.6 });
    expect(xRange([{ t: 41_000 }, { t: 43_500 }], 1000, 300_000, { min: -3, max: 1 })).toEqual({ xMin: 40, xMax: 42.5 });
    expect(xRange([{ t: 141_000 }, { t: 143_500 }], 1000, Infinity, { min: 5, max: 500 })).toEqual({ xMin: 140, xMax: 142.5 });
  });

  it('marks answer, hold, resume, hang-up, later page loads and the close', () => {
    const call = {
      pcId: 'pc1',
      states: [
        { t: 2000, state: 'requesting' },
        { t: 3000, state: 'active' },
        { t: 5000, state: 'held' },
        { t: 6000, state: 'active' },
        { t: 9000, state: 'hangup' },
      ],
      holds: [],
    } as unknown as Parameters<typeof chartMarks>[0]['calls'][number];
    const other = { ...call, pcId: 'pc2', pcIds: ['pc2'] };
    const marks = chartMarks({ pcId: 'pc1', origin: 1000, calls: [call, other], findings: [], loads: [{ ordinal: 1, startedAt: 1000, url: 'a' }, { ordinal: 2, startedAt: 10_000, url: 'b' }], closedAt: 9500, focusT: 4000 });
    expect(marks.map((m) => `${m.x} ${m.label}`)).toEqual(['2 answer', '3 linked time', '4 hold', '5 resume', '8 hang-up', '8.5 closed', '9 load 2']);
  });

  it('says closed in the picker, with when and by whom, instead of the last live state', () => {
    const clock = (t: number) => `T${t}`;
    expect(pcPickerLabel('pc-1', { connectionState: 'connected', iceConnectionState: 'connected' }, clock)).toBe('pc-1 (connected) · ICE connected');
    expect(pcPickerLabel('pc-1', { connectionState: 'connected', iceConnectionState: 'connected', closedAt: 5, closedBy: 'page' }, clock)).toBe('pc-1 (closed at T5 by the page (close()))');
    expect(pcPickerLabel('pc-1 · load 2', { connectionState: 'closed', iceConnectionState: 'closed' }, clock)).toBe('pc-1 · load 2 (closed)');
    // First seen after Clear: no creation, no state change in the capture, only stats.
    expect(pcPickerLabel('pc-1', { connectionState: 'new', iceConnectionState: 'new', log: [] }, clock)).toBe('pc-1 (created before the capture · state not seen yet)');
    expect(pcPickerLabel('pc-1', { connectionState: 'new', iceConnectionState: 'new', log: [{ kind: 'pc.create' }] }, clock)).toBe('pc-1 (new) · ICE new');
    expect(pcPickerLabel('pc-1', { connectionState: 'unknown', iceConnectionState: 'unknown', log: [] }, clock)).toBe('pc-1 (created before the capture · state not seen yet)');
  });

  it('binary-searches the window start', () => {
    expect(firstAtOrAfter(points, 0)).toBe(0);
    expect(firstAtOrAfter(points, 5500)).toBe(5);
    expect(firstAtOrAfter(points, 99999)).toBe(10);
  });

  it('marks findings of this peer connection and page-wide ones', () => {
    const f = (t: number, evidence: Finding['evidence']): Finding => ({ rule: 'r', severity: 'warning', t, message: '', advice: '', evidence });
    const marks = findingMarks([f(2000, [{ kind: 'stats', pcId: 'pc1' }]), f(3000, [{ kind: 'stats', pcId: 'pc2' }]), f(4000, []), f(5000, [{ kind: 'frame', index: 1 }])], 'pc1', 1000);
    expect(marks).toEqual([1, 3]);
  });
});

describe('quality mirror', () => {
  const sample = (t: number): QualitySample => ({
    t,
    intervalS: 1,
    audio: { inKbps: 30, outKbps: 31, packetsInPerSec: 50, packetsOutPerSec: 48, hasIn: true, hasOut: true },
    video: { inKbps: 500, outKbps: 510, packetsInPerSec: 90, packetsOutPerSec: 88, fpsIn: 30, widthIn: 640, heightIn: 480, hasIn: true },
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
      fpsIn: 30,
      width: 640,
      height: 480,
      widthIn: 640,
      heightIn: 480,
      audioLevel: 0.2,
      mos: 4.3,
      band: 'great',
      audioIn: true,
      audioOut: true,
      videoIn: true,
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
  it('lists every candidate pair, the selected one first, with checks, bytes, RTT and the relay it uses', () => {
    const reports = {
      tr: { type: 'transport', selectedCandidatePairId: 'cp2' },
      cp1: { type: 'candidate-pair', state: 'failed', nominated: false, localCandidateId: 'l1', remoteCandidateId: 'r1', requestsSent: 7, responsesReceived: 0 },
      cp2: { type: 'candidate-pair', state: 'succeeded', nominated: true, localCandidateId: 'l2', remoteCandidateId: 'r1', requestsSent: 3, requestsReceived: 2, responsesSent: 2, responsesReceived: 3, bytesSent: 5000, bytesReceived: 4000, currentRoundTripTime: 0.012 },
      l1: { type: 'local-candidate', candidateType: 'host', protocol: 'udp', address: 'fe80::1', port: 5000 },
      l2: { type: 'local-candidate', candidateType: 'relay', protocol: 'udp', address: '10.0.0.9', port: 40000, relayProtocol: 'tls', url: 'turns:turn.example:5349' },
      r1: { type: 'remote-candidate', candidateType: 'host', protocol: 'udp', address: '2001:db8::2', port: 6000 },
    };
    const rows = candidatePairs({ kind: 'pc.stats', t: 0, id: 'p', reports });
    expect(rows.map((r) => r.id)).toEqual(['cp2', 'cp1']);
    expect(rows[0]).toMatchObject({ selected: true, nominated: true, state: 'succeeded', requestsSent: 3, responsesReceived: 3, bytesSent: 5000, rttMs: 12, relayProtocol: 'tls', url: 'turns:turn.example:5349', local: 'relay udp 10.0.0.9:40000', remote: 'host udp [2001:db8::2]:6000' });
    expect(rows[1]).toMatchObject({ selected: false, state: 'failed', local: 'host udp [fe80::1]:5000' });
    expect(hostPort('::1', '9')).toBe('[::1]:9');
    expect(hostPort('1.2.3.4', '9')).toBe('1.2.3.4:9');
  });

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
