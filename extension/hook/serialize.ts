/**
 * Page values -> JSON-safe values for capture events, defensively: a hostile page can hand us
 * getters that throw, Proxies whose traps throw, cycles, deep nesting and huge strings. Nothing
 * here may throw, and the output size is bounded. The walk is the one sanitiser of
 * core/redaction/json.ts (which calls only built-ins saved at document_start), in its capture
 * vocabulary; captured values are redacted when a bundle is built, not here.
 */
import type { Json } from '../../core/capture/events.js';
import { toSafeJson } from '../../core/redaction/json.js';

export interface JsonLimits {
  maxDepth: number;
  maxString: number;
  maxKeys: number;
  maxItems: number;
  /** Rough total characters for the whole value; beyond it values become "[truncated]". */
  budget: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = {
  maxDepth: 8,
  maxString: 64 * 1024,
  maxKeys: 200,
  maxItems: 500,
  budget: 512 * 1024,
};

/** Platform objects whose useful fields are prototype getters (so Object.keys sees nothing). */
const PLATFORM_FIELDS: Record<string, string[]> = {
  '[object MediaStreamTrack]': ['id', 'kind', 'label', 'enabled', 'muted', 'readyState'],
  '[object MediaStream]': ['id', 'active'],
  '[object RTCRtpSender]': ['track'],
  '[object RTCRtpReceiver]': ['track'],
  '[object RTCRtpTransceiver]': ['mid', 'direction', 'currentDirection', 'sender', 'receiver'],
  '[object RTCDataChannel]': ['label', 'id', 'protocol', 'ordered', 'negotiated', 'readyState'],
  '[object RTCCertificate]': ['expires'],
  '[object MediaDeviceInfo]': ['deviceId', 'groupId', 'kind', 'label'],
  '[object InputDeviceInfo]': ['deviceId', 'groupId', 'kind', 'label'],
};

export function toJson(value: unknown, limits: JsonLimits = DEFAULT_JSON_LIMITS): Json {
  return toSafeJson(value, {
    maxDepth: limits.maxDepth,
    maxString: limits.maxString,
    maxKeys: limits.maxKeys,
    maxItems: limits.maxItems,
    maxTotal: limits.budget,
    redact: false,
    cycle: '[cycle]',
    nonFinite: 'null',
    capture: true,
    fields: PLATFORM_FIELDS,
  });
}
