/**
 * "Ask the SDK before export", from any extension page (the panel's Export diagnostics, the
 * Playwright fixture, the MCP helper) to the service worker:
 *
 *   page   --runtime.sendMessage(SdkDiagnosticsRequest{tabId, timeoutMs?})--> service worker
 *   worker: for each client of the tab that offers exportDiagnostics() (core/sdk/diagnostics.ts),
 *           an sdkCommand down to the page (sdk-commands.ts), each bounded by the time-out
 *   worker --reply SdkDiagnosticsReply{tabId, entries}-->                 page
 *
 * `entries` goes into the bundle's sdkDiagnostics[] as it is (build redacts it): one per client,
 * the SDK's own output or a note saying why it is missing. Accepted from extension pages only.
 */
import type { Json } from '../capture/events.js';
import type { SdkDiagnosticsEntry } from '../sdk/diagnostics.js';
import { SDK_DIAGNOSTICS_TYPE, SDK_DIAGNOSTICS_VERSION, type Version } from './versions.js';

/** The longest time-out a request may ask for: an export must not wait on an SDK for long. */
export const MAX_DIAGNOSTICS_TIMEOUT_MS = 30_000;
const MAX_ENTRIES = 50;

export interface SdkDiagnosticsRequest {
  type: typeof SDK_DIAGNOSTICS_TYPE;
  v: Version<'sdkDiagnostics'>;
  tabId: number;
  /** Per client; core/sdk/diagnostics.ts EXPORT_DIAGNOSTICS_TIMEOUT_MS when absent. */
  timeoutMs?: number;
}

export interface SdkDiagnosticsReply {
  type: typeof SDK_DIAGNOSTICS_TYPE;
  v: Version<'sdkDiagnostics'>;
  tabId: number;
  entries: SdkDiagnosticsEntry[];
}

function obj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function makeSdkDiagnosticsRequest(tabId: number, timeoutMs?: number): SdkDiagnosticsRequest {
  return { type: SDK_DIAGNOSTICS_TYPE, v: SDK_DIAGNOSTICS_VERSION, tabId, ...(timeoutMs !== undefined ? { timeoutMs } : {}) };
}

export function parseSdkDiagnosticsRequest(m: unknown): SdkDiagnosticsRequest | null {
  if (!obj(m) || m.type !== SDK_DIAGNOSTICS_TYPE || m.v !== SDK_DIAGNOSTICS_VERSION) return null;
  if (!Number.isSafeInteger(m.tabId) || (m.tabId as number) < 0) return null;
  const t = m.timeoutMs;
  if (t !== undefined && !(typeof t === 'number' && Number.isFinite(t) && t > 0 && t <= MAX_DIAGNOSTICS_TIMEOUT_MS)) return null;
  return makeSdkDiagnosticsRequest(m.tabId as number, t as number | undefined);
}

export function parseSdkDiagnosticsReply(m: unknown): SdkDiagnosticsReply | null {
  if (!obj(m) || m.type !== SDK_DIAGNOSTICS_TYPE || m.v !== SDK_DIAGNOSTICS_VERSION || !Number.isSafeInteger(m.tabId)) return null;
  if (!Array.isArray(m.entries) || m.entries.length > MAX_ENTRIES) return null;
  const entries: SdkDiagnosticsEntry[] = [];
  for (const e of m.entries) {
    if (!obj(e) || typeof e.sdk !== 'string' || typeof e.t !== 'number' || !('data' in e)) return null;
    entries.push({ sdk: e.sdk.slice(0, 100), t: e.t, data: e.data as Json });
  }
  return { type: SDK_DIAGNOSTICS_TYPE, v: SDK_DIAGNOSTICS_VERSION, tabId: m.tabId as number, entries };
}
