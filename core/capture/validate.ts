/**
 * Checks on everything that crosses a trust boundary: hook batches (the page can forge them) and
 * runtime-port messages. Invalid input is dropped and counted, never thrown.
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
  PORT_PROTOCOL_VERSION,
  type BridgeToWorker,
  type PanelToWorker,
} from './messages.js';

export type BatchResult =
  | { ok: true; batch: HookBatch; invalidEvents: number; bytes: number }
  | { ok: false; reason: string; events: number };

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

/** Serialized size in bytes (UTF-16 code units, an upper bound for ASCII-heavy JSON); -1 if unserializable. */
export function jsonSize(v: unknown): number {
  try {
    const s = JSON.stringify(v);
    return s === undefined ? -1 : s.length;
  } catch {
    return -1;
  }
}

const ID_RE = /^[A-Za-z0-9_:.-]{1,64}$/;

/**
 * Validates a hook batch. Whole-batch problems (wrong source/version, too big, bad docId/seq) reject
 * it; individual malformed events are removed and counted in `invalidEvents`.
 */
export function validateBatch(data: unknown, maxBytes: number = LIMITS.maxBatchBytes): BatchResult {
  if (!obj(data)) return { ok: false, reason: 'not an object', events: 0 };
  const b = data as Record<string, unknown>;
  const count = Array.isArray(b.events) ? b.events.length : 0;
  if (b.source !== HOOK_MESSAGE_SOURCE) return { ok: false, reason: 'wrong source', events: count };
  if (b.v !== HOOK_PROTOCOL_VERSION) return { ok: false, reason: `unsupported version ${String(b.v)}`, events: count };
  if (typeof b.docId !== 'string' || !ID_RE.test(b.docId)) return { ok: false, reason: 'bad docId', events: count };
  if (!Number.isSafeInteger(b.seq) || (b.seq as number) < 1) return { ok: false, reason: 'bad seq', events: count };
  if (!Array.isArray(b.events)) return { ok: false, reason: 'events is not an array', events: 0 };
  if (b.events.length > LIMITS.maxBatchEvents) return { ok: false, reason: 'too many events', events: count };
  const bytes = jsonSize(b.events);
  if (bytes < 0) return { ok: false, reason: 'events not serializable', events: count };
  if (bytes > maxBytes) return { ok: false, reason: `batch too large (${bytes} bytes)`, events: count };
  const events: CaptureEvent[] = [];
  for (const ev of b.events) if (isCaptureEvent(ev)) events.push(ev);
  return {
    ok: true,
    batch: { source: HOOK_MESSAGE_SOURCE, v: HOOK_PROTOCOL_VERSION, docId: b.docId, seq: b.seq as number, events },
    invalidEvents: count - events.length,
    bytes,
  };
}

/** Bridge -> worker port messages. Events inside batches are re-checked one by one. */
export function parseBridgeMessage(m: unknown): { msg: BridgeToWorker; invalidEvents: number } | undefined {
  if (!obj(m)) return undefined;
  const x = m as Record<string, unknown>;
  if (x.v !== PORT_PROTOCOL_VERSION || typeof x.docId !== 'string' || !ID_RE.test(x.docId)) return undefined;
  if (x.type === 'hello') {
    if (typeof x.url !== 'string' || typeof x.top !== 'boolean') return undefined;
    return { msg: { type: 'hello', v: PORT_PROTOCOL_VERSION, docId: x.docId, url: x.url.slice(0, 4096), top: x.top }, invalidEvents: 0 };
  }
  if (x.type === 'batch') {
    if (!Number.isSafeInteger(x.seq) || (x.seq as number) < 1 || !Array.isArray(x.events)) return undefined;
    if (x.events.length > LIMITS.maxBatchEvents) return undefined;
    const events = x.events.filter(isCaptureEvent);
    const reported = Number.isSafeInteger(x.invalid) && (x.invalid as number) > 0 ? (x.invalid as number) : 0;
    return {
      msg: { type: 'batch', v: PORT_PROTOCOL_VERSION, docId: x.docId, seq: x.seq as number, events },
      invalidEvents: x.events.length - events.length + reported,
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
