import { describe, expect, it } from 'vitest';
import type { Json, PcStats } from '../../../../core/capture/events.js';
import { fieldSeries, isCounter, numericFields, reportChoices, segmentTotals, textFields, textSegments } from '../../../../core/quality/report-series.js';

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

describe('RTP streams at a glance', () => {
  it('lists each SSRC in and out apart with NACK/PLI/FIR, loss, concealment, jitter buffer and limitation durations', async () => {
    const { streamRows } = await import('../../../../core/quality/report-series.js');
    const rows = streamRows(
      sample(5000, {
        OV: { type: 'outbound-rtp', kind: 'video', ssrc: 7, packetsSent: 900, nackCount: 4, pliCount: 2, firCount: 0, qualityLimitationReason: 'bandwidth', qualityLimitationDurations: { none: 40.5, bandwidth: 3.2, cpu: 0, other: 0 } },
        IA: { type: 'inbound-rtp', kind: 'audio', ssrc: 5, packetsReceived: 500, packetsLost: 3, nackCount: 0, concealedSamples: 480, totalSamplesReceived: 48_000, jitterBufferDelay: 2400, jitterBufferEmittedCount: 48_000 },
        RIA: { type: 'remote-inbound-rtp', kind: 'audio', ssrc: 6 },
      }),
    );
    expect(rows.map((r) => `${r.dir} ${r.kind} ${r.ssrc}`)).toEqual(['in audio 5', 'out video 7']);
    expect(rows[0]).toMatchObject({ packets: 500, packetsLost: 3, nackCount: 0, concealedSamples: 480 });
    expect(rows[0]!.concealedPct).toBeCloseTo(1);
    expect(rows[0]!.jitterBufferMs).toBeCloseTo(50);
    expect(rows[1]).toMatchObject({ packets: 900, nackCount: 4, pliCount: 2, firCount: 0, qualityLimitationReason: 'bandwidth', qualityLimitationDurations: [{ reason: 'none', seconds: 40.5 }, { reason: 'bandwidth', seconds: 3.2 }] });
    expect(rows[1]!.packetsLost).toBeUndefined();
  });
});
