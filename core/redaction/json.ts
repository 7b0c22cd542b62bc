/**
 * The one JSON sanitiser: any value -> bounded, JSON-safe data, with secrets removed when asked.
 * Three callers, one walk:
 *  - the page hook's capture (extension/hook/serialize.ts, `capture` style: functions and symbols
 *    named, binary as {byteLength}, a Map as its entries, platform objects by their fields);
 *  - SDK summaries (core/sdk/, `redact: true`: secret keys blanked, tokens cut from strings);
 *  - analyzer data going into a bundle (core/bundle/build.ts, unbounded: the bundle is redacted whole).
 *
 * It must survive hostile input: getters that throw, Proxies whose traps throw, cycles, deep
 * nesting, enormous strings and arrays. It never throws; what it cannot read becomes a marker.
 *
 * It runs among page code, so the built-ins it calls are taken once when this module loads (the
 * hook loads at document_start, before any page script) and called through Reflect.apply, with
 * index loops instead of iterators: a page that replaces Object.keys, Array.prototype.push or
 * Map.prototype.forEach never runs inside it. A value's own `toJSON` (RTCSessionDescription,
 * MediaDeviceInfo) is the one page function it calls, and not one the page put on Object.prototype.
 */
import type { Json } from '../capture/events.js';
import { REDACTED, isSecretKey } from './keys.js';
import { redactTokensInText } from './tokens.js';

export interface SafeJsonLimits {
  /** Nesting deeper than this becomes "[depth]". */
  maxDepth: number;
  /** Items kept per array (and keys per object unless `maxKeys` says otherwise). */
  maxItems: number;
  /** Characters kept per string. */
  maxString: number;
  /** Rough budget of characters for the whole value; past it, values become "[truncated]". */
  maxTotal: number;
}

