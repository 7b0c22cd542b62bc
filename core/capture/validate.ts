/**
 * Checks on everything that crosses a trust boundary: hook batches (the page can forge them) and
 * runtime-port messages. Invalid input is dropped and counted, never thrown. The bridge, which
 * runs on the page's main thread, checks only a batch's envelope; the worker checks every event.
 */
import {
  HOOK_MESSAGE_SOURCE,
  HOOK_PROTOCOL_VERSION,
  LIMITS,
  type CaptureEvent,
  type CaptureKind,
  type HookBatch,
} from './events.js';
import {
  CAPTURE_PROTOCOL_VERSION,
  MAX_TITLE_LENGTH,
  PORT_PROTOCOL_VERSION,
  type BridgeHello,
  type BridgeTitle,
  type LostCounts,
  type PanelToWorker,
} from './messages.js';

/** The bridge's verdict on a hook batch's envelope (its events are checked by the worker). */
export type EnvelopeResult =
  | { ok: true; batch: HookBatch }
  | { ok: false; reason: string; /** Events the refused batch claimed to hold (at least 1). */ events: number };

/** The worker's reading of a batch's JSON text: the well-formed events and how many were not. */
export interface ParsedEvents {
  events: CaptureEvent[];
  invalid: number;
  /** Why the whole text was refused, when it was. */
  error?: string;
}

type Check = (v: unknown) => boolean;
const str: Check = (v) => typeof v === 'string';
const num: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const bool: Check = (v) => typeof v === 'boolean';
const any: Check = () => true;
const optional = (c: Check): Check => (v) => v === undefined || c(v);
const oneOf = (...values: string[]): Check => (v) => typeof v === 'string' && values.includes(v);
const obj: Check = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const arrayOf = (c: Check): Check => (v) => Array.isArray(v) && v.every(c);
const shape = (fields: Record<string, Check>): Check => (v) =>
  obj(v) && Object.entries(fields).every(([k, c]) => c((v as Record<string, unknown>)[k]));

const device = shape({ deviceId: str, groupId: str, kind: str, label: str });
const track = shape({ id: str, kind: str, label: str, readyState: optional(str), muted: optional(bool) });

/** Field checks per event kind (`t` and `kind` are checked for all). */
const EVENT_FIELDS: Record<CaptureKind, Record<string, Check>> = {
  'ws.create': { id: str, url: str, protocols: arrayOf(str) },
  'ws.open': { id: str, protocol: str, extensions: str },
  'ws.frame': {
    id: str,
    dir: oneOf('sent', 'received'),
    size: (v) => num(v) && (v as number) >= 0,
    binary: bool,
    text: optional((v) => str(v) && (v as string).length <= LIMITS.maxFrameText),
    preview: optional((v) => str(v) && (v as string).length <= 1024),
    truncated: optional(bool),
  },
  'ws.close': { id: str, code: num, reason: str, wasClean: bool, initiator: oneOf('page', 'remote') },
  'ws.error': { id: str },
  'pc.create': { id: str, config: any },
  'pc.call': { id: str, method: str, args: Array.isArray },
  'pc.result': { id: str, method: str, ok: bool, durationMs: num },
  'pc.event': { id: str, type: str, data: any },
  'pc.stats': { id: str, reports: (v) => obj(v) && Object.values(v as object).every(obj) },
  'media.gum': { id: str, api: oneOf('getUserMedia', 'getDisplayMedia'), constraints: any },
  'media.gum.result': {
    id: str,
    api: oneOf('getUserMedia', 'getDisplayMedia'),
    ok: bool,
    durationMs: num,
    tracks: optional(arrayOf(track)),
    error: optional(shape({ name: str, message: str })),
  },
  'media.devices': { devices: arrayOf(device) },
  'media.devicechange': { added: arrayOf(device), removed: arrayOf(device), devices: arrayOf(device) },
  'media.track': { trackId: str, trackKind: str, label: str, event: oneOf('ended', 'mute', 'unmute') },
  'media.permission': { name: oneOf('camera', 'microphone'), state: oneOf('granted', 'denied', 'prompt', 'unknown') },
  'sdk.found': { id: str, sdk: str, version: str, via: str },
  'sdk.event': { id: str, name: str, data: any },
  'hook.notice': { level: oneOf('info', 'warn'), code: str, message: str },
  'page.hide': { docId: (v) => str(v) && ID_RE.test(v as string), persisted: bool },
};

export function isCaptureEvent(v: unknown): v is CaptureEvent {
  if (!obj(v)) return false;
  const e = v as Record<string, unknown>;
  if (typeof e.kind !== 'string' || !num(e.t)) return false;
  const fields = Object.prototype.hasOwnProperty.call(EVENT_FIELDS, e.kind) ? EVENT_FIELDS[e.kind as CaptureKind] : undefined;
  if (!fields) return false;
  for (const k in fields) if (!fields[k]!(e[k])) return false;
  return true;
}

const ID_RE = /^[A-Za-z0-9_:.-]{1,64}$/;

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= LIMITS.maxBatchEvents;

