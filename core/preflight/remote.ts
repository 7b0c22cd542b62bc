/**
 * Running the preflight inside an inspected page instead of the extension page. The permissions
 * and devices a check sees are those of the document it runs in, so the panel's run goes to the
 * page's isolated world (same origin as the page, untouchable by page script):
 *
 *   panel --runtime port PREFLIGHT_PORT--> worker --tabs.connect(frameId 0)--> bridge of the top frame
 *   bridge: import(runtime.getURL(PREFLIGHT_RUNNER_FILE)), runs runBrowserPreflight, posts each event back.
 *
 * This module holds what a run's configuration may be on the wire and where a result says it ran;
 * the messages that carry a run, and their validation, are core/messages/preflight.ts.
 */
import type { CheckId, DeviceSelection, Durations, PreflightConfig, PreflightEvent, PreflightResult, Resolution } from './types.js';
import { ALL_CHECKS, DEFAULT_DURATIONS, MAX_QUALITY_MS } from './config.js';

/** The ES module the bridge imports when a run starts (built by scripts/build.ts, web-accessible). */
export const PREFLIGHT_RUNNER_FILE = 'preflight-runner.js' as const;

/** The serialisable part of a PreflightConfig (no ping function, no AudioContext). */
export type WireConfig = Omit<PreflightConfig, 'signalingPing' | 'audioContext'>;

/** Where a run happened; added to PreflightResult as `ranIn` (additive bundle field). */
export interface RanIn {
  where: 'page' | 'extension';
  origin: string;
}
export type PlacedResult = PreflightResult & { ranIn?: RanIn };

const MAX_SERVERS = 20;
const MAX_URLS = 20;
const MAX_STR = 2048;
const MAX_RESOLUTIONS = 10;

function obj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
function shortStr(x: unknown): x is string {
  return typeof x === 'string' && x.length <= MAX_STR;
}
function iceServerOf(x: unknown): RTCIceServer | null {
  if (!obj(x)) return null;
  const urls = typeof x.urls === 'string' ? [x.urls] : Array.isArray(x.urls) ? x.urls : null;
  if (!urls || urls.length === 0 || urls.length > MAX_URLS || !urls.every((u) => shortStr(u) && /^(stuns?|turns?):/i.test(u))) return null;
  const out: RTCIceServer = { urls: [...(urls as string[])] };
  if (x.username !== undefined) {
    if (!shortStr(x.username)) return null;
    out.username = x.username;
  }
  if (x.credential !== undefined) {
    if (!shortStr(x.credential)) return null;
    out.credential = x.credential;
  }
  return out;
}

function durationsOf(x: unknown): Durations | null {
  if (!obj(x)) return null;
  const out = { ...DEFAULT_DURATIONS };
  for (const k of Object.keys(DEFAULT_DURATIONS) as (keyof Durations)[]) {
    const v = x[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MAX_QUALITY_MS) return null;
    out[k] = v;
  }
  return out;
}

function devicesOf(x: unknown): DeviceSelection | null {
  if (x === undefined) return {};
  if (!obj(x)) return null;
  const out: DeviceSelection = {};
  for (const k of ['audioInputId', 'videoInputId', 'audioOutputId'] as const) {
    if (x[k] === undefined) continue;
    if (!shortStr(x[k])) return null;
    out[k] = x[k];
  }
  return out;
}

function resolutionsOf(x: unknown): Resolution[] | null {
  if (!Array.isArray(x) || x.length > MAX_RESOLUTIONS) return null;
  const out: Resolution[] = [];
  for (const r of x) {
    if (!obj(r)) return null;
    const { width, height } = r;
    if (typeof width !== 'number' || typeof height !== 'number' || !(width > 0 && width <= 8192) || !(height > 0 && height <= 8192)) return null;
    out.push({ width, height });
  }
  return out;
}

/** Validates a configuration received over a port; returns a clean copy or null. Never throws. */
export function parseWireConfig(x: unknown): WireConfig | null {
  try {
    if (!obj(x) || !Array.isArray(x.iceServers) || x.iceServers.length > MAX_SERVERS) return null;
    const iceServers: RTCIceServer[] = [];
    for (const s of x.iceServers) {
      const one = iceServerOf(s);
      if (!one) return null;
      iceServers.push(one);
    }
    const durations = durationsOf(x.durations);
    const devices = devicesOf(x.devices);
    const resolutions = resolutionsOf(x.resolutions);
    if (!durations || !devices || !resolutions) return null;
    const out: WireConfig = { iceServers, devices, durations, resolutions };
    if (x.signalingUrl !== undefined) {
      if (!shortStr(x.signalingUrl) || !/^wss?:\/\//i.test(x.signalingUrl)) return null;
      out.signalingUrl = x.signalingUrl;
    }
    if (x.only !== undefined) {
      if (!Array.isArray(x.only) || !x.only.every((c) => (ALL_CHECKS as readonly unknown[]).includes(c))) return null;
      out.only = [...new Set(x.only as CheckId[])];
    }
    return out;
  } catch {
    return null;
  }
}

/** The wire copy of a config: what can cross a port, nothing else. */
export function toWireConfig(c: PreflightConfig): WireConfig {
  const { signalingPing: _p, audioContext: _a, ...rest } = c;
  return JSON.parse(JSON.stringify(rest)) as WireConfig;
}

/**
 * Marks where a run happened: on the result (`ranIn`) and, since permissions are granted per
 * origin, on the permissions check's metrics. In the page's isolated world an AudioContext may not
 * start without a click in that page: the microphone check's advice then says so.
 */
export function placeEvent(ev: PreflightEvent, ranIn: RanIn): PreflightEvent {
  const fix = (c: PreflightResult['checks'][number]) => {
    if (c.id === 'permissions') c.metrics = { ...c.metrics, origin: ranIn.origin };
    if (ranIn.where === 'page' && c.id === 'microphone' && c.status === 'skip' && typeof c.metrics.audioContext === 'string' && c.metrics.audioContext !== 'running') {
      c.advice = [
        `The browser did not start audio in the inspected page (${ranIn.origin}) because nobody has clicked in it yet. Click once anywhere in that page, then run the preflight again.`,
      ];
    }
    return c;
  };
  if (ev.type === 'check-done') return { ...ev, result: fix({ ...ev.result }) };
  if (ev.type === 'done') {
    const result: PlacedResult = { ...ev.result, checks: ev.result.checks.map((c) => fix({ ...c })), ranIn: { ...ranIn } };
    return { ...ev, result };
  }
  return ev;
}

let counter = 0;
export function newRunId(): string {
  counter += 1;
  return `pf-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}-${counter}`;
}