export interface SafeJsonOptions extends SafeJsonLimits {
  /** Keys kept per object; defaults to maxItems. */
  maxKeys?: number;
  /** Remove secrets (keys.ts names; JWTs, URL secrets and bearer tokens in strings). */
  redact: boolean;
  /** What a repeated ancestor becomes. */
  cycle: string;
  /** NaN and ±Infinity: as text ("Infinity"), or null as JSON.stringify would. */
  nonFinite: 'string' | 'null';
  /** The capture vocabulary of the page hook (see the module comment); otherwise the summary one. */
  capture?: boolean;
  /** Platform objects whose data are prototype getters, by their "[object Tag]": the fields to read. */
  fields?: Record<string, readonly string[]>;
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
const objectProto = Object.prototype;
const dateToISOString = Date.prototype.toISOString;
const dateGetTime = Date.prototype.getTime;
const mapForEach = Map.prototype.forEach;
const setForEach = Set.prototype.forEach;
const stringSlice = String.prototype.slice;
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
  // An own "__proto__" key (JSON.parse makes them) must stay a key, not set the result's prototype.
  if (k === '__proto__') defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/** Convert any value to JSON-safe data within the limits, with credentials removed unless `redact: false`. Never throws. */
export function toSafeJson(value: unknown, options: Partial<SafeJsonOptions> = {}): Json {
  const o: SafeJsonOptions = { ...DEFAULTS, ...options };
  const cap = o.capture === true;
  const maxKeys = o.maxKeys ?? o.maxItems;
  let budget = o.maxTotal;
  const ancestors: object[] = [];

  const text = (s: string): string => {
    let cut = s;
    if (s.length > o.maxString) {
      const kept = apply(stringSlice, s, [0, o.maxString]) as string;
      cut = cap ? `${kept}…[${s.length} chars]` : `${kept}…[+${s.length - o.maxString}]`;
    }
    if (o.redact) cut = redactTokensInText(cut);
    budget -= cut.length + 2;
    return cut;
  };

  const describeError = (e: object): Json => {
    const out: { [k: string]: Json } = {};
    const fields = cap ? ['name', 'message'] : ['name', 'message', 'code', 'reason'];
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

  const walkObject = (obj: object, depth: number): Json | undefined => {
    if (isArray(obj)) {
      const out: Json[] = [];
      const len = obj.length >>> 0;
      const n = len < o.maxItems ? len : o.maxItems;
      for (let i = 0; i < n && budget > 0; i++) {
        let item: Json | undefined;
        try {
          item = walk(read(obj, i), depth + 1);
        } catch {
          item = '[unreadable]';
        }
        out[out.length] = item === undefined ? null : item;
      }
      if (len > n) out[out.length] = cap ? `…[${len} items]` : `[+${len - n} more]`;
      budget -= 2;
      return out;
    }
    const tag = tagOf(obj);
    const fields = o.fields?.[tag];
    if (fields) {
      const out: { [k: string]: Json } = {};
      for (let i = 0; i < fields.length; i++) {
        let raw: unknown;
        try {
          raw = read(obj, fields[i]!);
        } catch {
          raw = '[unreadable]';
        }
        const item = walk(raw, depth + 1);
        out[fields[i]!] = item === undefined ? null : item;
      }
      return out;
    }
    // Platform objects (RTCSessionDescription, MediaDeviceInfo, DOMRect...) expose their data
    // through toJSON rather than own properties. One on Object.prototype converts nothing.
    const toJSON = read(obj, 'toJSON');
    if (typeof toJSON === 'function' && toJSON !== read(objectProto, 'toJSON')) {
      const converted = apply(toJSON, obj, []);
      if (converted !== obj) return walk(converted, depth);
    }
    let source: object = obj;
    if (tag === '[object Set]' || (cap && tag === '[object Map]')) {
      const items: unknown[] = [];
      apply(tag === '[object Set]' ? setForEach : mapForEach, obj, [(v: unknown, k: unknown) => (items[items.length] = tag === '[object Set]' ? v : [k, v])]);
      return walk(items, depth);
    }
    if (tag === '[object Map]') {
      // No prototype: a Map key "__proto__" stays a key.
      const m = objectCreate(null) as Record<string, unknown>;
      let n = 0;
      apply(mapForEach, obj, [(v: unknown, k: unknown) => n++ < o.maxItems && (m[StringOf(k)] = v)]);
      source = m;
    }
    const out: { [k: string]: Json } = {};
    const keys = objectKeys(source);
    const n = keys.length < maxKeys ? keys.length : maxKeys;
    for (let i = 0; i < n; i++) {
      const k = keys[i]!;
      budget -= k.length + 4;
      if (budget <= 0) {
        out['…'] = '[truncated]';
        break;
      }
      let raw: unknown;
      try {
        raw = read(source, k);
      } catch {
        raw = o.redact && isSecretKey(k) ? REDACTED : '[unreadable]';
      }
      if (raw === undefined) continue;
      if (o.redact && isSecretKey(k)) {
        // A flag ("hasPassword": true) says which auth was used and is kept; any value goes.
        if (typeof raw === 'boolean') out[k] = raw;
        else if (raw !== null && raw !== '') setKey(out, k, REDACTED);
        continue;
      }
      let item: Json | undefined;
      try {
        item = walk(raw, depth + 1);
      } catch {
        item = '[unreadable]';
      }
      if (item !== undefined) setKey(out, k, item);
    }
    if (keys.length > n) out['…'] = cap ? `[${keys.length} keys]` : `[+${keys.length - n} more keys]`;
    return out;
  };

  const walk = (v: unknown, depth: number): Json | undefined => {
    if (budget <= 0) return '[truncated]';
    switch (typeof v) {
      case 'string':
        return text(v);
      case 'number':
        budget -= 8;
        // -0 would not survive JSON (it comes back as 0).
        if (!isFiniteNumber(v)) return o.nonFinite === 'null' ? null : StringOf(v);
        return v === 0 ? 0 : v;
      case 'boolean':
        budget -= 5;
        return v;
      case 'bigint':
        return text(StringOf(v));
      case 'undefined':
        return cap ? null : undefined;
      case 'symbol':
        return cap ? text(v.description === undefined ? 'Symbol()' : `Symbol(${v.description})`) : undefined;
      case 'function': {
        if (!cap) return undefined;
        let name: unknown;
        try {
          name = read(v, 'name');
        } catch {
          name = '';
        }
        return text(`[function ${typeof name === 'string' ? name : ''}]`);
      }
    }
    if (v === null) return null;
    const obj = v as object;
    for (let i = 0; i < ancestors.length; i++) if (ancestors[i] === obj) return o.cycle;
    if (depth >= o.maxDepth) return '[depth]';
    const level = ancestors.length;
    ancestors[level] = obj;
    try {
      const tag = tagOf(obj);
      if (tag === '[object Error]' || tag === '[object DOMException]') return describeError(obj);
      if (tag === '[object Date]') {
        const ms = apply(dateGetTime, obj, []) as number;
        if (ms !== ms) return cap ? text('Invalid Date') : null;
        return text(apply(dateToISOString, obj, []) as string);
      }
      if (tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]' || isView(obj)) {
        const bytes = read(obj, 'byteLength');
        const n = typeof bytes === 'number' ? bytes : 0;
        return cap ? { byteLength: n } : `[binary ${n} bytes]`;
      }
      return walkObject(obj, depth);
    } catch {
      return '[unreadable]';
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
