/**
 * Per-tab capture state, kept by the service worker: documents and page loads, events under a
 * byte cap (what the cap refuses is counted by kind), and de-duplication of batches a bridge resends
 * after a reconnect. Pure logic: persistence wraps it (extension/background/persist.ts).
 */
import type { CaptureEvent } from './events.js';
import type { DocInfo, DropCounts, StoredEvent } from './events.js';
import type { LostCounts } from '../messages/bridge-worker.js';

/** Serialized bytes of events kept per tab; beyond it new events are dropped and counted. */
export const DEFAULT_TAB_CAP_BYTES = 64 * 1024 * 1024;
/** How many retired documents a tab remembers, to ignore their late batches. */
const MAX_RETIRED = 256;
/** Kind under which events rejected by validation are counted in DropCounts.byKind. */
export const INVALID_KIND = 'invalid';
/**
 * Kind under which events the bridge's outbox gave up (the worker unreachable for too long) are
 * counted in DropCounts.byKind; they count in `events` like any other event not held.
 */
export const LOST_IN_PAGE_KIND = 'lost-in-page';
/** The batches those events came in: a count of batches, not events, so not part of `events`. */
export const LOST_IN_PAGE_BATCHES_KIND = 'lost-in-page-batches';

export interface TabCapture {
  tabId: number;
  docs: DocInfo[];
  events: StoredEvent[];
  bytes: number;
  dropped: DropCounts;
  preserveLog: boolean;
  /** loadId of the current top-level page load. */
  currentLoad?: string;
  /** Highest batch seq accepted per document. */
  lastSeq: Map<string, number>;
  /** Documents of discarded loads: their late batches are ignored. */
  retired: string[];
  /** Batches accepted so far (persistence orders its records by it). */
  batchCount: number;
  /**
   * Highest lost-in-page counts each document reported, already folded into `dropped`: a
   * report only adds what goes beyond it. Kept across a clear, so an old loss is not re-added.
   */
  lostByDoc: Map<string, LostCounts>;
}

export interface HelloResult {
  doc: DocInfo;
  /** True when this hello started a new page load that discarded the previous one. */
  reset: boolean;
  /** False when the document was already known (a bridge reconnecting). */
  isNew: boolean;
}

export interface BatchOutcome {
  /** Duplicate or from a retired document: nothing stored, but the sender may forget it. */
  ignored: boolean;
  stored: StoredEvent[];
  /** Serialized bytes of `stored`. */
  bytes: number;
  droppedByCap: number;
}

export function emptyDrops(): DropCounts {
  return { events: 0, bytes: 0, byKind: {} };
}

export function createTab(tabId: number): TabCapture {
  return { tabId, docs: [], events: [], bytes: 0, dropped: emptyDrops(), preserveLog: false, lastSeq: new Map(), retired: [], batchCount: 0, lostByDoc: new Map() };
}

function addDrop(d: DropCounts, kind: string, n: number, bytes: number): void {
  d.events += n;
  d.bytes += bytes;
  d.byKind[kind] = (d.byKind[kind] ?? 0) + n;
}

/**
 * What a document costs the tab's cap: its URL and title, plus the fields around them. Documents
 * count like events, so a page cannot grow a tab past the cap with thousands of frames that carry
 * long URLs and no events.
 */
export function docBytes(doc: DocInfo): number {
  return 96 + doc.docId.length + doc.url.length + doc.loadId.length + (doc.title?.length ?? 0);
}

/**
 * Kind under which frames' documents that arrived with the cap full are counted (not kept: their
 * events would be refused anyway). A count of documents, not events, so not part of `events`.
 */
export const DOC_REFUSED_KIND = 'document';

/** What a tab's documents cost its cap (see docBytes). */
export function docsBytes(t: Pick<TabCapture, 'docs'>): number {
  let n = 0;
  for (const d of t.docs) n += docBytes(d);
  return n;
}

export function eventBytes(ev: CaptureEvent): number {
  try {
    return JSON.stringify(ev).length;
  } catch {
    return 0;
  }
}

