/**
 * video-freeze: received video frozen 3 s or more within 10 s fires once per episode, from the browser's
 * freeze counter or, without it, from intervals with bytes but no decoded frame; brief stalls, a screen
 * share, a direction not received and no bytes at all stay quiet.
 */
import { describe, expect, it } from 'vitest';
import { FREEZE_WINDOW_MS, FROZEN_MS } from '../../../../core/findings/video-freeze.js';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import { MediaCall } from '../../../fixtures/protocol/media-call.js';

function freezes(call: MediaCall) {
  const a = createAnalyzer();
  for (const ev of call.events) a.push(ev);
  return a.snapshot().findings.filter((f) => f.rule === 'video-freeze');
}

/** One frame a second, each gap counted by the browser as a freeze of ~1 s (what Chromium does at maxFramerate 1). */
const oneFps = (c: Record<string, Record<string, number>>) => {
  c.IV!.framesDecoded! -= 29;
  c.IV!.freezeCount! += 1;
  c.IV!.totalFreezesDuration! += 0.95;
};

describe('video-freeze', () => {
  it('fires when the freeze counter adds 3 s within 10 s, with the count and decoded frame rate', () => {
    const f = freezes(new MediaCall({ video: true }).seconds(5).seconds(6, oneFps));
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/Received video froze on pc-1: 3\.\d s frozen in the last \d+(\.\d)? s \(\d freezes\)/);
    expect(f[0]!.message).toContain('1280×720');
    expect([FREEZE_WINDOW_MS, FROZEN_MS]).toEqual([10_000, 3000]);
  });

  it('without the counter: bytes arriving but no frame decoded for 3 s', () => {
    const call = new MediaCall({ video: true }).seconds(5).seconds(4, (c) => {
      c.IV!.framesDecoded! -= 30;
      c.IV!.totalFreezesDuration = undefined as unknown as number;
    });
    expect(freezes(call)).toHaveLength(1);
  });

  it('stays quiet on stalls adding up to under 3 s, on a screen share and when no bytes arrive', () => {
    expect(freezes(new MediaCall({ video: true }).seconds(3).seconds(2, oneFps).seconds(8).seconds(2, oneFps).seconds(5))).toEqual([]);
    const share = new MediaCall({ video: true }).seconds(2);
    share.f.IV!.contentType = 'screenshare';
    expect(freezes(share.seconds(8, oneFps))).toEqual([]);
    const nothing = new MediaCall({ video: true }).seconds(2).seconds(8, (c) => {
      c.IV!.framesDecoded! -= 30;
      c.IV!.bytesReceived! -= 150_000;
      c.IV!.packetsReceived! -= 100;
    });
    expect(freezes(nothing)).toEqual([]);
  });

  it('stays quiet when the answer says we only send video', () => {
    expect(freezes(new MediaCall({ video: true, answer: 'recvonly' }).seconds(10, oneFps))).toEqual([]);
  });
});
