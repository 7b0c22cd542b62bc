/**
 * SDK values -> small, JSON-safe, secret-free data. The sanitiser and the secret decisions are the
 * one policy's (core/redaction/); this module keeps the names the SDK code and the hook import.
 */
import { redactTokensInText } from '../redaction/tokens.js';

export { REDACTED, isSecretKey } from '../redaction/keys.js';
export { toSafeJson, DEFAULT_LIMITS, type SafeJsonLimits } from '../redaction/json.js';

/** Removes secrets embedded in free text: JWTs, bearer tokens, secret URL query parameters and user:password@ in URLs. */
export function redactString(s: string): string {
  return redactTokensInText(s);
}
