/**
 * Open requests waiting for their reply, keyed by session + direction + id, with per-time-out FIFO queues so
 * expiring them is O(1) amortised (deadlines within one queue only grow because time only grows).
 * The table is capped: past the cap the oldest open request is forgotten and counted.
 */

export interface Pending {
  key: string;
  /** Message index of the request. */
  index: number;
  t: number;
  socketId: string;
  sessionId: string;
  /** Method shown to the user: the Verto method for a webrtc.verto envelope. */
  method: string;
  /** Outer method on the wire (signalwire.connect, webrtc.verto, login, INVITE...). */
  wireMethod: string;
  /** Call the request belongs to, so a reply without callID still reaches its call. */
  callId?: string;
  /** True for the Verto request nested in an envelope: its envelope carries the time-out. */
  inner?: boolean;
  /** Time-out the SDK itself applies, ms; 0 when the SDK has none we know. */
  timeoutMs: number;
  deadline: number;
  done: boolean;
  /** Slot in the analysis' list of waiting requests (PendingList) while it is listed there. */
  listPos?: number;
}

interface Queue {
  items: Pending[];
  head: number;
}

export const MAX_PENDING = 5000;

export class PendingTable {
  private map = new Map<string, Pending>();
  private queues = new Map<number, Queue>();
  evicted = 0;

  /** `onLeave`: told when a request stops waiting for another reason than its time-out (answered, replaced, evicted). */
  constructor(private readonly onLeave: (p: Pending) => void = () => undefined) {}

  get size(): number {
    return this.map.size;
  }

  add(p: Pending): void {
    const old = this.map.get(p.key);
    // A reused id replaces the older request: the SDK cannot tell the replies apart either.
    if (old) {
      old.done = true;
      this.onLeave(old);
    }
    this.map.set(p.key, p);
    if (this.map.size > MAX_PENDING) {
      const oldestKey = this.map.keys().next().value as string;
      const oldest = this.map.get(oldestKey)!;
      oldest.done = true;
      this.map.delete(oldestKey);
      this.evicted++;
      this.onLeave(oldest);
    }
    if (p.timeoutMs > 0) {
      let q = this.queues.get(p.timeoutMs);
      if (!q) this.queues.set(p.timeoutMs, (q = { items: [], head: 0 }));
      q.items.push(p);
    }
  }

  take(key: string): Pending | undefined {
    const p = this.map.get(key);
    if (!p) return undefined;
    this.map.delete(key);
    p.done = true;
    this.onLeave(p);
    return p;
  }

  peek(key: string): Pending | undefined {
    return this.map.get(key);
  }

  /** Answered for time-out purposes but kept open for a later final reply (SIP provisional responses). */
  settle(p: Pending): void {
    p.done = true;
    this.onLeave(p);
  }

  /** Removes and returns requests whose deadline passed by `now`. */
  expire(now: number, onExpired: (p: Pending) => void): void {
    for (const q of this.queues.values()) {
      while (q.head < q.items.length) {
        const p = q.items[q.head]!;
        if (!p.done && p.deadline > now) break;
        q.head++;
        if (!p.done) {
          p.done = true;
          this.map.delete(p.key);
          onExpired(p);
        }
      }
      if (q.head > 1024 && q.head * 2 > q.items.length) {
        q.items = q.items.slice(q.head);
        q.head = 0;
      }
    }
  }
}
