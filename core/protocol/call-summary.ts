/**
 * One call in a few figures a support engineer can screenshot: how it ended and why (in words), who hung up,
 * how long it lasted, how long it took to ring, to be answered and to get media, and the quality it had in
 * each direction. A pure function of the call model, the analysis (quality series) and, when there is one, the
 * capture model (peer connections and sockets, for connection times and page unloads). It stays right after
 * the call ended: nothing in it depends on "now" except a call still in progress.
 *
 * Every time is "ms after the invite" (the call's startT) and named for what it measures:
 * timeToRingMs (invite → ringing or early media), timeToAnswerMs (invite → answer), timeToMediaMs (invite →
 * first received media), lengthMs (answer → hang-up). "setup" is not used: it meant invite → ringing in one place
 * and invite → answer in another.
 */
import type { CaptureEvent } from '../capture/events.js';
import type { QualitySample, QualitySeries } from '../quality/types.js';
import { describeCause, type CauseInfo, type CauseKind } from './causes.js';
import type { CallAwaiting, CallModel, SdkFamily } from './types.js';

export type CallOutcome = 'in-progress' | 'answered' | 'never-answered' | 'busy' | 'rejected' | 'unreachable' | 'failed';

/** One quality figure over the call: min, average and max of the per-second values, one direction. */
export interface QualityFigure {
  /** Stable key: mos-in, loss-in, loss-out, jitter-in, jitter-out, rtt, bitrate-in, bitrate-out. */
  key: QualityKey;
  /** "MOS in", "Loss out"… */
  label: string;
  /** in: what this side receives; out: what it sends (as the far end reports it); both: the round trip. */
  direction: 'in' | 'out' | 'both';
  /** '', '%', 'ms', 'kbps'. */
  unit: string;
  /** Decimals worth showing. */
  digits: number;
  min: number;
  avg: number;
  max: number;
  /** Number of per-second values behind the figure. */
  samples: number;
}

export type QualityKey = 'mos-in' | 'loss-in' | 'loss-out' | 'jitter-in' | 'jitter-out' | 'rtt' | 'bitrate-in' | 'bitrate-out';

export interface CallSummary {
  callId: string;
  sdk: SdkFamily;
  direction: CallModel['direction'];
  destination?: string;
  caller?: string;
  outcome: CallOutcome;
  /** The outcome in words: "answered", "never answered: the other side was busy", "in progress (ringing)". */
  outcomeText: string;
  /** The hang-up cause as it came (NORMAL_CLEARING), its code (16), and what it means. */
  cause?: { name?: string; code?: number | string; kind: CauseKind; words: string };
  /** Who ended it: this page, the far end (or server), or nobody because the page went away (reload, navigation). */
  hungUpBy?: 'local' | 'remote' | 'page-unloaded';
  /** When the invite went out (or the inbound invite arrived). */
  startT: number;
  answeredAt?: number;
  endedAt?: number;
  /** First received media, see timeToMediaMs. */
  firstMediaAt?: number;
  /** Answer → hang-up, ms; absent when never answered (or still going: see `liveLengthMs` in the panel). */
  lengthMs?: number;
  /** Invite → ringing or early media, ms; absent when it never rang (an answer without ringing is not a ring). */
  timeToRingMs?: number;
  /** Invite → answer, ms. */
  timeToAnswerMs?: number;
  /**
   * Invite → first received media, ms: the first stats sample with received bytes (stats are sampled each second,
   * so up to 1 s late), else the peer connection reaching "connected" when there are no stats.
   */
  timeToMediaMs?: number;
  /** The invite still waits for its reply (pendingAge(awaiting, now) gives "no reply for 9.2 s"). */
  awaiting?: CallAwaiting;
  pcIds: string[];
  /** Only figures with data, in a fixed order: MOS in, loss in/out, jitter in/out, RTT, bitrate in/out. */
  quality: QualityFigure[];
}

/** What the summary reads from the capture model (core/capture/model.ts), when there is one. */
export interface SummaryCapture {
  peerConnections?: ReadonlyMap<string, { log: readonly CaptureEvent[]; closedAt?: number; closedBy?: string }>;
  sockets?: ReadonlyMap<string, { closedAt?: number; closedBy?: string }>;
}

const CONNECTED = new Set(['connected', 'completed']);

