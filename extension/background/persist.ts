/**
 * IndexedDB persistence of tab captures, so a stopped and restarted service worker still has
 * everything it acknowledged. One record per accepted batch (ordered by the tab's batch counter)
 * plus one small metadata record per tab, written in the same transaction, and one record per
 * document, written once when it is new or changed: a page with thousands of frames must not make
 * every batch rewrite the whole document list (2,500 frames with 4 KB URLs did: 10 MB a batch).
 */
import type { DocInfo, DropCounts, StoredEvent } from '../../core/capture/events.js';
import type { LostCounts } from '../../core/messages/bridge-worker.js';
import { createTab, docsBytes, type TabCapture } from '../../core/capture/store.js';

const DB_NAME = 'rtc-devtools-capture';
/** 2: documents in their own store (version 1 kept them inside the tab's metadata record). */
const DB_VERSION = 2;
const TABS = 'tabs';
const BATCHES = 'batches';
const DOCS = 'docs';

interface TabMeta {
  tabId: number;
  /** Only in records written by DB version 1; read once, then the documents live in DOCS. */
  docs?: DocInfo[];
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

interface DocRecord {
  tabId: number;
  docId: string;
  /** Place in the tab's document list (documents are only appended, or the list is restarted). */
  order: number;
  doc: DocInfo;
}

/** Per tab, the document objects last written: the store replaces a DocInfo to change it. */
const written = new Map<number, Map<string, DocInfo>>();

let dbPromise: Promise<IDBDatabase> | undefined;

function open(): Promise<IDBDatabase> {
  dbPromise ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(TABS)) db.createObjectStore(TABS, { keyPath: 'tabId' });
      if (!db.objectStoreNames.contains(BATCHES)) db.createObjectStore(BATCHES, { keyPath: ['tabId', 'n'] });
      if (!db.objectStoreNames.contains(DOCS)) db.createObjectStore(DOCS, { keyPath: ['tabId', 'docId'] });
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
/** All document records of a tab (doc ids are strings; every string sorts below an array). */
const docRange = (tabId: number) => IDBKeyRange.bound([tabId, ''], [tabId, []]);

/** Puts the tab's documents that are new or changed since they were last written. */
function putDocs(x: IDBTransaction, t: TabCapture): void {
  let seen = written.get(t.tabId);
  if (!seen) written.set(t.tabId, (seen = new Map()));
  const store = x.objectStore(DOCS);
  for (let i = 0; i < t.docs.length; i++) {
    const doc = t.docs[i]!;
    if (seen.get(doc.docId) === doc) continue;
    const rec: DocRecord = { tabId: t.tabId, docId: doc.docId, order: i, doc };
    store.put(rec);
    seen.set(doc.docId, doc);
  }
}

/** Forgets every stored document of the tab, then writes its current list afresh. */
function rewriteDocs(x: IDBTransaction, t: TabCapture): void {
  x.objectStore(DOCS).delete(docRange(t.tabId));
  written.delete(t.tabId);
  putDocs(x, t);
}

function docRecords(x: IDBTransaction, tabId: number): Promise<DocRecord[]> {
  return request(x.objectStore(DOCS).getAll(docRange(tabId))) as Promise<DocRecord[]>;
}

/** The tab's document list from its records, or from a version-1 metadata record that still holds it. */
function docsOf(tabId: number, recs: DocRecord[], m: TabMeta): DocInfo[] {
  // Version 1 kept them in the metadata: they are the list until the next write moves them.
  if (recs.length === 0 && m.docs) return m.docs;
  recs.sort((a, b) => a.order - b.order);
  const docs = recs.map((r) => r.doc);
  written.set(tabId, new Map(docs.map((d) => [d.docId, d])));
  return docs;
}

export function saveBatch(t: TabCapture, docId: string, seq: number, events: BatchEvents, bytes: number): Promise<void> {
  const rec: BatchRecord = { tabId: t.tabId, n: t.batchCount, docId, seq, bytes, ...events };
  const m = meta(t);
  return tx([TABS, BATCHES, DOCS], 'readwrite', (x) => {
    x.objectStore(BATCHES).put(rec);
    x.objectStore(TABS).put(m);
    putDocs(x, t);
  });
}

export function saveMeta(t: TabCapture): Promise<void> {
  const m = meta(t);
  return tx([TABS, DOCS], 'readwrite', (x) => {
    x.objectStore(TABS).put(m);
    putDocs(x, t);
  });
}

/** After a new page load or a clear: forget every stored batch of the tab so far, keep its metadata. */
export function dropBatches(t: TabCapture): Promise<void> {
  const m = meta(t);
  return tx([TABS, BATCHES, DOCS], 'readwrite', (x) => {
    x.objectStore(BATCHES).delete(tabRange(t.tabId, t.batchCount));
    x.objectStore(TABS).put(m);
    rewriteDocs(x, t);
  });
}

export function deleteTab(tabId: number): Promise<void> {
  written.delete(tabId);
  return tx([TABS, BATCHES, DOCS], 'readwrite', (x) => {
    x.objectStore(BATCHES).delete(tabRange(tabId));
    x.objectStore(TABS).delete(tabId);
    x.objectStore(DOCS).delete(docRange(tabId));
  });
}

export async function storedTabIds(): Promise<number[]> {
  const db = await open();
  return (await request(db.transaction(TABS, 'readonly').objectStore(TABS).getAllKeys())) as number[];
}

/** A tab's documents without reading its events (cheap). */
export async function loadDocs(tabId: number): Promise<DocInfo[] | undefined> {
  const db = await open();
  const x = db.transaction([TABS, DOCS], 'readonly');
  const [m, recs] = await Promise.all([request(x.objectStore(TABS).get(tabId)) as Promise<TabMeta | undefined>, docRecords(x, tabId)]);
  return m ? docsOf(tabId, recs, m) : undefined;
}

/** Rebuilds a tab's capture from disk; undefined when nothing was stored for it. */
export async function loadTab(tabId: number): Promise<TabCapture | undefined> {
  const db = await open();
  const x = db.transaction([TABS, BATCHES, DOCS], 'readonly');
  const [m, records, docRecs] = await Promise.all([
    request(x.objectStore(TABS).get(tabId)) as Promise<TabMeta | undefined>,
    request(x.objectStore(BATCHES).getAll(tabRange(tabId))) as Promise<BatchRecord[]>,
    docRecords(x, tabId),
  ]);
  if (!m) return undefined;
  const t = createTab(tabId);
  t.docs = docsOf(tabId, docRecs, m);
  // Documents count toward the cap as they did before the worker stopped.
  t.bytes += docsBytes(t);
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
