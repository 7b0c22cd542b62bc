/**
 * Secrets in XML and XMPP text (Jingle, SASL) and in URL paths: shapes the key=value and JSON
 * rules never see because the name and the value are joined by markup or a slash.
 *  - `<transport ufrag='…' pwd='…'/>`, `password="…"`: an attribute whose name is a secret;
 *  - `<password>…</password>`: an element whose name is a secret;
 *  - `<auth mechanism='PLAIN'>…</auth>`, `<response xmlns='…xmpp-sasl'>…</response>`: a SASL
 *    body is the credential itself (PLAIN is base64 of user and password);
 *  - `wss://host/rtc/token/<secret>`: a path segment after a segment that names a secret, and
 *    long opaque segments (40+ characters mixing cases and digits: keys, not ids or UUIDs).
 */
import { isSecretKey } from './keys.js';
import { each, has, test, valueSpan, type Rule } from './scan.js';

const XML_ATTR = /(\s)([A-Za-z_][\w.:-]{0,63})(\s*=\s*)(['"])([^'"<>]*)\4/g;
const XML_ELEMENT = /<([A-Za-z_][\w.:-]{0,63})(\s[^<>]*)?>([^<]+)<\/\1\s*>/g;
const SASL_BODY = /<(auth|response|success|challenge)(\s[^<>]*)?>([^<]+)<\/\1\s*>/g;
const SASL_NS = /xmpp-sasl|mechanism\s*=/;
const PATH_AFTER_NAME = /\/([A-Za-z][\w.-]{1,63})\/([^/?#\s"'<>\\]{6,})/g;
const OPAQUE_SEGMENT = /\/([A-Za-z0-9_-]{40,})(?=[/?#\s"'<>\\]|$)/g;
const UPPER = /[A-Z]/;
const LOWER = /[a-z]/;
const DIGIT = /\d/;

function localName(qname: string): string {
  const colon = qname.lastIndexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

/** Where an element's text starts: after the open tag's ">" (its attributes hold none). */
function bodyStart(m: RegExpExecArray): number {
  return m.index + 1 + m[1]!.length + (m[2]?.length ?? 0) + 1;
}

export const xmlSecrets: Rule = (s, out) => {
  if (!has(s, '<')) return;
  if (has(s, '=')) {
    each(XML_ATTR, s, (m) => {
      if (m[5] && isSecretKey(localName(m[2]!))) valueSpan(out, m.index + m[1]!.length + m[2]!.length + m[3]!.length + 1, m[5], 'secret-field', m[2]);
    });
  }
  each(XML_ELEMENT, s, (m) => {
    if (isSecretKey(localName(m[1]!))) valueSpan(out, bodyStart(m), m[3]!, 'secret-field', m[1]);
  });
  each(SASL_BODY, s, (m) => {
    if (m[1] !== 'auth' && !test(SASL_NS, m[2] ?? '')) return;
    valueSpan(out, bodyStart(m), m[3]!, 'authorization-header', 'sasl');
  });
};

export const urlPathSecrets: Rule = (s, out) => {
  if (!has(s, '://')) return;
  each(PATH_AFTER_NAME, s, (m) => {
    if (isSecretKey(m[1]!)) valueSpan(out, m.index + m[1]!.length + 2, m[2]!, 'url-credential', m[1]);
  });
  each(OPAQUE_SEGMENT, s, (m) => {
    const seg = m[1]!;
    if (test(UPPER, seg) && test(LOWER, seg) && test(DIGIT, seg)) valueSpan(out, m.index + 1, seg, 'url-credential');
  });
};
