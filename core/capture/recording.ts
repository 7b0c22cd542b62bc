/**
 * The in-app recorder's capture: the page hook's batches kept in the page itself, in the same
 * TabCaptureStore the service worker uses (same byte cap, same drop counts by kind, same batch
 * checks), so a recorder bundle and an extension bundle hold the same thing.
 */
import type { HookBatch } from '../messages/hook-bridge.js';
import type { DocInfo, DropCounts, StoredEvent } from './events.js';
import { parseBatchEvents } from './validate.js';
import { DEFAULT_TAB_CAP_BYTES, TabCaptureStore } from './store.js';

/** The one "tab" a page's own recording has. */
const TAB = 0;

export interface Recording {
  /** Takes one batch from the hook (HookBatch as the emitter builds it). */
  deliver(batch: HookBatch): void;
  /** Registers the recording document (the hook's docId) before its first batch. */
  hello(docId: string, url: string, now: number, title?: string): void;
  events(): readonly StoredEvent[];
  docs(): readonly DocInfo[];
  dropped(): DropCounts;
  /** Bytes held, counted as the store counts them. */
  bytes(): number;
}

export function createRecording(capBytes: number = DEFAULT_TAB_CAP_BYTES): Recording {
  const store = new TabCaptureStore(capBytes);
  store.setPreserveLog(TAB, true);
  return {
    deliver(batch) {
      const { events, invalid } = parseBatchEvents(batch.json, batch.n);
      store.addBatch(TAB, batch.docId, batch.seq, events, invalid, batch.json.length);
    },
    hello(docId, url, now, title) {
      store.hello(TAB, docId, url, true, now, title);
    },
    events: () => store.tab(TAB).events,
    docs: () => store.tab(TAB).docs,
    dropped: () => store.tab(TAB).dropped,
    bytes: () => store.tab(TAB).bytes,
  };
}
