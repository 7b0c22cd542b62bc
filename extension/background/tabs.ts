/**
 * The worker's tab registry: every operation on a tab runs in that tab's queue, after the tab's
 * capture has been restored from disk, so a freshly woken worker handles a resent batch exactly as
 * the worker that died would have.
 */
import browser from 'webextension-polyfill';
import type { Channel } from '../../core/messages/channel.js';
import { PORT_PROTOCOL_VERSION } from '../../core/messages/versions.js';
import type { DocInfo, StoredEvent } from '../../core/capture/events.js';
import type { LostCounts } from '../../core/messages/bridge-worker.js';
import type { PanelToWorker, WorkerToPanel } from '../../core/messages/panel-worker.js';
import type { ParsedBatch } from '../../core/messages/bridge-worker.js';
import { chunkEvents, type TabCaptureStore, type TabCapture } from '../../core/capture/store.js';
import * as db from './persist.js';

/** A subscribed panel's port, typed by direction. */
export type PanelChannel = Channel<PanelToWorker, WorkerToPanel>;

export interface Tabs {
  /** `lost`: the document's cumulative lost-in-page counts, when its bridge gave batches up. */
  hello(tabId: number, docId: string, url: string, top: boolean, title?: string, lost?: LostCounts): Promise<void>;
  /** A bridge's cumulative lost/refused counts for a document it already said hello for. */
  report(tabId: number, docId: string, lost: LostCounts): Promise<void>;
  /** A document's title became known or changed: kept in its DocInfo, and panels get the new one. */
  title(tabId: number, docId: string, title: string): Promise<void>;
  /** Resolves once the batch is durable (or known to be a duplicate): then it may be acked. */
  batch(tabId: number, batch: ParsedBatch, invalid: number): Promise<void>;
  subscribe(tabId: number, panel: PanelChannel): Promise<void>;
  unsubscribe(panel: PanelChannel): void;
  clear(tabId: number): Promise<void>;
  /** The tab's stored events (restored from disk first), for a look that changes nothing. */
  events(tabId: number): Promise<readonly StoredEvent[]>;
  setPreserveLog(tabId: number, preserve: boolean): Promise<void>;
  forget(tabId: number): Promise<void>;
  sweep(): Promise<void>;
}

