/**
 * getStats as plain objects the checks own, read the same way wherever the runner lives.
 *
 * Why not just `report.forEach`: the panel's preflight runs in a Firefox content script, where an
 * RTCPeerConnection and its RTCStatsReport are page objects seen through an Xray wrapper. There the
 * maplike's forEach throws "Permission denied to access object" (even with a no-op callback or one
 * made with exportFunction) and its iterators throw "Xray wrapping of iterators not supported"
 * (Firefox ESR 153). Only the page's own view of the report (`wrappedJSObject`) can be iterated.
 * Copying the primitive fields out means no page object, getter or prototype reaches the checks.
 */

/** Far above any real report (a few dozen entries per connection). */
const MAX_ENTRIES = 5_000;

export type StatValue = string | number | boolean;
export type StatEntry = Record<string, StatValue>;

interface Xrayed {
  /** Present only on Firefox Xray wrappers (privileged code looking at a page object). */
  wrappedJSObject?: Iterable<[unknown, unknown]>;
}

/** Own primitive fields of one stats dictionary; nested values (rare, unused by the checks) are dropped. */
export function copyStat(raw: unknown): StatEntry | null {
  if (!raw || typeof raw !== 'object') return null;
  const out: StatEntry = {};
  for (const key of Object.keys(raw)) {
    const v: unknown = (raw as Record<string, unknown>)[key];
    if (typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && !Number.isNaN(v))) out[key] = v;
  }
  return typeof out.id === 'string' && typeof out.type === 'string' ? out : null;
}

/** Every entry of a stats report, copied. */
export function statsEntries(report: RTCStatsReport): StatEntry[] {
  const list: StatEntry[] = [];
  const keep = (raw: unknown) => {
    const s = copyStat(raw);
    if (s) list.push(s);
  };
  const pageView = (report as unknown as Xrayed).wrappedJSObject;
  if (pageView) {
    // The page's iterator is page code (a page may replace it): never let it run on without end.
    for (const [, raw] of pageView) {
      keep(raw);
      if (list.length >= MAX_ENTRIES) break;
    }
  } else {
    report.forEach((raw: unknown) => keep(raw));
  }
  return list;
}

export async function readStats(pc: RTCPeerConnection): Promise<StatEntry[]> {
  return statsEntries(await pc.getStats());
}
