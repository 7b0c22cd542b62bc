import { describe, expect, it } from 'vitest';
import { axisTicks } from '../../../../ui/views/calls-model.js';

describe('the Calls dot axis has a time scale', () => {
  it('puts round steps from the first event, labelled with the time since it', () => {
    const ticks = axisTicks(1000, 1000 + 5200);
    expect(ticks.map((t) => t.label)).toEqual(['0', '+1 s', '+2 s', '+3 s', '+4 s', '+5 s']);
    expect(ticks[0]!.pct).toBe(0);
    expect(ticks[1]!.pct).toBeCloseTo((1000 / 5200) * 100);
  });

  it('uses milliseconds for a short call setup and minutes for a long call, never more than 6 ticks', () => {
    expect(axisTicks(0, 170).map((t) => t.label)).toEqual(['0', '+50 ms', '+100 ms', '+150 ms']);
    const long = axisTicks(0, 14 * 60_000);
    expect(long.length).toBeLessThanOrEqual(6);
    expect(long.at(-1)!.label).toBe('+10 min');
    for (const span of [1, 33, 999, 61_000, 3_600_000 * 5]) expect(axisTicks(0, span).length).toBeLessThanOrEqual(6);
  });
});
