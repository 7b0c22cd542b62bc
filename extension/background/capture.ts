/**
 * Capture ports from the bridges. The tab is taken from the port's sender (set by the browser),
 * never from a message, so no page can write into another tab's capture.
 */
import type { Runtime } from 'webextension-polyfill';
import { channel, type PortLike } from '../../core/messages/channel.js';
import { parseBridgeMessage, type ParsedBridgeMessage, type WorkerToBridge } from '../../core/messages/bridge-worker.js';
import { CAPTURE_PROTOCOL_VERSION } from '../../core/messages/versions.js';
import type { Tabs } from './tabs.js';

export function onCapturePort(port: Runtime.Port, tabs: Tabs): void {
  const tabId = port.sender?.tab?.id;
  if (typeof tabId !== 'number' || tabId < 0) {
    port.disconnect();
    return;
  }
  const bridge = channel<ParsedBridgeMessage, WorkerToBridge>(port as PortLike, parseBridgeMessage);
  let open = true;
  bridge.onClose(() => {
    open = false;
  });
  bridge.on((parsed) => {
    const m = parsed.msg;
    if (m.type === 'hello') {
      void tabs.hello(tabId, m.docId, m.url, m.top, m.title, m.lost).catch((err: unknown) => console.warn('rtc-devtools: hello', err));
      return;
    }
    if (m.type === 'report') {
      void tabs.report(tabId, m.docId, m.lost).catch((err: unknown) => console.warn('rtc-devtools: report', err));
      return;
    }
    if (m.type === 'title') {
      void tabs.title(tabId, m.docId, m.title).catch((err: unknown) => console.warn('rtc-devtools: title', err));
      return;
    }
    tabs.batch(tabId, m, parsed.invalidEvents).then(
      () => {
        if (!open) return;
        try {
          bridge.send({ type: 'ack', v: CAPTURE_PROTOCOL_VERSION, docId: m.docId, seq: m.seq });
        } catch {
          /* port closed meanwhile: the bridge resends, the store de-duplicates */
        }
      },
      // Not acked: the bridge keeps the batch and resends it on its next connection.
      (err: unknown) => console.warn('rtc-devtools: batch not stored', err),
    );
  });
}
