import { describe, expect, it } from 'vitest';
import { capList, LIST_CAP, LIST_STEP, nextLimit } from '../../../../ui/components/capped-list.js';

describe('capped lists', () => {
  it('shows a short list whole, with nothing left out', () => {
    const items = [1, 2, 3];
    expect(capList(items, LIST_CAP)).toEqual({ shown: items, more: 0, total: 3 });
  });

  it('cuts a long list at its limit and counts the rest', () => {
    const items = Array.from({ length: 30_000 }, (_, i) => i);
    const c = capList(items, LIST_CAP);
    expect(c.shown).toHaveLength(LIST_CAP);
    expect(c.shown[0]).toBe(0);
    expect(c.shown.at(-1)).toBe(LIST_CAP - 1);
    expect(c.more).toBe(30_000 - LIST_CAP);
    expect(c.total).toBe(30_000);
  });

  it('a list exactly at the limit has no "more" line', () => {
    const items = Array.from({ length: LIST_CAP }, (_, i) => i);
    expect(capList(items, LIST_CAP).more).toBe(0);
  });

  it('"Show more" adds one step and stops at the end, so every item can be reached', () => {
    expect(nextLimit(LIST_CAP, 30_000)).toBe(LIST_CAP + LIST_STEP);
    expect(nextLimit(LIST_CAP, LIST_CAP + 10)).toBe(LIST_CAP + 10);
    let limit = LIST_CAP;
    const total = 1_234;
    while (capList(new Array(total).fill(0), limit).more > 0) limit = nextLimit(limit, total);
    expect(limit).toBe(total);
  });

  it('a bad limit shows nothing rather than throwing', () => {
    expect(capList([1, 2], -5)).toEqual({ shown: [], more: 2, total: 2 });
  });
});
