/**
 * Redaction of any JSON value (a bundle, an export, an SDK's diagnostics). Walks every value, so a
 * new field anywhere is covered without a rule of its own:
 *  - values under secret keys (keys.ts) become "[redacted]", inside JSON that is itself inside a
 *    string too (frame texts); an `Authorization`-style value keeps its scheme word;
 *  - TURN `username` next to `urls`/`credential` (an ICE server entry) goes with the credential;
 *  - strings go through the text rules (text.ts);
 *  - by choice: phone numbers under phone keys, and in text (text.ts).
 * Structure is kept: a redacted JSON frame is still JSON of the same shape, and untouched JSON text
 * keeps its exact bytes.
 */
import { previewOf, previewText } from '../capture/preview.js';
import { redactLiveKitPreview } from './livekit.js';
import { REDACTED, isPhoneKey, isSecretKey, isSecretParam, normalName } from './keys.js';
import { DEFAULT_OPTIONS, containsJwt, looksLikePhone, redactFreeText, type RedactionKind, type RedactionOptions, type TextHit } from './text.js';

export interface RedactionItem {
  /** Where, as a path into the value; "$.sockets[0].frames[3].text > params.passwd" for JSON in a string. */
  path: string;
  /** Human description of the place, e.g. "frame 4 of socket 1". */
  where: string;
  kind: RedactionKind;
  /** The key, when a field was redacted because of its name. */
  field?: string;
  count: number;
}

export interface WalkOptions extends RedactionOptions {
  /** Names a place for the review list from its path (the bundle describes frames and sockets). */
  describe?: (path: string) => string;
}

interface Ctx {
  /** Nesting depth of the walk now: a hostile frame nests 20,000 deep, which no stack survives. */
  depth: number;
  opts: RedactionOptions;
  describe: (path: string) => string;
  report: Map<string, RedactionItem>;
  hits: number;
}

