/**
 * Turns a capture (events from the service worker, the panel or the Node recorder) plus what the
 * analyzers made of it into a diagnostics bundle. Pure and synchronous; redaction always runs.
 */
import { faultFindings } from '../simulate/verdict.js';
import type { CaptureEvent, DeviceInfo, Json, PcStats } from '../capture/events.js';
import type { DocInfo, DropCounts, StoredEvent } from '../capture/events.js';
import { buildCaptureModel, type PeerConnectionModel } from '../capture/model.js';
import { createAnalyzer } from '../protocol/analyzer.js';
import { summarizeCall } from '../protocol/call-summary.js';
import type { Analysis, CallModel, DecodedFrame } from '../protocol/types.js';
import { sdkFamily } from '../sdk/identity.js';
import { redactBundle, type RedactionItem } from './redact.js';
import { toSafeJson } from '../redaction/json.js';
import { resultType } from './pc-vocabulary.js';
import { sdpsOf } from './sdp.js';
import { encodeStats } from './stats-delta.js';
import { collectTelnyxDebugReports } from './telnyx-debug.js';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  type Bundle,
  type BundleCall,
  type BundleRoom,
  type BundleCallSummary,
  type BundleConnection,
  type BundleFault,
  type BundleFinding,
  type BundleDecodedFrame,
  type BundlePcEvent,
  type BundlePeerConnection,
  type BundlePreflight,
  type BundleSdk,
  type BundleSdkDiagnostics,
  type BundleSocket,
  type Environment,
  type RedactOptions,
  SLIMMED_FRAME_FIELDS,
} from './types.js';

export interface BuildInput {
  events: readonly (StoredEvent | CaptureEvent)[];
  environment: Partial<Environment>;
  /** What the analyzer made of these events (createAnalyzer().snapshot()); analysed here when absent. */
  analysis?: Analysis;
  preflight?: unknown;
  /** An SDK's own diagnostics (e.g. SignalWire exportDiagnostics()), one object or a list. */
  sdkDiagnostics?: unknown;
  dropped?: DropCounts;
  window?: { start: number; end: number };
  /** The documents of the tab (service worker DocInfo), so `doc` ids on sockets can be resolved to pages. */
  docs?: readonly DocInfo[];
  /** Bundle creation time; defaults to now. */
  now?: Date;
}

export interface BuildOptions {
  redact?: RedactOptions;
}

export interface BuildResult {
  bundle: Bundle;
  /** What redaction changed and where, for the user to review before saving. */
  redactions: RedactionItem[];
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
/** Page and analyzer data may hold non-JSON values (undefined, functions, cycles): keep only JSON (the one sanitiser, unbounded; redaction runs on the whole bundle). */
export function toJson(v: unknown): Json {
  return toSafeJson(v, { maxDepth: Infinity, maxItems: Infinity, maxString: Infinity, maxTotal: Infinity, redact: false, cycle: '[circular]', nonFinite: 'null' });
}

function pcEvent(ev: CaptureEvent): BundlePcEvent | undefined {
  switch (ev.kind) {
    case 'pc.create':
      return { t: ev.t, type: 'create', kind: 'create', value: ev.config };
    case 'pc.call':
      return { t: ev.t, type: ev.method, kind: 'call', args: ev.args };
    case 'pc.result': {
      const e: BundlePcEvent = {
        t: ev.t,
        type: resultType(ev.method, ev.ok),
        kind: 'result',
        ok: ev.ok,
        durationMs: ev.durationMs,
      };
      if (ev.value !== undefined) e.value = ev.value;
      return e;
    }
    case 'pc.event':
      return { t: ev.t, type: ev.type, kind: 'event', data: ev.data };
    default:
      return undefined;
  }
}

const CONTEXT_KINDS = new Set(['ws.create', 'ws.open', 'pc.create', 'sdk.found']);

/**
 * Events inside the window, plus what they need to make sense: the creation of every socket, peer
 * connection and SDK instance they refer to (so a socket opened before the window keeps its URL),
 * and the last device list seen before the window.
 */
function eventsInWindow<E extends CaptureEvent>(all: readonly E[], w: { start: number; end: number }): E[] {
  const inside = (e: E) => e.t >= w.start && e.t <= w.end;
  const used = new Set<string>();
  for (const e of all) if (inside(e) && 'id' in e) used.add(`${e.kind.split('.')[0]}:${e.id}`);
  let devices: { t: number; devices: DeviceInfo[] } | undefined;
  const out: E[] = [];
  for (const e of all) {
    if (inside(e)) out.push(e);
    else if (e.t < w.start) {
      if (CONTEXT_KINDS.has(e.kind) && 'id' in e && used.has(`${e.kind.split('.')[0]}:${e.id}`)) out.push(e);
      else if ((e.kind === 'media.devices' || e.kind === 'media.devicechange') && (!devices || e.t >= devices.t)) devices = e;
    }
  }
  if (devices) out.unshift({ kind: 'media.devices', t: devices.t, devices: devices.devices } as CaptureEvent as E);
  return out;
}

function peerConnection(pc: PeerConnectionModel, doc: string | undefined): BundlePeerConnection {
  const events = pc.log.map(pcEvent).filter((e): e is BundlePcEvent => !!e);
  const out: BundlePeerConnection = {
    id: pc.id,
    createdAt: pc.createdAt,
    config: pc.config,
    state: {
      connection: pc.connectionState,
      iceConnection: pc.iceConnectionState,
      signaling: pc.signalingState,
      iceGathering: pc.iceGatheringState,
    },
    events,
    sdps: sdpsOf(events),
    stats: {
      encoding: 'delta-v1',
      count: pc.stats.length,
      samples: encodeStats(pc.stats.map((s: PcStats) => ({ t: s.t, reports: s.reports }))),
    },
  };
  if (doc !== undefined) out.doc = doc;
  if (pc.closedAt !== undefined) out.closedAt = pc.closedAt;
  if (pc.closedBy !== undefined) out.closedBy = pc.closedBy;
  return out;
}

function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback;
}

