/**
 * Arming and stopping Simulate's faults (core/simulate/faults.ts) on a tab from
 * automation: the same `fault.arm` / `fault.stop` orders any extension page sends on the panel port.
 * Used by `rtc.simulate` (automation/playwright.ts) and the MCP tool `simulate_fault`.
 */
import type { WorkerFaultReply } from '../core/messages/faults.js';
import { PORT_PROTOCOL_VERSION } from '../core/messages/versions.js';
import { describeFault, parseFault, type Fault } from '../core/simulate/faults.js';
import type { ExtensionLink } from './link.js';

export interface ArmedResult {
  faultId: string;
  fault: Fault;
  /** "Drop connection · Offline for (s) 3". */
  description: string;
}

let counter = 0;
const nextReqId = () => `automation-${Date.now().toString(36)}-${++counter}`;

/** The worker's reply, checked: a fault.reply with `ok`, else an error in its words. */
export function readFaultReply(raw: unknown): { faultId?: string } {
  const r = raw as Partial<WorkerFaultReply> | null;
  if (!r || r.type !== 'fault.reply' || typeof r.ok !== 'boolean') throw new Error('the extension answered the fault order with something else');
  if (!r.ok) throw new Error(typeof r.error === 'string' && r.error ? r.error : 'the extension refused the fault order');
  return typeof r.faultId === 'string' ? { faultId: r.faultId } : {};
}

/** Validates `fault` (a clear error for a bad one, before anything is sent) and arms it on the tab. */
export async function simulateFault(link: ExtensionLink, tabId: number, fault: unknown): Promise<ArmedResult> {
  const parsed = parseFault(fault);
  if (!parsed.ok) throw new Error(`not a fault: ${parsed.error}`);
  const reqId = nextReqId();
  const reply = readFaultReply(await link.panelRequest({ type: 'fault.arm', v: PORT_PROTOCOL_VERSION, tabId, reqId, fault: parsed.fault }, 'fault.reply'));
  if (!reply.faultId) throw new Error('the extension armed the fault but gave no id for it');
  return { faultId: reply.faultId, fault: parsed.fault, description: describeFault(parsed.fault) };
}

/** Stops one armed fault, or every fault armed on the tab. */
export async function stopFaults(link: ExtensionLink, tabId: number, faultId?: string): Promise<void> {
  const reqId = nextReqId();
  readFaultReply(await link.panelRequest({ type: 'fault.stop', v: PORT_PROTOCOL_VERSION, tabId, reqId, ...(faultId !== undefined ? { faultId } : {}) }, 'fault.reply'));
}
