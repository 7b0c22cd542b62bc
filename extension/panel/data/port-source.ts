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
import type { PanelStore } from '../../../ui/data/store.js';
import type { LiveConnection } from '../../../ui/host.js';

/** The slice of a runtime.Port the panel uses (chrome's and the polyfill's both fit). */
export type Connect = (name: string) => PortLike;

export type { LiveConnection };

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
export function connectLive(connect: Connect, tabId: number, store: PanelStore): LiveConnection {
  let port: PortLike | undefined;
  const sub = workerMessages(connect, tabId, (p) => {
    port = p;
    // A snapshot cut off by a stopped worker starts over on the next port.
    store.snapshotCutOff();
  }).subscribe({
    next(msg) {
      switch (msg.type) {
        case 'snapshot':
          store.applySnapshot(msg);
          break;
        case 'events':
          store.applyEvents(msg.events, msg.dropped);
          break;
        case 'doc':
          store.applyDoc(msg.doc, msg.reset);
          break;
        case 'cleared':
          store.applyCleared();
          break;
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
