/**
 * Shapes of the protocol analysis: decoded frames, connection sessions, calls, findings.
 * These are what the panel, the bundle exporter and the viewer read; the analyzer mutates them in place
 * as events arrive, so readers must treat them as read-only.
 */
import type { QualitySeries } from '../quality/types.js';
import type { SdkIdentity } from '../sdk/identity.js';
import type { PendingRequest } from './pending.js';
import type { LiveKitRoom } from './livekit-room.js';

export type { LiveKitRoom } from './livekit-room.js';

export type { PendingRequest } from './pending.js';

export type { QualitySeries, QualitySample, MosBand } from '../quality/types.js';

/** Which SDK family speaks on a socket; decides time-outs and which models apply. */
export type SdkFamily = 'signalwire' | 'telnyx' | 'sip' | 'verto' | 'livekit' | 'unknown';

export type Protocol = 'jsonrpc' | 'verto' | 'sip' | 'telnyx-debug' | 'livekit' | 'json' | 'raw' | 'binary';
export type MessageKind = 'request' | 'response' | 'notification' | 'error' | 'other';

export interface RpcError {
  code: number | string;
  message: string;
}

/**
 * A Verto message nested inside a SignalWire envelope (webrtc.verto, video.message, webrtc.message): one
 * frame, two messages, each with its own method, id and pairing. DecodedFrame.inner holds it.
 */
export interface NestedMessage {
  protocol: 'verto';
  method?: string;
  id?: string | number;
  kind: MessageKind;
  callId?: string;
  error?: RpcError;
  /** Index (in Analysis.messages) of the frame holding the other half of this inner exchange. */
  pairedWith?: number;
  latencyMs?: number;
}

/**
 * One WebSocket frame as the analysis understands it: the one name for a decoded frame, in
 * Analysis.messages, the panel's Signaling view, findings' evidence and bundles (`messages[]`). The
 * decoders' working form, with the parsed payload that never leaves them, is ParsedFrame
 * (./decoders/types.ts).
 */
export interface DecodedFrame {
  socketId: string;
  /** Position in Analysis.messages (the evidence index). */
  index: number;
  /** Position among this socket's frames (SocketModel.frames). */
  frame: number;
  t: number;
  dir: 'sent' | 'received';
  size: number;
  protocol: Protocol;
  sdk?: SdkFamily;
  method?: string;
  id?: string | number;
  kind: MessageKind;
  callId?: string;
  inner?: NestedMessage;
  pairedWith?: number;
  latencyMs?: number;
  error?: RpcError;
  /** One line for the frame list, never markup. */
  summary: string;
  truncated?: boolean;
  /** Why a frame that looked structured could not be decoded. */
  parseError?: string;
}

export interface StateEntry<S extends string = string> {
  t: number;
  state: S;
}

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnecting' | 'disconnected';

export interface ReconnectEpisode {
  /** Close of the socket that was connected. */
  startT: number;
  endT?: number;
  closeCode?: number;
  closeReason?: string;
  /** New sockets opened to get back (the successful one included). */
  attempts: number;
  /** Close of one attempt (or of the lost socket) to the creation of the next, ms. */
  delaysMs: number[];
  socketIds: string[];
  /** The new connection carried the old session (SignalWire protocol/authorization_state, Telnyx reconnection:true). */
  resumed?: boolean;
  outcome: 'ongoing' | 'recovered' | 'gave-up';
}

export interface AuthOutcome {
  state: 'pending' | 'ok' | 'failed';
  method: string;
  t: number;
  latencyMs?: number;
  error?: RpcError;
  /** Frame index of the request. */
  index: number;
}

export interface ConnectionSession {
  id: string;
  /** First socket of the session; later sockets after reconnects are in `sockets`. */
  socketId: string;
  sockets: string[];
  url: string;
  /** scheme://host[:port]/path, without query: what a reconnect goes back to. */
  endpoint: string;
  sdk: SdkFamily;
  sdkName?: string;
  sdkVersion?: string;
  /** SignalWire protocol major version from signalwire.connect (3 or 4); LiveKit's client protocol version from its URL. */
  protocolMajor?: number;
  states: StateEntry<ConnectionState>[];
  state: ConnectionState;
  auth?: AuthOutcome;
  /** Telnyx registration state from telnyx_rtc.gatewayState (REGED when ready). */
  gatewayState?: string;
  ids: { protocol?: string; sessid?: string; voiceSdkId?: string; identity?: string; nodeId?: string };
  reconnects: ReconnectEpisode[];
  keepalive: { sent: number; answered: number; missed: number; lastT?: number; method?: string };
  /**
   * Requests the SDK held while the connection was down and sent on the new socket: those sent before the new
   * socket authenticated, and those re-sent with the id they had before the drop.
   */
  flushedAfterReconnect: number;
  messages: number;
}