export function summarizeCall(call: CallModel, analysis: { quality?: Record<string, QualitySeries> }, capture: SummaryCapture = {}): CallSummary {
  const pcIds = call.pcIds ?? (call.pcId ? [call.pcId] : []);
  const answered = call.states.find((s) => s.state === 'active');
  const ring = call.states.find((s) => s.state === 'ringing' || s.state === 'early');
  const out: CallSummary = {
    callId: call.id,
    sdk: call.sdk,
    direction: call.direction,
    outcome: 'in-progress',
    outcomeText: '',
    startT: call.startT,
    pcIds,
    quality: [],
  };
  if (call.destination !== undefined) out.destination = call.destination;
  if (call.caller !== undefined) out.caller = call.caller;
  if (answered) {
    out.answeredAt = answered.t;
    out.timeToAnswerMs = answered.t - call.startT;
  }
  // An inbound call "rings" when its invite arrives: that is its start, not a measure of anything.
  if (ring && call.direction !== 'inbound') out.timeToRingMs = ring.t - call.startT;
  if (call.awaiting) out.awaiting = call.awaiting;

  let cause: CauseInfo | undefined;
  if (call.hangup) {
    out.endedAt = call.hangup.t;
    out.hungUpBy = call.hangup.by;
    cause = describeCause(call.hangup.cause, call.hangup.code, call.sdk === 'sip');
    // A cause this side sends names no fact about the far end: @telnyx/webrtc ends a call the user hangs up
    // before the answer with USER_BUSY (17), which read as "the other side was busy" would be false.
    if (cause && call.hangup.by === 'local' && cause.kind !== 'failure' && cause.kind !== 'normal') {
      cause = { ...cause, kind: 'cancelled', words: answered ? 'hung up on this side' : 'hung up on this side before the answer' };
    }
    if (cause) {
      out.cause = { kind: cause.kind, words: cause.words };
      if (call.hangup.cause !== undefined) out.cause.name = call.hangup.cause;
      if (call.hangup.code !== undefined) out.cause.code = call.hangup.code;
    }
  } else {
    // No hang-up on the wire, but the page that held the call went away: the call died with it.
    const unloadedAt = unloadedAtOf(call, pcIds, capture);
    if (unloadedAt !== undefined) {
      out.endedAt = unloadedAt;
      out.hungUpBy = 'page-unloaded';
    }
  }
  if (answered && out.endedAt !== undefined) out.lengthMs = Math.max(0, out.endedAt - answered.t);

  const end = out.endedAt ?? Infinity;
  const samples = samplesOf(pcIds, analysis.quality, call.startT, end);
  const firstBytes = samples.find((s) => s.bytesIn > 0)?.t;
  const connected = firstConnected(pcIds, capture, call.startT, end);
  const media = firstBytes ?? connected;
  if (media !== undefined) {
    out.firstMediaAt = media;
    out.timeToMediaMs = Math.max(0, media - call.startT);
  }
  out.quality = figures(samples);

  out.outcome = outcomeOf(!!answered, out.endedAt !== undefined, call.hangup?.by, cause);
  out.outcomeText = outcomeText(out, call, cause);
  return out;
}

function outcomeOf(answered: boolean, ended: boolean, by: NonNullable<CallModel['hangup']>['by'] | undefined, cause: CauseInfo | undefined): CallOutcome {
  if (answered) return 'answered';
  if (!ended) return 'in-progress';
  // The far end (or its network) saying why decides; a local hang-up before the answer is just "never answered".
  // An invite the SDK gave up on failed, although "this side" ended it.
  if (by === 'remote' || cause?.name === 'INVITE_TIMEOUT') {
    switch (cause?.kind) {
      case 'busy':
        return 'busy';
      case 'rejected':
        return 'rejected';
      case 'unreachable':
        return 'unreachable';
      case 'failure':
        return 'failed';
    }
  }
  return 'never-answered';
}

