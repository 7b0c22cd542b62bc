/**
 * video-send-limited: a sent frame rate or resolution at half its recent best for 5 s while the encoder
 * reports cpu or bandwidth fires, naming the reason, the drop and the limited time; the same drop with
 * reason none (the app's own setParameters) and a short dip stay quiet.
 */
import { describe, expect, it } from 'vitest';
import { LIMITED_MS } from '../../../../core/findings/video-send-limited.js';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import { MediaCall } from '../../../fixtures/protocol/media-call.js';

function limited(call: MediaCall) {
  const a = createAnalyzer();
  for (const ev of call.events) a.push(ev);
  return a.snapshot().findings.filter((f) => f.rule === 'video-send-limited');
}

const squeezed = (reason: string) => (c: Record<string, Record<string, number>>, f: Record<string, Record<string, unknown>>, i: number) => {
  c.OV!.framesEncoded! -= 25;
  f.OV!.frameWidth = 640;
  f.OV!.frameHeight = 360;
  f.OV!.qualityLimitationReason = reason;
  f.OV!.qualityLimitationDurations = { none: 10, bandwidth: reason === 'bandwidth' ? i + 1 : 0, cpu: reason === 'cpu' ? i + 1 : 0, other: 0 };
};

describe('video-send-limited', () => {
  it('fires on a bandwidth-limited drop held 5 s, with both drops and the limited time', () => {
    const f = limited(new MediaCall({ video: true }).seconds(5).seconds(7, squeezed('bandwidth')));
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/^Sending video limited by bandwidth on pc-1: resolution 1280×720 → 640×360, frame rate 30 → 5 fps for 5 s \(limited \d s of the call so far\)/);
    expect(LIMITED_MS).toBe(5000);
  });

  it('names the CPU when the encoder says cpu', () => {
    const f = limited(new MediaCall({ video: true }).seconds(5).seconds(7, squeezed('cpu')));
    expect(f[0]!.message).toContain('limited by CPU');
    expect(f[0]!.advice).toContain('encode');
  });

  it('stays quiet on the same drop with reason none, and on a 4 s dip', () => {
    expect(limited(new MediaCall({ video: true }).seconds(5).seconds(10, squeezed('none')))).toEqual([]);
    const recovered = (_c: unknown, f: Record<string, Record<string, unknown>>) => {
      Object.assign(f.OV!, { frameWidth: 1280, frameHeight: 720, qualityLimitationReason: 'none' });
    };
    expect(limited(new MediaCall({ video: true }).seconds(5).seconds(4, squeezed('bandwidth')).seconds(5, recovered))).toEqual([]);
  });

  it('stays quiet when reason is bandwidth but nothing dropped (limited from the start)', () => {
    const call = new MediaCall({ video: true });
    call.f.OV!.qualityLimitationReason = 'bandwidth';
    expect(limited(call.seconds(15))).toEqual([]);
  });
});
