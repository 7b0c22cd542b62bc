/**
 * Panel ports. Only extension pages may subscribe (content scripts share the runtime, so the
 * sender's URL is checked); each port receives only the tab it names.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { parsePanelMessage } from '../../core/capture/validate.js';
import type { Tabs } from './tabs.js';

export function onPanelPort(port: Runtime.Port, tabs: Tabs): void {
  const origin = browser.runtime.getURL('');
  if (!port.sender?.url?.startsWith(origin)) {
    port.disconnect();
    return;
  }
  port.onDisconnect.addListener(() => tabs.unsubscribe(port));
  port.onMessage.addListener((raw: unknown) => {
    const m = parsePanelMessage(raw);
    if (!m) return;
    const done =
      m.type === 'subscribe'
        ? tabs.subscribe(m.tabId, port)
        : m.type === 'clear'
          ? tabs.clear(m.tabId)
          : tabs.setPreserveLog(m.tabId, m.preserve);
    done.catch((err: unknown) => console.warn('rtc-devtools: panel request failed', err));
  });
}
