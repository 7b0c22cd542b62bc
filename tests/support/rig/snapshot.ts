/**
 * Reads a tab's whole capture the way the panel does (PANEL_PORT subscribe, snapshot chunks until
 * `done`). `collectSnapshot` runs inside an extension page of either browser (passed to Playwright's
 * or puppeteer's evaluate), so it is self-contained: no imports used at run time, no named inner
 * functions (tsx would wrap them in a helper the page does not have).
 */
import type { DocInfo, DropCounts, StoredEvent } from '../../../core/capture/events.js';
import type { WorkerToPanel } from '../../../core/messages/panel-worker.js';

export interface CaptureSnapshot {
  docs: DocInfo[];
  events: StoredEvent[];
  dropped: DropCounts;
  preserveLog: boolean;
}

interface PanelPort {
  postMessage(m: unknown): void;
  disconnect(): void;
  onMessage: { addListener(fn: (m: unknown) => void): void };
  onDisconnect: { addListener(fn: () => void): void };
}

export function collectSnapshot(args: { tabId: number; timeout: number }): Promise<CaptureSnapshot> {
  const g = globalThis as unknown as { browser?: { runtime: { connect(i: { name: string }): PanelPort } }; chrome: { runtime: { connect(i: { name: string }): PanelPort } } };
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
