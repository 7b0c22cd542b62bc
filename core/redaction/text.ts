/**
 * Secrets inside free text: frame texts that are not JSON (SIP, truncated JSON, log lines), URLs,
 * SDP, command lines. Each rule finds the *value* to hide and leaves the words around it, so a
 * redacted SIP message, URL or SDP still reads as one: `Authorization: Basic [redacted]`,
 * `wss://[redacted]@host/?token=[redacted]&room=7`, `a=ice-pwd:[redacted]`.
 *
 * Percent-encoding hides nothing: text with `%XX` escapes is also matched in its decoded form
 * (twice, for double encoding) and what matches there is cut from the original, so
 * `destination=%2B15550100200` and `token%3Dabc` in a redirect parameter go as well.
 */
import { REDACTED, isPhoneKey, isSecretKey } from './keys.js';
import { DEFAULT_OPTIONS, cut, each, exec, has, push, slice, test, valueSpan, type RedactionKind, type RedactionOptions, type Rule, type Span, type TextHit } from './scan.js';
import { urlPathSecrets, xmlSecrets } from './markup.js';
import { KEY_VALUE, bearer, containsJwt, jwt, redactTokensInText, secretParams, userinfo } from './tokens.js';

export { DEFAULT_OPTIONS, containsJwt, redactTokensInText, type RedactionKind, type RedactionOptions, type TextHit };


