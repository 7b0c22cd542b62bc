/**
 * The public API of core: what a consumer outside the extension (a Playwright fixture, an MCP server, an
 * in-app recorder, the CLI) needs to read, analyse, build and export diagnostics bundles, in a few names.
 *
 * Everything here re-exports or thinly composes the modules that the panel, the viewer and the CLI already
 * use, so a bundle read or analysed through this API reads exactly as it does in the panel. Documented in
 * docs/api.md; the bundle format itself in docs/bundle-format.md and schema/rtc-devtools-bundle.v1.json.
 *
 * Platform: runs in Node ≥ 20 and in browsers (gzip picks node:zlib or CompressionStream by itself).
 */
import type { CaptureEvent } from './capture/events.js';
import { buildCaptureModel } from './capture/model.js';
import { eventsFromBundle } from './bundle/to-events.js';
import type { Bundle } from './bundle/types.js';
import { createAnalyzer } from './protocol/analyzer.js';
import { summarizeCall, type CallSummary } from './protocol/call-summary.js';
import { pendingAge, type PendingAge } from './protocol/pending.js';
import type { Analysis, CallModel, PendingRequest } from './protocol/types.js';

// Reading any file the viewer opens: a bundle (.json or .json.gz) or a chrome://webrtc-internals dump.
// A HAR is recognised and refused with a sentence saying so (it holds no peer connections to rebuild).
export { readBundleFile, readBundleValue, type ImportResult, type ImportProblem } from './bundle/import.js';
export { eventsFromBundle } from './bundle/to-events.js';

// Building, redacting and writing a bundle from capture events.
export { buildBundle, buildBundleWithReport, serializeBundle, type BuildInput, type BuildOptions, type BuildResult } from './bundle/build.js';
export { redactBundle, type RedactionItem, type RedactionKind, type RedactionPolicy } from './bundle/redact.js';
export { REDACTED, isSecretKey, redactJson, redactFreeText, toSafeJson } from './redaction/index.js';
export { exportBundle, type BundleFile } from './bundle/export.js';
export { buildCaptureBundle, captureHostOf, DEFAULT_REDACT_CHOICES, type CaptureBundleInput, type RedactChoices, type BuiltBundle } from './bundle/capture-bundle.js';
export { bundleFileName } from './bundle/filename.js';
export { gzip, gunzip, isGzip } from './bundle/gzip.js';

// Interop exports.
export { toWebrtcInternals, type InternalsDump } from './bundle/interop/webrtc-internals.js';
export { toHar, type Har } from './bundle/interop/har.js';
export { interopFile, type InteropFile, type InteropKind } from './bundle/interop/files.js';

// The bundle's JSON Schema (published as schema/rtc-devtools-bundle.v1.json) and the checker core uses.
export { bundleSchema, type Schema } from './bundle/schema.js';
export { validateBundle, type SchemaProblem } from './bundle/validate.js';

// Analysis.
export { createAnalyzer, type Analyzer } from './protocol/analyzer.js';
export { summarizeCall, type CallSummary, type CallOutcome, type QualityFigure } from './protocol/call-summary.js';
export { pendingAge, type PendingAge } from './protocol/pending.js';

// "Send to support" and "ask the SDK before export" (docs/preflight.md upload protocol, docs/messages.md sdkDiagnostics).
export { uploadBundle, checkUploadUrl, TICKET_HEADER, type UploadResult, type UploadOptions } from './bundle/upload.js';
export { collectSdkDiagnostics, diagnosticsTargets, EXPORT_DIAGNOSTICS_TIMEOUT_MS, type DiagnosticsTarget, type SdkDiagnosticsEntry } from './sdk/diagnostics.js';
export { makeSdkDiagnosticsRequest, parseSdkDiagnosticsReply, type SdkDiagnosticsRequest, type SdkDiagnosticsReply } from './messages/sdk-diagnostics.js';
export { BUNDLE_FORMAT, BUNDLE_VERSION } from './bundle/types.js';
export type * from './bundle/types.js';
export type { CaptureEvent } from './capture/events.js';
export type { Analysis, CallModel, ConnectionSession, DecodedFrame, Finding, FindingEvidence, LiveKitRoom, PendingRequest, SdkInfo } from './protocol/types.js';

/** One call of an analysis with its summary (outcome in words, who hung up, times to ring, answer and media). */
export interface AnalyzedCall {
  call: CallModel;
  summary: CallSummary;
}

/** A request still without a reply at the end of the capture, with how long it had waited then. */
export interface PendingAtEnd {
  request: PendingRequest;
  /** `age.text`: "no reply for 9.2 s", "no reply in 10 s: the SDK gave up". */
  age: PendingAge;
}

/** What the panel shows for a bundle: the full analysis, plus each call's summary and what was still pending. */
export interface BundleAnalysis {
  /** Decoded frames, connection sessions, calls, quality series, findings, pending requests. */
  analysis: Analysis;
  /** The moment the analysis was judged at: the end of the capture window (or the last event). */
  end: number;
  calls: AnalyzedCall[];
  /** Oldest first. */
  pending: PendingAtEnd[];
}

/**
 * Runs the protocol analyzer over events in arrival order. `end` is when the capture stopped: a request still
 * unanswered then is judged against its time-out at that moment, as the panel does when capture stops.
 */
export function analyzeEvents(events: Iterable<CaptureEvent>, end?: number): Analysis {
  const analyzer = createAnalyzer();
  let last = -Infinity;
  for (const ev of events) {
    analyzer.push(ev);
    if (typeof ev.t === 'number' && ev.t > last) last = ev.t;
  }
  const at = Math.max(last, end ?? -Infinity);
  if (Number.isFinite(at)) analyzer.tick(at);
  return analyzer.snapshot();
}

/** The end of a bundle's capture: its window's end, else its last event. */
export function captureEnd(bundle: Bundle, events: readonly CaptureEvent[] = eventsFromBundle(bundle)): number {
  const end = bundle.window?.end;
  if (typeof end === 'number' && Number.isFinite(end) && end > 0) return end;
  let last = 0;
  for (const ev of events) if (ev.t > last) last = ev.t;
  return last;
}

/** Each call's summary, reading peer connections and socket closes from the bundle (page unloads, first media). */
export function summarizeCalls(bundle: Bundle, analysis: Pick<Analysis, 'calls' | 'quality'>, events: readonly CaptureEvent[] = eventsFromBundle(bundle)): AnalyzedCall[] {
  const capture = buildCaptureModel(events);
  return analysis.calls.map((call) => ({ call, summary: summarizeCall(call, analysis, capture) }));
}

/** Requests still unanswered at `end`, oldest first, each with its age in words. */
export function pendingAt(analysis: Pick<Analysis, 'pending'>, end: number): PendingAtEnd[] {
  return [...analysis.pending].sort((a, b) => a.t - b.t).map((request) => ({ request, age: pendingAge(request, end) }));
}

/** Analyses a bundle (read with readBundleFile or built with buildBundle) the way the panel does. */
export function analyzeBundle(bundle: Bundle): BundleAnalysis {
  const events = eventsFromBundle(bundle);
  const end = captureEnd(bundle, events);
  const analysis = analyzeEvents(events, end);
  return { analysis, end, calls: summarizeCalls(bundle, analysis, events), pending: pendingAt(analysis, end) };
}
