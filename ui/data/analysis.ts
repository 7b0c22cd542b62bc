/**
 * The one place the panel gets protocol meaning from: core/protocol's analyzer, mapped onto the
 * shapes the views read (PanelAnalysis). Quality series are flattened by core/quality/flatten.ts,
 * incrementally, so a snapshot per animation frame stays cheap at hours of stats.
 */
import type { CaptureEvent } from '../../core/capture/events.js';
import { createAnalyzer, type Analysis } from '../../core/protocol/analyzer.js';
import { flattenSample } from '../../core/quality/flatten.js';
import type { QualitySeries } from '../../core/quality/types.js';
import type { ChartPoint, PanelAnalysis } from './analysis-types.js';

export interface PanelAnalyzer {
  push(ev: CaptureEvent): void;
  tick(now: number): void;
  snapshot(): PanelAnalysis;
  /** The analyzer's own snapshot, unmapped: what the bundle stores as analysis. */
  raw(): Analysis;
}

/** Keeps a mapped copy of one series in step with it: appends new samples, drops what it dropped. */
export class SeriesMirror {
  points: ChartPoint[] = [];
  private seen = 0;
  private droppedSeen = 0;

  sync(series: QualitySeries): ChartPoint[] {
    const dropped = series.dropped ?? 0;
    if (dropped > this.droppedSeen) {
      this.points.splice(0, Math.min(this.points.length, dropped - this.droppedSeen));
      this.seen -= dropped - this.droppedSeen;
      this.droppedSeen = dropped;
    }
    if (this.seen < 0 || this.seen > series.samples.length) {
      this.points = series.samples.map(flattenSample);
    } else {
      for (let i = this.seen; i < series.samples.length; i++) this.points.push(flattenSample(series.samples[i]!));
    }
    this.seen = series.samples.length;
    return this.points;
  }
}

export function createPanelAnalyzer(): PanelAnalyzer {
  const analyzer = createAnalyzer();
  const mirrors = new Map<string, SeriesMirror>();
  const quality: Record<string, ChartPoint[]> = {};
  const view = (a: Analysis): PanelAnalysis => {
    for (const [pcId, series] of Object.entries(a.quality)) {
      let m = mirrors.get(pcId);
      if (!m) mirrors.set(pcId, (m = new SeriesMirror()));
      quality[pcId] = m.sync(series);
    }
    return {
      sdks: a.sdks,
      messages: a.messages,
      connections: a.connections,
      calls: a.calls,
      quality,
      findings: a.findings,
      pending: a.pending,
      rooms: a.rooms,
    };
  };
  return {
    push: (ev) => analyzer.push(ev),
    tick: (now) => analyzer.tick(now),
    snapshot: () => view(analyzer.snapshot()),
    raw: () => analyzer.snapshot(),
  };
}