/**
 * The service worker's captures: one TabCapture per tab (its page loads, events and drops) within the cap.
 * The panel's view of one capture is a different thing, extension/panel/data/store.ts.
 */
export class TabCaptureStore {
  private readonly tabs = new Map<number, TabCapture>();

  constructor(readonly capBytes: number = DEFAULT_TAB_CAP_BYTES) {}

  get(tabId: number): TabCapture | undefined {
    return this.tabs.get(tabId);
  }

  tab(tabId: number): TabCapture {
    let t = this.tabs.get(tabId);
    if (!t) {
      t = createTab(tabId);
      this.tabs.set(tabId, t);
    }
    return t;
  }

  /** Puts back a tab rebuilt from persistence. */
  restore(t: TabCapture): void {
    this.tabs.set(t.tabId, t);
  }

  tabIds(): number[] {
    return [...this.tabs.keys()];
  }

  removeTab(tabId: number): void {
    this.tabs.delete(tabId);
  }

  hello(tabId: number, docId: string, url: string, top: boolean, now: number, title?: string, countRefusal = true): HelloResult {
    const t = this.tab(tabId);
    const known = t.docs.find((d) => d.docId === docId);
    // A known document's new title goes through setTitle (the caller tells panels what changed).
    if (known) return { doc: known, reset: false, isNew: false };
    // A retired document saying hello again was restored from the back/forward cache (its port was
    // closed while cached): it is live again, and for a top document that is a new page load.
    const back = t.retired.indexOf(docId);
    if (back >= 0) t.retired.splice(back, 1);
    let reset = false;
    if (top) {
      if (!t.preserveLog && t.currentLoad !== undefined) {
        this.retire(t, t.docs.map((d) => d.docId));
        t.docs = [];
        t.events = [];
        t.bytes = 0;
        t.dropped = emptyDrops();
        reset = true;
      }
      t.currentLoad = docId;
    }
    // A frame whose top document we never heard from (e.g. capture began mid-page) starts a load.
    t.currentLoad ??= docId;
    const doc: DocInfo = { docId, url, top, loadId: t.currentLoad, startedAt: now };
    if (title !== undefined) doc.title = title;
    const size = docBytes(doc);
    if (!top && t.bytes + size > this.capBytes) {
      // A frame's document with the cap full is not kept (a top document starts a load and always is).
      // Reported as already known, so nothing announces a document the tab does not hold.
      if (countRefusal) t.dropped.byKind[DOC_REFUSED_KIND] = (t.dropped.byKind[DOC_REFUSED_KIND] ?? 0) + 1;
      return { doc, reset, isNew: false };
    }
    t.bytes += size;
    t.docs.push(doc);
    return { doc, reset, isNew: true };
  }

  /** Records a document's title; the changed DocInfo when it changed (a new object: panels replace theirs). */
  setTitle(tabId: number, docId: string, title: string): DocInfo | undefined {
    const t = this.tab(tabId);
    const i = t.docs.findIndex((d) => d.docId === docId);
    if (i < 0 || t.docs[i]!.title === title) return undefined;
    const doc = { ...t.docs[i]!, title };
    t.bytes += docBytes(doc) - docBytes(t.docs[i]!);
    t.docs[i] = doc;
    return doc;
  }

  private retire(t: TabCapture, docIds: string[]): void {
    for (const id of docIds) {
      t.lastSeq.delete(id);
      t.retired.push(id);
    }
    if (t.retired.length > MAX_RETIRED) {
      for (const id of t.retired.splice(0, t.retired.length - MAX_RETIRED)) t.lostByDoc.delete(id);
    }
  }

