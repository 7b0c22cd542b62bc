/**
 * The Overview's banners about events the capture does not hold. Three different stories share one
 * DropCounts: the tab's size cap dropping real events (a capacity problem: the user may clear or
 * export), the bridge refusing malformed hook messages (something on the page forged or broke
 * them; nothing was lost to capacity), and the page's outbox giving up batches the service worker
 * never took (the extension, not the app, failed). Each gets its own sentence.
 */
import type { DropCounts } from '../../core/capture/events.js';
import { DOC_REFUSED_KIND, INVALID_KIND, LOST_IN_PAGE_BATCHES_KIND, LOST_IN_PAGE_KIND } from '../../core/capture/store.js';
import { bytes } from '../format.js';

export interface DropBanners {
  /** Events the cap dropped, with their size and kinds; absent when the cap never bit. */
  cap?: string;
  /** Malformed events from the page that were refused; absent when there were none. */
  refused?: string;
  /** Events captured in the page but given up before the worker stored them; absent when none. */
  lost?: string;
}

/** Kinds that are not the cap's doing, so not listed in its sentence. */
const NOT_CAP = new Set([INVALID_KIND, LOST_IN_PAGE_KIND, LOST_IN_PAGE_BATCHES_KIND, DOC_REFUSED_KIND]);

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function dropBanners(d: DropCounts): DropBanners {
  const out: DropBanners = {};
  const refused = Math.max(0, d.byKind[INVALID_KIND] ?? 0);
  const lost = Math.max(0, d.byKind[LOST_IN_PAGE_KIND] ?? 0);
  const lostBatches = Math.max(0, d.byKind[LOST_IN_PAGE_BATCHES_KIND] ?? 0);
  // Refused and lost events carry no bytes into the counts, so the cap's share is what remains.
  const capped = Math.max(0, d.events - refused - lost);
  if (capped > 0) {
    const kinds = Object.entries(d.byKind)
      .filter(([k, n]) => !NOT_CAP.has(k) && n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    out.cap = `The capture limit was reached: ${plural(capped, 'event', 'events')} (${bytes(d.bytes)}) ${capped === 1 ? 'was' : 'were'} dropped${kinds ? ` — ${kinds}` : ''}`;
  }
  const docsRefused = Math.max(0, d.byKind[DOC_REFUSED_KIND] ?? 0);
  if (docsRefused > 0) {
    // Documents count toward the limit too: frames loaded once it was reached are not kept.
    const docs = `${plural(docsRefused, 'frame', 'frames')} loaded after it ${docsRefused === 1 ? 'was' : 'were'} not kept`;
    out.cap = out.cap ? `${out.cap}; ${docs}` : `The capture limit was reached: ${docs}`;
  }
  if (refused > 0) {
    out.refused = `${plural(refused, 'malformed event', 'malformed events')} from the page ${refused === 1 ? 'was' : 'were'} refused (not valid capture messages, possibly forged by a page script); the rest of the capture is unaffected`;
  }
  if (lost > 0 || lostBatches > 0) {
    out.lost = `${plural(lost, 'event', 'events')} (${plural(lostBatches, 'batch', 'batches')}) ${lost === 1 ? 'was' : 'were'} lost in the page before the extension could store them: the extension's service worker was unreachable for too long while the page kept capturing, and the page keeps only a bounded backlog; the capture has a gap there`;
  }
  return out;
}
