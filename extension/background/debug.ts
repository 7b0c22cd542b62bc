/**
 * Introspection for tests and curious developers: which tabs show a URL, and a ping that wakes
 * the worker. The extension holds no "tabs" permission, so tab URLs are known only from the
 * documents that said hello. Reachable from the worker's console (globalThis.rtcDevtoolsDebug)
 * and by runtime message from the extension's own pages only.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import type { TabCaptureStore } from '../../core/capture/store.js';
import { parseDebugMessage } from '../../core/messages/debug.js';
import * as db from './persist.js';

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
    const m = parseDebugMessage(raw);
    if (!m || !sender.url?.startsWith(origin)) return undefined;
    return m.op === 'ping' ? Promise.resolve({ ok: true }) : api.tabsWithUrl(m.url);
  });
}
