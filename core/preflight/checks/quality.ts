/**
 * Check 10: a short loopback audio+video call (through the TURN relay when one is given, as
 * Twilio's preflight does) measuring bitrate each way, loss, jitter, RTT, an E-model MOS and the
 * time each connection stage took.
 */
import type { CheckContext, CheckDefinition, CheckOutcome } from '../types.js';
import { estimateMos, qualityBand } from '../mos.js';
import { RELAY_OK, turnOnly } from './connectivity.js';
import { createLoopback, selectedPair } from './loopback.js';
import { browserGaveNoAnswer, getAccess } from './shared.js';
import { readStats } from './stats.js';
import { NO_WEBRTC, hasWebRtc, round, sleep, stopStream } from './util.js';

/** Warning thresholds from Twilio's preflight report. */
export const THRESHOLDS = { rttMs: 400, jitterMs: 30, lossPercent: 1, minKbps: 100 } as const;

export interface Snapshot {
  /** ms */
  t: number;
  outBytes: number;
  inBytes: number;
  inPackets: number;
  inLost: number;
  /** Audio inbound jitter, ms. */
  jitterMs: number | null;
  /** Candidate-pair or RTCP round-trip time, ms. */
  rttMs: number | null;
  framesDecoded: number;
  frameWidth: number | null;
  frameHeight: number | null;
}

type Stat = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function snapshotFrom(reports: Iterable<Stat>, t: number): Snapshot {
  const s: Snapshot = { t, outBytes: 0, inBytes: 0, inPackets: 0, inLost: 0, jitterMs: null, rttMs: null, framesDecoded: 0, frameWidth: null, frameHeight: null };
  const list = [...reports];
  const byId = new Map(list.map((r) => [r.id as string, r]));
  let pairRtt: number | null = null;
  let rtcpRtt: number | null = null;
  for (const r of list) {
    const kind = (r.kind ?? r.mediaType) as string | undefined;
    if (r.type === 'outbound-rtp') s.outBytes += num(r.bytesSent) ?? 0;
    if (r.type === 'inbound-rtp') {
      s.inBytes += num(r.bytesReceived) ?? 0;
      s.inPackets += num(r.packetsReceived) ?? 0;
      s.inLost += Math.max(0, num(r.packetsLost) ?? 0);
      if (kind === 'audio' && num(r.jitter) !== null) s.jitterMs = num(r.jitter)! * 1000;
      if (kind === 'video') {
        s.framesDecoded += num(r.framesDecoded) ?? 0;
        s.frameWidth = num(r.frameWidth) ?? s.frameWidth;
        s.frameHeight = num(r.frameHeight) ?? s.frameHeight;
      }
    }
    if (r.type === 'remote-inbound-rtp' && num(r.roundTripTime) !== null) rtcpRtt = num(r.roundTripTime)! * 1000;
    if (r.type === 'transport' && typeof r.selectedCandidatePairId === 'string') {
      const p = byId.get(r.selectedCandidatePairId);
      if (p && num(p.currentRoundTripTime) !== null) pairRtt = num(p.currentRoundTripTime)! * 1000;
    }
  }
  s.rttMs = pairRtt ?? rtcpRtt;
  return s;
}

export interface DirectionFigures {
  sendKbps: number;
  receiveKbps: number;
  lossPercent: number;
  jitterMs: number | null;
  fps: number | null;
  frameWidth: number | null;
  frameHeight: number | null;
}

/** Figures for what `sender` sent and `receiver` got between two snapshots of each. */
export function directionFigures(s0: Snapshot, s1: Snapshot, r0: Snapshot, r1: Snapshot): DirectionFigures {
  const secs = Math.max(0.001, (s1.t - s0.t) / 1000);
  const rsecs = Math.max(0.001, (r1.t - r0.t) / 1000);
  const got = r1.inPackets - r0.inPackets;
  const lost = Math.max(0, r1.inLost - r0.inLost);
  return {
    sendKbps: round(((s1.outBytes - s0.outBytes) * 8) / 1000 / secs, 0),
    receiveKbps: round(((r1.inBytes - r0.inBytes) * 8) / 1000 / rsecs, 0),
    lossPercent: got + lost > 0 ? round((100 * lost) / (got + lost), 2) : 0,
    jitterMs: r1.jitterMs === null ? null : round(r1.jitterMs, 1),
    fps: round((r1.framesDecoded - r0.framesDecoded) / rsecs, 1),
    frameWidth: r1.frameWidth,
    frameHeight: r1.frameHeight,
  };
}

export interface CallFacts {
  path: 'relay' | 'direct';
  media: 'devices' | 'synthetic';
  connected: boolean;
  failure?: string;
  durationMs: number;
  up: DirectionFigures | null;
  down: DirectionFigures | null;
  rttMs: number | null;
  /** Per-second send bitrate of the caller, kbps, for the low-bitrate rule. */
  sendSeriesKbps: number[];
  timing: { iceMs: number | null; dtlsMs: number | null; connectedMs: number | null };
  selected: { localType: string | null; remoteType: string | null; relayProtocol: string | null } | null;
  /** The page was hidden during the call: browsers throttle the timer that draws synthetic video. */
  pageHidden?: boolean;
}

