/**
 * The shapes the panel's views read: core/protocol's analysis types, not copies of them, so a field
 * the views read is one the analyzer declares. Only quality differs: the panel flattens each sample
 * for its charts (./analysis.ts keeps that mapping incremental).
 */
import type {
  Analysis,
  ConnectionSession as CoreConnectionSession,
  DecodedMessage as CoreDecodedMessage,
  InnerMessage,
  ReconnectEpisode,
} from '../../../core/protocol/types.js';

export type {
  CallModel as CallInfo,
  Finding as FindingInfo,
  FindingEvidence as Evidence,
  MessageKind,
  SdkInfo,
  StateEntry as StateAt,
} from '../../../core/protocol/types.js';

/*
 * Three narrowings of core types, all to fields the views never read, so that the panel's unit-test
 * fixtures (tests/unit/panel) can build them bare: a message without its frame position and size, an
 * inner message with only the fields under test, a reconnect without its socket ids. Every core value
 * is still assignable to them.
 */

export type DecodedMessage = Omit<CoreDecodedMessage, 'frame' | 'size' | 'inner'> & { inner?: Partial<InnerMessage> };

/** One drop and the way back. */
export type ReconnectInfo = Omit<ReconnectEpisode, 'socketIds'>;

export type ConnectionSession = Omit<CoreConnectionSession, 'reconnects'> & { reconnects: ReconnectInfo[] };

/** One stats second of a peer connection, flattened from core/quality's QualitySample for the charts. */
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

export type PanelAnalysis = Omit<Analysis, 'quality'> & { quality: Record<string, QualityPoint[]> };