export type CallState =
  | 'new'
  | 'requesting'
  | 'trying'
  | 'ringing'
  | 'early'
  | 'answering'
  | 'active'
  | 'held'
  /** Telnyx/Verto attach after a reconnect: the call is being re-established on a new socket. */
  | 'recovering'
  | 'hangup';

export interface CallModel {
  id: string;
  sdk: SdkFamily;
  direction: 'outbound' | 'inbound' | 'unknown';
  sessionId?: string;
  socketId: string;
  destination?: string;
  caller?: string;
  states: StateEntry<CallState>[];
  state: CallState;
  startT: number;
  /** Frame index of the invite. */
  inviteIndex?: number;
  offerSdp?: string;
  answerSdp?: string;
  candidates: { t: number; dir: 'sent' | 'received'; candidate: string }[];
  candidatesDropped: number;
  endOfCandidates?: boolean;
  held: boolean;
  holds: { t: number; action: string }[];
  attaches: { t: number; dir: 'sent' | 'received' }[];
  /** `page-unloaded`: no hang-up on the wire; the document that held the call went away (reload, navigation, close). */
  hangup?: { t: number; cause?: string; code?: number | string; by: 'local' | 'remote' | 'page-unloaded' };
  /** Invite to the first sign of life (trying excluded): ringing, early media or answer, ms. */
  setupMs?: number;
  /** Invite to answer, ms. */
  answerMs?: number;
  /** Creation of the linked peer connection to the invite, ms: mostly ICE gathering the SDK waited for. */
  preInviteMs?: number;
  durationMs?: number;
  /** First RTCPeerConnection that carried the call. */
  pcId?: string;
  /** Every peer connection linked to the call, when recovery (attach) or renegotiation made new ones. */
  pcIds?: string[];
  nodeId?: string;
  memberId?: string;
  /**
   * Set while the call's invite has no reply: the call cannot ring until it gets one. Cleared by the reply
   * (or any later sign of life) and by the hang-up. `pendingAge(awaiting, now)` gives "no reply for 9.2 s".
   */
  awaiting?: CallAwaiting;
}

export interface CallAwaiting {
  /** verto.invite, telnyx_rtc.invite, INVITE. */
  method: string;
  /** When the invite was sent. */
  since: number;
  /** Index of the invite in Analysis.messages. */
  index: number;
  /** The SDK's own time-out for the invite, 0 when it has none (Telnyx waits for ever). */
  timeoutMs: number;
  /** After this long it is overdue (the SDK's time-out, else INVITE_REPLY_MS). */
  overdueMs: number;
}

export interface FindingEvidence {
  kind: 'frame' | 'stats' | 'event';
  socketId?: string;
  index?: number;
  pcId?: string;
  t?: number;
}

export interface Finding {
  rule: string;
  severity: 'info' | 'warning' | 'error';
  t: number;
  message: string;
  advice: string;
  evidence: FindingEvidence[];
}

/** One SDK family with every way it was recognised (see core/sdk/identity.ts). */
export type SdkInfo = SdkIdentity;

export interface Analysis {
  sdks: SdkInfo[];
  messages: DecodedFrame[];
  connections: ConnectionSession[];
  calls: CallModel[];
  quality: Record<string, QualitySeries>;
  findings: Finding[];
  /**
   * Requests sent and not answered yet, kept current (order is not chronological: sort by t). Leaves the list on
   * its reply, when its socket closes or its call ends; stays (overdue) past its time-out. See core/protocol/pending.ts.
   */
  pending: PendingRequest[];
  /** LiveKit rooms (core/protocol/livekit-room.ts): participants, tracks, peer connection roles, reconnects. */
  rooms: LiveKitRoom[];
}
