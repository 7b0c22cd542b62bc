/**
 * Functions handed to `page.evaluate` in an extension page (chrome-extension://<id>/…) of Chromium or
 * Firefox, to talk to the extension's service worker the way a panel does. Each runs in the page, not
 * here: self-contained, no imports used at run time, and no named inner functions or arrow functions
 * bound to names (tsx and esbuild would wrap them in a `__name` helper the page does not have).
 * Node parses and checks whatever they return (core/messages validators): the page is ours, but the
 * data came from inspected pages.
 */
import type { DocInfo, DropCounts, StoredEvent } from '../core/capture/events.js';
import type { WorkerToPanel } from '../core/messages/panel-worker.js';

export interface CaptureSnapshot {
  docs: DocInfo[];
  events: StoredEvent[];
  dropped: DropCounts;
  preserveLog: boolean;
}

interface ExtPort {
  postMessage(m: unknown): void;
  disconnect(): void;
  onMessage: { addListener(fn: (m: unknown) => void): void };
  onDisconnect: { addListener(fn: () => void): void };
}
type ExtGlobal = {
  browser?: { runtime: { connect(i: { name: string }): ExtPort; sendMessage(m: unknown): Promise<unknown> } };
  chrome: { runtime: { connect(i: { name: string }): ExtPort; sendMessage(m: unknown): Promise<unknown> } };
};

/** A tab's whole capture, read exactly as a panel reads it (PANEL_PORT subscribe + snapshot chunks until `done`). */
export function collectSnapshot(args: { tabId: number; timeout: number }): Promise<CaptureSnapshot> {
  const g = globalThis as unknown as ExtGlobal;
  const api = g.browser ?? g.chrome;
  return new Promise<CaptureSnapshot>((resolve, reject) => {
    const port = api.runtime.connect({ name: 'rtc-devtools/panel' });
    const snap: CaptureSnapshot = { docs: [], events: [], dropped: { events: 0, bytes: 0, byKind: {} }, preserveLog: false };
    const timer = setTimeout(() => {
      port.disconnect();
      reject(new Error('readSnapshot: no complete snapshot in time'));
    }, args.timeout);
    port.onMessage.addListener((raw) => {
      const m = raw as WorkerToPanel;
      if (m.type !== 'snapshot' || m.tabId !== args.tabId) return;
      // Every chunk carries the tab's whole document list: replace, never append.
      snap.docs = m.docs;
      for (const ev of m.events) snap.events.push(ev);
      snap.dropped = m.dropped;
      snap.preserveLog = m.preserveLog;
      if (m.done) {
        clearTimeout(timer);
        port.disconnect();
        resolve(snap);
      }
    });
    port.onDisconnect.addListener(() => {
      clearTimeout(timer);
      reject(new Error('readSnapshot: the worker closed the port'));
    });
    port.postMessage({ type: 'subscribe', v: 1, tabId: args.tabId });
  });
}

/** A runtime message to the worker (the debug API: ping, tabsWithUrl), with a time limit. */
export function sendRuntimeMessage(args: { message: unknown; timeout: number }): Promise<unknown> {
  const g = globalThis as unknown as ExtGlobal;
  const api = g.browser ?? g.chrome;
  return Promise.race([
    api.runtime.sendMessage(args.message),
    new Promise((_, reject) => setTimeout(() => reject(new Error('the extension did not answer in time')), args.timeout)),
  ]);
}

/**
 * Opens port `name`, posts `message`, and collects every message that comes back until one whose
 * `op` is in `endOps` (or, for `op: 'event'`, whose `event.type` is in `endEvents`), the port closes,
 * or `timeout` passes. Returns what came, and why it stopped; Node validates each message.
 */
export function exchangeOnPort(args: {
  name: string;
  message: unknown;
  endOps: string[];
  endEvents: string[];
  timeout: number;
}): Promise<{ replies: unknown[]; ended: 'reply' | 'closed' | 'timeout' }> {
  const g = globalThis as unknown as ExtGlobal;
  const api = g.browser ?? g.chrome;
  return new Promise((resolve) => {
    const replies: unknown[] = [];
    const port = api.runtime.connect({ name: args.name });
    let over = false;
    const timer = setTimeout(() => {
      if (over) return;
      over = true;
      port.disconnect();
      resolve({ replies, ended: 'timeout' });
    }, args.timeout);
    port.onMessage.addListener((raw) => {
      if (over) return;
      replies.push(raw);
      const m = raw as { op?: unknown; event?: { type?: unknown } } | null;
      const op = m && typeof m.op === 'string' ? m.op : '';
      const ev = m && m.event && typeof m.event.type === 'string' ? m.event.type : '';
      if (args.endOps.includes(op) || (op === 'event' && args.endEvents.includes(ev))) {
        over = true;
        clearTimeout(timer);
        port.disconnect();
        resolve({ replies, ended: 'reply' });
      }
    });
    port.onDisconnect.addListener(() => {
      if (over) return;
      over = true;
      clearTimeout(timer);
      resolve({ replies, ended: 'closed' });
    });
    port.postMessage(args.message);
  });
}

/**
 * One request on a fresh port `name` (the panel port: fault orders), resolved with the first message
 * back whose `type` is `replyType` and whose `reqId` is `reqId`; rejects when the port closes first or
 * `timeout` passes. Node validates the reply.
 */
export function requestOnPort(args: { name: string; message: unknown; replyType: string; reqId: string; timeout: number }): Promise<unknown> {
  const g = globalThis as unknown as ExtGlobal;
  const api = g.browser ?? g.chrome;
  return new Promise((resolve, reject) => {
    const port = api.runtime.connect({ name: args.name });
    let over = false;
    const timer = setTimeout(() => {
      if (over) return;
      over = true;
      port.disconnect();
      reject(new Error('the extension did not answer in time'));
    }, args.timeout);
    port.onMessage.addListener((raw) => {
      const m = raw as { type?: unknown; reqId?: unknown } | null;
      if (over || !m || m.type !== args.replyType || m.reqId !== args.reqId) return;
      over = true;
      clearTimeout(timer);
      port.disconnect();
      resolve(raw);
    });
    port.onDisconnect.addListener(() => {
      if (over) return;
      over = true;
      clearTimeout(timer);
      reject(new Error('the extension closed the port without an answer'));
    });
    port.postMessage(args.message);
  });
}
