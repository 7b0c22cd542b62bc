/**
 * What the models tell the findings rules. Models emit signals as facts happen; each rule (one module each)
 * turns the signals it cares about into plain-language findings with its own thresholds.
 */
import type { CaptureEvent, PcStats } from '../capture/events.js';
import type { Pending } from '../protocol/pairing.js';
import type {
  CallModel,
  CallState,
  ConnectionSession,
  DecodedFrame,
  Finding,
  ReconnectEpisode,
  RpcError,
} from '../protocol/types.js';
import type { NegotiatedMedia } from '../protocol/negotiated.js';
import type { LiveKitEvent } from '../protocol/livekit-room.js';
import type { QualitySample } from '../quality/types.js';

export type { Finding } from '../protocol/types.js';

/** Every report of one getStats() sample, keyed by report id, as the hook captured it (hostile: check types). */
export type StatsReports = PcStats['reports'];

export type Signal =
  | { type: 'rpc.timeout'; t: number; pending: Pending; session?: ConnectionSession; socketClosed: boolean }
  | { type: 'rpc.error'; t: number; msg: DecodedFrame; method: string; error: RpcError; auth: boolean }
  | { type: 'auth'; t: number; ok: boolean; session: ConnectionSession; msg: DecodedFrame; method: string; error?: RpcError }
  | { type: 'reconnect.attempt'; t: number; session: ConnectionSession; episode: ReconnectEpisode; socketId: string }
  | { type: 'reconnect.end'; t: number; session: ConnectionSession; episode: ReconnectEpisode }
  | { type: 'keepalive.missed'; t: number; session: ConnectionSession; method: string; reason: 'no-reply' | 'no-ping'; index?: number; expectedMs: number }
  | { type: 'call.state'; t: number; call: CallModel; state: CallState; index?: number }
  /** A getStats sample turned into rates; `reports` is that sample as captured, for rules that read raw counters. */
  | { type: 'quality'; t: number; pcId: string; sample: QualitySample; reports: StatsReports }
  | { type: 'capture'; t: number; ev: CaptureEvent }
  /** What the LiveKit room model noticed (core/protocol/livekit-room.ts). */
  | { type: 'livekit'; t: number; event: LiveKitEvent }
  /** Every decoded frame, after the models took it in (`req`: the request a reply answers). */
  | { type: 'message'; t: number; msg: DecodedFrame; result?: unknown; req?: Pending };

export interface PcInfo {
  id: string;
  createdAt?: number;
  config: unknown;
  /** When setRemoteDescription was first called: connectivity checks can start from here. */
  remoteAt?: number;
  /** When the page called close(). */
  closedAt?: number;
  connectionState: string;
  iceConnectionState: string;
  /** Candidate types gathered locally (host, srflx, prflx, relay). */
  candidateTypes: Set<string>;
  candidateErrors: { t: number; url?: string; errorCode?: number; errorText?: string }[];
  /** Which ways the last applied SDP answer lets media flow; absent before any answer was seen. */
  negotiated?: NegotiatedMedia;
}

export interface RuleContext {
  /** Adds a finding unless one with the same dedupe key was already added. */
  emit(f: Finding, dedupeKey?: string): void;
  /** Calls between answer and hangup (or any connected peer connection when no call model exists). */
  inCall(): boolean;
  pc(id: string): PcInfo | undefined;
  /** The call a peer connection carries, when signaling and SDP linked them. */
  callOfPc(pcId: string): CallModel | undefined;
  /** Signaling sessions seen so far (read-only). */
  sessions(): readonly ConnectionSession[];
}

export interface Rule {
  id: string;
  on?(s: Signal, ctx: RuleContext): void;
  tick?(now: number, ctx: RuleContext): void;
}
