import { describe, expect, it } from 'vitest';
import { formatTick, tickStep, timeTicks } from '../../../../ui/views/chart-axis-model.js';

const labels = (min: number, max: number) => {
  const { step, values } = timeTicks(min, max);
  return values.map((v) => formatTick(v, step, max));
};

describe('time axis ticks', () => {
  it('never repeats a label, whatever the span (the "0s 0s 0s 1s 1s" of a chart right after Clear)', () => {
    for (const [min, max] of [[0, 1.2], [0, 0.3], [40.2, 41.1], [0, 7], [0, 59], [0, 119], [0, 300], [3590, 3700], [500, 502], [0, 7200], [10, 10.05]] as const) {
      const l = labels(min, max);
      expect(new Set(l).size, `${min}..${max}: ${l.join(' ')}`).toBe(l.length);
      expect(l.length, `${min}..${max}`).toBeLessThanOrEqual(6);
    }
  });

  it('reads as seconds on short spans and m:ss or h:mm:ss on long ones', () => {
    expect(labels(0, 1.2)).toEqual(['0.0 s', '0.5 s', '1.0 s']);
    expect(labels(0, 10)).toEqual(['0 s', '2 s', '4 s', '6 s', '8 s', '10 s']);
    expect(labels(0, 300)).toEqual(['0:00', '1:00', '2:00', '3:00', '4:00', '5:00']);
    expect(labels(3600, 3900)).toEqual(['1:00:00', '1:01:00', '1:02:00', '1:03:00', '1:04:00', '1:05:00']);
    expect(labels(500, 502)).toEqual(['500.0 s', '500.5 s', '501.0 s', '501.5 s', '502.0 s']);
  });

  it('picks a step that keeps the tick count small', () => {
    expect(tickStep(1)).toBe(0.2);
    expect(tickStep(60)).toBe(15);
    expect(tickStep(0)).toBe(1);
    expect(tickStep(10 * 86_400)).toBe(172_800);
  });
});
