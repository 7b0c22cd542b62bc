import { describe, expect, it } from 'vitest';
import { day, duration, stamp } from '../../../ui/time-stamp.js';

const T = Date.UTC(2026, 11, 3, 11, 32, 4, 123);

describe('times that leave the screen carry date and zone', () => {
  it('writes the date, the time to the millisecond, the offset and the zone name', () => {
    expect(stamp(T, 'UTC')).toBe('2026-12-03 11:32:04.123 GMT+00:00 (UTC)');
    expect(stamp(T, 'Europe/Berlin')).toBe('2026-12-03 12:32:04.123 GMT+01:00 (Europe/Berlin)');
    // Across midnight the date is the zone's, not UTC's.
    expect(stamp(T, 'Pacific/Auckland')).toBe('2026-12-04 00:32:04.123 GMT+13:00 (Pacific/Auckland)');
  });

  it('falls back to this page\'s zone for a zone name it does not know, and to nothing for no time', () => {
    expect(stamp(T, 'Not/AZone')).toMatch(/^2026-12-0[34] \d\d:32:04\.123 GMT[+-]\d\d:\d\d/);
    expect(stamp(undefined)).toBe('');
    expect(day(T, 'America/Los_Angeles')).toBe('2026-12-03');
  });

  it('reads durations as people say them', () => {
    expect(duration(547)).toBe('547 ms');
    expect(duration(9240)).toBe('9.2 s');
    expect(duration(245_000)).toBe('4 min 05 s');
    expect(duration(3_720_000)).toBe('1 h 02 min');
  });
});
