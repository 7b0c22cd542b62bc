import { describe, expect, it } from 'vitest';
import { clampLimit, pageOf, parseCursor } from '../../../../node/mcp/paging.js';

const items = Array.from({ length: 7 }, (_, i) => `item ${i}`);
const render = (s: string) => s;

describe('cursor paging sized for a model', () => {
  it('says when everything was shown, and when there was nothing', () => {
    expect(pageOf(items, render, { noun: 'frames' })).toEqual({ lines: items, footer: 'All 7 frames shown.' });
    expect(pageOf([], render, { noun: 'frames' })).toEqual({ lines: [], footer: 'No frames.' });
  });

  it('pages by limit with a cursor to the next page, and names the last page', () => {
    const p1 = pageOf(items, render, { limit: 3, noun: 'frames' });
    expect(p1).toEqual({ lines: items.slice(0, 3), next: '3', footer: 'Showing 1–3 of 7 frames (limit 3); 4 more: call again with cursor "3".' });
    const p3 = pageOf(items, render, { limit: 3, cursor: '6', noun: 'frames' });
    expect(p3).toEqual({ lines: ['item 6'], footer: 'Showing 7–7 of 7 frames (the last page).' });
  });

  it('stops a page at its character budget and says so; a single huge line is cut, never dropped', () => {
    const long = ['a'.repeat(60), 'b'.repeat(60), 'c'.repeat(60)];
    const p = pageOf(long, render, { budget: 130, noun: 'lines' });
    expect(p.lines).toHaveLength(2);
    expect(p.footer).toBe('Showing 1–2 of 3 lines (the page stopped at 130 characters); 1 more: call again with cursor "2".');
    const huge = pageOf(['x'.repeat(500)], render, { budget: 100, noun: 'lines' });
    expect(huge.lines[0]).toMatch(/^x{60} … \[line cut at 100 characters\]$/);
  });

  it('refuses a cursor it never gave, and clamps the limit', () => {
    expect(() => parseCursor('abc', 5)).toThrow('cursor "abc" is not one this tool gave');
    expect(() => parseCursor('9', 5)).toThrow('cursor 9 is past the end (5 item(s))');
    expect(parseCursor(undefined, 5)).toBe(0);
    expect(clampLimit(0)).toBe(1);
    expect(clampLimit(10_000)).toBe(200);
    expect(clampLimit(undefined)).toBe(50);
  });
});
