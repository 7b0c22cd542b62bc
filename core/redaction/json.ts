/**
 * The one JSON sanitiser: any value -> small, JSON-safe data, by default with secrets removed.
 *
 * Used on values read from a page's SDK objects (inside the page hook) and on analyzer data going
 * into a bundle. It must survive hostile input: getters that throw, cycles, proxies, enormous
 * strings and arrays. It never throws; what it cannot read becomes a short marker string.
 *
 * It runs among page code, so the built-ins it calls are taken once when this module loads (the
 * hook loads at document_start, before any page script) and called through Reflect.apply: a page
 * that replaces Object.keys, Array.prototype.push or Map.prototype.forEach never runs inside it.
 * A value's own `toJSON` (platform objects such as MediaDeviceInfo expose their data that way) is
 * the one page function it calls, and not one the page put on Object.prototype.
 */
import type { Json } from '../capture/events.js';
import { REDACTED, isSecretKey } from './keys.js';
import { redactTokensInText } from './text.js';

export interface SafeJsonLimits {
  /** Nesting deeper than this becomes "[depth]". */
  maxDepth: number;
  /** Keys kept per object and items kept per array. */
  maxItems: number;
  /** Characters kept per string. */
  maxString: number;
  /** Rough budget of characters for the whole value; past it, values become "[truncated]". */
  maxTotal: number;
}

export interface SafeJsonOptions extends SafeJsonLimits {
  /** Remove secrets (keys.ts names, JWTs and URL secrets in strings). Off only where the whole result is redacted later. */
  redact: boolean;
  /** What a repeated ancestor becomes. */
  cycle: string;
  /** NaN and ±Infinity: as text ("Infinity"), or null as JSON.stringify would. */
  nonFinite: 'string' | 'null';
}

export const DEFAULT_LIMITS: SafeJsonLimits = { maxDepth: 6, maxItems: 100, maxString: 2000, maxTotal: 64 * 1024 };
const DEFAULTS: SafeJsonOptions = { ...DEFAULT_LIMITS, redact: true, cycle: '[cycle]', nonFinite: 'string' };

const apply = Reflect.apply;
const objectKeys = Object.keys;
const isArray = Array.isArray;
const isFiniteNumber = Number.isFinite;
const isView = ArrayBuffer.isView;
const defineProperty = Object.defineProperty;
const objectCreate = Object.create;
const objectToString = Object.prototype.toString;
const objectProtoToJSON = (Object.prototype as { toJSON?: unknown }).toJSON;
const dateToISOString = Date.prototype.toISOString;
const dateGetTime = Date.prototype.getTime;
const mapForEach = Map.prototype.forEach;
const setForEach = Set.prototype.forEach;
const stringSlice = String.prototype.slice;
const bigintToString = BigInt.prototype.toString;
const StringOf = String;

function tagOf(v: object): string {
  try {
    return apply(objectToString, v, []) as string;
  } catch {
    return '[object Object]';
  }
}

function read(o: object, k: PropertyKey): unknown {
  return (o as Record<PropertyKey, unknown>)[k];
}