function outcomeText(s: CallSummary, call: CallModel, cause: CauseInfo | undefined): string {
  const why = cause && cause.kind !== 'normal' ? `: ${cause.words}` : '';
  switch (s.outcome) {
    case 'in-progress':
      return s.awaiting ? `in progress (${call.state}, its invite has no reply yet)` : `in progress (${call.state})`;
    case 'answered': {
      const by = s.hungUpBy === 'local' ? 'hung up here' : s.hungUpBy === 'remote' ? 'hung up by the other side' : s.hungUpBy === 'page-unloaded' ? 'ended when the page went away' : 'still going';
      return `answered, ${by}${s.hungUpBy && why ? why : ''}`;
    }
    case 'never-answered': {
      if (s.hungUpBy === 'page-unloaded') return 'never answered: the page went away first';
      if (s.hungUpBy === 'local') return 'never answered: hung up here';
      return `never answered${why}`;
    }
    default:
      return `${s.outcome.replace('-', ' ')}${why}`;
  }
}

function unloadedAtOf(call: CallModel, pcIds: readonly string[], capture: SummaryCapture): number | undefined {
  const sock = capture.sockets?.get(call.socketId);
  if (sock?.closedBy === 'unloaded' && sock.closedAt !== undefined) return sock.closedAt;
  for (const id of pcIds) {
    const pc = capture.peerConnections?.get(id);
    if (pc?.closedBy === 'unloaded' && pc.closedAt !== undefined) return pc.closedAt;
  }
  return undefined;
}

function firstConnected(pcIds: readonly string[], capture: SummaryCapture, from: number, to: number): number | undefined {
  let first: number | undefined;
  for (const id of pcIds) {
    for (const ev of capture.peerConnections?.get(id)?.log ?? []) {
      if (ev.kind !== 'pc.event' || (ev.type !== 'connectionstatechange' && ev.type !== 'iceconnectionstatechange')) continue;
      const state = (ev.data as { state?: unknown } | null)?.state;
      if (typeof state !== 'string' || !CONNECTED.has(state) || ev.t < from || ev.t > to) continue;
      if (first === undefined || ev.t < first) first = ev.t;
      break;
    }
  }
  return first;
}

function samplesOf(pcIds: readonly string[], quality: Record<string, QualitySeries> | undefined, from: number, to: number): QualitySample[] {
  const out: QualitySample[] = [];
  for (const id of pcIds) for (const s of quality?.[id]?.samples ?? []) if (s.t >= from && s.t <= to) out.push(s);
  return out.sort((a, b) => a.t - b.t);
}

type PickFn = (s: QualitySample) => number | undefined;
const FIGURES: { key: QualityKey; label: string; direction: QualityFigure['direction']; unit: string; digits: number; pick: PickFn }[] = [
  { key: 'mos-in', label: 'MOS in', direction: 'in', unit: '', digits: 2, pick: (s) => s.mos },
  { key: 'loss-in', label: 'Loss in', direction: 'in', unit: '%', digits: 1, pick: (s) => s.audio.lossInPct ?? s.video.lossInPct },
  { key: 'loss-out', label: 'Loss out', direction: 'out', unit: '%', digits: 1, pick: (s) => s.audio.lossOutPct ?? s.video.lossOutPct },
  { key: 'jitter-in', label: 'Jitter in', direction: 'in', unit: 'ms', digits: 0, pick: (s) => s.audio.jitterMs ?? s.video.jitterMs },
  { key: 'jitter-out', label: 'Jitter out', direction: 'out', unit: 'ms', digits: 0, pick: (s) => s.audio.jitterOutMs ?? s.video.jitterOutMs },
  { key: 'rtt', label: 'RTT', direction: 'both', unit: 'ms', digits: 0, pick: (s) => s.rttMs ?? s.audio.rttOutMs ?? s.video.rttOutMs },
  { key: 'bitrate-in', label: 'Bitrate in', direction: 'in', unit: 'kbps', digits: 0, pick: (s) => (s.audio.hasIn || s.video.hasIn ? s.audio.inKbps + s.video.inKbps : undefined) },
  { key: 'bitrate-out', label: 'Bitrate out', direction: 'out', unit: 'kbps', digits: 0, pick: (s) => (s.audio.hasOut || s.video.hasOut ? s.audio.outKbps + s.video.outKbps : undefined) },
];

function figures(samples: readonly QualitySample[]): QualityFigure[] {
  const out: QualityFigure[] = [];
  for (const f of FIGURES) {
    let n = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const s of samples) {
      const v = f.pick(s);
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      n++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (n === 0) continue;
    out.push({ key: f.key, label: f.label, direction: f.direction, unit: f.unit, digits: f.digits, min, avg: sum / n, max, samples: n });
  }
  return out;
}
