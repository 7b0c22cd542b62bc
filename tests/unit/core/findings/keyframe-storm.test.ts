/** keyframe-storm: over 30 PLI/FIR per minute across a 10 s window, told by direction. */
import { describe, expect, it } from 'vitest';
import { KEYFRAME_REQUESTS_PER_MIN } from '../../../../core/findings/keyframe-storm.js';
import { MediaCall } from '../../../fixtures/protocol/media-call.js';
import { findingsOf } from '../../../fixtures/protocol/run-rules.js';

describe('keyframe-storm', () => {
  it('fires when the far end asks for a keyframe every second (60 per minute)', () => {
    const f = findingsOf(new MediaCall({ video: true }).seconds(12, (c) => (c.OV!.pliCount! += 1)).events, 'keyframe-storm');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/the far end asked for \d+ keyframes in \d+ s \(60 per minute, above 30\) for the video this side sends/);
    expect(KEYFRAME_REQUESTS_PER_MIN).toBe(30);
  });

  it('names this side when it is the one asking', () => {
    const f = findingsOf(new MediaCall({ video: true }).seconds(12, (c) => (c.IV!.firCount! += 2)).events, 'keyframe-storm');
    expect(f[0]!.message).toContain('this side asked the far end');
  });

  it('stays quiet on a request every 4 s and on a burst at the start', () => {
    expect(findingsOf(new MediaCall({ video: true }).seconds(30, (c, _f, i) => i % 4 === 0 && (c.OV!.pliCount! += 1)).events, 'keyframe-storm')).toEqual([]);
    expect(findingsOf(new MediaCall({ video: true }).seconds(1, (c) => (c.OV!.pliCount! += 4)).seconds(15).events, 'keyframe-storm')).toEqual([]);
  });
});
