/**
 * Worker hop of the panel's preflight: a PREFLIGHT_PORT port from an extension page (the panel)
 * carries one start message naming the tab; the worker opens a port to that tab's top-frame bridge
 * and relays validated replies back. Either side closing closes the other, which cancels the run.
 * Content scripts may not start runs: a page must not make another tab open its camera.
 */
import type { Browser, Runtime } from 'webextension-polyfill';
import { channel, type Channel, type PortLike } from '../../core/messages/channel.js';
import {
  claimedRunId,
  errorReply,
  parsePreflightRelay,
  parsePreflightReply,
  type PanelToWorkerPreflight,
  type PreflightReply,
  type WorkerToBridgePreflight,
  type WorkerToPanelPreflight,
} from '../../core/messages/preflight.js';
import { PREFLIGHT_PORT } from '../../core/messages/versions.js';

type RelayBrowser = Pick<Browser, 'runtime' | 'tabs'>;

function fromExtensionPage(browser: RelayBrowser, sender: Runtime.MessageSender | undefined): boolean {
  if (!sender || (sender.id !== undefined && sender.id !== browser.runtime.id)) return false;
  return typeof sender.url === 'string' && sender.url.startsWith(browser.runtime.getURL(''));
}

export function onPreflightPort(panelPort: Runtime.Port, browser: RelayBrowser): void {
  if (!fromExtensionPage(browser, panelPort.sender)) return void panelPort.disconnect();
  const panel = channel<PanelToWorkerPreflight, WorkerToPanelPreflight>(panelPort as PortLike, parsePreflightRelay);
  let tab: Channel<PreflightReply, WorkerToBridgePreflight> | undefined;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    try {
      panel.close();
    } catch {
      /* already gone */
    }
    try {
      tab?.close();
    } catch {
      /* already gone */
    }
  };
  panel.onClose(close);
  panel.on(
    (relay) => {
      if (tab || closed) return;
      const { tabId, message: start } = relay;
      let tabPort: PortLike;
      try {
        tabPort = browser.tabs.connect(tabId, { name: PREFLIGHT_PORT, frameId: 0 }) as PortLike;
      } catch (e) {
        panel.send(errorReply(start.runId, `could not reach tab ${tabId}: ${e instanceof Error ? e.message : String(e)}`));
        return close();
      }
      // Replies of this run only; the bridge's keep-alives (and anything else) stop here.
      const to = (tab = channel<PreflightReply, WorkerToBridgePreflight>(tabPort, (m) => parsePreflightReply(m, start.runId)));
      let finished = false;
      to.on((reply) => {
        if (closed) return;
        panel.send(reply);
        if (reply.op === 'error' || reply.event.type === 'done') {
          finished = true;
          close();
        }
      });
      to.onClose(() => {
        if (!finished && !closed) {
          panel.send(errorReply(start.runId, 'the inspected page went away before the preflight finished (reloaded, navigated or closed), or it has no RTC DevTools bridge (reload the page)'));
        }
        close();
      });
      // The start goes on as the panel wrote it (validated): the worker adds and removes nothing.
      to.send(start);
    },
    (raw) => {
      if (tab || closed) return;
      panel.send(errorReply(claimedRunId(raw), 'malformed preflight request'));
      close();
    },
  );
}
