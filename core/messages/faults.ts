/**
 * Simulate's fault orders (core/simulate/faults.ts is the vocabulary), panel -> page hook:
 *
 *   any extension page --panel port PanelArmFault{tabId, reqId, fault} / PanelStopFaults-->  worker
 *   worker --tabs.sendMessage(FaultTabMessage{order}) to every frame-->                       bridges
 *   bridge --window.postMessage(FaultWindowMessage{source, order})-->                         page hook
 *   worker --panel port WorkerFaultReply{reqId, ok, error?, faultId?}-->                       the asking port
 *
 * The reply says whether the order reached the tab; what the hook then did comes back in the
 * capture as fault.armed / fault.applied / fault.ended events (core/capture/events.ts), which is how
 * every panel of the tab learns what is armed. The panel port messages ride the panel protocol
 * (version PORT_PROTOCOL_VERSION); the hop to the hook is the `fault` protocol. Each hop validates
 * again; the order travels whole (`order`), never re-listed.
 */
import { FAULT_KINDS, parseArmedFault, parseFault, type ArmedFault, type Fault } from '../simulate/faults.js';
import { FAULT_MESSAGE_SOURCE, FAULT_MESSAGE_TYPE, FAULT_PROTOCOL_VERSION, PORT_PROTOCOL_VERSION, type Version } from './versions.js';

/** What the hook is told: arm this fault, or stop one (by id) or all (no id). */
export type FaultOrder = { op: 'arm'; armed: ArmedFault } | { op: 'stop'; faultId?: string };

// ---- panel port (any extension page) -> worker ----
export interface PanelArmFault {
  type: 'fault.arm';
  v: Version<'panel'>;
  tabId: number;
  /** Chosen by the sender; the reply carries it back. */
  reqId: string;
  fault: Fault;
}
export interface PanelStopFaults {
  type: 'fault.stop';
  v: Version<'panel'>;
  tabId: number;
  reqId: string;
  /** One fault; absent: every fault armed on the tab (`Stop simulating`). */
  faultId?: string;
}
// ---- worker -> that panel port ----
export interface WorkerFaultReply {
  type: 'fault.reply';
  v: Version<'panel'>;
  tabId: number;
  reqId: string;
  ok: boolean;
  /** The armed fault's id (fault.* events carry it), on a successful arm. */
  faultId?: string;
  /** Why nothing was armed or stopped, in words for the panel. */
  error?: string;
}
// ---- worker -> bridge (runtime message), bridge -> hook (window message) ----
export interface FaultTabMessage {
  type: typeof FAULT_MESSAGE_TYPE;
  v: Version<'fault'>;
  order: FaultOrder;
}
export interface FaultWindowMessage {
  source: typeof FAULT_MESSAGE_SOURCE;
  v: Version<'fault'>;
  order: FaultOrder;
}

function invalid(tabId: number, reqId: string, error: string): PanelInvalidFault {
  return { type: 'fault.invalid', v: PORT_PROTOCOL_VERSION, tabId, reqId, error };
}

const isReqId = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length <= 200;

/** Validates an order; a clean copy or null. Never throws (it runs in the page hook). */
export function parseFaultOrder(x: unknown): FaultOrder | null {
  try {
    const o = x as { op?: unknown; armed?: unknown; faultId?: unknown };
    if (o.op === 'arm') {
      const armed = parseArmedFault(o.armed);
      return armed ? { op: 'arm', armed } : null;
    }
    if (o.op !== 'stop') return null;
    if (o.faultId === undefined) return { op: 'stop' };
    return isReqId(o.faultId) ? { op: 'stop', faultId: o.faultId } : null;
  } catch {
    return null;
  }
}

/**
 * The hook's reading of a window message: an order from the bridge, or null. Never throws.
 *
 * Lighter than parseFaultOrder, for the hook's size budget: the bridge has already validated what
 * it relays, and a page that forges the message can only fault itself. So the hook checks the shape
 * (a known kind, an id, params of short strings and finite numbers only) and each handler clamps
 * its own numbers and survives a bad pattern (extension/hook/faults/).
 */
export function parseFaultWindowMessage(x: unknown): FaultOrder | null {
  try {
    const m = x as { source?: unknown; v?: unknown; order?: { op?: unknown; armed?: { id?: unknown; t?: unknown; fault?: { kind?: unknown; params?: unknown } }; faultId?: unknown } };
    if (m.source !== FAULT_MESSAGE_SOURCE || m.v !== FAULT_PROTOCOL_VERSION) return null;
    const o = m.order!;
    if (o.op === 'stop') return o.faultId === undefined ? { op: 'stop' } : isReqId(o.faultId) ? { op: 'stop', faultId: o.faultId } : null;
    const a = o.armed!;
    const f = a.fault!;
    if (o.op !== 'arm' || !isReqId(a.id) || typeof a.t !== 'number' || !(FAULT_KINDS as readonly unknown[]).includes(f.kind)) return null;
    const params: Record<string, string | number> = {};
    const raw = f.params as Record<string, unknown>;
    for (const k of Object.keys(raw || {})) {
      const v = raw[k];
      if ((typeof v === 'string' && v.length <= 200) || (typeof v === 'number' && Number.isFinite(v))) params[k] = v;
    }
    return { op: 'arm', armed: { id: a.id, t: a.t, fault: { kind: f.kind, params } as unknown as Fault } };
  } catch {
    return null;
  }
}

export function parseFaultTabMessage(x: unknown): FaultTabMessage | null {
  if (!x || typeof x !== 'object') return null;
  const m = x as { type?: unknown; v?: unknown; order?: unknown };
  if (m.type !== FAULT_MESSAGE_TYPE || m.v !== FAULT_PROTOCOL_VERSION) return null;
  const order = parseFaultOrder(m.order);
  return order ? { type: FAULT_MESSAGE_TYPE, v: FAULT_PROTOCOL_VERSION, order } : null;
}

/** Not sent by anyone: what parsing makes of a fault order it refused, so the worker can say why. */
export interface PanelInvalidFault {
  type: 'fault.invalid';
  v: Version<'panel'>;
  tabId: number;
  reqId: string;
  error: string;
}
export type PanelFaultMessage = PanelArmFault | PanelStopFaults | PanelInvalidFault;

/**
 * Panel port -> worker. A malformed fault is not dropped silently: it comes back as
 * a PanelInvalidFault with its reqId so the worker can answer the sender with the reason.
 */
export function parsePanelFaultMessage(x: Record<string, unknown>, tabId: number): PanelFaultMessage | undefined {
  if (!isReqId(x.reqId)) return undefined;
  const reqId = x.reqId;
  if (x.type === 'fault.arm') {
    const f = parseFault(x.fault);
    return f.ok ? { type: 'fault.arm', v: PORT_PROTOCOL_VERSION, tabId, reqId, fault: f.fault } : invalid(tabId, reqId, f.error);
  }
  if (x.type === 'fault.stop') {
    if (x.faultId === undefined) return { type: 'fault.stop', v: PORT_PROTOCOL_VERSION, tabId, reqId };
    return isReqId(x.faultId) ? { type: 'fault.stop', v: PORT_PROTOCOL_VERSION, tabId, reqId, faultId: x.faultId } : invalid(tabId, reqId, 'faultId must be a short text');
  }
  return undefined;
}

export function faultReply(tabId: number, reqId: string, ok: boolean, extra: { faultId?: string; error?: string } = {}): WorkerFaultReply {
  return { type: 'fault.reply', v: PORT_PROTOCOL_VERSION, tabId, reqId, ok, ...extra };
}
