/**
 * Page hook (MAIN world) -> bridge (isolated world): one batch of capture events per flush, by
 * window.postMessage or, while the document goes away, a synchronous CustomEvent (HOOK_SYNC_EVENT).
 * Page script shares the window and can forge either, so the bridge checks every envelope
 * (checkHookBatch); the events inside are checked by the service worker (core/capture/validate.ts).
 */
import { LIMITS } from '../capture/events.js';
import { isDocId, isEventCount } from '../capture/validate.js';
import { HOOK_MESSAGE_SOURCE, HOOK_PROTOCOL_VERSION, type Version } from './versions.js';

/**
 * What the MAIN-world hook posts to the bridge, one per flush.
 *
 * The events are serialized once, in the page, as JSON text: a string crosses from the page to the
 * bridge and on to the service worker as a flat copy, where an array of objects was cloned, checked
 * and serialized again on the page's main thread (docs/performance.md, P1). The service worker
 * parses and validates them, off the page's thread.
 */
export interface HookBatch {
  source: typeof HOOK_MESSAGE_SOURCE;
  v: Version<'hook'>;
  /** Random id of this document's hook instance: a new one per page load and per frame. */
  docId: string;
  /** Increments by one per batch from this docId; lets the service worker drop resent duplicates. */
  seq: number;
  /** How many events `json` holds: lets the bridge count a refused batch without parsing it. */
  n: number;
  /** JSON text of a CaptureEvent[] of length `n`. */
  json: string;
  /**
   * Set when the batch holds sdk.* events: the bridge's SDK command relay parses only those
   * batches, sparing a scan of every batch on the page's thread.
   */
  sdk?: true;
}

/** Everything the hook sends the bridge. */
export type HookToBridge = HookBatch;

/** The bridge's verdict on a hook batch's envelope (its events are checked by the worker). */
export type EnvelopeResult =
  | { ok: true; batch: HookBatch }
  | { ok: false; reason: string; /** Events the refused batch claimed to hold (at least 1). */ events: number };

function obj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks a hook batch's envelope: source, version, docId, seq, and that its JSON text is a string
 * within LIMITS. Cheap and independent of the batch's size, because it runs on the page's main
 * thread for every flush; the events inside are parsed and validated by the service worker.
 */
export function checkHookBatch(data: unknown, maxBytes: number = LIMITS.maxBatchBytes): EnvelopeResult {
  if (!obj(data)) return { ok: false, reason: 'not an object', events: 1 };
  const b = data;
  // What a refused batch is counted as: its own claim when plausible, else one.
  const claimed = isEventCount(b.n) ? Math.max(1, b.n) : Array.isArray(b.events) ? Math.max(1, Math.min(b.events.length, LIMITS.maxBatchEvents)) : 1;
  const no = (reason: string): EnvelopeResult => ({ ok: false, reason, events: claimed });
  if (b.source !== HOOK_MESSAGE_SOURCE) return no('wrong source');
  // Never String() a page value here: {toString: 1} would throw on the page's thread.
  if (b.v !== HOOK_PROTOCOL_VERSION) return no(`unsupported version ${typeof b.v === 'number' ? b.v : typeof b.v}`);
  if (!isDocId(b.docId)) return no('bad docId');
  if (!Number.isSafeInteger(b.seq) || (b.seq as number) < 1) return no('bad seq');
  if (!isEventCount(b.n)) return no('bad event count');
  if (typeof b.json !== 'string') return no('events are not JSON text');
  if (b.json.length > maxBytes) return no(`batch too large (${b.json.length} bytes)`);
  const batch: HookBatch = { source: HOOK_MESSAGE_SOURCE, v: HOOK_PROTOCOL_VERSION, docId: b.docId, seq: b.seq as number, n: b.n, json: b.json };
  if (b.sdk === true) batch.sdk = true;
  return { ok: true, batch };
}
