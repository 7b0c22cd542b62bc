/**
 * The text rules for tokens: JWTs, URL userinfo, secret URL parameters, bearer tokens. The page
 * hook applies the first three to strings it keeps from SDK objects; text.ts uses them all among
 * every other rule for bundles and exports. Small on purpose: this ships in the page hook, which loads into every page.
 */
import { REDACTED, isSecretParam } from './keys.js';
import { cut, each, has, push, test, valueSpan, type RedactionOptions, type Rule, type Span } from './scan.js';

const JWT = /ey[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)?/g;
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/\s@?#"'\\]+)@/gi;
// The value is a lookahead: matching goes on inside it, for a URL in a parameter ("redirect=…?access_token=…").
export const KEY_VALUE = /(^|[?&#;\s,{(/])([A-Za-z0-9_.-]{2,64})=(?=([^&\s"'#;,\\]*))/g;
const BEARER = /\b(Bearer|Basic|Token)(\s+)([A-Za-z0-9._~+/=-]{8,})/g;

export const jwt: Rule = (s, out) => {
  if (has(s, 'ey')) each(JWT, s, (m) => push(out, { start: m.index, end: m.index + m[0].length, kind: 'jwt' }));
};

export const userinfo: Rule = (s, out) => {
  if (has(s, '://')) each(URL_USERINFO, s, (m) => valueSpan(out, m.index + m[1]!.length, m[2]!, 'url-credential'));
};

/** `token=…`, `sig=…`, `x-amz-signature=…` in a query, a form body or a log line. */
export const secretParams: Rule = (s, out) => {
  if (has(s, '=')) each(KEY_VALUE, s, (m) => isSecretParam(m[2]!) && valueSpan(out, m.index + m[1]!.length + m[2]!.length + 1, m[3]!, 'url-credential'));
};

export const bearer: Rule = (s, out) => {
  if (has(s, 'Bearer') || has(s, 'Basic') || has(s, 'Token')) each(BEARER, s, (m) => valueSpan(out, m.index + m[1]!.length + m[2]!.length, m[3]!, 'bearer-token'));
};

const TOKEN_RULES: Rule[] = [jwt, userinfo, secretParams];
const KEEP: RedactionOptions = { phoneNumbers: 'keep', sipAddresses: 'keep' };

/**
 * JWTs, URL userinfo and secret parameters: what the page hook applies to SDK values (the
 * bundle applies every rule again, bearer tokens and %-decoding included). One rule at a time: a rule's spans
 * come in order, and later rules skip what is already "[redacted]".
 */
export function redactTokensInText(text: string): string {
  if (text.length < 8) return text;
  for (let i = 0; i < TOKEN_RULES.length; i++) {
    const spans: Span[] = [];
    TOKEN_RULES[i]!(text, spans, KEEP);
    if (spans.length) text = cut(text, spans);
  }
  return text;
}

/** Whether a value looks like a JWT anywhere (object keys are checked with this). */
export function containsJwt(s: string): boolean {
  return test(JWT, s);
}

export { REDACTED };
