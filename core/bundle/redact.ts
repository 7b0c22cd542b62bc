/**
 * Redaction: no secret leaves the machine. Walks every value of a bundle (or any JSON), so a new
 * field anywhere is covered without a rule of its own:
 *  - values under secret-looking keys (token, passwd, credential, authorization, signature, ...)
 *    become "[redacted]", inside JSON that is itself inside a string too (frame texts);
 *  - in free text: JWTs, URL userinfo and secret query parameters, Authorization headers,
 *    Bearer tokens, SIP URI passwords, SDP ice-pwd and SDES keys, `"key":"value"` pairs of JSON
 *    that did not parse (truncated frames);
 *  - by choice: phone numbers and SIP addresses (user part).
 * Structure is kept: a redacted JSON frame is still JSON of the same shape, and the frame's `size`
 * stays the true size of what was sent.
 */
import type { Json } from '../capture/events.js';
import type { Bundle } from './types.js';

export const REDACTED = '[redacted]';

export type RedactionKind =
  | 'jwt'
  | 'secret-field'
  | 'url-credential'
  | 'authorization-header'
  | 'bearer-token'
  | 'sdp-secret'
  | 'sip-password'
  | 'phone-number'
  | 'sip-address';

export interface RedactionItem {
  /** Where, as a path into the bundle; "$.sockets[0].frames[3].text > params.passwd" for JSON in a string. */
  path: string;
  /** Human description of the place, e.g. "frame 4 (sent) of socket ws-1". */
  where: string;
  kind: RedactionKind;
  /** The key, when a field was redacted because of its name. */
  field?: string;
  count: number;
}

export interface RedactionPolicy {
  phoneNumbers: 'keep' | 'remove';
  sipAddresses: 'keep' | 'remove';
}

const DEFAULT_POLICY: RedactionPolicy = { phoneNumbers: 'remove', sipAddresses: 'remove' };

const normCache = new Map<string, string>();
/** Key names repeat across thousands of frames: normalise each once. */
function norm(k: string): string {
  let n = normCache.get(k);
  if (n === undefined) {
    n = k.toLowerCase().replace(/[-_ .]/g, '');
    if (normCache.size < 10_000) normCache.set(k, n);
  }
  return n;
}

const SECRET_KEYS = new Set([
  'token',
  'passwd',
  'password',
  'pass',
  'pwd',
  'credential',
  'credentials',
  'secret',
  'authorization',
  'proxyauthorization',
  'authorizationstate',
  'signature',
  'apikey',
  'privatekey',
  'cookie',
  'setcookie',
  'sessionkey',
]);

/** Query-string names that are secrets in URLs even though they are too short or vague as JSON keys. */
const URL_SECRET_PARAMS = new Set(['sig', 'auth', 'key', 'jwt', 'code', 'accesskey', 'xamzsignature', 'xamzcredential', 'xamzsecuritytoken']);

// Frames repeat the same few keys thousands of times: remember the verdicts.
const secretKeyCache = new Map<string, boolean>();

export function isSecretKey(key: string): boolean {
  let v = secretKeyCache.get(key);
  if (v === undefined) {
    v = secretKeyVerdict(key);
    if (secretKeyCache.size < 10_000) secretKeyCache.set(key, v);
  }
  return v;
}

function secretKeyVerdict(key: string): boolean {
  // Plurals ("tokens", "passwords") hold the same things.
  const k = norm(key).replace(/(token|password|secret|signature|apikey)s$/, '$1');
  return (
    SECRET_KEYS.has(k) ||
    k.endsWith('token') ||
    k.endsWith('password') ||
    k.endsWith('passwd') ||
    k.endsWith('secret') ||
    k.endsWith('credential') ||
    k.endsWith('credentials') ||
    k.endsWith('apikey') ||
    k.endsWith('signature')
  );
}

const PHONE_KEYS = new Set([
  'destinationnumber',
  'calleridnumber',
  'calleeidnumber',
  'remotecalleridnumber',
  'callernumber',
  'calleenumber',
  'phonenumber',
  'phone',
  'msisdn',
  'e164',
  'ani',
  'dnis',
]);

// ---------- text rules ----------

