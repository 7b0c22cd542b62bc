import { describe, expect, it } from 'vitest';
import type { Json, PcStats } from '../../../core/capture/events.js';
import { fieldSeries, isCounter, numericFields, reportChoices, segmentTotals, textFields, textSegments } from '../../../core/quality/report-series.js';

const sample = (t: number, reports: Record<string, Record<string, Json>>): PcStats => ({ kind: 'pc.stats', t, id: 'pc-1', reports });

/** Ten seconds of one inbound audio stream: 3 NACKs a second, jitter buffer 60 ms per emitted sample, 20 kB/s. */
const stats = Array.from({ length: 11 }, (_, i) =>
  sample(1000 + i * 1000, {
    IA: { type: 'inbound-rtp', kind: 'audio', ssrc: 1234, timestamp: 1000 + i * 1000, nackCount: i * 3, bytesReceived: i * 20_000, jitter: 0.004, jitterBufferDelay: i * 48 * 0.06, jitterBufferEmittedCount: i * 48 },
    OV: { type: 'outbound-rtp', kind: 'video', ssrc: 99, timestamp: 1000 + i * 1000, qualityLimitationReason: i < 4 || i > 7 ? 'none' : 'bandwidth', pliCount: 0 },
    T: { type: 'transport', selectedCandidatePairId: 'CP' },
    CP: { type: 'candidate-pair', state: 'succeeded', availableOutgoingBitrate: 1_500_000 },
  }),
);

describe('any stats field as a series', () => {
  it('lists reports by what they are, RTP first, per SSRC and direction', () => {
    const choices = reportChoices(stats[0]);
    expect(choices.map((c) => c.label)).toEqual(['inbound-rtp audio ssrc 1234', 'outbound-rtp video ssrc 99', 'candidate-pair CP (selected) succeeded', 'transport T']);
    expect(numericFields(stats[0], 'IA')).toEqual(['bytesReceived', 'jitter', 'jitterBufferDelay', 'jitterBufferEmittedCount', 'nackCount', 'ssrc', 'jitterBufferDelay/jitterBufferEmittedCount']);
    expect(textFields(stats[0], 'OV')).toEqual(['qualityLimitationReason']);
  });

  it('charts counters as rates per second, keeping the running total as the raw value', () => {
    const nack = fieldSeries(stats, 'IA', 'nackCount');
    expect(nack.mode).toBe('rate');
    expect(nack.points).toHaveLength(10);
    expect(nack.points.every((p) => p.y === 3)).toBe(true);
    expect(nack.points.at(-1)!.raw).toBe(30);
    const bytes = fieldSeries(stats, 'IA', 'bytesReceived');
    expect(bytes.unit).toBe('kbps');
    expect(bytes.points[0]!.y).toBeCloseTo(160);
  });

  it('gives seconds as ms, totals over counts as a per-interval average, and gauges as they are', () => {
    expect(fieldSeries(stats, 'IA', 'jitter').points[0]).toMatchObject({ y: 4, raw: 0.004 });
    const jb = fieldSeries(stats, 'IA', 'jitterBufferDelay/jitterBufferEmittedCount');
    expect(jb.unit).toBe('ms');
    expect(jb.points[0]!.y).toBeCloseTo(60);
    const bw = fieldSeries(stats, 'CP', 'availableOutgoingBitrate');
    expect(bw).toMatchObject({ mode: 'gauge', unit: 'kbps' });
    expect(bw.points[0]!.y).toBe(1500);
  });

  it('starts a window at its first sample and skips counter restarts', () => {
    expect(fieldSeries(stats, 'IA', 'nackCount', 9000).points.map((p) => p.t)).toEqual([9000, 10000, 11000]);
    const restarted = [...stats.slice(0, 3), sample(4000, { IA: { type: 'inbound-rtp', timestamp: 4000, nackCount: 1 } }), sample(5000, { IA: { type: 'inbound-rtp', timestamp: 5000, nackCount: 4 } })];
    expect(fieldSeries(restarted, 'IA', 'nackCount').points.map((p) => p.y)).toEqual([3, 3, 3]);
  });

  it('turns a text field into segments with durations', () => {
    const segs = textSegments(stats, 'OV', 'qualityLimitationReason');
    expect(segs.map((s) => [s.value, (s.to - s.from) / 1000])).toEqual([['none', 4], ['bandwidth', 4], ['none', 2]]);
    expect(segmentTotals(segs)).toEqual([{ value: 'none', seconds: 6 }, { value: 'bandwidth', seconds: 4 }]);
  });

  it('knows counters from gauges', () => {
    for (const f of ['packetsLost', 'nackCount', 'bytesSent', 'concealedSamples', 'totalSamplesReceived', 'requestsSent']) expect(isCounter(f), f).toBe(true);
    for (const f of ['framesPerSecond', 'fractionLost', 'audioLevel', 'jitter', 'availableOutgoingBitrate', 'frameWidth']) expect(isCounter(f), f).toBe(false);
  });
});
