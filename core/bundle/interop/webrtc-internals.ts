/**
 * chrome://webrtc-internals dumps, both ways.
 *
 * The dump (as Chromium 156 writes it; see tests/fixtures/bundle/webrtc-internals-dump.gz):
 *   {getUserMedia[], PeerConnections{"<rid>-<lid>": {pid, url, rtcConfiguration (string),
 *    updateLog[{type, value (string), timestamp ms}], stats{"<statsId>-<prop>": {startTime ISO,
 *    endTime ISO, statsType, values (JSON text of an array)}}}}, UserAgent, UserAgentData, ...}
 * Each report keeps one series per property, at most 1000 points, incl. "<statsId>-timestamp".
 * Properties in brackets ("[bytesSent_in_bits/s]") are rates webrtc-internals derived itself.
 *
 * Export writes what the known importers need: UserAgentData present (the rtcstats importer
 * refuses dumps without it), a -timestamp series per report, `values` as a string, and each
 * updateLog entry with both `time` (ISO, read by fippo's importer) and `timestamp` (ms).
 */
import type { Json } from '../../capture/events.js';
import { policyOf, redactValue } from '../redact.js';
import { parseResultType } from '../pc-vocabulary.js';
import { sdpsOf } from '../sdp.js';
import { decodeStats, encodeStats, type StatsSample } from '../stats-delta.js';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  type Bundle,
  type BundleGumCall,
  type BundlePcEvent,
  type BundlePeerConnection,
} from '../types.js';

export const INTERNALS_MAX_POINTS = 1000;

