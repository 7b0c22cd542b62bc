/**
 * Simulate from a test: arm and stop faults on a tab the way any extension page does (the panel
 * port, `fault.arm` / `fault.stop` naming the tab; docs/simulate.md), from a background extension
 * page of the test browser.
 *
 *   const r = await armFault(ext, tabId, { kind: 'drop-connection', params: { offlineS: 3 } });
 *   expect(r).toMatchObject({ ok: true });
 *   await stopFaults(ext, tabId);
 */
import type { Page } from '@playwright/test';
import type { ExtensionHandle } from './extension.js';
import type { WorkerFaultReply } from '../../../core/messages/faults.js';

interface ChromePort {
  postMessage(m: unknown): void;
  disconnect(): void;
  onMessage: { addListener(fn: (m: { type?: string; reqId?: string }) => void): void };
}
declare const chrome: { runtime: { connect(info: { name: string }): ChromePort } };

const pages = new WeakMap<ExtensionHandle, Page>();
async function helper(ext: ExtensionHandle): Promise<Page> {
  const p = pages.get(ext);
  if (p && !p.isClosed()) return p;
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/devtools.html`);
  pages.set(ext, page);
  return page;
}

let n = 0;
/** Sends one fault order on a fresh panel port and resolves with the worker's reply. */
export async function faultOrder(ext: ExtensionHandle, msg: Record<string, unknown>): Promise<WorkerFaultReply> {
  const page = await helper(ext);
  const reqId = `t-${++n}`;
  return page.evaluate(
    ({ msg, reqId }) =>
      new Promise<WorkerFaultReply>((resolve) => {
        const port = chrome.runtime.connect({ name: 'rtc-devtools/panel' });
        port.onMessage.addListener((m) => {
          if (m.type === 'fault.reply' && m.reqId === reqId) {
            port.disconnect();
            resolve(m as unknown as WorkerFaultReply);
          }
        });
        port.postMessage({ ...msg, v: 1, reqId });
      }),
    { msg, reqId },
  );
}

export function armFault(ext: ExtensionHandle, tabId: number, fault: unknown): Promise<WorkerFaultReply> {
  return faultOrder(ext, { type: 'fault.arm', tabId, fault });
}

export function stopFaults(ext: ExtensionHandle, tabId: number, faultId?: string): Promise<WorkerFaultReply> {
  return faultOrder(ext, faultId === undefined ? { type: 'fault.stop', tabId } : { type: 'fault.stop', tabId, faultId });
}
