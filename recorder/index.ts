/**
 * The in-app recorder (`rtc-devtools/recorder`): the extension's page hook (extension/hook/install.ts,
 * the same code, not a copy) with its batches kept in the page instead of posted to a bridge, and
 * the bundle built by core exactly as the panel's "Export diagnostics" builds it.
 *
 *   const rec = startRecording({ maxBytes, redact });   // before the SDK loads
 *   const bundle = await rec.exportBundle();            // the panel's bundle, environment.source "recorder"
 *   await rec.download();                               // saves rtc-devtools-<host>-<date>.json.gz
 *   const reply = await rec.upload(url, { headers });   // POSTs it gzipped (docs/preflight.md, upload protocol)
 *   rec.stop();                                         // natives back, memory freed
 *
 * Documented in docs/recorder.md.
 */
import { installHook, type InstalledHook } from '../extension/hook/install.js';
import { makeCommand } from '../core/messages/sdk-commands.js';
import { createRecording, type Recording } from '../core/capture/recording.js';
import { DEFAULT_TAB_CAP_BYTES } from '../core/capture/store.js';
import { browserEnvironment } from '../core/bundle/environment.js';
import { buildBundleWithReport } from '../core/bundle/build.js';
import { exportBundle as bundleFile, type BundleFile } from '../core/bundle/export.js';
import { downloadBlob } from '../core/bundle/download.js';
import { uploadBundle, type UploadResult } from '../core/bundle/upload.js';
import { collectSdkDiagnostics, diagnosticsTargets, EXPORT_DIAGNOSTICS_TIMEOUT_MS } from '../core/sdk/diagnostics.js';
import { sdkIdMatches } from '../core/sdk/commands.js';
import type { Bundle, RedactOptions } from '../core/bundle/types.js';
import { runCommandInPage } from '../extension/hook/sdk/commands.js';

export type { Bundle, UploadResult };

export interface RecorderOptions {
  /** Bytes of capture kept (counted as the extension counts them); beyond it events are dropped and counted. Default 64 MiB. */
  maxBytes?: number;
  /** What else redaction removes (secrets always go): phone numbers and SIP addresses are removed unless 'keep'. */
  redact?: RedactOptions;
  /** How long an export waits for an SDK's own exportDiagnostics(). Default 8 s. */
  sdkDiagnosticsTimeoutMs?: number;
}

export interface UploadOptions {
  headers?: Record<string, string>;
  /** Sent as x-rtc-devtools-ticket. */
  ticket?: string;
  timeoutMs?: number;
}

export interface Recorder {
  /** The bundle the panel's "Export diagnostics" would save, redacted, with the SDKs' own diagnostics. */
  exportBundle(): Promise<Bundle>;
  /** Saves the bundle (gzipped) as a download; resolves to the file name. */
  download(): Promise<string>;
  /** POSTs the gzipped bundle; never rejects: `{ ok, id?, reply }` or `{ ok: false, message }`. */
  upload(url: string, opts?: UploadOptions): Promise<UploadResult>;
  /** Ends the recording: puts the page's WebSocket, RTCPeerConnection, media APIs and SDK globals back and drops the capture. */
  stop(): void;
  readonly recording: boolean;
}

const ALREADY = 'RTC DevTools recorder is already recording in this page: use the recorder startRecording() returned, or call its stop() first.';
const STOPPED = 'This RTC DevTools recorder was stopped; its capture is gone. Call startRecording() again to record anew.';
/** One recorder per page, even with two copies of this module (an ES import and the script tag). */
const ACTIVE = Symbol.for('rtc-devtools.recorder');

const DEFAULT_REDACT: RedactOptions = { phoneNumbers: 'remove', sipAddresses: 'remove' };

export function startRecording(opts: RecorderOptions = {}): Recorder {
  const win = globalThis as Window & typeof globalThis;
  if ((win as unknown as Record<symbol, unknown>)[ACTIVE]) throw new Error(ALREADY);
  const maxBytes = opts.maxBytes ?? DEFAULT_TAB_CAP_BYTES;
  if (!(Number.isFinite(maxBytes) && maxBytes > 0)) throw new RangeError(`maxBytes must be a positive number of bytes, not ${String(opts.maxBytes)}`);
  const redact: RedactOptions = { ...DEFAULT_REDACT, ...opts.redact };
  const timeoutMs = opts.sdkDiagnosticsTimeoutMs ?? EXPORT_DIAGNOSTICS_TIMEOUT_MS;

  let recording: Recording | undefined = createRecording(maxBytes);
  const rec0 = recording;
  const hook: InstalledHook = installHook(win, {
    commandListener: false,
    sink: (docId) => {
      rec0.hello(docId, String(win.location?.href ?? ''), Date.now(), typeof win.document?.title === 'string' ? win.document.title : undefined);
      return { deliver: (batch) => rec0.deliver(batch) };
    },
  });
  Object.defineProperty(win, ACTIVE, { value: true, configurable: true });

  const live = (): Recording => {
    if (!recording) throw new Error(STOPPED);
    return recording;
  };

  /** Asks every SDK client that offers exportDiagnostics() for it, in the page, with the time-out. */
  const sdkDiagnostics = async () => {
    hook.emitter.flush();
    const ctx = hook.sdk;
    if (!ctx) return [];
    const instances = [...ctx.instances()];
    const entries = await collectSdkDiagnostics(diagnosticsTargets(live().events()), async (target) => {
      const inst = instances.find((i) => sdkIdMatches(target.id, i.id));
      if (!inst) return { ok: false, error: { name: 'NotFound', message: 'the client is gone' } };
      return runCommandInPage(ctx, inst, makeCommand(target.id, 'exportDiagnostics', []), timeoutMs);
    }, { timeoutMs });
    // The command results are capture events too: into the store before the bundle is built.
    hook.emitter.flush();
    return entries;
  };

  const build = async (): Promise<Bundle> => {
    live();
    const diagnostics = await sdkDiagnostics();
    const r = live();
    const { bundle } = buildBundleWithReport(
      {
        events: r.events(),
        environment: { ...browserEnvironment(), source: 'recorder', pageUrl: String(win.location?.href ?? '') },
        dropped: r.dropped(),
        docs: r.docs(),
        sdkDiagnostics: diagnostics,
      },
      { redact },
    );
    return bundle;
  };

  const file = async (): Promise<BundleFile> => bundleFile(await build(), { gzip: true, host: String(win.location?.host || 'page') });

  return {
    exportBundle: build,
    async download() {
      const f = await file();
      downloadBlob(f.bytes as BlobPart, f.name, f.mime);
      return f.name;
    },
    async upload(url, o = {}) {
      const f = await file();
      return uploadBundle(url, f.bytes, o);
    },
    stop() {
      if (!recording) return;
      hook.uninstall();
      recording = undefined;
      delete (win as unknown as Record<symbol, unknown>)[ACTIVE];
    },
    get recording() {
      return recording !== undefined;
    },
  };
}
