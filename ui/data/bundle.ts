/**
 * The one place the panel builds diagnostics bundles: core/bundle/capture-bundle.ts does the work
 * (the Playwright fixture and the MCP server call the same function; redaction of secrets always
 * runs there). The panel adds the environment of the browser it runs in.
 */
import { browserEnvironment } from '../../core/bundle/environment.js';
import { buildCaptureBundle, type BuiltBundle, type CaptureBundleInput, type RedactChoices } from '../../core/bundle/capture-bundle.js';
import type { RedactionItem } from '../../core/bundle/redact.js';
import type { Bundle } from '../../core/bundle/types.js';

export type { Bundle, BuiltBundle, RedactChoices, RedactionItem };
export type ExportInput = CaptureBundleInput;

export function buildPanelBundle(input: ExportInput, choices: RedactChoices): BuiltBundle {
  // The inspected page runs in the same browser as the panel, so the panel's environment is the page's.
  return buildCaptureBundle({ ...input, environment: { ...browserEnvironment(), ...input.environment } }, choices);
}