/**
 * A JSON copy of one of the analyzer's objects, of the same type: the analyzer keeps mutating them in
 * place as events arrive, and the bundle must hold what they were when it was built.
 */
function copyOf<T>(v: T): T {
  return toJson(v) as unknown as T;
}

/** A call as the bundle stores it: `hangup` null while the call had not ended, its `cause` always written. */
function callOf(c: CallModel): BundleCall {
  const call = copyOf(c);
  // Overwriting keeps the key where the analyzer put it: the same bytes as bundles written before.
  return { ...call, hangup: call.hangup ? { ...call.hangup, cause: call.hangup.cause ?? '' } : null };
}

/** A decoded frame without SLIMMED_FRAME_FIELDS (its frame holds them; its index is its position). */
function slimFrame(m: DecodedFrame): BundleDecodedFrame {
  const slim: Partial<DecodedFrame> = copyOf(m);
  for (const k of SLIMMED_FRAME_FIELDS) delete slim[k];
  return slim;
}

/** The analysis as the bundle stores it (see docs/bundle-format.md). */
function fromAnalysis(a: Analysis): {
  sdks: BundleSdk[];
  connections: BundleConnection[];
  calls: BundleCall[];
  findings: BundleFinding[];
  messages: BundleDecodedFrame[];
  rooms: BundleRoom[];
} {
  // Quality series are per-second values derived from the stats already in the bundle (and as
  // large as them again): readers recompute them with the analyzer, so they are not stored.
  return {
    sdks: a.sdks.map(copyOf),
    connections: a.connections.map(copyOf),
    calls: a.calls.map(callOf),
    findings: a.findings.map(copyOf),
    messages: a.messages.map(slimFrame),
    rooms: (a.rooms ?? []).map(copyOf),
  };
}

function preflightOf(p: unknown): BundlePreflight | null {
  if (p === undefined || p === null) return null;
  const j = toJson(p);
  if (!isObj(j)) return { checks: [], result: j };
  const checks = arr(j.checks)
    .filter(isObj)
    .map((c) => ({ ...c, id: str(c.id, 'unknown'), status: str(c.status, 'unknown'), metrics: c.metrics ?? null }));
  return { ...j, checks };
}

function sdkDiagnosticsOf(d: unknown, sdks: BundleSdk[]): BundleSdkDiagnostics[] {
  if (d === undefined || d === null) return [];
  const list = Array.isArray(d) ? d : [d];
  return list.map((x) => {
    // Either already {sdk, data} or the SDK's raw output.
    if (isObj(x) && 'data' in x && typeof x.sdk === 'string') {
      const e: BundleSdkDiagnostics = { sdk: x.sdk, data: toJson(x.data) };
      if (typeof x.t === 'number') e.t = x.t;
      return e;
    }
    return { sdk: sdks[0]?.name ?? 'unknown', data: toJson(x) };
  });
}

