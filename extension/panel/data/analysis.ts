/**
 * The one place the panel gets protocol meaning from. Switch to core/protocol's analyzer here
 * (and map its snapshot onto PanelAnalysis) without touching any view.
 */
import type { CaptureEvent } from '../../../core/capture/events.js';
import type { PanelAnalysis } from './analysis-types.js';
import { createFallbackAnalyzer } from './fallback-analyzer.js';

export interface PanelAnalyzer {
  push(ev: CaptureEvent): void;
  tick(now: number): void;
  snapshot(): PanelAnalysis;
}

export function createPanelAnalyzer(): PanelAnalyzer {
  return createFallbackAnalyzer();
}
