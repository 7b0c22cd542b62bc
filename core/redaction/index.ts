/**
 * The one secret policy. Every path that lets captured data out (the hook's SDK summaries, the
 * bundle, HAR and webrtc-internals exports, the Node recorder, the preflight page) asks here:
 *  - keys.ts: which names hold secrets (JSON keys, headers, URL parameters, flags), by their words;
 *  - text.ts: secrets inside free text (JWT, bearer/basic, URL userinfo and parameters, SIP digest
 *    and URI passwords, SDP ice-pwd and SDES keys, phone numbers), matched also after %-decoding;
 *  - value.ts: any JSON value walked with both, with a report of what went where;
 *  - json.ts: the JSON sanitiser for page values (bounded, cycle-safe, page built-ins never called);
 *  - argv.ts: command lines.
 */
export { REDACTED, isSecretKey, isSecretParam, isPhoneKey, normalName } from './keys.js';
export { DEFAULT_OPTIONS, redactFreeText, redactTokensInText, type RedactionKind, type RedactionOptions, type TextHit } from './text.js';
export { redactJson, type RedactionItem, type WalkOptions } from './value.js';
export { toSafeJson, DEFAULT_LIMITS, type SafeJsonLimits, type SafeJsonOptions } from './json.js';
export { redactArgv } from './argv.js';
export { redactUrl } from './url.js';
