/**
 * Bridge <-> service worker, on the runtime port CAPTURE_PORT. The bridge forwards the hook's
 * batches (JSON text unparsed) and says hello per document; the worker acks what it stored. The
 * tab is taken from the port's sender, never from a message. The worker parses and validates every
 * event of a batch here (parseBridgeMessage), off the page's thread.
 */
import type { CaptureEvent } from '../capture/events.js';
import { isDocId, isEventCount, parseBatchEvents } from '../capture/validate.js';
import { CAPTURE_PROTOCOL_VERSION, type Version } from './versions.js';

/**
 * What the bridge's outbox gave up since the document started, because the worker stayed
 * unreachable while the page kept capturing. Cumulative, so a resent or repeated report never
 * counts the same loss twice: the worker keeps the highest it has seen per document.
 */
export interface LostCounts {
  batches: number;
  /** Events those batches held (their `n`). */
  events: number;
  /**
   * Events the bridge refused for this document (forged or malformed hook messages, replays):
   * counted by the worker under the drop kind `invalid`. Cumulative like the rest.
   */
  refused?: number;
}

// ---- bridge -> service worker ----
export interface BridgeHello {
  type: 'hello';
  v: Version<'capture'>;
  docId: string;
  url: string;
  top: boolean;
  /** The document's title when already known (a bridge reconnecting after the worker stopped). */
  title?: string;
  /** Present once the outbox has given up batches of this document. */
  lost?: LostCounts;
}
/** The top document's title, once parsed (the hello goes at document_start, before any <title>). */
export interface BridgeTitle {
  type: 'title';
  v: Version<'capture'>;
  docId: string;
  title: string;
}
/** A hook batch (core/messages/hook-bridge.ts HookBatch) as the bridge forwards it. */
export interface BridgeBatch {
  type: 'batch';
  v: Version<'capture'>;
  docId: string;
  seq: number;
  /** The hook's event count and JSON text, forwarded unparsed (see HookBatch). */
  n: number;
  json: string;
  /** Present on every batch sent once the outbox gave some up or the intake refused any (see LostCounts). */
  lost?: LostCounts;
}
/**
 * The document's cumulative report on its own, sent shortly after the intake refused something:
 * a page that only forges, with no real batch to carry the count, is still shown as doing so.
 */
export interface BridgeReport {
  type: 'report';
  v: Version<'capture'>;
  docId: string;
  lost: LostCounts;
}
export type BridgeToWorker = BridgeHello | BridgeTitle | BridgeBatch | BridgeReport;

/** A batch as the worker accepts it from a bridge: events parsed and validated. */
export interface ParsedBatch {
  type: 'batch';
  docId: string;
  seq: number;
  events: CaptureEvent[];
  /**
   * Serialized size of the events, read off the JSON text they came from (the text of an array of
   * n items is their texts plus n + 1 brackets and commas); unknown when some events were refused.
   */
  bytes?: number;
  /** The JSON text itself when it holds exactly `events` (nothing refused): stored as it came. */
  json?: string;
  /** The bridge's cumulative lost-in-page counts for this document, when it reported them. */
  lost?: LostCounts;
}
/** A bridge message as the worker reads it, with the count of events of a batch it refused. */
export interface ParsedBridgeMessage {
  msg: BridgeHello | BridgeTitle | ParsedBatch | BridgeReport;
  invalidEvents: number;
}

// ---- service worker -> bridge ----
/** Longest title kept: page text, shown in a header. */
export const MAX_TITLE_LENGTH = 512;

/** Sent once the batch is stored durably: the bridge may forget batches up to `seq`. */
export interface WorkerAck {
  type: 'ack';
  v: Version<'capture'>;
  docId: string;
  seq: number;
}
export type WorkerToBridge = WorkerAck;

function obj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const count = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

/** A bridge's lost-in-page report, only when every count is a non-negative safe integer. */
function lostCounts(v: unknown): LostCounts | undefined {
  if (!obj(v)) return undefined;
  const { batches, events, refused } = v;
  if (!count(batches) || !count(events) || (refused !== undefined && !count(refused))) return undefined;
  return refused ? { batches, events, refused } : { batches, events };
}

/** Bridge -> worker port messages. The batch's JSON text is parsed and each event validated here. */
export function parseBridgeMessage(m: unknown): ParsedBridgeMessage | undefined {
  if (!obj(m)) return undefined;
  const x = m;
  if (x.v !== CAPTURE_PROTOCOL_VERSION || !isDocId(x.docId)) return undefined;
  if (x.type === 'hello') {
    if (typeof x.url !== 'string' || typeof x.top !== 'boolean' || (x.title !== undefined && typeof x.title !== 'string')) return undefined;
    const hello: BridgeHello = { type: 'hello', v: CAPTURE_PROTOCOL_VERSION, docId: x.docId, url: x.url.slice(0, 4096), top: x.top };
    if (typeof x.title === 'string') hello.title = x.title.slice(0, MAX_TITLE_LENGTH);
    const lost = lostCounts(x.lost);
    if (lost) hello.lost = lost;
    return { msg: hello, invalidEvents: 0 };
  }
  if (x.type === 'title') {
    if (typeof x.title !== 'string') return undefined;
    return { msg: { type: 'title', v: CAPTURE_PROTOCOL_VERSION, docId: x.docId, title: x.title.slice(0, MAX_TITLE_LENGTH) }, invalidEvents: 0 };
  }
  if (x.type === 'batch') {
    if (!Number.isSafeInteger(x.seq) || (x.seq as number) < 1 || !isEventCount(x.n) || typeof x.json !== 'string') return undefined;
    const parsed = parseBatchEvents(x.json, x.n);
    const lost = lostCounts(x.lost);
    return {
      msg: {
        type: 'batch',
        docId: x.docId,
        seq: x.seq as number,
        events: parsed.events,
        ...(parsed.invalid || !parsed.events.length ? {} : { bytes: x.json.length - parsed.events.length - 1, json: x.json }),
        ...(lost ? { lost } : {}),
      },
      invalidEvents: parsed.invalid,
    };
  }
  if (x.type === 'report') {
    const lost = lostCounts(x.lost);
    if (!lost) return undefined;
    return { msg: { type: 'report', v: CAPTURE_PROTOCOL_VERSION, docId: x.docId, lost }, invalidEvents: 0 };
  }
  return undefined;
}

/**
 * Worker -> bridge. The bridge trusts its own extension's worker, so this checks only what it
 * acts on: an ack and the seq it forgets up to.
 */
export function parseWorkerAck(m: unknown): Pick<WorkerAck, 'type' | 'seq'> | undefined {
  const a = m as Partial<WorkerAck> | null;
  if (!a || a.type !== 'ack' || typeof a.seq !== 'number') return undefined;
  return a as Pick<WorkerAck, 'type' | 'seq'>;
}
