/**
 * Live data from the service worker over a runtime port. The worker can be stopped at any time
 * (MV3), which disconnects the port: we reconnect and re-subscribe, and the fresh snapshot
 * replaces what we had, so nothing is shown twice.
 */
import { Observable } from 'rxjs';
import {
  PANEL_PORT,
  PORT_PROTOCOL_VERSION,
  type PanelToWorker,
  type PortLike,
  type WorkerToPanel,
} from '../../../core/capture/messages.js';

export type { PortLike };
import type { CaptureStore } from './store.js';

/** The slice of a runtime.Port the panel uses (chrome's and the polyfill's both fit). */
export type Connect = (name: string) => PortLike;

export interface LiveConnection {
  send(msg: PanelToWorker): void;
  close(): void;
}

function isWorkerMessage(msg: unknown, tabId: number): msg is WorkerToPanel {
  if (typeof msg !== 'object' || msg === null) return false;
  const m = msg as { v?: unknown; tabId?: unknown; type?: unknown };
  return m.v === PORT_PROTOCOL_VERSION && m.tabId === tabId && typeof m.type === 'string';
}

/** Messages for `tabId`, across reconnects. Completes only on unsubscribe. */
export function workerMessages(connect: Connect, tabId: number, onPort?: (port: PortLike | undefined) => void): Observable<WorkerToPanel> {
  return new Observable<WorkerToPanel>((sub) => {
    let closed = false;
    let port: PortLike | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    const open = () => {
      if (closed) return;
      try {
        port = connect(PANEL_PORT);
      } catch (err) {
        sub.error(err);
        return;
      }
      onPort?.(port);
      const me = port;
      me.onMessage.addListener((msg) => {
        attempt = 0;
        if (isWorkerMessage(msg, tabId)) sub.next(msg);
      });
      me.onDisconnect.addListener(() => {
        if (closed || port !== me) return;
        port = undefined;
        onPort?.(undefined);
        // Back off a little so a worker that keeps dying does not spin the panel.
        retry = setTimeout(open, Math.min(2000, 50 * 2 ** attempt++));
      });
      me.postMessage({ type: 'subscribe', v: PORT_PROTOCOL_VERSION, tabId } satisfies PanelToWorker);
    };
    open();
    return () => {
      closed = true;
      if (retry) clearTimeout(retry);
      port?.disconnect();
    };
  });
}

/** Feeds the store from the worker; returns how to talk back (preserve log, clear). */
export function connectLive(connect: Connect, tabId: number, store: CaptureStore): LiveConnection {
  let port: PortLike | undefined;
  let inSnapshot = false;
  const sub = workerMessages(connect, tabId, (p) => {
    port = p;
    // A snapshot cut off by a stopped worker starts over on the next port: its first chunk must reset.
    inSnapshot = false;
  }).subscribe({
    next(msg) {
      switch (msg.type) {
        case 'snapshot':
          // The first chunk of a snapshot replaces everything (also after a reconnect).
          if (!inSnapshot) store.reset();
          inSnapshot = !msg.done;
          store.docs = msg.docs;
          store.dropped = msg.dropped;
          store.preserveLog = msg.preserveLog;
          if (msg.done) store.ready = true;
          store.append(msg.events);
          store.bump();
          break;
        case 'events':
          store.dropped = msg.dropped;
          // A batch can carry only new drop counts; those must show too.
          if (msg.events.length) store.append(msg.events);
          else store.bump();
          break;
        case 'doc': {
          if (msg.reset) store.reset();
          // A known document comes again when something about it changed (its title): replace it.
          const i = store.docs.findIndex((d) => d.docId === msg.doc.docId);
          store.docs = i < 0 ? [...store.docs, msg.doc] : store.docs.map((d, j) => (j === i ? msg.doc : d));
          store.bump();
          break;
        }
        case 'cleared': {
          // Clear drops events, not the tab's documents (the worker keeps them): labels and loads stay.
          const docs = store.docs;
          store.reset();
          store.docs = docs;
          break;
        }
      }
    },
    error(err) {
      console.error('panel: capture connection failed', err);
    },
  });
  return {
    send(msg) {
      port?.postMessage(msg);
    },
    close() {
      sub.unsubscribe();
    },
  };
}
