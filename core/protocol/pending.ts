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
  /**
   * `keys[i]` is the request behind `items[i]`; each request holds its own slot (`Pending.listPos`).
   * No maps or per-socket sets: a request is added and removed for every exchange (P6 measured the
   * hashing at ~10 % of the analyzer), while the list itself stays short (only what still waits,
   * bounded by the pairing table), so the rare socket close or hang-up scans it.
   */
  private readonly keys: Pending[] = [];

  add(p: Pending, overdueMs: number): void {
    if (p.listPos !== undefined) return;
    const e: PendingRequest = { index: p.index, socketId: p.socketId, method: p.method, wireMethod: p.wireMethod, t: p.t, timeoutMs: p.timeoutMs, overdueMs };
    if (p.callId) e.callId = p.callId;
    p.listPos = this.items.length;
    this.items.push(e);
    this.keys.push(p);
  }

  has(p: Pending): boolean {
    return p.listPos !== undefined;
  }

  remove(p: Pending): void {
    const i = p.listPos;
    if (i === undefined) return;
    const last = this.items.length - 1;
    if (i !== last) {
      this.items[i] = this.items[last]!;
      const moved = this.keys[last]!;
      this.keys[i] = moved;
      moved.listPos = i;
    }
    this.items.pop();
    this.keys.pop();
    p.listPos = undefined;
  }

  /** The socket closed: nothing sent on it can be answered any more. */
  dropSocket(socketId: string): void {
    // Backwards: remove() fills slot i from the end, which this loop has already looked at.
    for (let i = this.keys.length - 1; i >= 0; i--) {
      const p = this.keys[i]!;
      if (p.socketId === socketId) this.remove(p);
    }
  }

  /**
   * The call ended: what it sent before the hang-up is abandoned, not awaited. The hang-up's own request
   * (index >= `fromIndex`, e.g. a bye the SDK waits on) stays.
   */
  dropCall(callId: string, fromIndex = Infinity): void {
    for (let i = this.keys.length - 1; i >= 0; i--) {
      const p = this.keys[i]!;
      if (p.callId === callId && p.index < fromIndex) this.remove(p);
    }
  }
}
