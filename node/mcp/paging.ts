/**
 * Cursor paging for MCP tool results sized for a model's context: a page holds at most `limit` items
 * and at most `budget` characters, and its last line always says what was left out and how to get it.
 */

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;
/** Characters of list lines per page: a few thousand tokens. */
export const PAGE_BUDGET = 16_000;

/** The offset a cursor names; an error for one this server never gave. */
export function parseCursor(cursor: string | undefined, total: number): number {
  if (cursor === undefined || cursor === '') return 0;
  if (!/^\d{1,9}$/.test(cursor)) throw new Error(`cursor "${cursor.slice(0, 40)}" is not one this tool gave (use the cursor from the previous page, or none for the first)`);
  const n = Number(cursor);
  if (n > total) throw new Error(`cursor ${n} is past the end (${total} item(s)); the capture may have been cleared: start again without a cursor`);
  return n;
}

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

export interface Page {
  lines: string[];
  /** The cursor of the next page, absent on the last. */
  next?: string;
  /** One sentence: which items were shown, of how many, and why the page stopped. */
  footer: string;
}

/**
 * Lines for items[offset…], stopping at `limit` items or `budget` characters (at least one item, its
 * line cut to the budget if it alone is longer). `noun` names the items ("matching frames").
 */
export function pageOf<T>(items: readonly T[], render: (item: T) => string, opts: { cursor?: string; limit?: number; budget?: number; noun: string }): Page {
  const total = items.length;
  const start = parseCursor(opts.cursor, total);
  const limit = clampLimit(opts.limit);
  const budget = opts.budget ?? PAGE_BUDGET;
  const lines: string[] = [];
  let used = 0;
  let i = start;
  let cutByBudget = false;
  for (; i < total && lines.length < limit; i++) {
    let line = render(items[i]!);
    if (used + line.length + 1 > budget) {
      if (lines.length > 0) {
        cutByBudget = true;
        break;
      }
      line = `${line.slice(0, Math.max(0, budget - 40))} … [line cut at ${budget} characters]`;
    }
    lines.push(line);
    used += line.length + 1;
  }
  if (total === 0) return { lines, footer: `No ${opts.noun}.` };
  if (i >= total && start === 0) return { lines, footer: `All ${total} ${opts.noun} shown.` };
  const shown = `Showing ${start + 1}–${i} of ${total} ${opts.noun}`;
  if (i >= total) return { lines, footer: `${shown} (the last page).` };
  const why = cutByBudget ? `the page stopped at ${budget} characters` : `limit ${limit}`;
  return { lines, next: String(i), footer: `${shown} (${why}); ${total - i} more: call again with cursor "${i}".` };
}
