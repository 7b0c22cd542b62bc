/**
 * Redaction of a bundle: the one secret policy (core/redaction/) applied to every value of the
 * bundle, with the bundle's choices for phone numbers and SIP addresses, and a review list that
 * names places the way a person looks for them ("frame 4 of socket 1").
 */
import type { Json } from '../capture/events.js';
import {
  REDACTED,
  DEFAULT_OPTIONS,
  isSecretKey,
  redactFreeText,
  redactJson,
  type RedactionItem,
  type RedactionKind,
  type RedactionOptions,
} from '../redaction/index.js';
import type { Bundle } from './types.js';

export { REDACTED, isSecretKey, type RedactionItem, type RedactionKind };

/** Secrets always go; these choose what else does. */
export type RedactionPolicy = RedactionOptions;

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
export function redactValue<T>(value: T, policy: Partial<RedactionPolicy> = {}, root = '$'): { value: T; report: RedactionItem[] } {
  return redactJson(value, { ...policy, describe }, root);
}

/** Redacts one string (a URL, a frame text, a log line). */
export function redactText(text: string, policy: Partial<RedactionPolicy> = {}): string {
  return redactValue(text, policy).value;
}

export function redactBundle(bundle: Bundle, opts: Partial<RedactionPolicy> = {}): { bundle: Bundle; report: RedactionItem[] } {
  const policy = { ...DEFAULT_OPTIONS, ...opts };
  // The redaction record itself holds no page data and its key names must survive.
  const { redaction, ...rest } = bundle;
  const { value, report } = redactValue(rest, policy);
  const out = { ...(value as Omit<Bundle, 'redaction'>), redaction: { ...redaction, ...policy, applied: true, items: report.length } };
  // Key order as built: format/version first, for people reading the file.
  return { bundle: Object.assign({ format: out.format, version: out.version }, out) as Bundle, report };
}

/**
 * The choices an export applies to a bundle it turns into another format: the bundle's own when it
 * was redacted, else the defaults (an imported dump that was never redacted leaves redacted too).
 */
export function policyOf(bundle: Pick<Bundle, 'redaction'>): RedactionPolicy {
  const r = bundle.redaction;
  if (r?.applied && (r.phoneNumbers === 'keep' || r.phoneNumbers === 'remove') && (r.sipAddresses === 'keep' || r.sipAddresses === 'remove')) {
    return { phoneNumbers: r.phoneNumbers, sipAddresses: r.sipAddresses };
  }
  return { ...DEFAULT_OPTIONS };
}

export { redactFreeText };
export type { Json };