export function evaluateCall(f: CallFacts): CheckOutcome {
  const jitter = Math.max(f.up?.jitterMs ?? 0, f.down?.jitterMs ?? 0);
  const loss = Math.max(f.up?.lossPercent ?? 0, f.down?.lossPercent ?? 0);
  const rtt = f.rttMs ?? 0;
  const mos = f.connected ? estimateMos({ rttMs: rtt, jitterMs: jitter, lossPercent: loss }) : null;
  const band = mos === null ? null : qualityBand(mos);
  const metrics = {
    path: f.path,
    media: f.media,
    durationMs: Math.round(f.durationMs),
    mos,
    qualityBand: band,
    rttMs: f.rttMs === null ? null : round(f.rttMs, 1),
    jitterMs: round(jitter, 1),
    lossPercent: round(loss, 2),
    up: f.up ? { ...f.up } : null,
    down: f.down ? { ...f.down } : null,
    sendSeriesKbps: [...f.sendSeriesKbps],
    networkTiming: { ...f.timing },
    selectedPair: f.selected ? { ...f.selected } : null,
    ...(f.failure ? { failure: f.failure } : {}),
    ...(f.pageHidden ? { pageHidden: true } : {}),
  };
  if (!f.connected || !f.up || !f.down) {
    return {
      status: 'fail',
      summary: `The test call could not be connected ${f.path === 'relay' ? 'through the relay' : 'directly'} (${f.failure ?? 'no media'}).`,
      metrics,
      advice: ['Calls are likely to fail from this network: see network paths and connectivity for the cause.'],
    };
  }
  if (f.up.receiveKbps === 0 || f.down.receiveKbps === 0) {
    return {
      status: 'fail',
      summary: 'The test call connected but no media arrived.',
      metrics,
      advice: ['A firewall may pass the connection setup but block media: ask IT to allow UDP (or TURN over TCP/TLS).'],
    };
  }
  const warnings: string[] = [];
  const advice: string[] = [];
  if (rtt > THRESHOLDS.rttMs) warnings.push(`high delay (round trip ${round(rtt, 0)} ms)`);
  if (jitter > THRESHOLDS.jitterMs) warnings.push(`unsteady timing (jitter ${round(jitter, 0)} ms)`);
  if (loss > THRESHOLDS.lossPercent) warnings.push(`packet loss ${round(loss, 1)}%`);
  const low = f.sendSeriesKbps.filter((k) => k < THRESHOLDS.minKbps).length;
  // As Twilio: a bitrate under 100 kbps in most samples means video cannot work well. Not when the
  // video was drawn in a hidden page: the browser throttled the drawing, not the network the sending.
  const throttled = f.media === 'synthetic' && f.pageHidden === true;
  if (!throttled && f.sendSeriesKbps.length >= 3 && low > f.sendSeriesKbps.length / 2) warnings.push(`low bandwidth (under ${THRESHOLDS.minKbps} kbps)`);
  if (warnings.length) {
    advice.push('Move closer to the Wi-Fi router or use a cable, and pause downloads, uploads or video streaming on the network.');
  }
  const figures = `MOS ${mos} (${band}), ${f.up.sendKbps} kbps up / ${f.down.sendKbps} kbps down, loss ${round(loss, 1)}%, jitter ${round(jitter, 1)} ms, RTT ${f.rttMs === null ? 'unknown' : `${round(rtt, 0)} ms`}`;
  const via = f.path === 'relay' ? ' through the relay' : '';
  const note = throttled ? ' The page was in the background, so the drawn test video was slowed down: the bitrate is not a measure of the network.' : '';
  if (band === 'degraded') {
    const why = warnings.length ? ` because of ${warnings.join(', ')}` : '';
    return { status: 'fail', summary: `Call quality${via} would be poor${why}: ${figures}.${note}`, metrics, advice: advice.length ? advice : ['Try another network.'] };
  }
  if (warnings.length || band === 'fair') {
    return { status: 'warn', summary: `Call quality${via} may suffer${warnings.length ? ` from ${warnings.join(', ')}` : ''}: ${figures}.${note}`, metrics, advice };
  }
  return { status: 'pass', summary: `Call quality${via} is ${band}: ${figures}.${note}`, metrics, advice };
}

interface CallMedia {
  stream: MediaStream;
  synthetic: boolean;
  stop(): void;
}

/** Without camera/microphone access the network can still be measured with drawn video and a tone. */
function syntheticMedia(): CallMedia {
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 480;
  const g = canvas.getContext('2d')!;
  let n = 0;
  const draw = () => {
    n++;
    g.fillStyle = `hsl(${(n * 7) % 360} 60% 40%)`;
    g.fillRect(0, 0, 640, 480);
    g.fillStyle = '#fff';
    g.font = '48px sans-serif';
    g.fillText(String(n), 40 + ((n * 5) % 500), 240);
  };
  draw();
  const timer = setInterval(draw, 33);
  const video = canvas.captureStream(30);
  const audio = new AudioContext();
  const osc = audio.createOscillator();
  const dest = audio.createMediaStreamDestination();
  osc.connect(dest);
  osc.start();
  const stream = new MediaStream([...video.getVideoTracks(), ...dest.stream.getAudioTracks()]);
  return {
    stream,
    synthetic: true,
    stop() {
      clearInterval(timer);
      stopStream(stream);
      osc.stop();
      void audio.close().catch(() => {});
    },
  };
}

