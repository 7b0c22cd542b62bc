/**
 * The faults of a capture, read from its fault.* events: what was armed when, what it did, when it
 * stopped. The capture model keeps one list (core/capture/model.ts), the bundle writes it as
 * `faults[]`, views and verdicts read it. A fault whose document went away without a fault.ended
 * (a reload disarms) ends when its document did (`endOfDoc`).
 */
import type { CaptureEvent } from '../capture/events.js';
import type { Fault, FaultKind } from './faults.js';

export interface FaultRecord {
  id: string;
  t: number;
  kind: FaultKind;
  params: Fault['params'];
  /** When it stopped (fault.ended, or its document going away); absent while armed. */
  until?: number;
  reason?: 'stopped' | 'done' | 'expired' | 'unloaded';
  /** What it did, first MAX_APPLIED entries (a delay on a busy socket is one entry per socket). */
  applied: { t: number; target: string; action: string; detail?: string }[];
  /** More applications than kept. */
  appliedMore: number;
  /** The document (docId) that recorded fault.armed, when known. */
  doc?: string;
}

export const MAX_APPLIED = 200;
/** Faults kept per capture: each one is a user's click, so this is only a guard against a hostile page. */
export const MAX_FAULTS = 500;

export interface FaultLog {
  faults: FaultRecord[];
  byId: Map<string, FaultRecord>;
}

export function createFaultLog(): FaultLog {
  return { faults: [], byId: new Map() };
}

/** Folds one event into the log; other kinds are ignored. O(1). */
export function applyFaultEvent(log: FaultLog, ev: CaptureEvent & { doc?: string }): void {
  if (ev.kind === 'fault.armed') {
    if (log.byId.has(ev.id) || log.faults.length >= MAX_FAULTS) return;
    const r: FaultRecord = { id: ev.id, t: ev.t, kind: ev.fault.kind, params: ev.fault.params, applied: [], appliedMore: 0 };
    if (ev.doc !== undefined) r.doc = ev.doc;
    log.faults.push(r);
    log.byId.set(ev.id, r);
  } else if (ev.kind === 'fault.applied') {
    const r = log.byId.get(ev.id);
    if (!r) return;
    if (r.applied.length >= MAX_APPLIED) r.appliedMore++;
    else r.applied.push(ev.detail === undefined ? { t: ev.t, target: ev.target, action: ev.action } : { t: ev.t, target: ev.target, action: ev.action, detail: ev.detail });
  } else if (ev.kind === 'fault.ended') {
    const r = log.byId.get(ev.id);
    if (!r || r.until !== undefined) return;
    r.until = ev.t;
    r.reason = ev.reason;
  }
}

/** A document went away: its faults (armed in that document) end with it. */
export function endOfDoc(log: FaultLog, docId: string, t: number): void {
  for (const r of log.faults) if (r.doc === docId && r.until === undefined) {
    r.until = t;
    r.reason = 'unloaded';
  }
}

/** Faults armed now (not ended, their document still there). */
export function armedFaults(log: FaultLog): FaultRecord[] {
  return log.faults.filter((r) => r.until === undefined);
}
