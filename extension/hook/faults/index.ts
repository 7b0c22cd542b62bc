/**
 * The page hook's side of Simulate: where an armed fault reaches the code that applies it.
 *
 *   registerFaultHandler('drop-connection', (fault, ctx) => { ...apply...; return () => { ...undo... } })
 *
 * A handler applies its fault to this frame's page (sockets, peer connections, tracks, devices) and
 * returns how to undo it; `ctx.applied(target, action)` records what it did (`fault.applied`), and
 * `ctx.end()` says the fault has run its course (an offline window elapsed, the next N replies were
 * withheld). Stopping (the panel's `Stop simulating`, the worker's disarm) calls the undo. A reload
 * or navigation needs nothing: the new document's hook starts with nothing armed.
 *
 * Arm and stop orders arrive from the isolated-world bridge as window messages tagged
 * FAULT_MESSAGE_SOURCE (core/messages/faults.ts); they are validated here again, since page script
 * can post the same shape (it could only fault its own page). The top frame records `fault.armed`
 * and `fault.ended`; every frame records `fault.applied` for what it did itself.
 *
 * Nothing here runs until a fault is armed: the capture hot paths test one module-level flag
 * (see ./signaling.ts).
 */
import type { Emitter } from '../emitter.js';
import type { ArmedFault, FaultKind, FaultOf } from '../../../core/simulate/faults.js';
import { parseFaultWindowMessage } from '../../../core/messages/faults.js';
import { FAULT_MESSAGE_SOURCE } from '../../../core/messages/versions.js';
import { apply, SafeMap } from '../intrinsics.js';
import { getter } from '../native.js';

export interface FaultCtx {
  readonly win: Window & typeof globalThis;
  readonly em: Emitter;
  /** The armed fault's id (fault.* events carry it). */
  readonly id: string;
  /** Records one thing the fault did in this frame, e.g. applied('ws-2', 'dropped'). */
  applied(target: string, action: string, detail?: string): void;
  /** The fault has run its course: undo it and record fault.ended (reason 'done' or 'expired'). */
  end(reason?: 'done' | 'expired'): void;
}

export type FaultUndo = () => void;
export type FaultHandler<K extends FaultKind> = (fault: FaultOf<K>, ctx: FaultCtx) => FaultUndo | void;

const handlers = new SafeMap<string, FaultHandler<FaultKind>>();
const active = new SafeMap<string, { undo: FaultUndo | void; kind: FaultKind }>();

export function registerFaultHandler<K extends FaultKind>(kind: K, handler: FaultHandler<K>): void {
  handlers.set(kind, handler as unknown as FaultHandler<FaultKind>);
}

let env: { win: Window & typeof globalThis; em: Emitter; top: boolean } | undefined;

function safe(fn: () => void): void {
  try {
    fn();
  } catch {
    /* a fault must never throw into the page */
  }
}

/** Ends one armed fault: its undo runs once, the top frame records fault.ended. */
export function endFault(id: string, reason: 'stopped' | 'done' | 'expired'): void {
  const a = active.get(id);
  if (!a) return;
  active.delete(id);
  if (a.undo) safe(a.undo as () => void);
  if (env?.top) env.em.emit({ kind: 'fault.ended', t: env.em.now(), id, reason });
}

/** Applies an armed fault in this frame (no-op if it is already armed here). */
export function armFault(armed: ArmedFault): void {
  if (!env || active.has(armed.id)) return;
  const { win, em, top } = env;
  const id = armed.id;
  if (top) em.emit({ kind: 'fault.armed', t: em.now(), id, fault: armed.fault });
  const handler = handlers.get(armed.fault.kind);
  active.set(id, { undo: undefined, kind: armed.fault.kind });
  let ended = false;
  const ctx: FaultCtx = {
    win,
    em,
    id,
    applied: (target, action, detail) =>
      em.emit(detail === undefined ? { kind: 'fault.applied', t: em.now(), id, target, action } : { kind: 'fault.applied', t: em.now(), id, target, action, detail }),
    end: (reason = 'done') => {
      ended = true;
      endFault(id, reason);
    },
  };
  const got: { undo?: FaultUndo | void } = {};
  try {
    got.undo = handler?.(armed.fault, ctx);
  } catch {
    // Params the handler could not use (the hook's check of an order is a light one): nothing armed.
    ended = true;
    endFault(id, 'done');
  }
  const undo = got.undo;
  // A handler may end its fault at once (nothing to drop); then undo now.
  if (ended) {
    if (undo) safe(undo);
    return;
  }
  const a = active.get(id);
  if (a) a.undo = undo;
}

/** Stops one fault (by id) or every fault armed in this frame. */
export function stopFaults(id?: string): void {
  if (id !== undefined) return endFault(id, 'stopped');
  const ids: string[] = [];
  active.forEach((_v, k) => ids.push(k));
  for (const k of ids) endFault(k, 'stopped');
}

/** How many faults are armed in this frame (tests, and handlers that share a gate). */
export function armedCount(): number {
  return active.size;
}

/** Listens for the bridge's arm/stop orders. Installed once per frame by the hook entry. */
export function installFaultListener(win: Window & typeof globalThis, em: Emitter): void {
  let top = false;
  safe(() => {
    top = win.top === win;
  });
  env = { win, em, top };
  const proto = win.MessageEvent?.prototype;
  const getData = getter<unknown>(proto, 'data');
  const getSource = getter<unknown>(proto, 'source');
  const stop = win.Event?.prototype.stopImmediatePropagation;
  win.addEventListener(
    'message',
    (ev) =>
      safe(() => {
        if (!getData || !getSource || getSource(ev) !== win) return;
        const data = getData(ev) as { source?: unknown } | null;
        if (!data || typeof data !== 'object' || data.source !== FAULT_MESSAGE_SOURCE) return;
        // The page never sees our orders (this listener is added before any page script).
        if (stop) apply(stop, ev, []);
        const order = parseFaultWindowMessage(data);
        if (!order) return;
        if (order.op === 'arm') armFault(order.armed);
        else stopFaults(order.faultId);
      }),
    true,
  );
}
