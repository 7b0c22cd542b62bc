/** Chart data for the Media view: which points fall in the chosen window, per metric. */
import type { FindingInfo, QualityPoint } from '../data/analysis-types.js';

export interface MetricDef {
  title: string;
  unit: string;
  lines: { label: string; key: keyof QualityPoint; color: string }[];
}

export const METRICS: MetricDef[] = [
  {
    title: 'Bitrate',
    unit: 'kbps',
    lines: [
      { label: 'audio in', key: 'audioInKbps', color: '#e8710a' },
      { label: 'audio out', key: 'audioOutKbps', color: '#f9ab00' },
      { label: 'video in', key: 'videoInKbps', color: '#1a73e8' },
      { label: 'video out', key: 'videoOutKbps', color: '#12b5cb' },
    ],
  },
  { title: 'Packet loss', unit: '%', lines: [{ label: 'loss', key: 'lossPct', color: '#d93025' }] },
  { title: 'Jitter', unit: 'ms', lines: [{ label: 'jitter', key: 'jitterMs', color: '#9334e6' }] },
  { title: 'Round-trip time', unit: 'ms', lines: [{ label: 'RTT', key: 'rttMs', color: '#188038' }] },
  { title: 'Frame rate', unit: 'fps', lines: [{ label: 'fps', key: 'fps', color: '#1a73e8' }] },
  {
    title: 'Resolution',
    unit: 'px',
    lines: [
      { label: 'width', key: 'width', color: '#12b5cb' },
      { label: 'height', key: 'height', color: '#1a73e8' },
    ],
  },
  { title: 'Audio level', unit: '0–1', lines: [{ label: 'level', key: 'audioLevel', color: '#e8710a' }] },
  { title: 'MOS', unit: '1–5', lines: [{ label: 'MOS', key: 'mos', color: '#188038' }] },
];

export const WINDOWS = [
  { id: '60', label: 'Last minute', ms: 60_000 },
  { id: '300', label: 'Last 5 minutes', ms: 300_000 },
  { id: '900', label: 'Last 15 minutes', ms: 900_000 },
  { id: 'all', label: 'Everything', ms: Infinity },
] as const;

/** First index with t >= from (points are in time order). */
export function firstAtOrAfter(points: readonly QualityPoint[], from: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.t < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function seriesFor(
  metric: MetricDef,
  points: readonly QualityPoint[],
  origin: number,
  windowMs: number,
): { label: string; color: string; points: { x: number; y: number }[] }[] {
  const end = points.at(-1)?.t ?? origin;
  const from = Number.isFinite(windowMs) ? end - windowMs : -Infinity;
  const start = firstAtOrAfter(points, from);
  return metric.lines
    .map((line) => {
      const out: { x: number; y: number }[] = [];
      for (let i = start; i < points.length; i++) {
        const p = points[i]!;
        const y = p[line.key];
        if (typeof y === 'number' && Number.isFinite(y)) out.push({ x: Math.round((p.t - origin) / 100) / 10, y });
      }
      return { label: line.label, color: line.color, points: out };
    })
    .filter((s) => s.points.length > 0);
}

/** Finding times (seconds since origin) that concern this peer connection, or the whole page. */
export function findingMarks(findings: readonly FindingInfo[], pcId: string, origin: number): number[] {
  const out: number[] = [];
  for (const f of findings) {
    const mine = f.evidence.length === 0 || f.evidence.some((e) => e.pcId === pcId || (e.kind === 'stats' && !e.pcId));
    if (mine) out.push((f.t - origin) / 1000);
  }
  return out;
}
