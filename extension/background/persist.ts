/**
 * IndexedDB persistence of tab captures, so a stopped and restarted service worker still has
 * everything it acknowledged. One record per accepted batch (ordered by the tab's batch counter)
 * plus one small metadata record per tab, written in the same transaction.
 */
import type { DocInfo, DropCounts, LostCounts, StoredEvent } from '../../core/capture/messages.js';
import { createTab, type TabCapture } from '../../core/capture/store.js';

const DB_NAME = 'rtc-devtools-capture';
const DB_VERSION = 1;
const TABS = 'tabs';
const BATCHES = 'batches';

interface TabMeta {
  tabId: number;
  docs: DocInfo[];
  preserveLog: boolean;
  currentLoad?: string;
  dropped: DropCounts;
  retired: string[];
  lastSeq: [string, number][];
  batchCount: number;
  /** Absent in records written before the bridge reported losses. */
  lostByDoc?: [string, LostCounts][];
}

/** The events as objects, or as the JSON text of CaptureEvent[] they arrived in (no `doc` yet). */
export type BatchEvents = { events: StoredEvent[] } | { json: string };

type BatchRecord = {
  tabId: number;
  n: number;
  docId: string;
  seq: number;
  bytes: number;
} & BatchEvents;

let dbPromise: Promise<IDBDatabase> | undefined;

function open(): Promise<IDBDatabase> {
  dbPromise ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(TABS)) db.createObjectStore(TABS, { keyPath: 'tabId' });
      if (!db.objectStoreNames.contains(BATCHES)) db.createObjectStore(BATCHES, { keyPath: ['tabId', 'n'] });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('indexedDB.open failed'));
  }).catch((err: unknown) => {
    dbPromise = undefined;
    throw err;
  });
  return dbPromise;
}

async function tx(stores: string[], mode: IDBTransactionMode, fn: (t: IDBTransaction) => void): Promise<void> {
  const db = await open();
  await new Promise<void>((resolve, reject) => {
    // 'relaxed' still survives the worker being stopped (only an OS crash could lose a commit),
    // and does not fsync once per batch.
    const t = db.transaction(stores, mode, { durability: 'relaxed' });
    t.oncomplete = () => resolve();
    t.onerror = () => reject(t.error ?? new Error('transaction failed'));
    t.onabort = () => reject(t.error ?? new Error('transaction aborted'));
    fn(t);
  });
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('request failed'));
  });
}

function meta(t: TabCapture): TabMeta {
  return {
    tabId: t.tabId,
    docs: t.docs,
    preserveLog: t.preserveLog,
    currentLoad: t.currentLoad,
    dropped: t.dropped,
    retired: t.retired,
    lastSeq: [...t.lastSeq],
    batchCount: t.batchCount,
    lostByDoc: [...t.lostByDoc],
  };
}

/** All batch records of a tab up to and including batch number `upTo`. */
const tabRange = (tabId: number, upTo = Number.MAX_SAFE_INTEGER) => IDBKeyRange.bound([tabId, 0], [tabId, upTo]);

export function saveBatch(t: TabCapture, docId: string, seq: number, events: BatchEvents, bytes: number): Promise<void> {
  const rec: BatchRecord = { tabId: t.tabId, n: t.batchCount, docId, seq, bytes, ...events };
  const m = meta(t);
  return tx([TABS, BATCHES], 'readwrite', (x) => {
    x.objectStore(BATCHES).put(rec);
    x.objectStore(TABS).put(m);
  });
}

export function saveMeta(t: TabCapture): Promise<void> {
  const m = meta(t);
  return tx([TABS], 'readwrite', (x) => x.objectStore(TABS).put(m));
}

/** After a new page load or a clear: forget every stored batch of the tab so far, keep its metadata. */
export function dropBatches(t: TabCapture): Promise<void> {
  const m = meta(t);
  return tx([TABS, BATCHES], 'readwrite', (x) => {
    x.objectStore(BATCHES).delete(tabRange(t.tabId, t.batchCount));
    x.objectStore(TABS).put(m);
  });
}

export function deleteTab(tabId: number): Promise<void> {
  return tx([TABS, BATCHES], 'readwrite', (x) => {
    x.objectStore(BATCHES).delete(tabRange(tabId));
    x.objectStore(TABS).delete(tabId);
  });
}

export async function storedTabIds(): Promise<number[]> {
  const db = await open();
  return (await request(db.transaction(TABS, 'readonly').objectStore(TABS).getAllKeys())) as number[];
}

/** A tab's documents without reading its events (cheap). */
export async function loadDocs(tabId: number): Promise<DocInfo[] | undefined> {
  const db = await open();
  const m = (await request(db.transaction(TABS, 'readonly').objectStore(TABS).get(tabId))) as TabMeta | undefined;
  return m?.docs;
}

/** Rebuilds a tab's capture from disk; undefined when nothing was stored for it. */
export async function loadTab(tabId: number): Promise<TabCapture | undefined> {
  const db = await open();
  const x = db.transaction([TABS, BATCHES], 'readonly');
  const [m, records] = await Promise.all([
    request(x.objectStore(TABS).get(tabId)) as Promise<TabMeta | undefined>,
    request(x.objectStore(BATCHES).getAll(tabRange(tabId))) as Promise<BatchRecord[]>,
  ]);
  if (!m) return undefined;
  const t = createTab(tabId);
  t.docs = m.docs;
  t.preserveLog = m.preserveLog;
  t.currentLoad = m.currentLoad;
  t.dropped = m.dropped;
  t.retired = m.retired;
  t.lastSeq = new Map(m.lastSeq);
  t.batchCount = m.batchCount;
  t.lostByDoc = new Map(m.lostByDoc ?? []);
  for (const r of records) {
    if ('json' in r) {
      let evs: StoredEvent[];
      try {
        evs = JSON.parse(r.json) as StoredEvent[];
      } catch (err) {
        // One damaged record must not cost the rest of the tab's capture.
        console.warn('rtc-devtools: unreadable stored batch', r.docId, r.seq, err);
        continue;
      }
      for (const ev of evs) {
        ev.doc = r.docId;
        t.events.push(ev);
      }
    } else for (const ev of r.events) t.events.push(ev);
    t.bytes += r.bytes;
  }
  return t;
}
