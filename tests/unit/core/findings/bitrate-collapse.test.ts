/** bitrate-collapse: video out under a quarter of its median, with the bandwidth estimate halved, for 5 s. */
import { describe, expect, it } from 'vitest';
import { COLLAPSE_MS } from '../../../../core/findings/bitrate-collapse.js';
import { MediaCall } from '../../../fixtures/protocol/media-call.js';
import { findingsOf } from '../../../fixtures/protocol/run-rules.js';

const squeeze = (withEstimate: boolean) => (c: Record<string, Record<string, number>>, f: Record<string, Record<string, unknown>>) => {
  c.OV!.bytesSent! -= 140_000;
  if (withEstimate) f.CP1!.availableOutgoingBitrate = 300_000;
};

describe('bitrate-collapse', () => {
  it('fires when the bitrate and the estimate collapse together', () => {
    const f = findingsOf(new MediaCall({ video: true }).seconds(10).seconds(7, squeeze(true)).events, 'bitrate-collapse');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/video 80 kbit\/s against 1200 kbit\/s before, with the bandwidth estimate down to 300 kbit\/s from 2000 kbit\/s, for 5 s/);
    expect(COLLAPSE_MS).toBe(5000);
  });

  it('stays quiet when the estimate holds (the app capped the bitrate) and on a short dip', () => {
    expect(findingsOf(new MediaCall({ video: true }).seconds(10).seconds(10, squeeze(false)).events, 'bitrate-collapse')).toEqual([]);
    const dip = new MediaCall({ video: true }).seconds(10).seconds(3, squeeze(true));
    dip.f.CP1!.availableOutgoingBitrate = 2_000_000;
    expect(findingsOf(dip.seconds(5).events, 'bitrate-collapse')).toEqual([]);
  });
});
