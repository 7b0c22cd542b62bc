/**
 * Turns values read from a page's SDK objects into small, JSON-safe, secret-free data.
 *
 * Runs inside the page (MAIN world), so it must survive hostile input: getters that throw,
 * cycles, proxies, enormous strings and arrays. It never throws; whatever it cannot read becomes
 * a short marker string instead of failing the whole value.
 */
import type { Json } from '../capture/events.js';

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

export const DEFAULT_LIMITS: SafeJsonLimits = { maxDepth: 6, maxItems: 100, maxString: 2000, maxTotal: 64 * 1024 };

export const REDACTED = '[redacted]';

/**
 * Field names whose values are credentials wherever they appear. Matched on the whole key,
 * case-insensitively, after removing "_" and "-", so login_token, loginToken and LOGIN-TOKEN are all caught.
 */
const SECRET_KEYS = new Set(
  [
    'password', 'passwd', 'pass', 'pwd', 'secret', 'clientsecret',
    'token', 'logintoken', 'jwt', 'jwttoken', 'accesstoken', 'refreshtoken', 'idtoken', 'dpoptoken',
    'authtoken', 'embedtoken', 'sat', 'apikey', 'apitoken',
    'credential', 'credentials', 'authorization', 'authorizationstate', 'signature',
    'cookie', 'setcookie', 'privatekey',
  ],
);

export function isSecretKey(key: string): boolean {
  const k = key.replace(/[_-]/g, '').toLowerCase();
  if (SECRET_KEYS.has(k)) return true;
  // Catch vendor variants such as "userToken" or "sipPassword" without flagging "tokenExpiry"-like counters.
  return /(token|password|passwd|secret|credential)$/.test(k);
}

const JWT_RE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const URL_SECRET_PARAM_RE =
  /([?&#](?:token|jwt|jwt_token|access_token|login_token|password|passwd|pass|secret|signature|sat|auth|authorization|credential)=)[^&#\s"']*/gi;
const URL_USERINFO_RE = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi;

/** Removes secrets embedded in free text: JWTs, secret URL query parameters and user:password@ in URLs. */
export function redactString(s: string): string {
  if (s.length < 8) return s;
  return s
    .replace(JWT_RE, REDACTED)
    .replace(URL_SECRET_PARAM_RE, `$1${REDACTED}`)
    .replace(URL_USERINFO_RE, `$1${REDACTED}@`);
}

function capString(s: string, limits: SafeJsonLimits): string {
  const cut = s.length > limits.maxString ? `${s.slice(0, limits.maxString)}…[+${s.length - limits.maxString}]` : s;
  return redactString(cut);
}

function describeError(e: unknown): Json {
  const out: { [k: string]: Json } = {};
  for (const k of ['name', 'message', 'code', 'reason'] as const) {
    try {
      const v = (e as Record<string, unknown>)[k];
      if (typeof v === 'string') out[k] = redactString(v.slice(0, 2000));
      else if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
    } catch {
      /* hostile getter: leave the field out */
    }
  }
  return out;
}

/** Convert any value to JSON-safe data within `limits`, with credentials removed. Never throws. */
export function toSafeJson(value: unknown, limits: Partial<SafeJsonLimits> = {}): Json {
  const lim: SafeJsonLimits = { ...DEFAULT_LIMITS, ...limits };
  let budget = lim.maxTotal;
  const ancestors = new Set<object>();

  const walk = (v: unknown, depth: number): Json | undefined => {
    if (budget <= 0) return '[truncated]';
    switch (typeof v) {
      case 'string': {
        const s = capString(v, lim);
        budget -= s.length + 2;
        return s;
      }
      case 'number':
        budget -= 8;
        // -0 would not survive JSON (it comes back as 0).
        return Number.isFinite(v) ? (v === 0 ? 0 : v) : String(v);
      case 'boolean':
        budget -= 5;
        return v;
      case 'bigint':
        budget -= 8;
        return v.toString();
      case 'undefined':
      case 'function':
      case 'symbol':
        return undefined;
    }
    if (v === null) return null;
    const obj = v as object;
    if (ancestors.has(obj)) return '[cycle]';
    if (depth >= lim.maxDepth) return '[depth]';
    try {
      if (obj instanceof Error) return describeError(obj);
      if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? null : obj.toISOString();
      if (ArrayBuffer.isView(obj) || obj instanceof ArrayBuffer) return `[binary ${(obj as ArrayBuffer).byteLength} bytes]`;
    } catch {
      return '[unreadable]';
    }
    ancestors.add(obj);
    try {
      if (Array.isArray(obj)) {
        const out: Json[] = [];
        const n = Math.min(obj.length, lim.maxItems);
        for (let i = 0; i < n; i++) {
          let item: Json | undefined;
          try {
            item = walk(obj[i], depth + 1);
          } catch {
            item = '[unreadable]';
          }
          out.push(item === undefined ? null : item);
        }
        if (obj.length > n) out.push(`[+${obj.length - n} more]`);
        return out;
      }
      // Platform objects (MediaDeviceInfo, RTCSessionDescription, DOMRect...) expose their data
      // through toJSON rather than own properties.
      let source: unknown = obj;
      const toJSON = (obj as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function' && !(obj instanceof Map) && !(obj instanceof Set)) {
        try {
          source = toJSON.call(obj);
        } catch {
          source = obj;
        }
        if (source !== obj && (typeof source !== 'object' || source === null)) return walk(source, depth);
      }
      if (obj instanceof Map) source = Object.fromEntries([...obj.entries()].slice(0, lim.maxItems).map(([k, val]) => [String(k), val]));
      if (obj instanceof Set) return walk([...obj.values()], depth);
      const out: { [k: string]: Json } = {};
      let keys: string[];
      try {
        keys = Object.keys(source as object);
      } catch {
        return '[unreadable]';
      }
      const n = Math.min(keys.length, lim.maxItems);
      for (let i = 0; i < n; i++) {
        const k = keys[i]!;
        budget -= k.length + 4;
        if (budget <= 0) {
          out['…'] = '[truncated]';
          break;
        }
        if (isSecretKey(k)) {
          let present = false;
          try {
            const raw = (source as Record<string, unknown>)[k];
            present = raw !== undefined && raw !== null && raw !== '';
          } catch {
            present = true;
          }
          if (present) out[k] = REDACTED;
          continue;
        }
        let item: Json | undefined;
        try {
          item = walk((source as Record<string, unknown>)[k], depth + 1);
        } catch {
          item = '[unreadable]';
        }
        if (item !== undefined) out[k] = item;
      }
      if (keys.length > n) out['…'] = `[+${keys.length - n} more keys]`;
      return out;
    } finally {
      ancestors.delete(obj);
    }
  };

  try {
    const r = walk(value, 0);
    return r === undefined ? null : r;
  } catch {
    return '[unreadable]';
  }
}
