/** Sustained: reports an episode once when it has lasted long enough, re-arms when it clears. */
import { describe, expect, it } from 'vitest';
import { Sustained } from '../../../../core/findings/sustained.js';

describe('Sustained', () => {
  it('reports once after the duration, again only after the condition cleared', () => {
    const e = new Sustained();
    expect(e.step('k', true, 0, 1000, 3000)).toBeUndefined();
    expect(e.step('k', true, 1000, 2000, 3000)).toBeUndefined();
    expect(e.step('k', true, 2000, 3000, 3000)).toBe(0);
    expect(e.step('k', true, 3000, 4000, 3000)).toBeUndefined();
    e.step('k', false, 4000, 5000, 3000);
    expect(e.step('k', true, 5000, 8000, 3000)).toBe(5000);
  });

  it('pause restarts the clock without re-arming', () => {
    const e = new Sustained();
    e.step('k', true, 0, 1000, 1000);
    e.pause('k');
    expect(e.step('k', true, 5000, 6000, 1000)).toBeUndefined();
  });
});