export interface InternalsSeries {
  startTime: string;
  endTime: string;
  statsType: string;
  values: string;
}
export interface InternalsUpdate {
  type: string;
  value: string;
  time?: string;
  timestamp?: number;
}
export interface InternalsPeerConnection {
  pid: number;
  url: string;
  rtcConfiguration: string;
  constraints?: string;
  updateLog: InternalsUpdate[];
  stats: Record<string, InternalsSeries>;
}
export interface InternalsDump {
  getUserMedia: Record<string, Json>[];
  PeerConnections: Record<string, InternalsPeerConnection>;
  UserAgent: string;
  UserAgentData: Json;
  timestamp?: number;
  hardwareConcurrency?: number;
  deviceMemory?: number;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isWebrtcInternalsDump(v: unknown): boolean {
  return isObj(v) && isObj(v.PeerConnections) && ('UserAgent' in v || 'getUserMedia' in v);
}

// ---------------- export ----------------

/** Times come from files too: one out of Date's range must not stop the export. */
export function safeIso(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? new Date(0).toISOString() : d.toISOString();
}
const iso = safeIso;

function valueText(v: Json | undefined): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function updateOf(e: BundlePcEvent): InternalsUpdate | undefined {
  let type = e.type;
  let value = '';
  switch (e.kind) {
    case 'create':
      return undefined; // the configuration has its own field
    case 'call':
      value = !e.args?.length ? '' : e.args.length === 1 ? valueText(e.args[0]) : JSON.stringify(e.args);
      break;
    case 'result':
      if (e.ok === false && isObj(e.value) && typeof e.value.message === 'string') {
        value = `${typeof e.value.name === 'string' ? `${e.value.name}: ` : ''}${e.value.message}`;
      } else value = valueText(e.value);
      break;
    case 'event': {
      type = `on${e.type}`;
      const d = e.data;
      value = isObj(d) && typeof d.state === 'string' && e.type.endsWith('statechange') ? JSON.stringify(d.state) : valueText(d);
      break;
    }
  }
  return { type, value, time: iso(e.t), timestamp: e.t };
}

function statsSeries(samples: StatsSample[]): Record<string, InternalsSeries> {
  interface Acc {
    type: string;
    first: number;
    last: number;
    props: Map<string, Json[]>;
  }
  const byId = new Map<string, Acc>();
  for (const s of samples.slice(-INTERNALS_MAX_POINTS)) {
    for (const id of Object.keys(s.reports)) {
      const rep = s.reports[id]!;
      const ts = typeof rep.timestamp === 'number' ? rep.timestamp : s.t;
      let acc = byId.get(id);
      if (!acc) {
        acc = { type: typeof rep.type === 'string' ? rep.type : '', first: ts, last: ts, props: new Map() };
        byId.set(id, acc);
      }
      acc.last = ts;
      for (const p of Object.keys(rep)) {
        if (p === 'id' || p === 'timestamp') continue;
        let list = acc.props.get(p);
        if (!list) acc.props.set(p, (list = []));
        list.push(rep[p]!);
      }
      let tsl = acc.props.get('timestamp');
      if (!tsl) acc.props.set('timestamp', (tsl = []));
      tsl.push(ts);
    }
  }
  const out: Record<string, InternalsSeries> = {};
  for (const [id, acc] of byId) {
    for (const [p, values] of acc.props) {
      out[`${id}-${p}`] = { startTime: iso(acc.first), endTime: iso(acc.last), statsType: acc.type, values: JSON.stringify(values) };
    }
  }
  return out;
}

function constraintText(v: Json | undefined): string | undefined {
  if (v === undefined || v === false || v === null) return undefined;
  return v === true ? '' : JSON.stringify(v);
}

function gumEntries(calls: BundleGumCall[], origin: string, url: string): Record<string, Json>[] {
  const out: Record<string, Json>[] = [];
  calls.forEach((c, i) => {
    const req: Record<string, Json> = { rid: 1, pid: 1, request_id: i, request_type: c.api, origin, url, timestamp: c.t };
    const k = isObj(c.constraints) ? c.constraints : {};
    const audio = constraintText(k.audio as Json | undefined);
    const video = constraintText(k.video as Json | undefined);
    if (audio !== undefined) req.audio = audio;
    if (video !== undefined) req.video = video;
    out.push(req);
    const r = c.result;
    if (!r) return;
    const res: Record<string, Json> = { rid: 1, pid: 1, request_id: i, request_type: c.api, timestamp: r.t };
    if (r.ok) {
      for (const t of r.tracks ?? []) {
        const key = t.kind === 'audio' ? 'audio_track_info' : 'video_track_info';
        res[key] = JSON.stringify({ id: t.id, label: t.label });
      }
    } else {
      res.error = r.error?.name ?? 'Error';
      res.error_message = r.error?.message ?? '';
    }
    out.push(res);
  });
  return out;
}

/** The bundle's peer connections (and getUserMedia calls) as a webrtc-internals dump. */
export function toWebrtcInternals(bundle: Bundle): InternalsDump {
  const env = bundle.environment;
  const url = env.pageUrl ?? '';
  let origin = '';
  try {
    origin = url ? new URL(url).origin : '';
  } catch {
    origin = '';
  }
  const pcs: Record<string, InternalsPeerConnection> = {};
  bundle.peerConnections.forEach((pc, i) => {
    const { samples } = decodeStats(pc.stats.samples);
    pcs[`1-${i + 1}`] = {
      pid: 1,
      url,
      rtcConfiguration: JSON.stringify(pc.config ?? {}),
      constraints: '',
      updateLog: pc.events.map(updateOf).filter((u): u is InternalsUpdate => !!u),
      stats: statsSeries(samples),
    };
  });
  const uad = isObj(env.userAgentData)
    ? env.userAgentData
    : { brands: [], mobile: false, platform: env.platform ?? '' };
  const dump: InternalsDump = {
    getUserMedia: gumEntries(bundle.media.getUserMedia, origin, url),
    PeerConnections: pcs,
    UserAgent: env.userAgent,
    UserAgentData: uad as Json,
    timestamp: bundle.window.end,
  };
  if (env.hardwareConcurrency !== undefined) dump.hardwareConcurrency = env.hardwareConcurrency;
  if (env.deviceMemory !== undefined) dump.deviceMemory = env.deviceMemory;
  // The one secret policy, whatever the bundle went through (an imported dump was never redacted):
  // page URL, configuration (TURN credentials), SDPs in the update log, getUserMedia entries.
  return redactValue(dump, policyOf(bundle)).value;
}

// ---------------- import ----------------

/** Older Chrome wrote descriptions as "type: offer, sdp: v=0...". */
function parseValue(s: unknown): Json {
  if (typeof s !== 'string') return (s ?? null) as Json;
  if (s === '') return null;
  const old = /^type: (\w+), sdp: ([\s\S]*)$/.exec(s);
  if (old) return { type: old[1]!, sdp: old[2]! };
  try {
    return JSON.parse(s) as Json;
  } catch {
    return s;
  }
}

const DOM_EVENTS = new Set([
  'icecandidate',
  'icecandidateerror',
  'iceconnectionstatechange',
  'connectionstatechange',
  'signalingstatechange',
  'icegatheringstatechange',
  'track',
  'negotiationneeded',
  'datachannel',
  'addstream',
  'removestream',
]);

function eventOf(u: Record<string, unknown>, lastT: number): BundlePcEvent {
  const tsField = typeof u.timestamp === 'number' ? u.timestamp : typeof u.time === 'string' ? Date.parse(u.time) : NaN;
  const t = Number.isFinite(tsField) ? tsField : lastT;
  const type = typeof u.type === 'string' ? u.type : 'unknown';
  const value = parseValue(u.value);
  const outcome = parseResultType(type);
  if (outcome?.method) {
    const ok = outcome.ok;
    const e: BundlePcEvent = { t, type, kind: 'result', ok };
    if (value !== null) e.value = ok ? value : { message: typeof value === 'string' ? value : JSON.stringify(value) };
    return e;
  }
  if (type.startsWith('on') && DOM_EVENTS.has(type.slice(2))) {
    const name = type.slice(2);
    return { t, type: name, kind: 'event', data: name.endsWith('statechange') ? { state: value } : value };
  }
  if (type === 'transceiverAdded' || type === 'transceiverModified') return { t, type, kind: 'event', data: value };
  return { t, type, kind: 'call', args: value === null ? [] : [value] };
}

function splitKey(key: string): [string, string] | undefined {
  // Property names have no "-", but derived ones in brackets can: "[a-b-c]".
  const i = key.endsWith(']') ? key.lastIndexOf('-[') : key.lastIndexOf('-');
  return i > 0 ? [key.slice(0, i), key.slice(i + 1)] : undefined;
}

function seriesValues(s: unknown): Json[] | undefined {
  if (!isObj(s)) return undefined;
  const v = s.values;
  if (Array.isArray(v)) return v as Json[];
  if (typeof v !== 'string') return undefined;
  try {
    const parsed = JSON.parse(v) as unknown;
    return Array.isArray(parsed) ? (parsed as Json[]) : undefined;
  } catch {
    return undefined;
  }
}

interface Reconstructed {
  samples: StatsSample[];
  derivedSkipped: number;
  badSeries: number;
  capped: boolean;
}

/** Rebuilds getStats samples from per-property series (see the file comment for the alignment rule). */
export function samplesFromSeries(stats: unknown): Reconstructed {
  const res: Reconstructed = { samples: [], derivedSkipped: 0, badSeries: 0, capped: false };
  if (!isObj(stats)) return res;
  interface Rep {
    type: string;
    start: number;
    end: number;
    props: Map<string, Json[]>;
  }
  const reps = new Map<string, Rep>();
  for (const key of Object.keys(stats)) {
    const parts = splitKey(key);
    if (!parts) {
      res.badSeries++;
      continue;
    }
    const [id, prop] = parts;
    if (prop.startsWith('[')) {
      res.derivedSkipped++;
      continue;
    }
    const s = stats[key];
    const values = seriesValues(s);
    if (!values || !isObj(s)) {
      res.badSeries++;
      continue;
    }
    if (values.length >= INTERNALS_MAX_POINTS) res.capped = true;
    let rep = reps.get(id);
    if (!rep) {
      rep = {
        type: typeof s.statsType === 'string' ? s.statsType : '',
        start: typeof s.startTime === 'string' ? Date.parse(s.startTime) : NaN,
        end: typeof s.endTime === 'string' ? Date.parse(s.endTime) : NaN,
        props: new Map(),
      };
      reps.set(id, rep);
    }
    rep.props.set(prop, values);
  }
  // Timestamps per report: its own -timestamp series, else spread evenly over start..end (old dumps).
  const tsOf = new Map<string, number[]>();
  for (const [id, rep] of reps) {
    const own = rep.props.get('timestamp');
    if (own && own.every((x) => typeof x === 'number')) {
      tsOf.set(id, own as number[]);
      continue;
    }
    const n = Math.max(0, ...[...rep.props.values()].map((v) => v.length));
    const start = Number.isFinite(rep.start) ? rep.start : 0;
    const end = Number.isFinite(rep.end) ? rep.end : start;
    tsOf.set(id, Array.from({ length: n }, (_, i) => (n > 1 ? start + ((end - start) * i) / (n - 1) : end)));
  }
  // The poll clock: the longest timestamp series, the most common one among equals.
  let clock: number[] = [];
  const seen = new Map<string, number>();
  let bestCount = 0;
  for (const ts of tsOf.values()) {
    const k = JSON.stringify(ts);
    const c = (seen.get(k) ?? 0) + 1;
    seen.set(k, c);
    if (ts.length > clock.length || (ts.length === clock.length && c > bestCount)) {
      clock = ts;
      bestCount = c;
    }
  }
  const clockIndex = new Map<number, number>();
  clock.forEach((t, i) => clockIndex.set(t, i));
  const samples: { t: number; reports: Record<string, Record<string, Json>> }[] = clock.map((t) => ({ t, reports: {} }));
  for (const [id, rep] of reps) {
    const ts = tsOf.get(id)!;
    // Reports polled with the others share the clock's values exactly; RTCP-timed ones
    // (remote-inbound-rtp) do not, and are taken as present in the last polls.
    let idx = ts.map((t) => clockIndex.get(t));
    const exact = idx.every((x, i) => x !== undefined && (i === 0 || x > idx[i - 1]!));
    if (!exact) idx = ts.map((_, i) => clock.length - ts.length + i);
    ts.forEach((t, i) => {
      const at = idx[i]!;
      if (at < 0 || at >= samples.length) return;
      const r: Record<string, Json> = { id, type: rep.type, timestamp: t };
      for (const [p, values] of rep.props) {
        if (p === 'timestamp') continue;
        // Series of one report have one value per poll; a shorter one is aligned at its end.
        const j = i - (ts.length - values.length);
        // Property names come from the file: "__proto__" must stay data.
        if (j >= 0 && j < values.length) Object.defineProperty(r, p, { value: values[j]!, enumerable: true, writable: true, configurable: true });
      }
      Object.defineProperty(samples[at]!.reports, id, { value: r, enumerable: true, writable: true, configurable: true });
    });
  }
  res.samples = samples.filter((s) => Object.keys(s.reports).length > 0);
  return res;
}

function gumFromDump(list: unknown): BundleGumCall[] {
  const out: BundleGumCall[] = [];
  const byKey = new Map<string, BundleGumCall>();
  const parseConstraint = (v: unknown): Json | undefined => (v === undefined ? undefined : v === '' ? true : parseValue(v));
  for (const e of Array.isArray(list) ? list : []) {
    if (!isObj(e)) continue;
    const key = `${String(e.pid)}:${String(e.rid)}:${String(e.request_id)}`;
    const t = typeof e.timestamp === 'number' ? e.timestamp : 0;
    const api = e.request_type === 'getDisplayMedia' ? 'getDisplayMedia' : 'getUserMedia';
    const isResult = 'stream_id' in e || 'error' in e || 'audio_track_info' in e || 'video_track_info' in e;
    if (!isResult) {
      const constraints: Record<string, Json> = {};
      const a = parseConstraint(e.audio);
      const v = parseConstraint(e.video);
      if (a !== undefined) constraints.audio = a;
      if (v !== undefined) constraints.video = v;
      const call: BundleGumCall = { t, id: key, api, constraints };
      byKey.set(key, call);
      out.push(call);
      continue;
    }
    const call = byKey.get(key);
    if (!call) continue;
    const tracks = (['audio', 'video'] as const).flatMap((kind) => {
      const info = parseValue(e[`${kind}_track_info`]);
      if (!isObj(info)) return [];
      return [{ id: String(info.id ?? ''), kind, label: String(info.label ?? ''), settings: {} }];
    });
    call.result = { t, ok: !('error' in e), durationMs: Math.max(0, t - call.t) };
    if ('error' in e) call.result.error = { name: String(e.error), message: String(e.error_message ?? '') };
    else call.result.tracks = tracks;
  }
  return out;
}

function stateOf(events: BundlePcEvent[], type: string, initial: string): string {
  let s = initial;
  for (const e of events) {
    if (e.kind === 'event' && e.type === type && isObj(e.data) && typeof e.data.state === 'string') s = e.data.state;
  }
  return s;
}

export interface InternalsImport {
  bundle: Bundle;
  warnings: string[];
}

/** A webrtc-internals dump as a bundle, so every view (Media charts, event log, SDP) can show it. */
export function fromWebrtcInternals(dump: Record<string, unknown>, now: Date = new Date()): InternalsImport {
  const warnings: string[] = [];
  const pcsIn = isObj(dump.PeerConnections) ? dump.PeerConnections : {};
  let capped = false;
  let derived = 0;
  let bad = 0;
  const peerConnections: BundlePeerConnection[] = [];
  let pageUrl: string | undefined;
  for (const [key, raw] of Object.entries(pcsIn)) {
    if (!isObj(raw)) {
      warnings.push(`Peer connection ${key} is not an object and was skipped.`);
      continue;
    }
    if (typeof raw.url === 'string' && !pageUrl) pageUrl = raw.url;
    const events: BundlePcEvent[] = [];
    let lastT = 0;
    for (const u of Array.isArray(raw.updateLog) ? raw.updateLog : []) {
      if (!isObj(u)) continue;
      const e = eventOf(u, lastT);
      lastT = e.t;
      events.push(e);
    }
    const rec = samplesFromSeries(raw.stats);
    capped ||= rec.capped;
    derived += rec.derivedSkipped;
    bad += rec.badSeries;
    const config = parseValue(raw.rtcConfiguration);
    const firstT = Math.min(events[0]?.t ?? Infinity, rec.samples[0]?.t ?? Infinity);
    const createdAt = Number.isFinite(firstT) ? firstT : 0;
    const close = events.find((e) => e.kind === 'call' && e.type === 'close');
    const pc: BundlePeerConnection = {
      id: key,
      createdAt,
      config,
      state: {
        connection: stateOf(events, 'connectionstatechange', 'new'),
        iceConnection: stateOf(events, 'iceconnectionstatechange', 'new'),
        signaling: stateOf(events, 'signalingstatechange', 'stable'),
        iceGathering: stateOf(events, 'icegatheringstatechange', 'new'),
      },
      events: [{ t: createdAt, type: 'create', kind: 'create', value: config }, ...events],
      sdps: sdpsOf(events),
      stats: { encoding: 'delta-v1', count: rec.samples.length, samples: encodeStats(rec.samples) },
    };
    if (close) pc.closedAt = close.t;
    peerConnections.push(pc);
  }
  if (capped) warnings.push('webrtc-internals keeps only the last 1000 points of each stats series: earlier stats are not in this dump.');
  if (bad) warnings.push(`${bad} stats series could not be read and were skipped.`);
  if (!('UserAgentData' in dump)) warnings.push('The dump has no UserAgentData (older Chrome): browser details are limited.');
  void derived; // derived rates are recomputed by our own charts

  const times: number[] = [];
  for (const pc of peerConnections) {
    for (const e of pc.events) if (e.t) times.push(e.t);
    for (const s of pc.stats.samples) times.push(s.t);
  }
  const getUserMedia = gumFromDump(dump.getUserMedia);
  for (const g of getUserMedia) times.push(g.t);
  const start = times.length ? Math.min(...times) : now.getTime();
  const end = times.length ? Math.max(...times) : start;

  const environment: Bundle['environment'] = {
    userAgent: typeof dump.UserAgent === 'string' ? dump.UserAgent : 'unknown',
    source: 'webrtc-internals-import',
  };
  if (dump.UserAgentData !== undefined) environment.userAgentData = dump.UserAgentData as Json;
  if (isObj(dump.UserAgentData) && typeof dump.UserAgentData.platform === 'string') environment.platform = dump.UserAgentData.platform;
  if (typeof dump.hardwareConcurrency === 'number') environment.hardwareConcurrency = dump.hardwareConcurrency;
  if (typeof dump.deviceMemory === 'number') environment.deviceMemory = dump.deviceMemory;
  if (pageUrl) environment.pageUrl = pageUrl;

  const bundle: Bundle = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    createdAt: now.toISOString(),
    window: { start, end },
    environment,
    redaction: { applied: false, phoneNumbers: 'keep', sipAddresses: 'keep', items: 0 },
    sockets: [],
    peerConnections,
    media: { getUserMedia, devices: [], deviceEvents: [], trackEvents: [], permissions: [] },
    sdks: [],
    sdkDiagnostics: [],
    telnyxDebugReports: [],
    connections: [],
    calls: [],
    findings: [],
    preflight: null,
    dropped: { events: 0, bytes: 0, byKind: {} },
    notices: [],
  };
  return { bundle, warnings };
}
