/**
 * Bundles in and out for the command line: the Node recorder's events become a bundle (same
 * format as the browser's, redaction on), and any bundle becomes an analysis again.
 */
import { hostname, platform, release } from 'node:os';
import type { CaptureEvent } from '../core/capture/events.js';
import { buildBundleWithReport } from '../core/bundle/build.js';
import { exportBundle, type BundleFile } from '../core/bundle/export.js';
import { readBundleFile } from '../core/bundle/import.js';
import { eventsFromBundle } from '../core/bundle/to-events.js';
import type { Bundle, RedactOptions } from '../core/bundle/types.js';
import { createAnalyzer, type Analysis } from '../core/protocol/analyzer.js';

/** `end`: when the capture stopped; a request still unanswered then is judged against its time-out at that moment. */
export function analyzeEvents(events: readonly CaptureEvent[], end?: number): Analysis {
  const analyzer = createAnalyzer();
  let last = 0;
  for (const ev of events) {
    analyzer.push(ev);
    last = Math.max(last, ev.t);
  }
  analyzer.tick(Math.max(last, end ?? 0));
  return analyzer.snapshot();
}

export async function bundleFromCapture(
  events: CaptureEvent[],
  opts: { gzip: boolean; redact: RedactOptions; host?: string; window: { start: number; end: number }; commandLine?: string },
): Promise<{ file: BundleFile; redactions: number; summary: string; bundle: Bundle }> {
  const analysis = analyzeEvents(events, opts.window.end);
  const { bundle, redactions } = buildBundleWithReport(
    {
      events,
      environment: {
        userAgent: `Node.js ${process.version} (${platform()} ${release()})`,
        platform: `${process.platform}-${process.arch}`,
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        source: 'node',
        ...(opts.commandLine ? { pageUrl: `node: ${opts.commandLine}` } : {}),
      },
      analysis,
      window: opts.window,
    },
    { redact: opts.redact },
  );
  const file = await exportBundle(bundle, { gzip: opts.gzip, host: opts.host ?? hostname() });
  const frames = bundle.sockets.reduce((n, s) => n + s.frames.length, 0);
  const summary = `${bundle.sockets.length} socket(s), ${frames} frame(s), ${bundle.calls.length} call(s), ${bundle.findings.length} finding(s)`;
  return { file, redactions: redactions.length, summary, bundle };
}

export type Loaded = { ok: true; bundle: Bundle; analysis: Analysis; warnings: string[] } | { ok: false; error: string };

export async function loadBundle(bytes: Uint8Array, name?: string): Promise<Loaded> {
  const r = await readBundleFile(bytes, name);
  if (!r.ok) return { ok: false, error: r.error };
  return { ok: true, bundle: r.bundle, analysis: analyzeEvents(eventsFromBundle(r.bundle), r.bundle.window?.end), warnings: r.warnings ?? [] };
}
