/**
 * Bundle size: bytes per peer-connection-minute of getStats data, three ways from the same samples
 * (synthetic but modelled on a real Chromium 640x480 A/V call, 18 reports per sample, 1/s):
 *   raw        - JSON of each getStats() result, as an app would log or upload it
 *   bundle     - our .json.gz bundle (delta-v1 stats, gzip)
 *   internals  - the chrome://webrtc-internals dump of the same samples (toWebrtcInternals), gzipped
 * Target: bundle <= 1.5% of raw (anchor: rtcstats-style delta + gzip measured 2.1%).
 * Run alone: npx tsx bench/bundle-size.ts [minutes]
 */
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { CaptureEvent } from '../core/capture/events.js';
import { buildBundle, serializeBundle } from '../core/bundle/build.js';
import { toWebrtcInternals } from '../core/bundle/interop/webrtc-internals.js';
import { syntheticStats } from '../tests/fixtures/bundle/synthetic-stats.js';
import type { BenchOptions, Figure, FigureResult } from './types.js';

export interface BundleSizeReport {
  minutes: number;
  samples: number;
  reportsPerSample: number;
  rawBytes: number;
  rawGzBytes: number;
  bundleGzBytes: number;
  /** Bundle of the same capture without stats: what the stats themselves cost is the difference. */
  emptyBundleGzBytes: number;
  internalsBytes: number;
  internalsGzBytes: number;
  bundlePercentOfRaw: number;
  bundleGzPerPcMinute: number;
  internalsGzPerPcMinute: number;
  rawPerPcMinute: number;
}

const gz = (text: string) => gzipSync(text, { level: 9 }).length;

function bundleOf(events: CaptureEvent[]): string {
  const bundle = buildBundle({
    events,
    environment: { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0', platform: 'Linux', source: 'bench' },
    now: new Date(1_790_000_000_000),
  });
  return serializeBundle(bundle);
}

export function measureBundleSize(opts: { minutes?: number; seed?: number } = {}): BundleSizeReport {
  const minutes = opts.minutes ?? 1;
  const samples = syntheticStats(Math.round(minutes * 60), { seed: opts.seed ?? 1 });
  const t0 = samples[0]!.t - 500;
  const create: CaptureEvent = { kind: 'pc.create', t: t0, id: 'pc-1', config: { iceServers: [], bundlePolicy: 'max-bundle' } };
  const stats: CaptureEvent[] = samples.map((s) => ({ kind: 'pc.stats', t: s.t, id: 'pc-1', reports: s.reports }));

  // What an app logging getStats() would store: each report list as JSON, one line per sample.
  const raw = samples.map((s) => JSON.stringify(Object.values(s.reports))).join('\n');
  const withStats = bundleOf([create, ...stats]);
  const without = bundleOf([create]);
  const parsed = JSON.parse(withStats) as Parameters<typeof toWebrtcInternals>[0];
  const internals = JSON.stringify(toWebrtcInternals(parsed));

  const bundleGz = gz(withStats);
  return {
    minutes,
    samples: samples.length,
    reportsPerSample: Object.keys(samples[0]!.reports).length,
    rawBytes: raw.length,
    rawGzBytes: gz(raw),
    bundleGzBytes: bundleGz,
    emptyBundleGzBytes: gz(without),
    internalsBytes: internals.length,
    internalsGzBytes: gz(internals),
    bundlePercentOfRaw: (bundleGz / raw.length) * 100,
    bundleGzPerPcMinute: bundleGz / minutes,
    internalsGzPerPcMinute: gz(internals) / minutes,
    rawPerPcMinute: raw.length / minutes,
  };
}

/** For bench/run.ts: a 1-minute and a 10-minute peer connection side by side. */
export const bundleSizeFigure: Figure = {
  id: 'P-bundle-size',
  title: 'Diagnostics bundle bytes per peer-connection-minute vs raw getStats JSON and webrtc-internals dump',
  async run(opts: BenchOptions): Promise<FigureResult> {
    const short = measureBundleSize({ minutes: opts.smoke ? 0.1 : 1 });
    const long = measureBundleSize({ minutes: opts.smoke ? 0.2 : 10 });
    const pct = long.bundlePercentOfRaw;
    return {
      id: 'P-bundle-size',
      title: this.title,
      values: {
        reportsPerSample: short.reportsPerSample,
        rawBytesPerPcMinute: Math.round(short.rawPerPcMinute),
        bundleGzBytes_1min: short.bundleGzBytes,
        bundlePercentOfRaw_1min: Number(short.bundlePercentOfRaw.toFixed(2)),
        internalsGzBytes_1min: short.internalsGzBytes,
        bundleGzBytesPerPcMinute_10min: Math.round(long.bundleGzPerPcMinute),
        bundlePercentOfRaw_10min: Number(pct.toFixed(2)),
        internalsGzBytesPerPcMinute_10min: Math.round(long.internalsGzPerPcMinute),
        internalsRawBytesPerPcMinute_10min: Math.round(long.internalsBytes / long.minutes),
      },
      ratio: long.bundleGzBytes / long.internalsGzBytes,
      target: 'bundle (gzip) <= 1.5% of raw getStats JSON per peer-connection-minute (10-minute call)',
      met: pct <= 1.5,
      notes: [
        'ratio = bundle.gz / webrtc-internals dump .gz of the same samples',
        `a 1-minute call pays the first full sample (incl. two DTLS certificates): ${short.bundlePercentOfRaw.toFixed(2)}% of raw`,
      ],
    };
  },
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const minutes = Number(process.argv[2] ?? 1);
  const r = measureBundleSize({ minutes });
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`${r.samples} samples x ${r.reportsPerSample} reports (${r.minutes} min, one peer connection)`);
  console.log(`raw getStats JSON        ${kb(r.rawBytes)}  (gzip ${kb(r.rawGzBytes)}, ${((r.rawGzBytes / r.rawBytes) * 100).toFixed(2)}%)`);
  console.log(`webrtc-internals dump    ${kb(r.internalsBytes)}  (gzip ${kb(r.internalsGzBytes)}, ${((r.internalsGzBytes / r.rawBytes) * 100).toFixed(2)}%)`);
  console.log(`bundle .json.gz          ${kb(r.bundleGzBytes)}  = ${r.bundlePercentOfRaw.toFixed(2)}% of raw (empty bundle ${kb(r.emptyBundleGzBytes)})`);
  console.log(`per pc-minute: bundle ${kb(r.bundleGzPerPcMinute)}, internals.gz ${kb(r.internalsGzPerPcMinute)}, raw ${kb(r.rawPerPcMinute)}`);
}