function record(ctx: Ctx, path: string, inner: string, hit: TextHit): void {
  ctx.hits++;
  const full = inner ? `${path} > ${inner}` : path;
  const key = `${full}\u0000${hit.kind}\u0000${hit.field ?? ''}`;
  const item = ctx.report.get(key);
  if (item) item.count++;
  else {
    const it: RedactionItem = { path: full, where: ctx.describe(path), kind: hit.kind, count: 1 };
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

/** "Basic dXNlcjpwdw==" -> "Basic [redacted]": the scheme says which auth failed, the rest is the secret. */
const SCHEME_VALUE = /^(Basic|Bearer|Digest|Token|Negotiate|NTLM|DPoP|AWS4-HMAC-SHA256|HOBA|Mutual|SCRAM-SHA-256)\s+\S/i;

/** Everything under a secret key: strings (and a number directly under the key) become "[redacted]"; booleans stay. */
function blank(v: unknown, top: boolean, count: { n: number }): unknown {
  if (typeof v === 'string') {
    if (v === '' || v === REDACTED) return v;
    count.n++;
    const m = SCHEME_VALUE.exec(v);
    return m ? `${m[1]} ${REDACTED}` : REDACTED;
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

const PROTOCOL_KEY = /(?:^|_)protocols?$/;

interface KeyInfo {
  secret: boolean;
  param: boolean;
  phone: boolean;
  protocol: boolean;
  authorization: boolean;
  username: boolean;
}
// A bundle repeats the same few keys in thousands of frames: judge each once.
const keyInfos = new Map<string, KeyInfo>();
function info(key: string): KeyInfo {
  let k = keyInfos.get(key);
  if (!k) {
    const n = normalName(key);
    k = {
      secret: isSecretKey(key),
      param: isSecretParam(key),
      phone: isPhoneKey(key),
      protocol: PROTOCOL_KEY.test(n),
      authorization: /(?:^|_)authorization$/.test(n),
      username: /^user_?name$/.test(n),
    };
    if (keyInfos.size < 20_000) keyInfos.set(key, k);
  }
  return k;
}
const NAME_ONLY = /^[\w.-]{2,64}$/;
const PROTOCOL_LIST = /^[\w.-]+(?:\s*,\s*[^\s,]+)+$/;

/**
 * WebSocket subprotocols that carry a credential the way browsers force apps to (no headers):
 * `['access_token', '<token>']`, or the header text "access_token, <token>". An item right after
 * an item that names a secret is that secret.
 */
function protocolSecrets(list: unknown[], count: { n: number }): unknown[] {
  const out = list.map((p) => (typeof p === 'string' ? dottedProtocolSecret(p, count) : p));
  for (let i = 1; i < out.length; i++) {
    // The item before as it now stands: a token already redacted names nothing (a token can look like a name).
    const prev = out[i - 1];
    if (typeof prev === 'string' && typeof out[i] === 'string' && out[i] !== REDACTED && NAME_ONLY.test(prev) && isSecretKey(prev)) {
      out[i] = REDACTED;
      count.n++;
    }
  }
  return out;
}
function protocolText(s: string, count: { n: number }): string {
  if (!PROTOCOL_LIST.test(s)) return dottedProtocolSecret(s, count);
  const parts = s.split(',');
  const red = protocolSecrets(
    parts.map((p) => p.trim()),
    count,
  );
  return parts.map((p, i) => (red[i] === REDACTED ? p.replace(p.trim(), REDACTED) : p)).join(',');
}

/**
 * A token folded into one dotted subprotocol name, as Kubernetes does
 * (`base64url.bearer.authorization.k8s.io.<token>`): after a part that names a secret, every long
 * part is the secret.
 */
function dottedProtocolSecret(p: string, count: { n: number }): string {
  if (!p.includes('.')) return p;
  const parts = p.split('.');
  const named = parts.findIndex((x) => NAME_ONLY.test(x) && isSecretKey(x));
  if (named < 0) return p;
  let changed = false;
  for (let i = named + 1; i < parts.length; i++) {
    if (parts[i]!.length >= 16 && parts[i] !== REDACTED) {
      parts[i] = REDACTED;
      changed = true;
    }
  }
  if (!changed) return p;
  count.n++;
  return parts.join('.');
}

const HEX_TEXT = /^(?:[0-9a-f]{2})+$/i;
/** The hook's form: bytes as hex separated by spaces ("0a 1f ff"). */
const SPACED_HEX = /^[0-9a-f]{2}(?: [0-9a-f]{2})*$/i;

/**
 * A binary frame's preview is its bytes as hex. A LiveKit signal message is redacted as the message it
 * is (./livekit.ts); otherwise what the bytes spell as text (`{"password":"…`) goes through the text
 * rules, and a redacted preview is the hex of the redacted text.
 */
function hexPreview(hex: string, ctx: Ctx, path: string, inner: string, frame: Record<string, unknown>): string {
  const spaced = SPACED_HEX.test(hex);
  if (!spaced && !HEX_TEXT.test(hex)) return walkString(hex, ctx, path, inner);
  if (frame.binary === true && (frame.dir === 'sent' || frame.dir === 'received')) {
    const lk = redactLiveKitPreview(hex, frame.dir, (v) => walk(v, ctx, path, inner ? innerPath(inner, 'livekit') : 'livekit', true));
    if (lk) return lk.preview;
  }
  const hits: TextHit[] = [];
  const red = redactFreeText(previewText(hex), ctx.opts, hits);
  if (hits.length === 0) return hex;
  for (const h of hits) record(ctx, path, inner, h);
  const out = previewOf(red);
  return spaced ? (out.match(/../g) ?? []).join(' ') : out;
}

/**
 * Deeper than any real message (SDK frames nest under 20 levels; a bundle under 10 more) and far
 * from the stack's limit in every engine.
 */
const MAX_DEPTH = 200;
const TOO_DEEP = new Error('nested too deep');
const TOO_DEEP_TEXT = `${REDACTED} (nested deeper than ${MAX_DEPTH} levels)`;

/** An ICE server entry (`{urls, username, credential}`): its username is half of the TURN credential. */
function isIceServer(v: Record<string, unknown>): boolean {
  return 'urls' in v || 'url' in v || 'credential' in v;
}

/**
 * `path` is the path of the value holding the current string (for the report);
 * `inner` is the path inside JSON parsed out of that string.
 */
function walk(v: unknown, ctx: Ctx, path: string, inner: string, parsedFromString: boolean): unknown {
  if (typeof v === 'string') return walkString(v, ctx, path, inner);
  if (typeof v !== 'object' || v === null) return v;
  if (ctx.depth >= MAX_DEPTH) {
    // Parsed from a string: that string is redacted as text instead (walkString catches this).
    if (parsedFromString) throw TOO_DEEP;
    record(ctx, path, inner, { kind: 'secret-field', field: 'nesting' });
    return TOO_DEEP_TEXT;
  }
  ctx.depth++;
  try {
    return walkObject(v, ctx, path, inner, parsedFromString);
  } finally {
    ctx.depth--;
  }
}

function walkObject(v: object, ctx: Ctx, path: string, inner: string, parsedFromString: boolean): unknown {
  if (Array.isArray(v)) {
    return v.map((x, i) => walk(x, ctx, parsedFromString ? path : `${path}[${i}]`, parsedFromString ? innerPath(inner, i) : '', parsedFromString));
  }
  if (!isObj(v)) return v;
  const out: Record<string, unknown> = {};
  const iceServer = isIceServer(v);
  for (const key of Object.keys(v)) {
    const val = v[key];
    // A key can be a secret too: the report must then not name it either.
    const outKey = key.length > 20 && containsJwt(key) ? `${REDACTED}#${Object.keys(out).length}` : key;
    const childPath = parsedFromString ? path : innerPath(path, outKey);
    const childInner = parsedFromString ? innerPath(inner, outKey) : '';
    if (outKey !== key) record(ctx, childPath, childInner, { kind: 'jwt' });
    // SignalWire's `authorization` object (jti, project_id, ...) is context, not a credential:
    // look inside it (its signature and any JWT still go); a string Authorization value is blanked.
    const ki = info(key);
    const authObject = ki.authorization && isObj(val);
    if ((ki.secret && !authObject) || (iceServer && ki.username)) {
      const count = { n: 0 };
      const b = blank(val, true, count);
      for (let i = 0; i < count.n; i++) record(ctx, childPath, childInner, { kind: 'secret-field', field: key });
      setKey(out, outKey, b);
      continue;
    }
    // A HAR header or query parameter ({name, value}) is judged by its name, as a key would be.
    const named = key === 'value' && typeof v.name === 'string' ? v.name : undefined;
    const ni = named === undefined ? ki : info(named);
    if (named !== undefined && (typeof val === 'string' || typeof val === 'number') && ni.param) {
      const count = { n: 0 };
      setKey(out, outKey, blank(val, true, count));
      for (let i = 0; i < count.n; i++) record(ctx, childPath, childInner, { kind: 'secret-field', field: named });
      continue;
    }
    if (ni.protocol && (Array.isArray(val) || typeof val === 'string')) {
      const count = { n: 0 };
      const red = Array.isArray(val) ? protocolSecrets(val, count) : protocolText(val, count);
      for (let i = 0; i < count.n; i++) record(ctx, childPath, childInner, { kind: 'secret-field', field: named ?? key });
      setKey(out, outKey, walk(red, ctx, childPath, childInner, parsedFromString));
      continue;
    }
    if (key === 'preview' && typeof val === 'string') {
      setKey(out, outKey, hexPreview(val, ctx, childPath, childInner, v));
      continue;
    }
    if (ctx.opts.phoneNumbers === 'remove' && (typeof val === 'string' || typeof val === 'number') && ni.phone && looksLikePhone(String(val))) {
      record(ctx, childPath, childInner, { kind: 'phone-number', field: key });
      setKey(out, outKey, REDACTED);
      continue;
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
      const depth = ctx.depth;
      let red: unknown;
      try {
        red = walk(parsed, ctx, path, inner, true);
      } catch (e) {
        if (e !== TOO_DEEP) throw e;
        // Too deep to walk as JSON: the whole text goes through the text rules, nothing is lost.
        ctx.depth = depth;
        ctx.hits = hitsBefore;
        return textRules(s, ctx, path, inner);
      }
      // Untouched JSON keeps its exact original text (spacing, key order, number spelling).
      if (ctx.hits === hitsBefore) return s;
      return JSON.stringify(red);
    }
  }
  return textRules(s, ctx, path, inner);
}

function textRules(s: string, ctx: Ctx, path: string, inner: string): string {
  const hits: TextHit[] = [];
  const out = redactFreeText(s, ctx.opts, hits);
  for (const h of hits) record(ctx, path, inner, h);
  return out;
}

/** Redacts any JSON-like value; the report says what went, where, never the value. */
export function redactJson<T>(value: T, opts: Partial<WalkOptions> = {}, root = '$'): { value: T; report: RedactionItem[] } {
  const ctx: Ctx = {
    depth: 0,
    opts: { phoneNumbers: opts.phoneNumbers ?? DEFAULT_OPTIONS.phoneNumbers, sipAddresses: opts.sipAddresses ?? DEFAULT_OPTIONS.sipAddresses },
    describe: opts.describe ?? ((p) => p),
    report: new Map(),
    hits: 0,
  };
  const out = walk(value, ctx, root, '', false) as T;
  return { value: out, report: [...ctx.report.values()] };
}
