/**
 * The bundle's names for the outcome of a peer-connection call, as webrtc-internals spells them:
 * `createOfferOnSuccess`, `setRemoteDescriptionOnFailure`. Capture keeps `{method, ok}` (what the
 * hook sees, and what the analyzer reads); bundles and webrtc-internals dumps keep the joined name,
 * which tools outside the project read, so it never changes. This module is the one place that
 * joins and splits it: the builder, the bundle-to-events replay, the SDP extraction and the
 * webrtc-internals import all go through it, so the two directions cannot drift apart.
 */

const SUCCESS = 'OnSuccess';
const FAILURE = 'OnFailure';

/** The log entry type of a call's outcome: `createOffer` + ok → `createOfferOnSuccess`. */
export function resultType(method: string, ok: boolean): string {
  return method + (ok ? SUCCESS : FAILURE);
}

/**
 * The call and outcome a log entry type names, or undefined when it names no outcome. `method` is
 * '' for a bare `OnSuccess`: callers that need a real method check it.
 */
export function parseResultType(type: string): { method: string; ok: boolean } | undefined {
  if (type.endsWith(SUCCESS)) return { method: type.slice(0, -SUCCESS.length), ok: true };
  if (type.endsWith(FAILURE)) return { method: type.slice(0, -FAILURE.length), ok: false };
  return undefined;
}

/** Whether a log entry type is the successful outcome of `method` (e.g. the offer createOffer made). */
export function isSuccessOf(type: string, method: string): boolean {
  return type === resultType(method, true);
}
