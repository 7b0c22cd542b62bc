/**
 * What the running browser can say about itself for a bundle's `environment`. Guarded so it also
 * runs in a worker or Node (where it returns what exists there).
 */
import type { Json } from '../capture/events.js';
import type { Environment } from './types.js';

export function browserEnvironment(): Partial<Environment> {
  const env: Partial<Environment> = {};
  if (typeof navigator !== 'undefined') {
    env.userAgent = navigator.userAgent;
    env.language = navigator.language;
    env.platform = navigator.platform;
    const uad = (navigator as unknown as { userAgentData?: { toJSON?: () => unknown } }).userAgentData;
    // A JSON round trip: toJSON() may hand back objects a structured clone or a later stringify would trip on.
    if (uad?.toJSON) env.userAgentData = JSON.parse(JSON.stringify(uad.toJSON())) as Json;
  }
  try {
    env.timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    /* no Intl zone data */
  }
  return env;
}
