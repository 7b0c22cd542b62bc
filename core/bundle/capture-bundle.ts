/**
 * The bundle "Export diagnostics" writes, from one tab's capture as the panel holds it. The panel
 * (ui/data/bundle.ts), the Playwright fixture and the MCP server (automation/) all call this, so a
 * bundle exported from a test or an agent is the panel's bundle, field for field.
 */
import type { CaptureEvent, DocInfo, DropCounts, StoredEvent } from '../capture/events.js';
import type { Analysis } from '../protocol/types.js';
import { buildBundleWithReport } from './build.js';
import type { RedactionItem } from './redact.js';
import type { Bundle, Environment } from './types.js';

/** What goes besides secrets (always redacted). The panel's default removes both. */
export interface RedactChoices {
  phoneNumbers: 'keep' | 'remove';
  sipAddresses: 'keep' | 'remove';
}

export const DEFAULT_REDACT_CHOICES: RedactChoices = { phoneNumbers: 'remove', sipAddresses: 'remove' };

export interface CaptureBundleInput {
  events: readonly (CaptureEvent | StoredEvent)[];
  /** The analyzer's own snapshot, passed through as the bundle's analysis. */
  analysis?: Analysis;
  dropped?: DropCounts;
  /** The browser the page ran in (core/bundle/environment.ts browserEnvironment, read there) and the source. */
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

export function buildCaptureBundle(input: CaptureBundleInput, choices: RedactChoices = DEFAULT_REDACT_CHOICES): BuiltBundle {
  const { bundle, redactions } = buildBundleWithReport(
    {
      events: input.events,
      environment: { ...input.environment },
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

/** Host of a capture's (last) top document, for the file name; `fallback` when it has none. */
export function captureHostOf(docs: readonly DocInfo[], fallback = 'page'): string {
  const top = [...docs].reverse().find((d) => d.top) ?? docs[0];
  if (top) {
    try {
      return new URL(top.url).host || 'page';
    } catch {
      /* not a URL */
    }
  }
  return fallback;
}