export function createTabs(store: TabCaptureStore): Tabs {
  const queues = new Map<number, Promise<unknown>>();
  const loaded = new Set<number>();
  const panels = new Map<number, Set<PanelChannel>>();
  /** The tab's most recent batch write, so acks of resent duplicates wait for it too. */
  const lastWrite = new Map<number, Promise<unknown>>();

  /** Runs fn after everything queued for the tab; a failure never blocks later work. */
  function run<T>(tabId: number, fn: () => Promise<T> | T): Promise<T> {
    const prev = queues.get(tabId) ?? Promise.resolve();
    const next = prev.then(async () => {
      if (!loaded.has(tabId)) {
        loaded.add(tabId);
        try {
          const t = await db.loadTab(tabId);
          if (t) store.restore(t);
        } catch (err) {
          console.warn('rtc-devtools: could not restore tab', tabId, err);
        }
      }
      return fn();
    });
    queues.set(tabId, next.catch(() => undefined));
    return next;
  }

  function send(tabId: number, msg: WorkerToPanel): void {
    for (const panel of panels.get(tabId) ?? []) {
      try {
        panel.send(msg);
      } catch {
        panels.get(tabId)?.delete(panel);
      }
    }
  }

  function docMsg(tabId: number, doc: DocInfo, reset: boolean): WorkerToPanel {
    return { type: 'doc', v: PORT_PROTOCOL_VERSION, tabId, doc, reset };
  }

  /** Runs inside the tab's queue. */
  async function setTitle(tabId: number, docId: string, title: string): Promise<void> {
    const doc = store.setTitle(tabId, docId, title);
    if (!doc) return;
    send(tabId, docMsg(tabId, doc, false));
    await db.saveMeta(store.tab(tabId));
  }

  /** Runs inside the tab's queue: folds a lost-in-page report, telling panels when it changed the drops. */
  function reportLost(tabId: number, docId: string, lost: LostCounts | undefined): boolean {
    if (!lost || !store.reportLost(tabId, docId, lost)) return false;
    send(tabId, { type: 'events', v: PORT_PROTOCOL_VERSION, tabId, events: [], dropped: store.tab(tabId).dropped });
    return true;
  }

  return {
    hello(tabId, docId, url, top, title, lost) {
      return run(tabId, async () => {
        const r = store.hello(tabId, docId, url, top, Date.now(), title);
        if (!r.isNew) {
          const lostChanged = reportLost(tabId, docId, lost);
          // A bridge reconnecting says its title again: news only if it changed meanwhile.
          if (title !== undefined) await setTitle(tabId, docId, title);
          if (lostChanged) await db.saveMeta(store.tab(tabId));
          return;
        }
        const t = store.tab(tabId);
        send(tabId, docMsg(tabId, r.doc, r.reset));
        // After the doc message: a panel told to reset its view also resets its drops.
        reportLost(tabId, docId, lost);
        await (r.reset ? db.dropBatches(t) : db.saveMeta(t));
      });
    },

    title(tabId, docId, title) {
      return run(tabId, () => setTitle(tabId, docId, title));
    },

    report(tabId, docId, lost) {
      return run(tabId, async () => {
        if (reportLost(tabId, docId, lost)) await db.saveMeta(store.tab(tabId));
      });
    },

    async batch(tabId, { docId, seq, events, bytes, json, lost }, invalid) {
      // The queue covers the in-memory step only; the write is awaited outside it. IndexedDB runs
      // transactions on the same stores in creation order, so writes still land in order, and
      // the next batch need not wait for this one's commit.
      const written = await run(tabId, () => {
        const t = store.tab(tabId);
        const docsBefore = t.docs.length;
        const r = store.addBatch(tabId, docId, seq, events, invalid, bytes);
        // After the batch, so a batch from a document that never said hello has registered it.
        // The report is written with the batch's metadata; with a duplicate, on its own.
        const lostChanged = reportLost(tabId, docId, lost);
        // A resend of a batch whose write is still in flight is acked only once that write is done.
        if (r.ignored) {
          if (!lostChanged) return { done: lastWrite.get(tabId) ?? Promise.resolve() };
          const done = db.saveMeta(t);
          lastWrite.set(tabId, done.catch(() => undefined));
          return { done };
        }
        // A batch from a document that never said hello registers it.
        for (const d of t.docs.slice(docsBefore)) send(tabId, docMsg(tabId, d, false));
        if (r.stored.length || r.droppedByCap || invalid) {
          send(tabId, { type: 'events', v: PORT_PROTOCOL_VERSION, tabId, events: r.stored, dropped: t.dropped });
        }
        // Stored whole: keep the text it came as, far cheaper for IndexedDB to copy than objects.
        const whole = json !== undefined && r.stored.length === events.length;
        const done = db.saveBatch(t, docId, seq, whole ? { json } : { events: r.stored }, r.bytes);
        lastWrite.set(tabId, done.catch(() => undefined));
        return { done };
      });
      await written.done;
    },

    subscribe(tabId, panel) {
      return run(tabId, () => {
        let set = panels.get(tabId);
        if (!set) panels.set(tabId, (set = new Set()));
        set.add(panel);
        const t: TabCapture = store.tab(tabId);
        const chunks = chunkEvents(t.events as StoredEvent[]);
        chunks.forEach((events, i) =>
          panel.send({
            type: 'snapshot',
            v: PORT_PROTOCOL_VERSION,
            tabId,
            docs: t.docs,
            events,
            dropped: t.dropped,
            preserveLog: t.preserveLog,
            done: i === chunks.length - 1,
          }),
        );
      });
    },

    unsubscribe(panel) {
      for (const set of panels.values()) set.delete(panel);
    },

    clear(tabId) {
      return run(tabId, async () => {
        store.clear(tabId);
        send(tabId, { type: 'cleared', v: PORT_PROTOCOL_VERSION, tabId });
        await db.dropBatches(store.tab(tabId));
      });
    },

    events(tabId) {
      return run(tabId, () => store.get(tabId)?.events ?? []);
    },

    setPreserveLog(tabId, preserve) {
      return run(tabId, async () => {
        store.setPreserveLog(tabId, preserve);
        await db.saveMeta(store.tab(tabId));
      });
    },

    forget(tabId) {
      return run(tabId, async () => {
        store.removeTab(tabId);
        panels.delete(tabId);
        await db.deleteTab(tabId);
      }).finally(() => {
        queues.delete(tabId);
        loaded.delete(tabId);
        lastWrite.delete(tabId);
      });
    },

    /**
     * Drops data of tabs closed while the worker was not running (or before a browser restart:
     * tab ids do not survive one). Each check runs in the tab's queue and asks the browser about
     * that very tab, so a tab opened meanwhile is never mistaken for a closed one.
     */
    async sweep() {
      let ids: number[];
      try {
        ids = await db.storedTabIds();
      } catch (err) {
        console.warn('rtc-devtools: sweep failed', err);
        return;
      }
      for (const id of ids) {
        const exists = await browser.tabs.get(id).then(
          () => true,
          () => false,
        );
        if (!exists) await this.forget(id).catch(() => undefined);
      }
    },
  };
}
