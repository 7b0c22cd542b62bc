/**
 * microphone-clipping: a sending microphone whose average stays within 3 dB of full scale for 5 s is
 * reported; speech, and a loud beep like Chromium's fake microphone (peaks at full scale, average ~-6 dBFS),
 * are not.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import { CLIP_ENERGY, CLIP_MS } from '../../../../core/findings/microphone-clipping.js';
import { MediaCall } from '../../../fixtures/protocol/media-call.js';

function clipping(call: MediaCall) {
  const a = createAnalyzer();
  for (const ev of call.events) a.push(ev);
  return a.snapshot().findings.filter((f) => f.rule === 'microphone-clipping');
}

const energy = (perSecond: number) => (c: Record<string, Record<string, number>>, f: Record<string, Record<string, unknown>>) => {
  c.SA!.totalAudioEnergy! += perSecond - 0.01;
  f.SA!.audioLevel = 1;
};

describe('microphone-clipping', () => {
  it('fires after 5 s at full scale, naming the track and its level', () => {
    const f = clipping(new MediaCall().seconds(2).seconds(7, energy(0.98)));
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain('"USB Desk Mic" has averaged 0 dBFS');
    expect(f[0]!.message).toContain('for 5 s');
    expect(f[0]!.advice).toContain('autoGainControl');
    expect([CLIP_ENERGY, CLIP_MS]).toEqual([0.5, 5000]);
  });

  it('stays quiet on a loud beep whose peaks reach full scale (Chromium fake microphone: ~0.3 mean square)', () => {
    expect(clipping(new MediaCall().seconds(30, energy(0.3)))).toEqual([]);
  });

  it('stays quiet on 4 s at full scale (a shout, a knock)', () => {
    expect(clipping(new MediaCall().seconds(4, energy(1)).seconds(4))).toEqual([]);
  });

  it('stays quiet when the track is not sending', () => {
    const call = new MediaCall().seconds(8, (c, f) => {
      energy(1)(c, f);
      c.OA!.packetsSent! -= 50;
    });
    expect(clipping(call)).toEqual([]);
  });
});
