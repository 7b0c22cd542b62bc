/**
 * The panel's analysis: core/protocol's Analysis (views import its parts from core/protocol/types.ts,
 * by core's names), except quality, which the panel flattens per sample for its charts
 * (./analysis.ts keeps that mapping incremental).
 */
import type { Analysis } from '../../core/protocol/types.js';
import type { QualityPoint } from '../../core/quality/flatten.js';

/**
 * One stats second as the charts read it: core/quality/flatten.ts's QualityPoint with every value
 * optional (the charts draw a gap where one is missing).
 */
export type ChartPoint = Pick<QualityPoint, 't'> & Partial<Omit<QualityPoint, 't'>>;

export type PanelAnalysis = Omit<Analysis, 'quality'> & { quality: Record<string, ChartPoint[]> };