const HEADER_LINE = /(^|[\r\n])([A-Za-z][A-Za-z0-9_-]{1,63})([ \t]*:[ \t]*)([^\r\n]*)/g;
const AUTH_INLINE = /\b((?:proxy-)?authorization)([ \t]*:[ \t]*)([^\r\n]*)/gi;
const SCHEME = /^([A-Za-z][A-Za-z0-9-]*)([ \t]+)\S/;
const DIGEST_PARAM = /\b(response|nonce|cnonce)([ \t]*=[ \t]*)("[^"\r\n]*"|[^\s,"]+)/gi;
// A cut can end a value on a lone backslash (half of an escape): "\\?$" takes that too.
const JSONISH_PAIR = /"([^"\\]{1,64})"(\s*:\s*)("(?:[^"\\]|\\.)*(?:"|\\?$)|-?\d+(?:\.\d+)?)/g;
const ESCAPED_PAIR = /\\"([^"\\]{1,64})\\"(\s*:\s*)(\\"(?:[^"\\]|\\[^"])*(?:\\"|\\?$))/g;
const ICE_PWD = /(a=ice-pwd:)([^\s\\"]+)/g;
const SDES_KEY = /(inline:)([^\s|\\"]+)/g;
const SIP_PASSWORD = /\b(sips?:[^@\s"'<>;:\\/]+):([^@\s"'<>;\\/]+)@/gi;
const SIP_USER = /\b(sips?):([^@\s"'<>;:\\/[]+)@/gi;
const SIP_SCHEME = /sips?:/i;
const PHONE = /(?<![\w+])\+\d(?:[\d().-]| (?=\d)){5,18}\d(?![\w])/g;
const TEL = /\b(tel:)(\+?[\d().-]{5,})/gi;
const CLI_FLAG = /(^|\s)(--?[A-Za-z][\w.-]{0,63})([ \t]+)([^\s-][^\s]*)/g;
const AUTHORIZATION = /authorization/i;
const DIGEST = /digest/i;
const TEL_WORD = /tel:/i;
const PHONE_SHAPE = /^\+?[\d\s().-]+$/;
const DIGIT = /\d/g;

/** A value that could be a phone number: digits and the usual separators, 5 to 15 digits. */
export function looksLikePhone(v: string): boolean {
  if (!test(PHONE_SHAPE, v)) return false;
  let digits = 0;
  each(DIGIT, v, () => digits++);
  return digits >= 5 && digits <= 15;
}

/** `destination_number=15550100200` (a phone key, so no "+" needed). */
const phoneParams: Rule = (s, out, opts) => {
  if (opts.phoneNumbers !== 'remove' || !has(s, '=')) return;
  each(KEY_VALUE, s, (m) => {
    const name = m[2]!;
    if (isPhoneKey(name) && looksLikePhone(m[3]!)) valueSpan(out, m.index + m[1]!.length + name.length + 1, m[3]!, 'phone-number', name);
  });
};

/** `Basic abc` -> keeps "Basic ", hides the rest; a value without a scheme word goes whole. */
function credentialSpan(out: Span[], start: number, value: string, kind: RedactionKind, field?: string): void {
  if (!value || value[0] === '"' || value === REDACTED) return;
  const m = exec(SCHEME, value);
  if (m) {
    const skip = m[1]!.length + m[2]!.length;
    const rest = slice(value, skip);
    if (rest === REDACTED) return;
    valueSpan(out, start + skip, rest, kind, field);
  } else valueSpan(out, start, value, kind, field);
}

const headers: Rule = (s, out) => {
  if (has(s, ':')) {
    each(HEADER_LINE, s, (m) => {
      const name = m[2]!;
      if (!isSecretKey(name)) return;
      credentialSpan(out, m.index + m[1]!.length + name.length + m[3]!.length, m[4]!, 'authorization-header', name);
    });
  }
  if (test(AUTHORIZATION, s)) each(AUTH_INLINE, s, (m) => credentialSpan(out, m.index + m[1]!.length + m[2]!.length, m[3]!, 'authorization-header'));
  if (test(DIGEST, s)) {
    each(DIGEST_PARAM, s, (m) => {
      let v = m[3]!;
      let at = m.index + m[1]!.length + m[2]!.length;
      if (v[0] === '"') {
        v = slice(v, 1, v.length - 1);
        at++;
      }
      valueSpan(out, at, v, 'authorization-header');
    });
  }
};

/** JSON that did not parse (truncated frame, JSON inside a log line): pairs by key name. */
const jsonish: Rule = (s, out) => {
  if (!has(s, '"')) return;
  each(JSONISH_PAIR, s, (m) => {
    const key = m[1]!;
    const value = m[3]!;
    if (!isSecretKey(key) || value === `"${REDACTED}"`) return;
    const start = m.index + key.length + 2 + m[2]!.length;
    push(out, { start, end: start + value.length, kind: 'secret-field', field: key, text: `"${REDACTED}"` });
  });
  each(ESCAPED_PAIR, s, (m) => {
    const key = m[1]!;
    const value = m[3]!;
    if (!isSecretKey(key) || value === `\\"${REDACTED}\\"`) return;
    const start = m.index + key.length + 4 + m[2]!.length;
    push(out, { start, end: start + value.length, kind: 'secret-field', field: key, text: `\\"${REDACTED}\\"` });
  });
};

const sdp: Rule = (s, out) => {
  if (has(s, 'a=ice-pwd:')) each(ICE_PWD, s, (m) => valueSpan(out, m.index + m[1]!.length, m[2]!, 'sdp-secret'));
  if (has(s, 'inline:')) each(SDES_KEY, s, (m) => valueSpan(out, m.index + m[1]!.length, m[2]!, 'sdp-secret'));
};

const sip: Rule = (s, out, opts) => {
  if (!test(SIP_SCHEME, s)) return;
  each(SIP_PASSWORD, s, (m) => valueSpan(out, m.index + m[1]!.length + 1, m[2]!, 'sip-password'));
  if (opts.sipAddresses === 'remove') each(SIP_USER, s, (m) => valueSpan(out, m.index + m[1]!.length + 1, m[2]!, 'sip-address'));
};

const phones: Rule = (s, out, opts) => {
  if (opts.phoneNumbers !== 'remove') return;
  if (has(s, '+')) each(PHONE, s, (m) => push(out, { start: m.index, end: m.index + m[0].length, kind: 'phone-number' }));
  if (test(TEL_WORD, s)) each(TEL, s, (m) => valueSpan(out, m.index + m[1]!.length, m[2]!, 'phone-number'));
};

/** `--password X`, `-api-key Y` on a command line (the `--flag=value` form is a key=value pair). */
const cliFlags: Rule = (s, out) => {
  if (!has(s, '-')) return;
  each(CLI_FLAG, s, (m) => {
    if (isSecretKey(m[2]!)) valueSpan(out, m.index + m[1]!.length + m[2]!.length + m[3]!.length, m[4]!, 'secret-field', m[2]!);
  });
};

// ---------- percent-decoding ----------

const fromCharCode = String.fromCharCode;
const HEX = (() => {
  const t = Object.create(null) as Record<string, number>;
  const digits = '0123456789abcdef';
  for (let i = 0; i < 16; i++) {
    t[digits[i]!] = i;
    t[digits[i]!.toUpperCase()] = i;
  }
  return t;
})();

interface View {
  text: string;
  /** For each character of `text`, where it came from in the original. */
  from: number[];
  to: number[];
}

/** One round of %XX decoding, keeping the origin of every decoded character. */
function decodeOnce(v: View): View | undefined {
  const s = v.text;
  let text = '';
  const from: number[] = [];
  const to: number[] = [];
  let changed = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const hi = c === '%' && i + 2 < s.length ? HEX[s[i + 1]!] : undefined;
    const lo = hi !== undefined ? HEX[s[i + 2]!] : undefined;
    if (hi !== undefined && lo !== undefined) {
      text += fromCharCode(hi * 16 + lo);
      from[from.length] = v.from[i]!;
      to[to.length] = v.to[i + 2]!;
      i += 2;
      changed = true;
    } else {
      text += c;
      from[from.length] = v.from[i]!;
      to[to.length] = v.to[i]!;
    }
  }
  return changed ? { text, from, to } : undefined;
}

const PERCENT = /%[0-9A-Fa-f]{2}/;

function decodedViews(s: string): View[] {
  if (!has(s, '%') || !test(PERCENT, s)) return [];
  const ident: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < s.length; i++) {
    ident[i] = i;
    ends[i] = i + 1;
  }
  const views: View[] = [];
  let v = decodeOnce({ text: s, from: ident, to: ends });
  // Twice: `%252B` is a "+" encoded twice, as a URL inside a URL parameter has it.
  for (let round = 0; v && round < 2; round++) {
    views[views.length] = v;
    v = decodeOnce(v);
  }
  return views;
}

// ---------- applying ----------

function spansOf(s: string, rules: Rule[], opts: RedactionOptions): Span[] {
  const out: Span[] = [];
  for (let i = 0; i < rules.length; i++) rules[i]!(s, out, opts);
  const views = decodedViews(s);
  for (let k = 0; k < views.length; k++) {
    const v = views[k]!;
    const found: Span[] = [];
    for (let i = 0; i < rules.length; i++) rules[i]!(v.text, found, opts);
    for (let i = 0; i < found.length; i++) {
      const f = found[i]!;
      const start = v.from[f.start]!;
      const end = v.to[f.end - 1]!;
      // Already redacted in the original (the decoded "[redacted]" of an encoded one is left too).
      if (slice(s, start, end) === REDACTED) continue;
      const sp: Span = { start, end, kind: f.kind };
      if (f.field !== undefined) sp.field = f.field;
      push(out, sp);
    }
  }
  return out;
}

function sortSpans(spans: Span[]): void {
  // Insertion sort: a string has a handful of spans, and Array.prototype.sort is the page's.
  for (let i = 1; i < spans.length; i++) {
    const x = spans[i]!;
    let j = i - 1;
    while (j >= 0 && (spans[j]!.start > x.start || (spans[j]!.start === x.start && spans[j]!.end < x.end))) {
      spans[j + 1] = spans[j]!;
      j--;
    }
    spans[j + 1] = x;
  }
}

function applyRules(text: string, rules: Rule[], opts: RedactionOptions, hits?: TextHit[]): string {
  // Nothing shorter than "sip:a@b" or "+123456" can hold what these rules look for.
  if (text.length < 7) return text;
  const spans = spansOf(text, rules, opts);
  if (spans.length === 0) return text;
  sortSpans(spans);
  const out = cut(text, spans);
  if (hits) for (const sp of spans) if (!sp.joined) hits.push(sp.field !== undefined ? { kind: sp.kind, field: sp.field } : { kind: sp.kind });
  return out;
}

/** Every rule, for bundles and their exports. */
const ALL: Rule[] = [jwt, userinfo, secretParams, urlPathSecrets, phoneParams, headers, bearer, jsonish, xmlSecrets, sdp, sip, phones, cliFlags];

/** Redacts every secret (and, per `opts`, phone numbers and SIP user parts) in free text. */
export function redactFreeText(text: string, opts: RedactionOptions = DEFAULT_OPTIONS, hits?: TextHit[]): string {
  return applyRules(text, ALL, opts, hits);
}