/**
 * Checks a hook batch's envelope: source, version, docId, seq, and that its JSON text is a string
 * within LIMITS. Cheap and independent of the batch's size, because it runs on the page's main
 * thread for every flush; the events inside are parsed and validated by the service worker.
 */
export function checkHookBatch(data: unknown, maxBytes: number = LIMITS.maxBatchBytes): EnvelopeResult {
  if (!obj(data)) return { ok: false, reason: 'not an object', events: 1 };
  const b = data as Record<string, unknown>;
  // What a refused batch is counted as: its own claim when plausible, else one.
  const claimed = isCount(b.n) ? Math.max(1, b.n) : Array.isArray(b.events) ? Math.max(1, Math.min(b.events.length, LIMITS.maxBatchEvents)) : 1;
  const no = (reason: string): EnvelopeResult => ({ ok: false, reason, events: claimed });
  if (b.source !== HOOK_MESSAGE_SOURCE) return no('wrong source');
  // Never String() a page value here: {toString: 1} would throw on the page's thread.
  if (b.v !== HOOK_PROTOCOL_VERSION) return no(`unsupported version ${typeof b.v === 'number' ? b.v : typeof b.v}`);
  if (typeof b.docId !== 'string' || !ID_RE.test(b.docId)) return no('bad docId');
  if (!Number.isSafeInteger(b.seq) || (b.seq as number) < 1) return no('bad seq');
  if (!isCount(b.n)) return no('bad event count');
  if (typeof b.json !== 'string') return no('events are not JSON text');
  if (b.json.length > maxBytes) return no(`batch too large (${b.json.length} bytes)`);
  return { ok: true, batch: { source: HOOK_MESSAGE_SOURCE, v: HOOK_PROTOCOL_VERSION, docId: b.docId, seq: b.seq as number, n: b.n, json: b.json } };
}

/**
 * Parses a batch's JSON text and keeps the well-formed events. Never throws: text that is not a
 * JSON array of at most LIMITS.maxBatchEvents counts as `claimed` invalid events (at least one).
 */
export function parseBatchEvents(json: string, claimed: number): ParsedEvents {
  const whole = (error: string): ParsedEvents => ({ events: [], invalid: Math.max(1, claimed), error });
  if (json.length > LIMITS.maxBatchBytes) return whole('batch too large');
  let arr: unknown;
  try {
    arr = JSON.parse(json);
  } catch {
    return whole('not JSON');
  }
  if (!Array.isArray(arr)) return whole('not an array');
  if (arr.length > LIMITS.maxBatchEvents) return whole('too many events');
  const events: CaptureEvent[] = [];
  for (const ev of arr) if (isCaptureEvent(ev)) events.push(ev);
  return { events, invalid: arr.length - events.length };
}

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

/** A bridge's lost-in-page report, only when both counts are non-negative safe integers. */
function lostCounts(v: unknown): LostCounts | undefined {
  if (!obj(v)) return undefined;
  const { batches, events } = v as Record<string, unknown>;
  if (!Number.isSafeInteger(batches) || !Number.isSafeInteger(events)) return undefined;
  if ((batches as number) < 0 || (events as number) < 0) return undefined;
  return { batches: batches as number, events: events as number };
}

/** Bridge -> worker port messages. The batch's JSON text is parsed and each event validated here. */
export function parseBridgeMessage(m: unknown): { msg: BridgeHello | BridgeTitle | ParsedBatch; invalidEvents: number } | undefined {
  if (!obj(m)) return undefined;
  const x = m as Record<string, unknown>;
  if (x.v !== CAPTURE_PROTOCOL_VERSION || typeof x.docId !== 'string' || !ID_RE.test(x.docId)) return undefined;
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
    if (!Number.isSafeInteger(x.seq) || (x.seq as number) < 1 || !isCount(x.n) || typeof x.json !== 'string') return undefined;
    const parsed = parseBatchEvents(x.json, x.n);
    const reported = Number.isSafeInteger(x.invalid) && (x.invalid as number) > 0 ? (x.invalid as number) : 0;
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
      invalidEvents: parsed.invalid + reported,
    };
  }
  return undefined;
}

export function parsePanelMessage(m: unknown): PanelToWorker | undefined {
  if (!obj(m)) return undefined;
  const x = m as Record<string, unknown>;
  if (x.v !== PORT_PROTOCOL_VERSION || !Number.isSafeInteger(x.tabId)) return undefined;
  const tabId = x.tabId as number;
  switch (x.type) {
    case 'subscribe':
      return { type: 'subscribe', v: PORT_PROTOCOL_VERSION, tabId };
    case 'clear':
      return { type: 'clear', v: PORT_PROTOCOL_VERSION, tabId };
    case 'preserve-log':
      return typeof x.preserve === 'boolean' ? { type: 'preserve-log', v: PORT_PROTOCOL_VERSION, tabId, preserve: x.preserve } : undefined;
    default:
      return undefined;
  }
}
