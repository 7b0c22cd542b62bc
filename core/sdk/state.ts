/**
 * State derivation for SDK clients the hook reads by polling: the hook samples cheap fields
 * (client.connected, client.calls[*].state) and only what changed becomes an event.
 */
import type { Json } from '../capture/events.js';

export interface CallSnapshot {
  id: string;
  state: string;
  direction?: string;
  prevState?: string;
  cause?: string;
  causeCode?: number;
}

export interface ClientSnapshot {
  connected: boolean | null;
  calls: CallSnapshot[];
}

export interface StateChange {
  /** sdk.event name: 'connected', 'call.added', 'call.state', 'call.removed'. */
  name: string;
  data: Json;
}

function callJson(c: CallSnapshot): { [k: string]: Json } {
  const out: { [k: string]: Json } = { id: c.id, state: c.state };
  if (c.direction !== undefined) out.direction = c.direction;
  if (c.prevState !== undefined) out.prevState = c.prevState;
  if (c.cause !== undefined) out.cause = c.cause;
  if (c.causeCode !== undefined) out.causeCode = c.causeCode;
  return out;
}

/** What changed between two samples of a client, in an order a reader can follow. */
export function diffClientSnapshots(prev: ClientSnapshot | null, next: ClientSnapshot): StateChange[] {
  const changes: StateChange[] = [];
  if (!prev || prev.connected !== next.connected) {
    if (next.connected !== null) changes.push({ name: 'connected', data: { connected: next.connected } });
  }
  const before = new Map((prev?.calls ?? []).map((c) => [c.id, c]));
  for (const c of next.calls) {
    const old = before.get(c.id);
    if (!old) changes.push({ name: 'call.added', data: callJson(c) });
    else if (old.state !== c.state) changes.push({ name: 'call.state', data: { ...callJson(c), from: old.state } });
    before.delete(c.id);
  }
  for (const gone of before.values()) changes.push({ name: 'call.removed', data: callJson(gone) });
  return changes;
}

/** Reads a Telnyx call (or any object with the same fields) into a snapshot; undefined if unusable. */
export function readCallSnapshot(call: unknown, fallbackId: string): CallSnapshot | undefined {
  if (!call || typeof call !== 'object') return undefined;
  const get = (k: string): unknown => {
    try {
      return (call as Record<string, unknown>)[k];
    } catch {
      return undefined;
    }
  };
  const id = get('id');
  const state = get('state');
  const snap: CallSnapshot = {
    id: typeof id === 'string' && id ? id.slice(0, 200) : fallbackId,
    state: typeof state === 'string' ? state.slice(0, 50) : String(state ?? 'unknown').slice(0, 50),
  };
  const direction = get('direction');
  if (typeof direction === 'string') snap.direction = direction.slice(0, 20);
  const prevState = get('prevState');
  if (typeof prevState === 'string') snap.prevState = prevState.slice(0, 50);
  const cause = get('cause');
  if (typeof cause === 'string' && cause) snap.cause = cause.slice(0, 100);
  const causeCode = get('causeCode');
  if (typeof causeCode === 'number' && Number.isFinite(causeCode)) snap.causeCode = causeCode;
  return snap;
}

/**
 * Which generation a SignalWire UMD namespace object is. The 4.0 beta bundle reports
 * `version: "3.30.0"` (a build-time value), so its shape is the reliable signal:
 * 4.x exports a `SignalWire` class whose prototype has `preflight`; 3.x exports namespaces
 * (Video, Fabric, Chat, PubSub, WebRTC) and a `SignalWire` factory function.
 */
export function signalWireGeneration(ns: unknown): 3 | 4 | null {
  if (!ns || typeof ns !== 'object') return null;
  try {
    const sw = (ns as Record<string, unknown>).SignalWire;
    const proto = typeof sw === 'function' ? (sw as { prototype?: unknown }).prototype : undefined;
    if (proto && typeof (proto as Record<string, unknown>).preflight === 'function') return 4;
    const n = ns as Record<string, unknown>;
    if (n.Video || n.Fabric || n.Chat || n.PubSub || n.WebRTC) return 3;
  } catch {
    return null;
  }
  return null;
}

/** Version string to show for a SignalWire namespace: the reported one unless it contradicts the shape. */
export function signalWireVersion(ns: unknown): { version: string; reported?: string; generation: 3 | 4 | null } {
  const generation = signalWireGeneration(ns);
  let reported: string | undefined;
  try {
    const v = (ns as Record<string, unknown>).version;
    if (typeof v === 'string') reported = v.slice(0, 50);
  } catch {
    /* ignore */
  }
  if (reported && generation && !reported.startsWith(`${generation}.`)) {
    return { version: `${generation}.x`, reported, generation };
  }
  if (reported) return { version: reported, generation };
  return { version: generation ? `${generation}.x` : 'unknown', generation };
}
