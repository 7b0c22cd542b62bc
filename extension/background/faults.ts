/**
 * Service-worker hop of Simulate's fault orders: a panel port (any extension page: the panel, the
 * Playwright fixture, the MCP server's page) asks to arm or stop a fault on a tab; the worker hands
 * the order to every frame of that tab (each frame's hook applies it to its own sockets, peer
 * connections and devices) and answers the asking port with a WorkerFaultReply. The worker keeps no
 * fault state: the hook records fault.armed / fault.ended in the capture, which every panel of the
 * tab reads, and a reload leaves a new document with nothing armed.
 */
import type { Browser } from 'webextension-polyfill';
import { FAULT_MESSAGE_TYPE, FAULT_PROTOCOL_VERSION } from '../../core/messages/versions.js';
import { faultReply, type FaultOrder, type FaultTabMessage, type PanelFaultMessage, type WorkerFaultReply } from '../../core/messages/faults.js';
import { newFaultId } from '../../core/simulate/faults.js';

type FaultBrowser = Pick<Browser, 'tabs'>;

/** A bridge answers at once; a tab that does not within this long is treated as gone. */
const ORDER_TIMEOUT_MS = 5000;

async function deliver(browser: FaultBrowser, tabId: number, order: FaultOrder): Promise<string | undefined> {
  try {
    await browser.tabs.get(tabId);
  } catch {
    return `tab ${tabId} is gone (closed?): nothing was armed`;
  }
  const msg: FaultTabMessage = { type: FAULT_MESSAGE_TYPE, v: FAULT_PROTOCOL_VERSION, order };
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const reply = await Promise.race([
      browser.tabs.sendMessage(tabId, msg),
      new Promise((resolve) => {
        timer = setTimeout(() => resolve('timeout'), ORDER_TIMEOUT_MS);
      }),
    ]);
    if (reply === 'timeout') return `the page in tab ${tabId} did not answer: nothing was armed`;
    if (!reply || (reply as { ok?: unknown }).ok !== true) return `no page in tab ${tabId} took the order (is it a page the extension cannot reach?)`;
    return undefined;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return `the page in tab ${tabId} cannot be reached (${why}): nothing was armed`;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

/** Handles one fault message from a panel port; resolves with the reply for that port. */
export async function handleFaultMessage(browser: FaultBrowser, m: PanelFaultMessage, now = Date.now()): Promise<WorkerFaultReply> {
  if (m.type === 'fault.invalid') return faultReply(m.tabId, m.reqId, false, { error: m.error });
  if (m.type === 'fault.stop') {
    const error = await deliver(browser, m.tabId, m.faultId === undefined ? { op: 'stop' } : { op: 'stop', faultId: m.faultId });
    // Stopping a tab that is gone is not a failure: nothing is armed there any more.
    return faultReply(m.tabId, m.reqId, true, error ? { error } : {});
  }
  const id = newFaultId(now);
  const error = await deliver(browser, m.tabId, { op: 'arm', armed: { id, t: now, fault: m.fault } });
  return error ? faultReply(m.tabId, m.reqId, false, { error }) : faultReply(m.tabId, m.reqId, true, { faultId: id });
}
