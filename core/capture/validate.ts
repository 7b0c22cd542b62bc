/**
 * Checks on the capture events a batch carries (the page can forge them). Invalid events are
 * dropped and counted, never thrown. The envelopes that carry them are checked beside their types
 * in core/messages/: the bridge, on the page's main thread, checks only a batch's envelope
 * (hook-bridge.ts); the worker parses and checks every event (bridge-worker.ts, with this module).
 */
import { LIMITS, type CaptureEvent, type CaptureKind } from './events.js';
import { parseFault } from '../simulate/faults.js';

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
    preview: optional((v) => str(v) && (v as string).length <= LIMITS.maxBinaryBytes * 3),
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
  'fault.armed': { id: (v) => str(v) && (v as string).length <= 200, fault: (v) => parseFault(v).ok },
  'fault.applied': { id: str, target: str, action: str, detail: optional(str) },
  'fault.ended': { id: str, reason: oneOf('stopped', 'done', 'expired') },
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

/** A hook's docId: it names a document in storage keys and event ids, so its alphabet is fixed. */
export const isDocId = (v: unknown): v is string => typeof v === 'string' && ID_RE.test(v);

/** An event count a batch may claim (at most LIMITS.maxBatchEvents). */
export const isEventCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= LIMITS.maxBatchEvents;

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