  /**
   * Folds a document's cumulative lost-in-page report into the tab's drops: only the part beyond
   * the highest report seen for that document counts, so resends and repeats add nothing. True
   * when the drops changed. A retired document's report belongs to a load already discarded.
   */
  reportLost(tabId: number, docId: string, lost: LostCounts): boolean {
    const t = this.tab(tabId);
    if (t.retired.includes(docId)) return false;
    const seen = t.lostByDoc.get(docId) ?? { batches: 0, events: 0 };
    const events = Math.max(0, lost.events - seen.events);
    const batches = Math.max(0, lost.batches - seen.batches);
    const refused = Math.max(0, (lost.refused ?? 0) - (seen.refused ?? 0));
    if (!events && !batches && !refused) return false;
    const next: LostCounts = { batches: seen.batches + batches, events: seen.events + events };
    if (refused || seen.refused) next.refused = (seen.refused ?? 0) + refused;
    t.lostByDoc.set(docId, next);
    if (refused) addDrop(t.dropped, INVALID_KIND, refused, 0);
    if (events) addDrop(t.dropped, LOST_IN_PAGE_KIND, events, 0);
    if (batches) t.dropped.byKind[LOST_IN_PAGE_BATCHES_KIND] = (t.dropped.byKind[LOST_IN_PAGE_BATCHES_KIND] ?? 0) + batches;
    return true;
  }

  /**
   * Stores a batch's events (already validated) unless it is a resend or from a retired document.
   * `batchBytes`, the serialized size of the batch when known, lets a batch that fits under the cap
   * be stored without measuring each event; near the cap every event is measured.
   */
  addBatch(tabId: number, docId: string, seq: number, events: CaptureEvent[], invalid = 0, batchBytes?: number): BatchOutcome {
    const t = this.tab(tabId);
    if (t.retired.includes(docId) || seq <= (t.lastSeq.get(docId) ?? 0)) return { ignored: true, stored: [], bytes: 0, droppedByCap: 0 };
    t.lastSeq.set(docId, seq);
    t.batchCount++;
    // Not counted as a refused document when the cap is full: its hello (or an earlier batch) was.
    if (!t.docs.some((d) => d.docId === docId) && !this.hello(tabId, docId, '', false, events[0]?.t ?? Date.now(), undefined, false).isNew) {
      // Its document was not kept (the cap was full): neither are its events.
      for (const ev of events) addDrop(t.dropped, ev.kind, 1, eventBytes(ev));
      if (invalid > 0) addDrop(t.dropped, INVALID_KIND, invalid, 0);
      return { ignored: false, stored: [], bytes: 0, droppedByCap: events.length };
    }
    if (invalid > 0) addDrop(t.dropped, INVALID_KIND, invalid, 0);
    if (batchBytes !== undefined && batchBytes >= 0 && t.bytes + batchBytes <= this.capBytes) {
      // Events parsed from JSON are fresh objects of ours: tag them in place.
      const stored = events as StoredEvent[];
      for (const ev of stored) {
        ev.doc = docId;
        t.events.push(ev);
      }
      t.bytes += batchBytes;
      return { ignored: false, stored, bytes: batchBytes, droppedByCap: 0 };
    }
    const stored: StoredEvent[] = [];
    let droppedByCap = 0;
    let bytes = 0;
    for (const ev of events) {
      const size = eventBytes(ev);
      if (t.bytes + size > this.capBytes) {
        addDrop(t.dropped, ev.kind, 1, size);
        droppedByCap++;
        continue;
      }
      const s = { ...ev, doc: docId } as StoredEvent;
      t.bytes += size;
      bytes += size;
      t.events.push(s);
      stored.push(s);
    }
    return { ignored: false, stored, bytes, droppedByCap };
  }

  clear(tabId: number): void {
    const t = this.tab(tabId);
    t.events = [];
    // The documents stay (and keep counting): only events are cleared.
    t.bytes = docsBytes(t);
    t.dropped = emptyDrops();
  }

  setPreserveLog(tabId: number, preserve: boolean): void {
    this.tab(tabId).preserveLog = preserve;
  }
}

/** Splits a snapshot so no single port message gets huge. */
export function chunkEvents(events: StoredEvent[], maxEvents = 5000, maxBytes = 4 * 1024 * 1024): StoredEvent[][] {
  const chunks: StoredEvent[][] = [];
  let cur: StoredEvent[] = [];
  let bytes = 0;
  for (const ev of events) {
    const size = eventBytes(ev);
    if (cur.length && (cur.length >= maxEvents || bytes + size > maxBytes)) {
      chunks.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(ev);
    bytes += size;
  }
  if (cur.length || !chunks.length) chunks.push(cur);
  return chunks;
}
