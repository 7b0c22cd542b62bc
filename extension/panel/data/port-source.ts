/**
 * Live data from the service worker over a runtime port. The worker can be stopped at any time
 * (MV3), which disconnects the port: we reconnect and re-subscribe, and the fresh snapshot
 * replaces what we had, so nothing is shown twice.
 */
import { Observable } from 'rxjs';
import { PANEL_PORT, PORT_PROTOCOL_VERSION } from '../../../core/messages/versions.js';
import { parseWorkerMessage, type PanelToWorker, type WorkerToPanel } from '../../../core/messages/panel-worker.js';
import { channel, type Channel, type PortLike } from '../../../core/messages/channel.js';
import type { PanelStore } from '../../../ui/data/store.js';
import type { LiveConnection } from '../../../ui/host.js';

/** The slice of a runtime.Port the panel uses (chrome's and the polyfill's both fit). */
export type Connect = (name: string) => PortLike;

export type { LiveConnection };

type WorkerChannel = Channel<WorkerToPanel, PanelToWorker>;

/** Messages for `tabId`, across reconnects. Completes only on unsubscribe. */
export function workerMessages(connect: Connect, tabId: number, onPort?: (worker: WorkerChannel | undefined) => void): Observable<WorkerToPanel> {
  return new Observable<WorkerToPanel>((sub) => {
    let closed = false;
    let port: WorkerChannel | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    const open = () => {
      if (closed) return;
      try {
        port = channel<WorkerToPanel, PanelToWorker>(connect(PANEL_PORT), (m) => parseWorkerMessage(m, tabId));
      } catch (err) {
        sub.error(err);
        return;
      }
      onPort?.(port);
      const me = port;
      // Any message, even one for another tab, shows the worker is up again: the back-off restarts.
      me.on(
        (msg) => {
          attempt = 0;
          sub.next(msg);
        },
        () => {
          attempt = 0;
        },
      );
      me.onClose(() => {
        if (closed || port !== me) return;
        port = undefined;
        onPort?.(undefined);
        // Back off a little so a worker that keeps dying does not spin the panel.
        retry = setTimeout(open, Math.min(2000, 50 * 2 ** attempt++));
      });
      me.send({ type: 'subscribe', v: PORT_PROTOCOL_VERSION, tabId });
    };
    open();
    return () => {
      closed = true;
      if (retry) clearTimeout(retry);
      port?.close();
    };
  });
}

/** Feeds the store from the worker; returns how to talk back (preserve log, clear). */
export function connectLive(connect: Connect, tabId: number, store: PanelStore): LiveConnection {
  let port: WorkerChannel | undefined;
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
      port?.send(msg);
    },
    close() {
      sub.unsubscribe();
    },
  };
}
