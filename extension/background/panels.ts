/**
 * Panel ports. Only extension pages may subscribe (content scripts share the runtime, so the
 * sender's URL is checked); each port receives only the tab it names.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { channel, type PortLike } from '../../core/messages/channel.js';
import { parsePanelMessage, type PanelToWorker, type WorkerToPanel } from '../../core/messages/panel-worker.js';
import type { Tabs } from './tabs.js';
import { handleFaultMessage } from './faults.js';

export function onPanelPort(port: Runtime.Port, tabs: Tabs): void {
  const origin = browser.runtime.getURL('');
  if (!port.sender?.url?.startsWith(origin)) {
    port.disconnect();
    return;
  }
  const panel = channel<PanelToWorker, WorkerToPanel>(port as PortLike, parsePanelMessage);
  panel.onClose(() => tabs.unsubscribe(panel));
  panel.on((m) => {
    if (m.type === 'fault.arm' || m.type === 'fault.stop' || m.type === 'fault.invalid') {
      void handleFaultMessage(browser, m).then((reply) => {
        try {
          panel.send(reply);
        } catch {
          /* the asking page went away */
        }
      });
      return;
    }
    const done =
      m.type === 'subscribe'
        ? tabs.subscribe(m.tabId, panel)
        : m.type === 'clear'
          ? tabs.clear(m.tabId)
          : tabs.setPreserveLog(m.tabId, m.preserve);
    done.catch((err: unknown) => console.warn('rtc-devtools: panel request failed', err));
  });
}
