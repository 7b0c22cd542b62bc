/**
 * Introspection for tests and curious developers: which tabs show a URL, and a ping that wakes
 * the worker. The extension holds no "tabs" permission, so tab URLs are known only from the
 * documents that said hello. Reachable from the worker's console (globalThis.rtcDevtoolsDebug)
 * and by runtime message from the extension's own pages only.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import type { TabCaptureStore } from '../../core/capture/store.js';
import * as db from './persist.js';

export const DEBUG_MESSAGE = 'rtc-devtools/debug';

export interface DebugApi {
  /** Open tabs whose latest top-level document has this URL. */
  tabsWithUrl(url: string): Promise<number[]>;
}

export function installDebugApi(store: TabCaptureStore): void {
  const api: DebugApi = {
    async tabsWithUrl(url) {
      const open = new Set((await browser.tabs.query({})).map((t) => t.id));
      const ids = new Set([...store.tabIds(), ...(await db.storedTabIds())]);
      const found: number[] = [];
      for (const id of ids) {
        if (!open.has(id)) continue;
        const docs = store.get(id)?.docs ?? (await db.loadDocs(id));
        const top = docs?.filter((d) => d.top).at(-1);
        if (top?.url === url) found.push(id);
      }
      return found;
    },
  };
  Object.defineProperty(globalThis, 'rtcDevtoolsDebug', { value: Object.freeze(api) });

  const origin = browser.runtime.getURL('');
  browser.runtime.onMessage.addListener((raw: unknown, sender: Runtime.MessageSender) => {
    const m = raw as { type?: unknown; op?: unknown; url?: unknown } | null;
    if (!m || m.type !== DEBUG_MESSAGE || !sender.url?.startsWith(origin)) return undefined;
    if (m.op === 'ping') return Promise.resolve({ ok: true });
    if (m.op === 'tabsWithUrl' && typeof m.url === 'string') return api.tabsWithUrl(m.url);
    return undefined;
  });
}
