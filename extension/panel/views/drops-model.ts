/**
 * The Overview's banners about events the capture does not hold. Two different stories share one
 * DropCounts: the tab's size cap dropping real events (a capacity problem: the user may clear or
 * export), and the bridge refusing malformed hook messages (something on the page forged or broke
 * them; nothing was lost to capacity). Each gets its own sentence.
 */
import type { DropCounts } from '../../../core/capture/messages.js';
import { INVALID_KIND } from '../../../core/capture/store.js';
import { bytes } from '../format.js';

export interface DropBanners {
  /** Events the cap dropped, with their size and kinds; absent when the cap never bit. */
  cap?: string;
  /** Malformed events from the page that were refused; absent when there were none. */
  refused?: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function dropBanners(d: DropCounts): DropBanners {
  const out: DropBanners = {};
  const refused = Math.max(0, d.byKind[INVALID_KIND] ?? 0);
  // Refused events carry no bytes into the counts, so the cap's share is what remains.
  const capped = Math.max(0, d.events - refused);
  if (capped > 0) {
    const kinds = Object.entries(d.byKind)
      .filter(([k, n]) => k !== INVALID_KIND && n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    out.cap = `The capture limit was reached: ${plural(capped, 'event', 'events')} (${bytes(d.bytes)}) ${capped === 1 ? 'was' : 'were'} dropped${kinds ? ` — ${kinds}` : ''}`;
  }
  if (refused > 0) {
    out.refused = `${plural(refused, 'malformed event', 'malformed events')} from the page ${refused === 1 ? 'was' : 'were'} refused (not valid capture messages, possibly forged by a page script); the rest of the capture is unaffected`;
  }
  return out;
}
