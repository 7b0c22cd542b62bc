/**
 * Worker hop of the panel's preflight: a PREFLIGHT_PORT port from an extension page (the panel)
 * carries one start message naming the tab; the worker opens a port to that tab's top-frame bridge
 * and relays validated replies back. Either side closing closes the other, which cancels the run.
 * Content scripts may not start runs: a page must not make another tab open its camera.
 */
import type { Browser, Runtime } from 'webextension-polyfill';
import { PREFLIGHT_MESSAGE_TYPE, PREFLIGHT_PORT, PREFLIGHT_PROTOCOL_VERSION, errorReply, parsePreflightReply, parsePreflightStart } from '../../core/preflight/remote.js';

type RelayBrowser = Pick<Browser, 'runtime' | 'tabs'>;

function fromExtensionPage(browser: RelayBrowser, sender: Runtime.MessageSender | undefined): boolean {
  if (!sender || (sender.id !== undefined && sender.id !== browser.runtime.id)) return false;
  return typeof sender.url === 'string' && sender.url.startsWith(browser.runtime.getURL(''));
}

export function onPreflightPort(panel: Runtime.Port, browser: RelayBrowser): void {
  if (!fromExtensionPage(browser, panel.sender)) return void panel.disconnect();
  let tab: Runtime.Port | undefined;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    try {
      panel.disconnect();
    } catch {
      /* already gone */
    }
    try {
      tab?.disconnect();
    } catch {
      /* already gone */
    }
  };
  panel.onDisconnect.addListener(close);
  panel.onMessage.addListener((raw: unknown) => {
    if (tab || closed) return;
    const start = parsePreflightStart(raw, true);
    if (!start) {
      panel.postMessage(errorReply(typeof (raw as { runId?: unknown })?.runId === 'string' ? String((raw as { runId: string }).runId).slice(0, 200) : 'invalid', 'malformed preflight request'));
      return close();
    }
    const { tabId, ...forward } = start;
    try {
      tab = browser.tabs.connect(tabId!, { name: PREFLIGHT_PORT, frameId: 0 });
    } catch (e) {
      panel.postMessage(errorReply(start.runId, `could not reach tab ${tabId}: ${e instanceof Error ? e.message : String(e)}`));
      return close();
    }
    let finished = false;
    tab.onMessage.addListener((m: unknown) => {
      const reply = parsePreflightReply(m, start.runId);
      if (!reply || closed) return;
      panel.postMessage(reply);
      if (reply.op === 'error' || reply.event.type === 'done') {
        finished = true;
        close();
      }
    });
    tab.onDisconnect.addListener(() => {
      if (!finished && !closed) {
        panel.postMessage(errorReply(start.runId, 'the inspected page went away before the preflight finished (reloaded, navigated or closed), or it has no RTC DevTools bridge (reload the page)'));
      }
      close();
    });
    tab.postMessage({ ...forward, type: PREFLIGHT_MESSAGE_TYPE, v: PREFLIGHT_PROTOCOL_VERSION });
  });
}
