/**
 * Keeps batches until the service worker acknowledges them, and reconnects with back-off when the
 * port drops. Separate from the bridge entry so it can be tested with a fake port.
 */
import {
  parseWorkerAck,
  type BridgeBatch,
  type BridgeHello,
  type BridgeReport,
  type BridgeTitle,
  type BridgeToWorker,
  type LostCounts,
  type WorkerAck,
} from '../../core/messages/bridge-worker.js';
import { channel, type Channel, type PortLike } from '../../core/messages/channel.js';
import { CAPTURE_PROTOCOL_VERSION } from '../../core/messages/versions.js';

export interface OutboxOptions {
  connect(): PortLike;
  hello(): BridgeHello;
  setTimeout(fn: () => void, ms: number): unknown;
  /**
   * Unacknowledged batches kept at most; beyond it the oldest are given up and counted in `lost()`.
   * Once anything was given up, the hello and every batch sent carry the cumulative count, so the
   * worker can show the user what the page captured but never reached it.
   */
  maxPending?: number;
  /** Events the intake refused in this document so far (cumulative), reported beside the losses. */
  refused?(): number;
}

export interface Outbox {
  send(b: BridgeBatch): void;
  ensureConnected(): void;
  /** Drops the current port and connects again (hello, then every unacknowledged batch). */
  reconnect(): void;
  /**
   * The document is going away: every unacknowledged batch must be on a port before this returns.
   * Connects at once when the port is down (no waiting for the back-off timer, which will not fire).
   */
  flushNow(): void;
  /** A message about the document, sent on the current port only: the next hello repeats what it says. */
  note(m: BridgeTitle): void;
  /** Sends the cumulative lost/refused report on its own (no batch may come to carry it). */
  report(docId: string): void;
  pending(): number;
  /** Batches given up because the worker stayed unreachable for too long, and the events they held. */
  lost(): LostCounts;
}

const RETRY_MS = [0, 50, 200, 500, 1000, 2000];

export function createOutbox(o: OutboxOptions): Outbox {
  const maxPending = o.maxPending ?? 4000;
  let port: Channel<Pick<WorkerAck, 'type' | 'seq'>, BridgeToWorker> | undefined;
  let pending: BridgeBatch[] = [];
  let failures = 0;
  let retryScheduled = false;
  let dead = false;
  const lost: LostCounts = { batches: 0, events: 0 };

  // A copy per message: the counts keep growing after it was posted.
  const lostNow = (): LostCounts | undefined => {
    const refused = o.refused?.() ?? 0;
    if (!lost.batches && !refused) return undefined;
    return refused ? { ...lost, refused } : { ...lost };
  };
  function withLost<M extends BridgeHello | BridgeBatch>(m: M): M {
    const l = lostNow();
    return l ? { ...m, lost: l } : m;
  }

  function onAck(a: Pick<WorkerAck, 'seq'>): void {
    failures = 0;
    const seq = a.seq;
    // Acks arrive in order; forgetting everything up to seq is safe.
    let i = 0;
    while (i < pending.length && pending[i]!.seq <= seq) i++;
    if (i) pending = pending.slice(i);
  }

  function connect(): void {
    if (port || dead) return;
    let p: Channel<Pick<WorkerAck, 'type' | 'seq'>, BridgeToWorker>;
    try {
      p = channel(o.connect(), parseWorkerAck);
    } catch {
      // "Extension context invalidated": the extension was reloaded or removed; stop quietly.
      dead = true;
      pending = [];
      return;
    }
    port = p;
    p.on(onAck);
    p.onClose(() => {
      if (port === p) port = undefined;
      failures++;
      if (pending.length) scheduleRetry();
    });
    try {
      p.send(withLost(o.hello()));
      for (const b of pending) p.send(withLost(b));
    } catch {
      port = undefined;
      scheduleRetry();
    }
  }

  function scheduleRetry(): void {
    if (retryScheduled || dead) return;
    retryScheduled = true;
    o.setTimeout(() => {
      retryScheduled = false;
      if (pending.length) connect();
    }, RETRY_MS[Math.min(failures, RETRY_MS.length - 1)]!);
  }

  // Not kept: a hello on (re)connect repeats what a note says, with the report's counts included.
  function note(m: BridgeTitle | BridgeReport): void {
    if (dead) return;
    if (!port) {
      if (!retryScheduled) connect();
      return;
    }
    try {
      port.send(m);
    } catch {
      port = undefined;
      scheduleRetry();
    }
  }

  return {
    send(b) {
      if (dead) return;
      pending.push(b);
      if (pending.length > maxPending) {
        const gone = pending.length - maxPending;
        for (let i = 0; i < gone; i++) {
          lost.batches++;
          lost.events += pending[i]!.n;
        }
        pending = pending.slice(gone);
      }
      if (!port) {
        if (!retryScheduled) connect();
        return;
      }
      try {
        port.send(withLost(b));
      } catch {
        port = undefined;
        scheduleRetry();
      }
    },
    ensureConnected() {
      if (!port && !retryScheduled) connect();
    },
    reconnect() {
      const p = port;
      port = undefined;
      try {
        p?.close();
      } catch {
        /* already gone */
      }
      if (!retryScheduled) connect();
    },
    flushNow() {
      if (!port && pending.length) connect();
    },
    note,
    report(docId) {
      const l = lostNow();
      if (l) note({ type: 'report', v: CAPTURE_PROTOCOL_VERSION, docId, lost: l });
    },
    pending: () => pending.length,
    lost: () => ({ ...lost }),
  };
}
