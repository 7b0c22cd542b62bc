/** stats-reading: typed access to hostile reports, counter growth, and negotiated directions per kind. */
import { describe, expect, it } from 'vitest';
import { grew, kindOf, num, PreviousReports, reportsOf, str } from '../../../../core/findings/stats-reading.js';

describe('stats-reading', () => {
  it('reads numbers and strings only when they are what they claim', () => {
    expect(num({ a: 1 }, 'a')).toBe(1);
    expect(num({ a: '1' }, 'a')).toBeUndefined();
    expect(str({ a: 'x' }, 'a')).toBe('x');
    expect(kindOf({ mediaType: 'video' })).toBe('video');
    expect(kindOf({ kind: 'data' })).toBeUndefined();
  });

  it('lists reports of a type and kind, skipping non-objects', () => {
    const r = { A: { type: 'inbound-rtp', kind: 'audio' }, V: { type: 'inbound-rtp', kind: 'video' }, X: null, Y: [1] } as never;
    expect(reportsOf(r, 'inbound-rtp').map(([id]) => id)).toEqual(['A', 'V']);
    expect(reportsOf(r, 'inbound-rtp', 'video').map(([id]) => id)).toEqual(['V']);
  });

  it('gives growth, nothing for a reset or a missing previous', () => {
    expect(grew({ n: 5 }, { n: 2 }, 'n')).toBe(3);
    expect(grew({ n: 1 }, { n: 2 }, 'n')).toBeUndefined();
    expect(grew({ n: 1 }, undefined, 'n')).toBeUndefined();
    const p = new PreviousReports();
    expect(p.swap('pc', 'A', { n: 1 })).toBeUndefined();
    expect(p.swap('pc', 'A', { n: 2 })).toEqual({ n: 1 });
    expect(p.swap('pc2', 'A', { n: 3 })).toBeUndefined();
  });
});