/**
 * `sdks[]` holds two kinds of entry (docs/bundle-format.md): the hook's library and client objects
 * (with `id` and their events), each tagged with the `family` of the SDK-list entry it belongs
 * to, and the analyzer's SDK list (no `id`), one entry per SDK family as the panel shows it.
 * The list is kept whole: a hook entry never stands in for it, even under the same raw name.
 */
function sdkEntries(found: BundleSdk[], analyzed: BundleSdk[]): BundleSdk[] {
  const out: BundleSdk[] = found.map((f) => ({ ...f, family: sdkFamily(f.name) }));
  const listed = new Set<string>();
  for (const a of analyzed) {
    // An entry with an id would read as a hook object (and be replayed as one on import).
    const { id: _id, ...entry } = a;
    const key = `${entry.name}\u0000${entry.version}`;
    if (listed.has(key)) continue;
    listed.add(key);
    out.push(entry);
  }
  return out;
}

/**
 * Each call gets its summary (core/protocol/call-summary.ts) as `summary`, so a reader without the analyzer sees
 * the outcome, who hung up and the times. Destination and caller stay only on the call itself, where redaction
 * knows them.
 */
function addCallSummaries(calls: BundleCall[], analysis: Analysis, model: ReturnType<typeof buildCaptureModel>): void {
  const byId = new Map(analysis.calls.map((c) => [c.id, c]));
  for (const call of calls) {
    try {
      const { destination: _d, caller: _c, ...summary } = summarizeCall(byId.get(call.id)!, analysis, model);
      call.summary = copyOf(summary);
    } catch {
      // As when the analysis itself fails: the export still happens, this call without its summary.
    }
  }
}

/** What the panel would show for these events: decoded frames, connections, calls, findings. */
function analyze(events: readonly CaptureEvent[]): Analysis {
  const analyzer = createAnalyzer();
  let last = -Infinity;
  for (const ev of events) {
    analyzer.push(ev);
    if (ev.t > last) last = ev.t;
  }
  // Time-outs still pending when the capture ended are judged at its end.
  if (Number.isFinite(last)) analyzer.tick(last);
  return analyzer.snapshot();
}

