/**
 * A small stand-in for core/protocol's analyzer, used until (or unless) it is available:
 * JSON-RPC decoding with one level of Verto nesting, request/reply pairing per socket, and
 * basic per-connection quality from getStats samples. Every step is O(1) per event.
 */
import type { CaptureEvent, Json, PcStats, WsFrame } from '../../../core/capture/events.js';
import type { DecodedMessage, PanelAnalysis, QualityPoint } from './analysis-types.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function rpcId(v: unknown): string | number | undefined {
  return typeof v === 'string' || typeof v === 'number' ? v : undefined;
}

/** Finds the Verto/inner message some SDKs wrap in an outer JSON-RPC call or event. */
function innerMessage(msg: Obj): Obj | undefined {
  const params = isObj(msg.params) ? msg.params : undefined;
  if (!params) return undefined;
  if (isObj(params.message) && (params.message.method || params.message.result)) return params.message;
  const nested = isObj(params.params) ? params.params : undefined;
  if (nested && isObj(nested.params) && str(nested.event_type) === 'webrtc.message') return nested.params as Obj;
  return undefined;
}

function callIdOf(msg: Obj | undefined): string | undefined {
  if (!msg) return undefined;
  const p = isObj(msg.params) ? msg.params : isObj(msg.result) ? msg.result : undefined;
  if (!p) return undefined;
  const dialog = isObj(p.dialogParams) ? p.dialogParams : undefined;
  return str(dialog?.callID) ?? str(p.callID) ?? str(p.call_id);
}

export function decodeFrame(frame: WsFrame, index: number): DecodedMessage {
  const base = { socketId: frame.id, index, t: frame.t, dir: frame.dir };
  if (frame.binary || frame.text === undefined) {
    return { ...base, protocol: 'binary', kind: 'other', summary: `binary ${frame.size} B` };
  }
  const text = frame.text;
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') {
    const line = text.split(/\r?\n/, 1)[0] ?? '';
    const sip = /^(?:SIP\/2\.0 \d{3}|[A-Z]+ sip:)/.test(line);
    return { ...base, protocol: sip ? 'sip' : 'raw', method: sip ? line.split(' ')[0] : undefined, kind: 'other', summary: line.slice(0, 120) };
  }
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return { ...base, protocol: 'raw', kind: 'other', summary: frame.truncated ? 'truncated JSON' : 'invalid JSON' };
  }
  if (!isObj(msg)) return { ...base, protocol: 'json', kind: 'other', summary: 'JSON array' };
  const method = str(msg.method);
  const id = rpcId(msg.id);
  const inner = innerMessage(msg);
  const innerMethod = inner ? str(inner.method) : undefined;
  const err = isObj(msg.error) ? msg.error : undefined;
  const kind: DecodedMessage['kind'] = err
    ? 'error'
    : method
      ? id !== undefined
        ? 'request'
        : 'notification'
      : 'result' in msg
        ? 'response'
        : 'other';
  const protocol = inner ? 'verto' : msg.jsonrpc === '2.0' ? 'jsonrpc' : 'json';
  const shown = innerMethod ? `${method} › ${innerMethod}` : method ?? str(msg.type) ?? kind;
  return {
    ...base,
    protocol,
    method: method ?? str(msg.type),
    id,
    kind,
    callId: callIdOf(inner) ?? callIdOf(msg),
    inner: inner ? { method: innerMethod, id: rpcId(inner.id) } : undefined,
    error: err ? { code: rpcId(err.code), message: str(err.message) } : undefined,
    summary: err ? `${shown}: ${str(err.message) ?? 'error'}` : shown,
  };
}

interface PrevCounters {
  t: number;
  bytes: Record<string, number>;
  lost: number;
  received: number;
}

