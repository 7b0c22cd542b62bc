/**
 * Simulate from a test: arm and stop faults on a tab the way any extension page does (the panel
 * port, `fault.arm` / `fault.stop` naming the tab; docs/simulate.md), from a background extension
 * page of the test browser, with the same port request the shipped automation uses.
 *
 *   const r = await armFault(ext, tabId, { kind: 'drop-connection', params: { offlineS: 3 } });
 *   expect(r).toMatchObject({ ok: true });
 *   await stopFaults(ext, tabId);
 */
import { helperPage, type ExtensionHandle } from './extension.js';
import { requestOnPort } from '../../../automation/in-extension-page.js';
import type { WorkerFaultReply } from '../../../core/messages/faults.js';
import { PANEL_PORT, PORT_PROTOCOL_VERSION } from '../../../core/messages/versions.js';

let n = 0;
/** Sends one fault order on a fresh panel port and resolves with the worker's reply. */
export async function faultOrder(ext: ExtensionHandle, msg: Record<string, unknown>): Promise<WorkerFaultReply> {
  const page = await helperPage(ext);
  const reqId = `t-${++n}`;
  const reply = await page.evaluate(requestOnPort, { name: PANEL_PORT, message: { ...msg, v: PORT_PROTOCOL_VERSION, reqId }, replyType: 'fault.reply', reqId, timeout: 15_000 });
  return reply as WorkerFaultReply;
}

export function armFault(ext: ExtensionHandle, tabId: number, fault: unknown): Promise<WorkerFaultReply> {
  return faultOrder(ext, { type: 'fault.arm', tabId, fault });
}

export function stopFaults(ext: ExtensionHandle, tabId: number, faultId?: string): Promise<WorkerFaultReply> {
  return faultOrder(ext, faultId === undefined ? { type: 'fault.stop', tabId } : { type: 'fault.stop', tabId, faultId });
}
