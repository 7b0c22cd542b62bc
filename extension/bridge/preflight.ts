/**
 * Bridge side of the panel's preflight: the worker connects to the top frame's bridge with a
 * PREFLIGHT_PORT port and one start message; the runner module is imported then (not before) and
 * every event goes back on the port. The port closing (panel closed, Cancel) cancels the run.
 */
import type { Browser, Runtime } from 'webextension-polyfill';
import type { PreflightEvent } from '../../core/preflight/types.js';
import { PREFLIGHT_PORT } from '../../core/messages/versions.js';
import { PREFLIGHT_RUNNER_FILE, type WireConfig } from '../../core/preflight/remote.js';
import { channel, type PortLike } from '../../core/messages/channel.js';
import {
  aliveMessage,
  errorReply,
  eventReply,
  parsePreflightStart,
  type BridgeToWorkerPreflight,
  type WorkerToBridgePreflight,
} from '../../core/messages/preflight.js';

/** Below the 30 s idle limit of Chromium's worker and Firefox's event page. */
const ALIVE_MS = 5_000;

type RunnerModule = {
  runInThisPage(config: WireConfig, emit: (ev: PreflightEvent) => void, done: (error?: string) => void): () => void;
};

export function installPreflightRelay(browser: Pick<Browser, 'runtime'>, isTop: boolean): void {
  browser.runtime.onConnect.addListener((port: Runtime.Port) => {
    if (port.name !== PREFLIGHT_PORT) return;
    // Only our own extension can open a port to a content script; the panel runs in the top document.
    if (!isTop || (port.sender?.id !== undefined && port.sender.id !== browser.runtime.id)) return void port.disconnect();
    let cancel: (() => void) | undefined;
    let closed = false;
    let started = false;
    let alive: ReturnType<typeof setInterval> | undefined;
    const stopAlive = () => {
      if (alive !== undefined) clearInterval(alive);
      alive = undefined;
    };
    const worker = channel<WorkerToBridgePreflight, BridgeToWorkerPreflight>(port as PortLike, parsePreflightStart);
    worker.onClose(() => {
      closed = true;
      stopAlive();
      cancel?.();
    });
    worker.on((start) => {
      if (started) return;
      started = true;
      const post = (m: BridgeToWorkerPreflight) => {
        if (!closed) worker.send(m);
      };
      // A check may wait long without progress (a permission prompt, a held camera); the message
      // keeps an idle worker or event page from being unloaded, which would drop the run.
      alive = setInterval(() => post(aliveMessage(start.runId)), ALIVE_MS);
      // The run ends with its 'done' event or an error reply; the worker closes the port then.
      import(/* @vite-ignore */ browser.runtime.getURL(PREFLIGHT_RUNNER_FILE))
        .then((mod: RunnerModule) => {
          if (closed) return;
          cancel = mod.runInThisPage(
            start.config,
            (ev) => post(eventReply(start.runId, ev)),
            (error) => {
              stopAlive();
              if (error) post(errorReply(start.runId, error));
            },
          );
        })
        .catch((e: unknown) => (stopAlive(), post(errorReply(start.runId, `the preflight runner could not start in the page: ${e instanceof Error ? e.message : String(e)}`))));
    });
  });
}