const JWT = /ey[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)?/g;
const JWT_ANYWHERE = new RegExp(JWT.source);
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/\s@?#"'\\]+)@/gi;
const KEY_VALUE = /(^|[?&;\s,{(])([A-Za-z0-9_.-]{2,64})=([^&\s"'#;,\\]*)/g;
const AUTH_HEADER = /\b((?:proxy-)?authorization)([ \t]*:[ \t]*)([^\r\n]*)/gi;
const BEARER = /\b(Bearer|Basic|Token)(\s+)([A-Za-z0-9._~+/=-]{8,})/g;
// A cut can end a value on a lone backslash (half of an escape): "\\?$" takes that too.
const JSONISH_PAIR = /"([^"\\]{1,64})"(\s*:\s*)("(?:[^"\\]|\\.)*(?:"|\\?$)|-?\d+(?:\.\d+)?)/g;
const ESCAPED_PAIR = /\\"([^"\\]{1,64})\\"(\s*:\s*)(\\"(?:[^"\\]|\\[^"])*(?:\\"|\\?$))/g;
const ICE_PWD = /(a=ice-pwd:)([^\s\\"]+)/g;
const SDES_KEY = /(inline:)([^\s|\\"]+)/g;
const SIP_PASSWORD = /\b(sips?:[^@\s"'<>;:\\/]+):([^@\s"'<>;\\/]+)@/gi;
const SIP_USER = /\b(sips?):([^@\s"'<>;:\\/[]+)@/gi;
const PHONE = /(?<![\w+])\+\d[\d().-]{5,18}\d(?![\w])/g;
const TEL = /\btel:\+?[\d().-]{5,}/gi;

interface Hit {
  kind: RedactionKind;
  field?: string;
}

function textRules(text: string, policy: RedactionPolicy, hits: Hit[]): string {
  // Nothing shorter than "sip:a@b" or "+123456" can hold what these rules look for.
  if (text.length < 7) return text;
  let s = text;
  const rep = (re: RegExp, kind: RedactionKind, fn: (...m: string[]) => string | undefined) => {
    s = s.replace(re, (...m: string[]) => {
      const r = fn(...m);
      if (r === undefined) return m[0]!;
      hits.push({ kind });
      return r;
    });
  };
  if (s.includes('ey')) rep(JWT, 'jwt', () => REDACTED);
  if (s.includes('://')) rep(URL_USERINFO, 'url-credential', (_m, scheme) => `${scheme}${REDACTED}@`);
  if (s.includes('=')) {
    rep(KEY_VALUE, 'url-credential', (_m, pre, name, value) =>
      value && value !== REDACTED && (isSecretKey(name!) || URL_SECRET_PARAMS.has(norm(name!)))
        ? `${pre}${name}=${REDACTED}`
        : undefined,
    );
  }
  if (/authorization/i.test(s)) {
    rep(AUTH_HEADER, 'authorization-header', (_m, name, sep, value) =>
      value!.trim() && !value!.startsWith('"') && value!.trim() !== REDACTED ? `${name}${sep}${REDACTED}` : undefined,
    );
  }
  if (/Bearer|Basic|Token/.test(s)) rep(BEARER, 'bearer-token', (_m, scheme, sp, value) => (value === REDACTED ? undefined : `${scheme}${sp}${REDACTED}`));
  if (s.includes('"')) {
    // JSON that did not parse (truncated frame, JSON inside a log line): pairs by key name.
    rep(JSONISH_PAIR, 'secret-field', (_m, key, sep, value) =>
      isSecretKey(key!) && value !== `"${REDACTED}"` ? `"${key}"${sep}"${REDACTED}"` : undefined,
    );
    rep(ESCAPED_PAIR, 'secret-field', (_m, key, sep, value) =>
      isSecretKey(key!) && value !== `\\"${REDACTED}\\"` ? `\\"${key}\\"${sep}\\"${REDACTED}\\"` : undefined,
    );
  }
  if (s.includes('a=ice-pwd:')) rep(ICE_PWD, 'sdp-secret', (_m, pre, v) => (v === REDACTED ? undefined : `${pre}${REDACTED}`));
  if (s.includes('inline:')) rep(SDES_KEY, 'sdp-secret', (_m, pre, v) => (v === REDACTED ? undefined : `${pre}${REDACTED}`));
  if (/sips?:/i.test(s)) {
    rep(SIP_PASSWORD, 'sip-password', (_m, user, pw) => (pw === REDACTED ? undefined : `${user}:${REDACTED}@`));
    if (policy.sipAddresses === 'remove') {
      rep(SIP_USER, 'sip-address', (_m, scheme, user) => (user === REDACTED ? undefined : `${scheme}:${REDACTED}@`));
    }
  }
  if (policy.phoneNumbers === 'remove') {
    if (s.includes('+')) rep(PHONE, 'phone-number', () => REDACTED);
    if (/tel:/i.test(s)) rep(TEL, 'phone-number', () => `tel:${REDACTED}`);
  }
  return s;
}

function looksLikePhone(s: string): boolean {
  if (!/^\+?[\d\s().-]+$/.test(s)) return false;
  const digits = s.replace(/\D/g, '').length;
  return digits >= 5 && digits <= 15;
}

// ---------- walking ----------

interface Ctx {
  policy: RedactionPolicy;
  /** Hits grouped by path and kind. */
  report: Map<string, RedactionItem>;
  hits: number;
}

function record(ctx: Ctx, path: string, inner: string, hit: Hit): void {
  ctx.hits++;
  const full = inner ? `${path} > ${inner}` : path;
  const key = `${full}\u0000${hit.kind}\u0000${hit.field ?? ''}`;
  const item = ctx.report.get(key);
  if (item) item.count++;
  else {
    const it: RedactionItem = { path: full, where: describe(path), kind: hit.kind, count: 1 };
    if (hit.field !== undefined) it.field = hit.field;
    ctx.report.set(key, it);
  }
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function setKey(o: Record<string, unknown>, k: string, v: unknown): void {
  // "__proto__" from page JSON must stay data, not become the prototype.
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/** Everything under a secret key: strings (and a scalar directly under the key) become "[redacted]". */
function blank(v: unknown, top: boolean, count: { n: number }): unknown {
  if (typeof v === 'string') {
    if (v === '' || v === REDACTED) return v;
    count.n++;
    return REDACTED;
  }
  if (typeof v === 'number' && top) {
    count.n++;
    return REDACTED;
  }
  if (Array.isArray(v)) return v.map((x) => blank(x, false, count));
  if (isObj(v)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) setKey(o, k, blank(v[k], false, count));
    return o;
  }
  return v;
}

const plainKey = new Map<string, boolean>();
function innerPath(inner: string, key: string | number): string {
  if (typeof key === 'number') return `${inner}[${key}]`;
  let plain = plainKey.get(key);
  if (plain === undefined) {
    plain = /^[A-Za-z_$][\w$]*$/.test(key);
    if (plainKey.size < 10_000) plainKey.set(key, plain);
  }
  if (!plain) return `${inner}[${JSON.stringify(key)}]`;
  return inner ? `${inner}.${key}` : key;
}

/**
 * `path` is the bundle path of the value holding the current string (for the report);
 * `inner` is the path inside JSON parsed out of that string.
 */
function walk(v: unknown, ctx: Ctx, path: string, inner: string, parsedFromString: boolean): unknown {
  if (typeof v === 'string') return walkString(v, ctx, path, inner);
  if (Array.isArray(v)) {
    return v.map((x, i) => walk(x, ctx, parsedFromString ? path : `${path}[${i}]`, parsedFromString ? innerPath(inner, i) : '', parsedFromString));
  }
  if (!isObj(v)) return v;
  const out: Record<string, unknown> = {};
  const iceServer = 'urls' in v || 'url' in v || 'credential' in v;
  for (const key of Object.keys(v)) {
    const val = v[key];
    // A key can be a secret too: the report must then not name it either.
    const outKey = key.length > 20 && JWT_ANYWHERE.test(key) ? `${REDACTED}#${Object.keys(out).length}` : key;
    const childPath = parsedFromString ? path : innerPath(path, outKey);
    const childInner = parsedFromString ? innerPath(inner, outKey) : '';
    if (outKey !== key) record(ctx, childPath, childInner, { kind: 'jwt' });
    // SignalWire's `authorization` object (jti, project_id, ...) is context, not a credential:
    // look inside it (its signature and any JWT still go); a string Authorization value is blanked.
    const authObject = norm(key) === 'authorization' && isObj(val);
    if ((isSecretKey(key) && !authObject) || (iceServer && norm(key) === 'username')) {
      const count = { n: 0 };
      const b = blank(val, true, count);
      for (let i = 0; i < count.n; i++) record(ctx, childPath, childInner, { kind: 'secret-field', field: key });
      setKey(out, outKey, b);
      continue;
    }
    if (ctx.policy.phoneNumbers === 'remove' && (typeof val === 'string' || typeof val === 'number') && PHONE_KEYS.has(norm(key))) {
      if ((typeof val === 'string' && looksLikePhone(val)) || (typeof val === 'number' && looksLikePhone(String(val)))) {
        record(ctx, childPath, childInner, { kind: 'phone-number', field: key });
        setKey(out, outKey, REDACTED);
        continue;
      }
    }
    setKey(out, outKey, walk(val, ctx, childPath, childInner, parsedFromString));
  }
  return out;
}

function walkString(s: string, ctx: Ctx, path: string, inner: string): string {
  const t = s.trimStart();
  if ((t.startsWith('{') || t.startsWith('[')) && s.length > 1) {
    let parsed: unknown;
    let ok = false;
    try {
      parsed = JSON.parse(s);
      ok = typeof parsed === 'object' && parsed !== null;
    } catch {
      ok = false;
    }
    if (ok) {
      const hitsBefore = ctx.hits;
      const red = walk(parsed, ctx, path, inner, true);
      // Untouched JSON keeps its exact original text (spacing, key order, number spelling).
      if (ctx.hits === hitsBefore) return s;
      return JSON.stringify(red);
    }
  }
  const hits: Hit[] = [];
  const out = textRules(s, ctx.policy, hits);
  for (const h of hits) record(ctx, path, inner, h);
  return out;
}

/** Readable place for the review list, from a bundle path. */
function describe(path: string): string {
  let m = /^\$\.sockets\[(\d+)\]\.frames\[(\d+)\]/.exec(path);
  if (m) return `frame ${Number(m[2]) + 1} of socket ${Number(m[1]) + 1}`;
  m = /^\$\.sockets\[(\d+)\]\.url/.exec(path);
  if (m) return `URL of socket ${Number(m[1]) + 1}`;
  m = /^\$\.peerConnections\[(\d+)\]\.(config|events|sdps|stats)/.exec(path);
  if (m) return `peer connection ${Number(m[1]) + 1} ${m[2] === 'config' ? 'configuration' : m[2]}`;
  m = /^\$\.(\w+)/.exec(path);
  return m ? m[1]! : path;
}

/** Redacts any JSON-like value (e.g. an SDK's diagnostics before it is shown or stored). */
export function redactValue<T>(
  value: T,
  policy: Partial<RedactionPolicy> = {},
  root = '$',
): { value: T; report: RedactionItem[] } {
  const ctx: Ctx = { policy: { ...DEFAULT_POLICY, ...policy }, report: new Map(), hits: 0 };
  const out = walk(value, ctx, root, '', false) as T;
  return { value: out, report: [...ctx.report.values()] };
}

/** Redacts one string (a URL, a frame text, a log line). */
export function redactText(text: string, policy: Partial<RedactionPolicy> = {}): string {
  return redactValue(text, policy).value;
}

export function redactBundle(
  bundle: Bundle,
  opts: Partial<RedactionPolicy> = {},
): { bundle: Bundle; report: RedactionItem[] } {
  const policy = { ...DEFAULT_POLICY, ...opts };
  // The redaction record itself holds no page data and its key names must survive.
  const { redaction, ...rest } = bundle;
  const { value, report } = redactValue(rest, policy);
  const out = { ...(value as Omit<Bundle, 'redaction'>), redaction: { ...redaction, ...policy, applied: true, items: report.length } };
  // Key order as built: format/version first, for people reading the file.
  return { bundle: Object.assign({ format: out.format, version: out.version }, out) as Bundle, report };
}

export type { Json };
