/**
 * The bridge's checks on the hook's batches, apart from the DOM so they are unit-tested: envelope
 * (checkHookBatch), the pinned docId and rising seq, for batches that come by window message and
 * for those the hook hands over synchronously while its document goes away (HOOK_SYNC_EVENT).
 */
import { CAPTURE_PROTOCOL_VERSION } from '../../core/messages/versions.js';
import type { BridgeBatch } from '../../core/messages/bridge-worker.js';
import { checkHookBatch, type HookBatch } from '../../core/messages/hook-bridge.js';

export interface IntakeOptions {
  /** A batch to keep until acknowledged and post on the port (the outbox). */
  send(b: BridgeBatch): void;
  /** The hook announced its document (empty batch): a top document connects at once. */
  announced(): void;
  /** After a synchronous hand-off: every batch must be on a port before the document goes. */
  flushNow(): void;
  /**
   * Every batch that passed the checks (pinned docId, rising seq), before it is sent: the SDK
   * command relay reads its answers from these alone, so a page cannot post one of its own.
   */
  accepted?(b: HookBatch): void;
  /** Something was refused: the count should reach the worker soon even if no batch follows. */
  refused?(): void;
}

export interface Intake {
  /**
   * `sync`: handed over by a synchronous event rather than a window message. True when the message
   * was the hook's own (this document's docId, which no page script sees): only those are hidden
   * from page listeners, so a page posting our tag learns nothing from its message vanishing.
   */
  accept(data: unknown, sync: boolean): boolean;
  /** The document's docId, once the hook announced it. */
  docId(): string | undefined;
  /**
   * Events refused in this document so far (forged, malformed, replayed). Cumulative: the outbox
   * puts it on every hello and batch, and a report goes out soon after each refusal.
   */
  invalid(): number;
  /** Counts something refused before it reached accept() (e.g. a detail that threw). */
  refuse(n: number): void;
}

export function createIntake(o: IntakeOptions): Intake {
  /** The hook posts an empty batch at install, before page scripts run: its docId is this document's. */
  let docId: string | undefined;
  let lastSeq = 0;
  /** Highest seq handed over synchronously: its window message, still queued then, may come later. */
  let syncedSeq = 0;
  let invalid = 0;
  function refuse(n: number): void {
    invalid += n;
    o.refused?.();
  }

  /**
   * A synchronous hand-off may repeat batches whose messages were already delivered (skipped here)
   * or are still queued (their messages are skipped when they come); anything else at or below
   * the last seq is a replay.
   */
  function accept(data: unknown, sync: boolean): boolean {
    let r: ReturnType<typeof checkHookBatch>;
    try {
      r = checkHookBatch(data);
    } catch {
      // The check is written not to throw on anything; if page data ever makes it, count, don't break.
      refuse(1);
      return false;
    }
    if (!r.ok) {
      refuse(r.events);
      return false;
    }
    const b = r.batch;
    // Only the hook's announcement, a window message queued before any page script ran, may pin
    // the docId: a page script can dispatch an event synchronously before that message arrives.
    if (sync && docId === undefined) {
      refuse(Math.max(1, b.n));
      return false;
    }
    docId ??= b.docId;
    if (b.docId !== docId) {
      // Another docId in this window can only be the page forging batches.
      refuse(Math.max(1, b.n));
      return false;
    }
    if (b.seq <= lastSeq) {
      if (!sync && b.seq > syncedSeq) refuse(Math.max(1, b.n));
      // Our docId, which no page script ever sees: a repeat of our own batch.
      return true;
    }
    lastSeq = b.seq;
    if (sync) syncedSeq = b.seq;
    if (!b.n) {
      o.announced();
      return true;
    }
    o.accepted?.(b);
    const msg: BridgeBatch = { type: 'batch', v: CAPTURE_PROTOCOL_VERSION, docId, seq: b.seq, n: b.n, json: b.json };
    o.send(msg);
    if (sync) o.flushNow();
    return true;
  }

  return {
    accept,
    docId: () => docId,
    invalid: () => invalid,
    refuse,
  };
}
