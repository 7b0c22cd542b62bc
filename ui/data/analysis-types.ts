/**
 * The shapes the panel's views read: core/protocol's analysis types, not copies of them, so a field
 * the views read is one the analyzer declares. Only quality differs: the panel flattens each sample
 * for its charts (./analysis.ts keeps that mapping incremental).
 */
import type { Analysis } from '../../core/protocol/types.js';
import type { QualityPoint as FlatQualityPoint } from '../../core/quality/flatten.js';

export type {
  CallModel as CallInfo,
  ConnectionSession,
  DecodedFrame,
  Finding as FindingInfo,
  FindingEvidence as Evidence,
  MessageKind,
  ReconnectEpisode as ReconnectInfo,
  SdkInfo,
  StateEntry as StateAt,
} from '../../core/protocol/types.js';

/**
 * One stats second flattened for the charts: core/quality/flatten.ts's point, every value optional
 * (the charts draw a gap where one is missing).
 */
export type QualityPoint = Pick<FlatQualityPoint, 't'> & Partial<Omit<FlatQualityPoint, 't'>>;

export type PanelAnalysis = Omit<Analysis, 'quality'> & { quality: Record<string, QualityPoint[]> };
