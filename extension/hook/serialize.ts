/**
 * Page values -> JSON-safe values, defensively: a hostile page can hand us getters that throw,
 * Proxies whose traps throw, cycles, deep nesting and huge strings. Nothing here may throw, and
 * the output size is bounded.
 */
import type { Json } from '../../core/capture/events.js';
import { append, apply, arrayFrom, defineProperty, isArray, isFinite, isoDate, isView, min, objectKeys, sliceString, tagOf } from './intrinsics.js';

export interface JsonLimits {
  maxDepth: number;
  maxString: number;
  maxKeys: number;
  maxItems: number;
  /** Rough total characters for the whole value; beyond it values become "[truncated]". */
  budget: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = {
  maxDepth: 8,
  maxString: 64 * 1024,
  maxKeys: 200,
  maxItems: 500,
  budget: 512 * 1024,
};

const objectProto = Object.prototype;

function read(obj: object, key: PropertyKey): unknown {
  try {
    return (obj as Record<PropertyKey, unknown>)[key];
  } catch {
    return '[unreadable]';
  }
}

/** Platform objects whose useful fields are prototype getters (so Object.keys sees nothing). */
const PLATFORM_FIELDS: Record<string, string[]> = {
  '[object MediaStreamTrack]': ['id', 'kind', 'label', 'enabled', 'muted', 'readyState'],
  '[object MediaStream]': ['id', 'active'],
  '[object RTCRtpSender]': ['track'],
  '[object RTCRtpReceiver]': ['track'],
  '[object RTCRtpTransceiver]': ['mid', 'direction', 'currentDirection', 'sender', 'receiver'],
  '[object RTCDataChannel]': ['label', 'id', 'protocol', 'ordered', 'negotiated', 'readyState'],
  '[object RTCCertificate]': ['expires'],
  '[object MediaDeviceInfo]': ['deviceId', 'groupId', 'kind', 'label'],
  '[object InputDeviceInfo]': ['deviceId', 'groupId', 'kind', 'label'],
};

export function toJson(value: unknown, limits: JsonLimits = DEFAULT_JSON_LIMITS): Json {
  let budget = limits.budget;
  const ancestors: object[] = [];

  function str(s: string): string {
    const out = s.length > limits.maxString ? sliceString(s, 0, limits.maxString) + `…[${s.length} chars]` : s;
    budget -= out.length + 2;
    return out;
  }

  function walk(v: unknown, depth: number): Json {
    if (budget <= 0) return '[truncated]';
    switch (typeof v) {
      case 'string':
        return str(v);
      case 'number':
        budget -= 8;
        return isFinite(v) ? v : null;
      case 'boolean':
        budget -= 5;
        return v;
      case 'bigint':
        return str(String(v));
      case 'symbol':
        return str(v.description === undefined ? 'Symbol()' : `Symbol(${v.description})`);
      case 'function':
        return str(`[function ${typeof read(v, 'name') === 'string' ? (read(v, 'name') as string) : ''}]`);
      case 'undefined':
        return null;
    }
    if (v === null) return null;
    const o = v as object;
    if (depth >= limits.maxDepth) return '[depth]';
    for (let i = 0; i < ancestors.length; i++) if (ancestors[i] === o) return '[cycle]';
    const level = ancestors.length;
    ancestors[level] = o;
    try {
      return walkObject(o, depth);
    } catch {
      return '[unreadable]';
    } finally {
      ancestors.length = level;
    }
  }

  function walkObject(o: object, depth: number): Json {
    if (isArray(o)) {
      const len = min(o.length >>> 0, limits.maxItems);
      const out: Json[] = [];
      for (let i = 0; i < len && budget > 0; i++) append(out, walk(read(o, i), depth + 1));
      if ((o.length >>> 0) > len) append(out, `…[${o.length} items]`);
      budget -= 2;
      return out;
    }
    const tag = tagOf(o);
    if (tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]' || isView(o)) return { byteLength: Number(read(o, 'byteLength')) || 0 };
    if (tag === '[object Date]') return str(safeCall(() => isoDate(o), 'Invalid Date'));
    if (tag === '[object Error]' || tag === '[object DOMException]') {
      return { name: String(read(o, 'name')), message: str(String(read(o, 'message'))) };
    }
    const fields = PLATFORM_FIELDS[tag];
    if (fields) {
      const out: { [k: string]: Json } = {};
      for (let i = 0; i < fields.length; i++) out[fields[i]!] = walk(read(o, fields[i]!), depth + 1);
      return out;
    }
    // Descriptions and candidates offer toJSON; so may page objects, deliberately. One the page put
    // on Object.prototype is not a conversion of this object: it would replace every plain object.
    const toJSON = read(o, 'toJSON');
    if (typeof toJSON === 'function' && toJSON !== read(objectProto, 'toJSON')) {
      let converted: unknown;
      try {
        converted = apply(toJSON, o, []);
      } catch {
        return '[unreadable]';
      }
      if (converted !== o) return walk(converted, depth);
    }
    if (tag === '[object Map]' || tag === '[object Set]') {
      return walk(safeCall(() => arrayFrom(o as Iterable<unknown>), []), depth);
    }
    const keys = objectKeys(o);
    const out: { [k: string]: Json } = {};
    let n = 0;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (budget <= 0) break;
      if (n++ >= limits.maxKeys) {
        out['…'] = `[${keys.length} keys]`;
        break;
      }
      const val = read(o, k);
      if (val === undefined) continue;
      budget -= k.length + 3;
      // An own "__proto__" key (JSON.parse makes them) must stay a key, not set out's prototype.
      if (k === '__proto__') defineProperty(out, k, { value: walk(val, depth + 1), enumerable: true, writable: true, configurable: true });
      else out[k] = walk(val, depth + 1);
    }
    return out;
  }

  try {
    return walk(value, 0);
  } catch {
    return '[unreadable]';
  }
}

function safeCall<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}
