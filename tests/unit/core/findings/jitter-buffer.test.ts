/** jitter-buffer-growth: average jitter-buffer delay above 150 ms and twice its lowest, for 5 s. */
import { describe, expect, it } from 'vitest';
import { JITTER_BUFFER_MS } from '../../../../core/findings/jitter-buffer.js';
import { MediaCall } from '../../../fixtures/protocol/media-call.js';
import { findingsOf } from '../../../fixtures/protocol/run-rules.js';

const delayMs = (avg: number, jitterS = 0.045) => (c: Record<string, Record<string, number>>, f: Record<string, Record<string, unknown>>) => {
  c.IA!.jitterBufferDelay! += 48000 * (avg / 1000 - 0.06);
  f.IA!.jitter = jitterS;
};

describe('jitter-buffer-growth', () => {
  it('fires when the buffer grows from 60 ms to 250 ms for 5 s', () => {
    const f = findingsOf(new MediaCall().seconds(5).seconds(6, delayMs(250)).events, 'jitter-buffer-growth');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/waits 250 ms on average \(was 60 ms, above 150 ms\) with 45 ms jitter, for 5 s/);
    expect(JITTER_BUFFER_MS).toBe(150);
  });

  it('stays quiet on a connection that also receives video (lip sync holds audio back)', () => {
    expect(findingsOf(new MediaCall({ video: true }).seconds(5).seconds(8, delayMs(320)).events, 'jitter-buffer-growth')).toEqual([]);
  });

  it('stays quiet when the RTP jitter is low (the playout side grew it, not the network)', () => {
    expect(findingsOf(new MediaCall().seconds(5).seconds(8, delayMs(560, 0.004)).events, 'jitter-buffer-growth')).toEqual([]);
  });

  it('stays quiet at 140 ms, for 4 s, and on a stream that always had 200 ms', () => {
    expect(findingsOf(new MediaCall().seconds(3).seconds(10, delayMs(140)).events, 'jitter-buffer-growth')).toEqual([]);
    expect(findingsOf(new MediaCall().seconds(3).seconds(4, delayMs(300)).seconds(3).events, 'jitter-buffer-growth')).toEqual([]);
    expect(findingsOf(new MediaCall().seconds(12, delayMs(200)).events, 'jitter-buffer-growth')).toEqual([]);
  });
});
