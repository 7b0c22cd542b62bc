/** Diagnostics bundles: build, redact, export, import, and the interop formats. */
export { buildBundle, buildBundleWithReport, serializeBundle, type BuildInput, type BuildOptions, type BuildResult } from './build.js';
export { redactBundle, redactValue, redactText, isSecretKey, REDACTED, type RedactionItem, type RedactionKind, type RedactionPolicy } from './redact.js';
export { exportBundle, type BundleFile } from './export.js';
export { bundleFileName } from './filename.js';
export { gzip, gunzip, isGzip, gzipImpl, streamGzip } from './gzip.js';
export { readBundleFile, readBundleValue, type ImportResult } from './import.js';
export { eventsFromBundle } from './to-events.js';
export { encodeStats, decodeStats, type DeltaSample, type StatsSample } from './stats-delta.js';
export { bundleSchema } from './schema.js';
export { validateBundle, repair, type SchemaProblem } from './validate.js';
export { migrate, migrations } from './migrate.js';
export { toWebrtcInternals, fromWebrtcInternals, isWebrtcInternalsDump, type InternalsDump } from './interop/webrtc-internals.js';
export { toHar, type Har } from './interop/har.js';
export { interopFile, type InteropFile, type InteropKind } from './interop/files.js';
export * from './types.js';
