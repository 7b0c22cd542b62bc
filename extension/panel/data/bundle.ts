/**
 * The one place the panel builds, serializes and names diagnostics bundles (core/bundle does the
 * work; redaction of secrets always runs there).
 */
import type { CaptureEvent, Json } from '../../../core/capture/events.js';
import type { DropCounts, StoredEvent } from '../../../core/capture/messages.js';
import { buildBundleWithReport, serializeBundle } from '../../../core/bundle/build.js';
import type { RedactionItem } from '../../../core/bundle/redact.js';
import type { Bundle, Environment } from '../../../core/bundle/types.js';

export type { Bundle, RedactionItem };

export interface RedactChoices {
  phoneNumbers: 'keep' | 'remove';
  sipAddresses: 'keep' | 'remove';
}

export interface ExportInput {
  events: readonly (CaptureEvent | StoredEvent)[];
  /** The analyzer's own snapshot, passed through as the bundle's analysis. */
  analysis?: unknown;
  dropped?: DropCounts;
  environment?: Partial<Environment>;
  preflight?: unknown;
  sdkDiagnostics?: unknown;
}

export interface BuiltBundle {
  bundle: Bundle;
  report: RedactionItem[];
}

/** What the browser running the panel can tell about itself (the inspected page runs in the same browser). */
export function localEnvironment(): Partial<Environment> {
  const env: Partial<Environment> = {};
  if (typeof navigator !== 'undefined') {
    env.userAgent = navigator.userAgent;
    env.language = navigator.language;
    env.platform = navigator.platform;
    const uad = (navigator as unknown as { userAgentData?: { toJSON?: () => unknown } }).userAgentData;
    if (uad?.toJSON) env.userAgentData = uad.toJSON() as Json;
  }
  try {
    env.timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    /* no Intl zone data */
  }
  return env;
}

export function buildPanelBundle(input: ExportInput, choices: RedactChoices): BuiltBundle {
  const { bundle, redactions } = buildBundleWithReport(
    {
      events: input.events,
      environment: { ...localEnvironment(), ...input.environment },
      analysis: input.analysis,
      dropped: input.dropped,
      preflight: input.preflight,
      sdkDiagnostics: input.sdkDiagnostics,
    },
    { redact: choices },
  );
  return { bundle, report: redactions };
}

export function serializePanelBundle(bundle: Bundle): string {
  return serializeBundle(bundle);
}

export async function gzipText(text: string): Promise<ArrayBuffer> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function panelBundleFileName(host: string, date: Date, gzip: boolean): string {
  const safeHost = host.toLowerCase().replace(/:/g, '-').replace(/[^a-z0-9.-]+/g, '_') || 'capture';
  const stamp = `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
  return `rtc-diagnostics-${safeHost}-${stamp}.json${gzip ? '.gz' : ''}`;
}
