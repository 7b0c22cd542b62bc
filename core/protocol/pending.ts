/**
 * Requests the page sent and still waits on, as plain data the panel renders with a clock
 * (`Analysis.pending`), and the words for how long one has waited.
 *
 * The list is kept current in O(1) per change: entries are removed by swapping the last one into
 * their slot, so its order is not chronological (sort by `t` to show it). An entry leaves the list
 * when its reply arrives (a SIP provisional counts: the far end is alive), when the socket that
 * carried it closes (no reply can come any more) or when the call it belongs to ends.
 * A request past its time-out stays listed: it is still unanswered, and that is what support wants to see.
 */
import { secs } from '../findings/format.js';
import type { Pending } from './pairing.js';

export interface PendingRequest {
  /** Index of the request in Analysis.messages. */
  index: number;
  socketId: string;
  /** Method shown to the user: the Verto method for a request inside a SignalWire envelope. */
  method: string;
  /** Method on the wire (webrtc.verto for a wrapped verto.invite). */
  wireMethod: string;
  /** When it was sent, ms since the epoch. */
  t: number;
  /** The SDK's own time-out, after which it gives up on the request; 0 when it has none. */
  timeoutMs: number;
  /** After this long without a reply the request is overdue (the SDK's time-out, or our threshold when it has none). */
  overdueMs: number;
  callId?: string;
}

/** What pendingAge() says about one waiting request at a given time. */
export interface PendingAge {
  /** How long it has waited, ms (stops growing once the SDK gave up). */
  ms: number;
  overdue: boolean;
  /** The SDK's own time-out passed: it no longer waits, the request failed. */
  sdkGaveUp: boolean;
  /** "no reply for 9.2 s", "no reply in 5 s: the SDK gave up". */
  text: string;
}

/** Anything with a start (`t` or `since`) and the two durations: a PendingRequest or a CallModel.awaiting. */
export interface Waiting {
  t?: number;
  since?: number;
  timeoutMs: number;
  overdueMs: number;
}

export function pendingAge(p: Waiting, now: number): PendingAge {
  const start = p.t ?? p.since ?? now;
  const waited = Math.max(0, now - start);
  const sdkGaveUp = p.timeoutMs > 0 && waited >= p.timeoutMs;
  if (sdkGaveUp) return { ms: p.timeoutMs, overdue: true, sdkGaveUp, text: `no reply in ${secs(p.timeoutMs)}: the SDK gave up` };
  const overdue = p.overdueMs > 0 && waited >= p.overdueMs;
  return { ms: waited, overdue, sdkGaveUp, text: `no reply for ${secs(waited)}${overdue ? ' (overdue)' : ''}` };
}

export class PendingList {
  readonly items: PendingRequest[] = [];
  private readonly pos = new Map<Pending, number>();
  /** Entry to its request, so the entry swapped into a freed slot can have its position updated. */
  private readonly keyOf = new Map<PendingRequest, Pending>();
  private readonly bySocket = new Map<string, Set<Pending>>();
  private readonly byCall = new Map<string, Set<Pending>>();

  add(p: Pending, overdueMs: number): void {
    if (this.pos.has(p)) return;
    const e: PendingRequest = { index: p.index, socketId: p.socketId, method: p.method, wireMethod: p.wireMethod, t: p.t, timeoutMs: p.timeoutMs, overdueMs };
    if (p.callId) e.callId = p.callId;
    this.pos.set(p, this.items.length);
    this.keyOf.set(e, p);
    this.items.push(e);
    setOf(this.bySocket, p.socketId).add(p);
    if (p.callId) setOf(this.byCall, p.callId).add(p);
  }

  has(p: Pending): boolean {
    return this.pos.has(p);
  }

  remove(p: Pending): void {
    const i = this.pos.get(p);
    if (i === undefined) return;
    const gone = this.items[i]!;
    const last = this.items.pop()!;
    if (last !== gone) {
      this.items[i] = last;
      this.pos.set(this.keyOf.get(last)!, i);
    }
    this.pos.delete(p);
    this.keyOf.delete(gone);
    forget(this.bySocket, p.socketId, p);
    if (p.callId) forget(this.byCall, p.callId, p);
  }

  /** The socket closed: nothing sent on it can be answered any more. */
  dropSocket(socketId: string): void {
    const set = this.bySocket.get(socketId);
    if (!set) return;
    this.bySocket.delete(socketId);
    for (const p of set) this.remove(p);
  }

  /**
   * The call ended: what it sent before the hang-up is abandoned, not awaited. The hang-up's own request
   * (index >= `fromIndex`, e.g. a bye the SDK waits on) stays.
   */
  dropCall(callId: string, fromIndex = Infinity): void {
    const set = this.byCall.get(callId);
    if (!set) return;
    for (const p of [...set]) if (p.index < fromIndex) this.remove(p);
  }
}

/** Removes `v` from the set at `k`, and the set once empty: ids of ended calls and sockets are not kept. */
function forget<K, V>(m: Map<K, Set<V>>, k: K, v: V): void {
  const set = m.get(k);
  if (!set) return;
  set.delete(v);
  if (set.size === 0) m.delete(k);
}

function setOf<K, V>(m: Map<K, Set<V>>, k: K): Set<V> {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  return s;
}
