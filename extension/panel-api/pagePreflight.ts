/**
 * What the panel calls to run the preflight in the inspected page instead of the panel itself:
 *
 *   runPreflightInPage(tabId, config).subscribe(ev => ...)   // same events as runBrowserPreflight
 *
 * Unsubscribing cancels the run in the page. The observable errors with a readable message when
 * the page cannot be reached or went away mid-run.
 */
import { Observable } from 'rxjs';
import type { PreflightConfig, PreflightEvent } from '../../core/preflight/types.js';
import { channel, type PortLike } from '../../core/messages/channel.js';
import { PREFLIGHT_PORT } from '../../core/messages/versions.js';
import { newRunId, toWireConfig } from '../../core/preflight/remote.js';
import {
  parsePreflightReply,
  relayMessage,
  startMessage,
  type PanelToWorkerPreflight,
  type WorkerToPanelPreflight,
} from '../../core/messages/preflight.js';

/** The few port members used, so tests can hand in a fake. */
export type PreflightPortLike = PortLike;
export type ConnectPort = (name: string) => PreflightPortLike | Promise<PreflightPortLike>;

async function defaultConnect(name: string): Promise<PreflightPortLike> {
  const { default: browser } = await import('webextension-polyfill');
  return browser.runtime.connect({ name }) as unknown as PreflightPortLike;
}

export function runPreflightInPage(tabId: number, config: PreflightConfig, connect: ConnectPort = defaultConnect): Observable<PreflightEvent> {
  return new Observable<PreflightEvent>((subscriber) => {
    const runId = newRunId();
    let port: PreflightPortLike | undefined;
    let over = false;
    // The start the page's bridge will run, carried whole to the worker with the tab it is for.
    const request = relayMessage(tabId, startMessage(runId, toWireConfig(config)));
    Promise.resolve()
      .then(() => connect(PREFLIGHT_PORT))
      .then(
        (p) => {
          if (subscriber.closed) return void p.disconnect();
          port = p;
          const worker = channel<WorkerToPanelPreflight, PanelToWorkerPreflight>(p, (m) => parsePreflightReply(m, runId));
          worker.on((reply) => {
            if (over) return;
            if (reply.op === 'error') {
              over = true;
              subscriber.error(new Error(reply.message));
              return;
            }
            subscriber.next(reply.event);
            if (reply.event.type === 'done') {
              over = true;
              subscriber.complete();
            }
          });
          worker.onClose(() => {
            if (over) return;
            over = true;
            subscriber.error(new Error('the extension stopped relaying the preflight (its background restarted); run it again'));
          });
          worker.send(request);
        },
        (e: unknown) => subscriber.error(e instanceof Error ? e : new Error(String(e))),
      );
    return () => {
      over = true;
      port?.disconnect();
    };
  });
}
