/**
 * The shapes the panel's views read. They mirror the protocol engineer's `Analysis`
 * (core/protocol/analyzer.ts); the panel only ever sees them through ./analysis.ts, so a
 * difference in the real shapes is fixed in one adapter, not in every view.
 */

export interface SdkInfo {
  name: string;
  version: string;
  via: string;
  socketId?: string;
}

export type MessageKind = 'request' | 'response' | 'notification' | 'error' | 'other';

export interface DecodedMessage {
  socketId: string;
  /** Position in the analysis' message list (one per ws.frame, arrival order). */
  index: number;
  t: number;
  dir: 'sent' | 'received';
  protocol: string;
  method?: string;
  id?: string | number;
  kind: MessageKind;
  callId?: string;
  /** The Verto (or other) message nested inside an outer JSON-RPC envelope. */
  inner?: { method?: string; id?: string | number; kind?: string; callId?: string; pairedWith?: number; latencyMs?: number };
  pairedWith?: number;
  latencyMs?: number;
  error?: { code?: string | number; message?: string };
  summary: string;
}

export interface StateAt {
  t: number;
  state: string;
}

/** One drop and the way back (core/protocol ReconnectEpisode). */
export interface ReconnectInfo {
  startT: number;
  attempts: number;
  delaysMs: number[];
  resumed?: boolean;
  outcome: 'ongoing' | 'recovered' | 'gave-up';
}

export interface ConnectionSession {
  socketId: string;
  /** Every socket of the session: the first one and those opened by reconnects. */
  sockets?: string[];
  sdk?: string;
  url?: string;
  states: StateAt[];
  reconnects: ReconnectInfo[];
}

export interface CallInfo {
  id: string;
  sdk?: string;
  direction?: string;
  states: StateAt[];
  hangup?: { cause?: string; code?: string | number };
  offerSdp?: string;
  answerSdp?: string;
  pcId?: string;
  destination?: string;
  /** Invite to the first sign of life (ringing, early media or answer), ms. */
  setupMs?: number;
}

export interface QualityPoint {
  t: number;
  audioInKbps?: number;
  audioOutKbps?: number;
  videoInKbps?: number;
  videoOutKbps?: number;
  lossPct?: number;
  jitterMs?: number;
  rttMs?: number;
  fps?: number;
  width?: number;
  height?: number;
  audioLevel?: number;
  mos?: number;
}

export interface Evidence {
  kind: 'frame' | 'stats' | 'event';
  socketId?: string;
  index?: number;
  pcId?: string;
  t?: number;
}

export interface FindingInfo {
  rule: string;
  severity: 'info' | 'warning' | 'error';
  t: number;
  message: string;
  advice: string;
  evidence: Evidence[];
}

export interface PanelAnalysis {
  sdks: SdkInfo[];
  messages: DecodedMessage[];
  connections: ConnectionSession[];
  calls: CallInfo[];
  quality: Record<string, QualityPoint[]>;
  findings: FindingInfo[];
}
