/**
 * Page loads of a tab, and load-aware labels for captured ids.
 *
 * With "Preserve log" a tab's capture spans several page loads, and every load numbers its sockets
 * and peer connections from 1 again: two `ws-1` would read as one socket. Captured ids are
 * `${docId}:ws-1` and DocInfo maps a docId to its page load, so a label can say which load an id
 * belongs to. The first load keeps the short name everyone knows (`ws-1`); later ones carry their
 * ordinal (`ws-1 · load 2`).
 */
import type { DocInfo } from './events.js';

/**
 * One page load (a top-level document and its frames), in the order the tab started them.
 * Views draw load markers from these: `ordinal` is the number shown to people, `startedAt` places the
 * marker on a time axis, `url` (and `title` when the bridge reported it) says which page it was.
 */
export interface PageLoad {
  /** DocInfo.loadId: the docId of the load's first (normally top) document. */
  loadId: string;
  /** 1 for the first load in the capture, 2 for the next… */
  ordinal: number;
  /** URL of the load's top document ('' when only frames of it were seen). */
  url: string;
  /** Title of the load's top document, once the bridge reported it. */
  title?: string;
  /** When the load's first document said hello, ms since the epoch. */
  startedAt: number;
  /** Every document (top and frames) of this load. */
  docIds: string[];
}

/** Groups documents into page loads, in order of each load's first document. */
export function loadsOf(docs: readonly DocInfo[]): PageLoad[] {
  const byId = new Map<string, PageLoad>();
  const out: PageLoad[] = [];
  for (const d of docs) {
    let load = byId.get(d.loadId);
    if (!load) {
      load = { loadId: d.loadId, ordinal: out.length + 1, url: '', startedAt: d.startedAt, docIds: [] };
      byId.set(d.loadId, load);
      out.push(load);
    }
    load.docIds.push(d.docId);
    if (d.startedAt < load.startedAt) load.startedAt = d.startedAt;
    // The top document names the load; a frame's URL stands in only until the top one is known.
    if (d.top || !load.url) {
      if (d.top || d.url) load.url = d.url;
      if (d.top && d.title !== undefined) load.title = d.title;
    }
  }
  return out;
}

/** A lookup from docId to its page load, built once per change of the documents list. */
export class LoadIndex {
  readonly loads: readonly PageLoad[];
  private readonly byDoc = new Map<string, PageLoad>();

  constructor(docs: readonly DocInfo[]) {
    this.loads = loadsOf(docs);
    for (const l of this.loads) for (const d of l.docIds) this.byDoc.set(d, l);
  }

  /** The load a captured id (`${docId}:ws-1`) or a bare docId belongs to, when known. */
  loadOf(id: string): PageLoad | undefined {
    return this.byDoc.get(docPart(id)) ?? this.byDoc.get(id);
  }

  label(id: string): string {
    return labelOf(id, this);
  }
}

/** "docId" of "docId:ws-1"; the id itself when it has no doc part. */
export function docPart(id: string): string {
  const i = id.lastIndexOf(':');
  return i >= 0 ? id.slice(0, i) : id;
}

/** "ws-1" of "docId:ws-1": the part people read. */
export function localPart(id: string): string {
  const i = id.lastIndexOf(':');
  return i >= 0 ? id.slice(i + 1) : id;
}

/**
 * `ws-1` for an id of the first load (or of an unknown document), `ws-1 · load 2` for the same
 * local id on a later load, so ids of different loads never read alike.
 */
export function labelOf(id: string, loads: LoadIndex | readonly DocInfo[]): string {
  const index = loads instanceof LoadIndex ? loads : new LoadIndex(loads);
  const local = localPart(id);
  const load = index.loadOf(id);
  return load && load.ordinal > 1 ? `${local} · load ${load.ordinal}` : local;
}