function setKey(o: { [k: string]: Json }, k: string, v: Json): void {
  // An own "__proto__" key must stay a key, not set the result's prototype.
  if (k === '__proto__') defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/** Convert any value to JSON-safe data within the limits, with credentials removed unless `redact: false`. Never throws. */
export function toSafeJson(value: unknown, options: Partial<SafeJsonOptions> = {}): Json {
  const o: SafeJsonOptions = { ...DEFAULTS, ...options };
  let budget = o.maxTotal;
  const ancestors: object[] = [];

  const text = (s: string): string => {
    const cut = s.length > o.maxString ? `${apply(stringSlice, s, [0, o.maxString]) as string}…[+${s.length - o.maxString}]` : s;
    return o.redact ? redactTokensInText(cut) : cut;
  };

  const describeError = (e: object): Json => {
    const out: { [k: string]: Json } = {};
    const fields = ['name', 'message', 'code', 'reason'];
    for (let i = 0; i < fields.length; i++) {
      const k = fields[i]!;
      try {
        const v = read(e, k);
        if (typeof v === 'string') out[k] = text(apply(stringSlice, v, [0, 2000]) as string);
        else if (typeof v === 'number' && isFiniteNumber(v)) out[k] = v;
      } catch {
        /* hostile getter: leave the field out */
      }
    }
    return out;
  };

  const isAncestor = (v: object): boolean => {
    for (let i = 0; i < ancestors.length; i++) if (ancestors[i] === v) return true;
    return false;
  };

  const walkObject = (obj: object, depth: number): Json | undefined => {
    if (isArray(obj)) {
      const out: Json[] = [];
      const len = obj.length;
      const n = len < o.maxItems ? len : o.maxItems;
      for (let i = 0; i < n; i++) {
        let item: Json | undefined;
        try {
          item = walk(read(obj, i), depth + 1);
        } catch {
          item = '[unreadable]';
        }
        out[out.length] = item === undefined ? null : item;
      }
      if (len > n) out[out.length] = `[+${len - n} more]`;
      return out;
    }
    // Platform objects (MediaDeviceInfo, RTCSessionDescription, DOMRect...) expose their data
    // through toJSON rather than own properties. One on Object.prototype converts nothing.
    const toJSON = read(obj, 'toJSON');
    const tag = tagOf(obj);
    if (typeof toJSON === 'function' && toJSON !== objectProtoToJSON && tag !== '[object Map]' && tag !== '[object Set]' && tag !== '[object Date]') {
      let source: unknown;
      try {
        source = apply(toJSON, obj, []);
      } catch {
        source = obj;
      }
      if (source !== obj) return walk(source, depth);
    }
    let source: object = obj;
    if (tag === '[object Map]') {
      // No prototype: a Map key "__proto__" stays a key.
      const m = objectCreate(null) as Record<string, unknown>;
      let n = 0;
      apply(mapForEach, obj, [
        (val: unknown, k: unknown) => {
          if (n++ < o.maxItems) m[StringOf(k)] = val;
        },
      ]);
      source = m;
    } else if (tag === '[object Set]') {
      const items: unknown[] = [];
      apply(setForEach, obj, [(val: unknown) => (items[items.length] = val)]);
      return walk(items, depth);
    }
    const out: { [k: string]: Json } = {};
    let keys: string[];
    try {
      keys = objectKeys(source);
    } catch {
      return '[unreadable]';
    }
    const n = keys.length < o.maxItems ? keys.length : o.maxItems;
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      budget -= k.length + 4;
      if (budget <= 0) {
        out['…'] = '[truncated]';
        break;
      }
      if (o.redact && isSecretKey(k)) {
        let raw: unknown;
        try {
          raw = read(source, k);
        } catch {
          raw = REDACTED;
        }
        // A flag ("hasPassword": true) says which auth was used and is kept; any value goes.
        if (typeof raw === 'boolean') out[k] = raw;
        else if (raw !== undefined && raw !== null && raw !== '') setKey(out, k, REDACTED);
        continue;
      }
      let item: Json | undefined;
      try {
        item = walk(read(source, k), depth + 1);
      } catch {
        item = '[unreadable]';
      }
      if (item !== undefined) setKey(out, k, item);
    }
    if (keys.length > n) out['…'] = `[+${keys.length - n} more keys]`;
    return out;
  };

  const walk = (v: unknown, depth: number): Json | undefined => {
    if (budget <= 0) return '[truncated]';
    switch (typeof v) {
      case 'string': {
        const s = text(v);
        budget -= s.length + 2;
        return s;
      }
      case 'number':
        budget -= 8;
        // -0 would not survive JSON (it comes back as 0).
        if (!isFiniteNumber(v)) return o.nonFinite === 'null' ? null : StringOf(v);
        return v === 0 ? 0 : v;
      case 'boolean':
        budget -= 5;
        return v;
      case 'bigint':
        budget -= 8;
        return apply(bigintToString, v, []) as string;
      case 'undefined':
      case 'function':
      case 'symbol':
        return undefined;
    }
    if (v === null) return null;
    const obj = v as object;
    if (isAncestor(obj)) return o.cycle;
    if (depth >= o.maxDepth) return '[depth]';
    const tag = tagOf(obj);
    try {
      if (tag === '[object Error]' || tag === '[object DOMException]') return describeError(obj);
      if (tag === '[object Date]') {
        const ms = apply(dateGetTime, obj, []) as number;
        return ms !== ms ? null : (apply(dateToISOString, obj, []) as string);
      }
      if (tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]' || isView(obj)) {
        const bytes = read(obj, 'byteLength');
        return `[binary ${typeof bytes === 'number' ? bytes : 0} bytes]`;
      }
    } catch {
      return '[unreadable]';
    }
    const level = ancestors.length;
    ancestors[level] = obj;
    try {
      return walkObject(obj, depth);
    } finally {
      ancestors.length = level;
    }
  };

  try {
    const r = walk(value, 0);
    return r === undefined ? null : r;
  } catch {
    return '[unreadable]';
  }
}
