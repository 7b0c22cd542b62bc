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
import type { QualityPoint as FlatQualityPoint } from '../../../core/quality/flatten.js';

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

/**
 * One stats second flattened for the charts: core/quality/flatten.ts's point, every value optional
 * (the charts draw a gap where one is missing).
 */
export type QualityPoint = Pick<FlatQualityPoint, 't'> & Partial<Omit<FlatQualityPoint, 't'>>;

export type PanelAnalysis = Omit<Analysis, 'quality'> & { quality: Record<string, QualityPoint[]> };
