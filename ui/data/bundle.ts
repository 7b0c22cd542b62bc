/**
 * The one place the panel builds, serializes and names diagnostics bundles (core/bundle does the
 * work; redaction of secrets always runs there).
 */
import { browserEnvironment } from '../../core/bundle/environment.js';
import type { CaptureEvent } from '../../core/capture/events.js';
import type { DocInfo, DropCounts, StoredEvent } from '../../core/capture/events.js';
import { buildBundleWithReport } from '../../core/bundle/build.js';
import type { RedactionItem } from '../../core/bundle/redact.js';
import type { Bundle, Environment } from '../../core/bundle/types.js';
import type { Analysis } from '../../core/protocol/types.js';

export type { Bundle, RedactionItem };

export interface RedactChoices {
  phoneNumbers: 'keep' | 'remove';
  sipAddresses: 'keep' | 'remove';
}

export interface ExportInput {
  events: readonly (CaptureEvent | StoredEvent)[];
  /** The analyzer's own snapshot, passed through as the bundle's analysis. */
  analysis?: Analysis;
  dropped?: DropCounts;
  environment?: Partial<Environment>;
  preflight?: unknown;
  sdkDiagnostics?: unknown;
  /** The tab's documents: the bundle's page loads, and what closed with each one. */
  docs?: readonly DocInfo[];
}

export interface BuiltBundle {
  bundle: Bundle;
  report: RedactionItem[];
}

export function buildPanelBundle(input: ExportInput, choices: RedactChoices): BuiltBundle {
  const { bundle, redactions } = buildBundleWithReport(
    {
      events: input.events,
      // The inspected page runs in the same browser as the panel, so the panel's environment is the page's.
      environment: { ...browserEnvironment(), ...input.environment },
      analysis: input.analysis,
      dropped: input.dropped,
      preflight: input.preflight,
      sdkDiagnostics: input.sdkDiagnostics,
      ...(input.docs?.length ? { docs: input.docs } : {}),
    },
    { redact: choices },
  );
  return { bundle, report: redactions };
}