function num(v: Json | undefined): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Turns consecutive getStats samples into one chart point (rates need the previous sample). */
export function qualityPoint(sample: PcStats, prev: PrevCounters | undefined): { point: QualityPoint; counters: PrevCounters } {
  const bytes: Record<string, number> = {};
  let lost = 0;
  let received = 0;
  const point: QualityPoint = { t: sample.t };
  let jitterSum = 0;
  let jitterN = 0;
  for (const r of Object.values(sample.reports)) {
    const type = r.type;
    const kind = str(r.kind) ?? str(r.mediaType);
    if (type === 'inbound-rtp' && kind) {
      bytes[`${kind}In`] = (bytes[`${kind}In`] ?? 0) + (num(r.bytesReceived) ?? 0);
      lost += num(r.packetsLost) ?? 0;
      received += num(r.packetsReceived) ?? 0;
      const j = num(r.jitter);
      if (j !== undefined) {
        jitterSum += j * 1000;
        jitterN++;
      }
      if (kind === 'video') {
        point.fps = num(r.framesPerSecond) ?? point.fps;
        point.width = num(r.frameWidth) ?? point.width;
        point.height = num(r.frameHeight) ?? point.height;
      } else if (kind === 'audio') {
        point.audioLevel = num(r.audioLevel) ?? point.audioLevel;
      }
    } else if (type === 'outbound-rtp' && kind) {
      bytes[`${kind}Out`] = (bytes[`${kind}Out`] ?? 0) + (num(r.bytesSent) ?? 0);
    } else if (type === 'candidate-pair' && (r.nominated === true || r.selected === true) && r.state === 'succeeded') {
      const rtt = num(r.currentRoundTripTime);
      if (rtt !== undefined) point.rttMs = rtt * 1000;
    }
  }
  if (jitterN) point.jitterMs = jitterSum / jitterN;
  if (prev && sample.t > prev.t) {
    const dt = (sample.t - prev.t) / 1000;
    const rate = (k: string) => {
      const now = bytes[k];
      const before = prev.bytes[k];
      return now === undefined || before === undefined ? undefined : Math.max(0, ((now - before) * 8) / 1000 / dt);
    };
    point.audioInKbps = rate('audioIn');
    point.audioOutKbps = rate('audioOut');
    point.videoInKbps = rate('videoIn');
    point.videoOutKbps = rate('videoOut');
    const dLost = lost - prev.lost;
    const dRecv = received - prev.received;
    if (dLost + dRecv > 0) point.lossPct = Math.max(0, (100 * dLost) / (dLost + dRecv));
  }
  if (point.rttMs !== undefined || point.jitterMs !== undefined) point.mos = mosEstimate(point.rttMs ?? 0, point.jitterMs ?? 0, point.lossPct ?? 0);
  return { point, counters: { t: sample.t, bytes, lost, received } };
}

/** E-model estimate; effective latency = rtt + 2*jitter + 10 as in the research anchors. */
export function mosEstimate(rttMs: number, jitterMs: number, lossPct: number): number {
  const eff = rttMs + 2 * jitterMs + 10;
  let r = eff < 160 ? 93.2 - eff / 40 : 93.2 - (eff - 120) / 10;
  r -= 2.5 * lossPct;
  r = Math.max(0, Math.min(100, r));
  return 1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r);
}

export function createFallbackAnalyzer() {
  const analysis: PanelAnalysis = { sdks: [], messages: [], connections: [], calls: [], quality: {}, findings: [] };
  const pending = new Map<string, number>();
  const counters = new Map<string, PrevCounters>();
  const calls = new Map<string, PanelAnalysis['calls'][number]>();
  return {
    push(ev: CaptureEvent): void {
      if (ev.kind === 'ws.frame') {
        const msg = decodeFrame(ev, analysis.messages.length);
        analysis.messages.push(msg);
        const key = msg.id !== undefined ? `${msg.socketId}\u0000${msg.id}` : undefined;
        if (key && msg.kind === 'request') pending.set(key, msg.index);
        else if (key && (msg.kind === 'response' || msg.kind === 'error')) {
          const reqIndex = pending.get(key);
          const req = reqIndex === undefined ? undefined : analysis.messages[reqIndex];
          if (req && req.dir !== msg.dir) {
            pending.delete(key);
            req.pairedWith = msg.index;
            msg.pairedWith = req.index;
            msg.latencyMs = msg.t - req.t;
            req.latencyMs = msg.latencyMs;
            if (!msg.method) msg.method = req.method;
            msg.summary = `${req.summary} ← ${msg.kind === 'error' ? msg.summary : 'reply'}`;
          }
        }
        if (msg.callId && msg.kind !== 'response') {
          let call = calls.get(msg.callId);
          if (!call) {
            call = { id: msg.callId, direction: msg.dir === 'sent' ? 'outbound' : 'inbound', states: [] };
            calls.set(msg.callId, call);
            analysis.calls.push(call);
          }
          const m = msg.inner?.method ?? msg.method ?? '';
          const state = /invite/.test(m) ? 'requesting' : /answer/.test(m) ? 'active' : /ringing/.test(m) ? 'ringing' : /bye/.test(m) ? 'hangup' : undefined;
          if (state) call.states.push({ t: msg.t, state });
        }
      } else if (ev.kind === 'pc.stats') {
        const { point, counters: c } = qualityPoint(ev, counters.get(ev.id));
        counters.set(ev.id, c);
        (analysis.quality[ev.id] ??= []).push(point);
      } else if (ev.kind === 'sdk.found') {
        analysis.sdks.push({ name: ev.sdk, version: ev.version, via: ev.via });
      }
    },
    tick(_now: number): void {},
    snapshot(): PanelAnalysis {
      return analysis;
    },
  };
}