/** Builds the bundle (redacted) and the redaction report. */
export function buildBundleWithReport(input: BuildInput, opts: BuildOptions = {}): BuildResult {
  const w = input.window;
  const events = w ? eventsInWindow(input.events, w) : [...input.events];
  // The documents let connections an earlier page load left open read closed ("unloaded").
  const model = buildCaptureModel(events, input.docs);
  const docOf = new Map<string, string>();
  for (const e of events) {
    const doc = (e as Partial<StoredEvent>).doc;
    if (typeof doc === 'string' && 'id' in e && (e.kind === 'ws.create' || e.kind === 'pc.create')) {
      docOf.set(`${e.kind[0]}:${e.id}`, doc);
    }
  }

  const sockets: BundleSocket[] = [...model.sockets.values()].map((s) => {
    const out: BundleSocket = {
      id: s.id,
      url: s.url,
      protocols: s.protocols,
      createdAt: s.createdAt,
      state: s.state,
      errors: s.errors,
      sent: s.sent,
      received: s.received,
      bytesSent: s.bytesSent,
      bytesReceived: s.bytesReceived,
      frames: s.frames.map((f) => {
        const bf: BundleSocket['frames'][number] = { t: f.t, dir: f.dir, size: f.size };
        if (f.text !== undefined) bf.text = f.text;
        if (f.binary) bf.binary = true;
        if (f.preview !== undefined) bf.preview = f.preview;
        if (f.truncated) bf.truncated = true;
        return bf;
      }),
    };
    const doc = docOf.get(`w:${s.id}`);
    if (doc !== undefined) out.doc = doc;
    if (s.openedAt !== undefined) out.openedAt = s.openedAt;
    if (s.closedAt !== undefined) out.closedAt = s.closedAt;
    if (s.closedBy !== undefined) out.closedBy = s.closedBy;
    if (s.close) out.close = s.close;
    return out;
  });

  const peerConnections = [...model.peerConnections.values()].map((pc) => peerConnection(pc, docOf.get(`p:${pc.id}`)));

  const m = model.media;
  const media: Bundle['media'] = {
    getUserMedia: m.getUserMedia.map((c) => {
      const g: Bundle['media']['getUserMedia'][number] = {
        t: c.request.t,
        id: c.request.id,
        api: c.request.api,
        constraints: c.request.constraints,
      };
      if (c.result) {
        const r = c.result;
        g.result = { t: r.t, ok: r.ok, durationMs: r.durationMs };
        if (r.tracks) g.result.tracks = r.tracks;
        if (r.error) g.result.error = r.error;
      }
      return g;
    }),
    devices: m.devices,
    deviceEvents: m.deviceEvents.map((d) => ({ t: d.t, added: d.added, removed: d.removed, devices: d.devices })),
    trackEvents: m.trackEvents.map((e) => ({ t: e.t, trackId: e.trackId, trackKind: e.trackKind, label: e.label, event: e.event })),
    permissions: Object.values(m.permissions).map((p) => ({ t: p.t, name: p.name, state: p.state })),
  };
  if (m.devicesAt !== undefined) media.devicesAt = m.devicesAt;

  const found: BundleSdk[] = [...model.sdks.values()].map((s) => {
    const out: BundleSdk = {
      name: s.sdk,
      version: s.version,
      id: s.id,
      via: s.via,
      t: s.t,
      events: s.events.map((e) => ({ t: e.t, name: e.name, data: e.data })),
    };
    if (s.detail !== undefined) out.detail = s.detail;
    return out;
  });
  const notices = model.notices.map((n) => ({ t: n.t, level: n.level, code: n.code, message: n.message }));
  let analyzed = input.analysis;
  if (analyzed === undefined) {
    try {
      analyzed = analyze(events);
    } catch (err) {
      // A bundle without calls and findings still beats no bundle: say why they are missing.
      notices.push({
        t: model.lastT ?? 0,
        level: 'warn',
        code: 'bundle-analysis-failed',
        message: `Protocol analysis failed while building this bundle: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  }
  const analysis = analyzed ? fromAnalysis(analyzed) : undefined;
  if (analyzed && analysis) addCallSummaries(analysis.calls, analyzed, model);
  const sdks = sdkEntries(found, analysis?.sdks ?? []);

  const now = input.now ?? new Date();
  const env = input.environment;
  const environment: Environment = { ...(toJson(env) as Record<string, Json>), userAgent: str(env.userAgent, 'unknown') } as Environment;
  const first = model.firstT ?? now.getTime();
  const redact = opts.redact ?? {};

  const bundle: Bundle = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    createdAt: now.toISOString(),
    window: w ? { start: w.start, end: w.end } : { start: first, end: model.lastT ?? first },
    environment,
    redaction: {
      applied: true,
      phoneNumbers: redact.phoneNumbers ?? 'remove',
      sipAddresses: redact.sipAddresses ?? 'remove',
      items: 0,
    },
    sockets,
    peerConnections,
    media,
    sdks,
    sdkDiagnostics: sdkDiagnosticsOf(input.sdkDiagnostics, sdks),
    telnyxDebugReports: collectTelnyxDebugReports(sockets),
    connections: analysis?.connections ?? [],
    calls: analysis?.calls ?? [],
    // The analyzer's findings and those Simulate's verdicts raised (a fault the SDK did not survive as documented).
    findings: analysis && analyzed ? [...analysis.findings, ...faultFindings(model.faultLog.faults, analyzed, now.getTime()).map(copyOf)] : [],
    preflight: preflightOf(input.preflight),
    dropped: input.dropped ?? { events: 0, bytes: 0, byKind: {} },
    notices,
    faults: model.faultLog.faults.map((f) => {
      const out: BundleFault = { t: f.t, kind: f.kind, params: { ...(f.params as Record<string, Json>) } };
      if (f.until !== undefined) out.until = f.until;
      if (f.reason !== undefined) out.reason = f.reason;
      return out;
    }),
  };
  if (input.docs?.length) {
    bundle.documents = input.docs.map((d) => ({ docId: d.docId, url: d.url, top: d.top, loadId: d.loadId, startedAt: d.startedAt, ...(typeof d.title === 'string' ? { title: d.title } : {}) }));
  }
  if (analysis) bundle.messages = analysis.messages;
  if (analysis?.rooms.length) bundle.rooms = analysis.rooms;

  const { bundle: redacted, report } = redactBundle(bundle, {
    phoneNumbers: bundle.redaction.phoneNumbers,
    sipAddresses: bundle.redaction.sipAddresses,
  });
  redacted.redaction = { ...bundle.redaction, items: report.length };
  return { bundle: redacted, redactions: report };
}

/** The bundle for "Export diagnostics": always redacted (secrets always; phone numbers and SIP addresses per options). */
export function buildBundle(input: BuildInput, opts: BuildOptions = {}): Bundle {
  return buildBundleWithReport(input, opts).bundle;
}

/** Stable JSON text of a bundle (what goes into the .json file, or into gzip for .json.gz). */
export function serializeBundle(bundle: Bundle): string {
  return JSON.stringify(bundle);
}