async function callMedia(ctx: CheckContext): Promise<CallMedia> {
  const access = getAccess(ctx);
  // A browser that did not answer the permission step would hold this request too: the network
  // can still be measured with drawn media.
  if (browserGaveNoAnswer(ctx)) return syntheticMedia();
  if (!access || access.audio === 'granted' || access.video === 'granted') {
    const d = ctx.config.devices;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: !access || access.audio === 'granted' ? (d.audioInputId ? { deviceId: { exact: d.audioInputId } } : true) : false,
        video:
          !access || access.video === 'granted'
            ? { ...(d.videoInputId ? { deviceId: { exact: d.videoInputId } } : {}), width: { ideal: 640 }, height: { ideal: 480 } }
            : false,
      });
      return { stream, synthetic: false, stop: () => stopStream(stream) };
    } catch (err) {
      if (ctx.signal.aborted) throw err;
    }
  }
  return syntheticMedia();
}

export async function runCall(ctx: CheckContext): Promise<CallFacts> {
  const turn = turnOnly(ctx.config.iceServers);
  const relayOk = ctx.shared.get(RELAY_OK);
  const path: 'relay' | 'direct' = turn.length && relayOk !== false ? 'relay' : 'direct';
  const media = await callMedia(ctx);
  const lb = createLoopback(path === 'relay' ? { iceServers: turn, iceTransportPolicy: 'relay' } : { iceServers: [] });
  const base: Omit<CallFacts, 'connected' | 'up' | 'down' | 'rttMs'> = {
    path,
    media: media.synthetic ? 'synthetic' : 'devices',
    durationMs: 0,
    sendSeriesKbps: [],
    timing: { iceMs: null, dtlsMs: null, connectedMs: null },
    selected: null,
  };
  try {
    for (const t of media.stream.getTracks()) {
      lb.caller.addTrack(t, media.stream);
      lb.callee.addTrack(t.clone(), media.stream);
    }
    await lb.negotiate();
    const connected = await lb.waitConnected(ctx.config.durations.connectTimeoutMs, ctx.signal);
    const since = (t: number | undefined, from: number | undefined) => (t === undefined || from === undefined ? null : round(t - from, 0));
    base.timing = {
      iceMs: since(lb.times.iceConnected, lb.times.start),
      dtlsMs: since(lb.times.dtlsConnected, lb.times.iceConnected),
      connectedMs: since(lb.times.connected, lb.times.start),
    };
    if (!connected) {
      return { ...base, connected: false, failure: `ICE ${lb.caller.iceConnectionState}, connection ${lb.caller.connectionState}`, up: null, down: null, rttMs: null };
    }
    const total = ctx.config.durations.qualityMs;
    const snap = async (pc: RTCPeerConnection) => snapshotFrom(await readStats(pc), performance.now());
    const a0 = await snap(lb.caller);
    const b0 = await snap(lb.callee);
    const started = performance.now();
    let prev = a0;
    let last = { a: a0, b: b0 };
    const rtts: number[] = [];
    const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';
    base.pageHidden = hidden();
    while (performance.now() - started < total) {
      await sleep(Math.min(1000, Math.max(50, total - (performance.now() - started))), ctx.signal);
      base.pageHidden ||= hidden();
      last = { a: await snap(lb.caller), b: await snap(lb.callee) };
      const secs = Math.max(0.001, (last.a.t - prev.t) / 1000);
      base.sendSeriesKbps.push(round(((last.a.outBytes - prev.outBytes) * 8) / 1000 / secs, 0));
      if (last.a.rttMs !== null) rtts.push(last.a.rttMs);
      prev = last.a;
      ctx.progress((performance.now() - started) / total);
    }
    const pair = await selectedPair(lb.caller).catch(() => null);
    base.selected = pair ? { localType: pair.localType, remoteType: pair.remoteType, relayProtocol: pair.relayProtocol } : null;
    base.durationMs = performance.now() - started;
    const rttMs = rtts.length ? rtts.reduce((x, y) => x + y, 0) / rtts.length : pair?.rttMs ?? null;
    return {
      ...base,
      connected: true,
      up: directionFigures(a0, last.a, b0, last.b),
      down: directionFigures(b0, last.b, a0, last.a),
      rttMs,
    };
  } finally {
    lb.callee.getSenders().forEach((s) => s.track?.stop());
    lb.close();
    media.stop();
  }
}

export const qualityCheck: CheckDefinition = {
  id: 'quality',
  title: 'Call quality',
  async run(ctx) {
    if (!hasWebRtc()) return { ...NO_WEBRTC };
    return evaluateCall(await runCall(ctx));
  },
};
