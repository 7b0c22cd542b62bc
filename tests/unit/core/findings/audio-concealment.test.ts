/** audio-concealment: over 5 % of played samples concealed (not silence) for 5 s while packets arrive. */
import { describe, expect, it } from 'vitest';
import { CONCEALED_MS, CONCEALED_PCT } from '../../../../core/findings/audio-concealment.js';
import { MediaCall } from '../../../fixtures/protocol/media-call.js';
import { findingsOf } from '../../../fixtures/protocol/run-rules.js';

const conceal = (audible: number, silent = 0) => (c: Record<string, Record<string, number>>) => {
  c.IA!.concealedSamples! += audible + silent;
  c.IA!.silentConcealedSamples! += silent;
};

describe('audio-concealment', () => {
  it('fires on 10 % audible concealment held 5 s', () => {
    const f = findingsOf(new MediaCall().seconds(3).seconds(6, conceal(4800)).events, 'audio-concealment');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/up to 10% of the samples played were invented by the browser \(above 5%\) for 5 s/);
    expect([CONCEALED_PCT, CONCEALED_MS]).toEqual([5, 5000]);
  });

  it('stays quiet on concealed silence, on 4 % and when no packets arrive', () => {
    expect(findingsOf(new MediaCall().seconds(10, conceal(0, 40_000)).events, 'audio-concealment')).toEqual([]);
    expect(findingsOf(new MediaCall().seconds(10, conceal(1900)).events, 'audio-concealment')).toEqual([]);
    const none = new MediaCall().seconds(10, (c) => {
      conceal(40_000)(c);
      c.IA!.packetsReceived! -= 50;
    });
    expect(findingsOf(none.events, 'audio-concealment')).toEqual([]);
  });
});
