/**
 * How much of a long list a view renders. A page controls how many sockets, peer connections, calls
 * or findings it produces: 30,000 short-lived sockets rendered as 30,000 table rows froze the panel
 * for seconds on every render. Each list shows its first rows and a "… N more" line; the user asks
 * for the next page or for everything, so every item stays reachable.
 */

/** Rows a list shows before its "… N more" line: more than a real capture has, few enough to render at once. */
export const LIST_CAP = 50;
/** Rows each "Show more" adds. */
export const LIST_STEP = 200;

export interface Capped<T> {
  shown: readonly T[];
  /** Items past the limit, not rendered. */
  more: number;
  total: number;
}

/** The first `limit` items (all of them when the list is shorter) and how many are left out. */
export function capList<T>(items: readonly T[], limit: number): Capped<T> {
  const n = Math.max(0, Math.floor(limit));
  if (items.length <= n) return { shown: items, more: 0, total: items.length };
  return { shown: items.slice(0, n), more: items.length - n, total: items.length };
}

/** The limit after "Show more": one step further, never past the end. */
export function nextLimit(limit: number, total: number, step = LIST_STEP): number {
  return Math.min(Math.max(limit, 0) + step, Math.max(total, limit));
}
