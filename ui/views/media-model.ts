/**
 * Chart data for the Media view. Each line belongs to a direction (in = what this side receives,
 * out = what it sends, as the far end saw it) and to a stream; a line is drawn only when its stream
 * exists, a chart only when it has a line, so an audio-only call shows no empty video charts and a
 * send-only connection no MOS. Y axes stay within what their scale allows.
 */
import type { CallModel, Finding } from '../../core/protocol/types.js';
import type { ChartPoint } from '../data/analysis-types.js';
import type { ChartRole } from '../theme.js';
import { closedByWords } from './closed-text.js';

type Stream = 'audioIn' | 'audioOut' | 'videoIn' | 'videoOut';

export interface LineDef {
  label: string;
  key: keyof ChartPoint;
  role: ChartRole;
  dir: 'in' | 'out' | 'none';
  /** Only samples where this stream exists count. */
  needs?: Stream;
}

export interface YBounds {
  min?: number;
  max?: number;
  /** Lowest top the axis shows (a flat 0 % loss line still reads on 0–1). */
  suggestedMax?: number;
  /** The axis never goes past this, whatever a glitchy sample says. */
  hardMax?: number;
}

export interface MetricDef {
  id: string;
  title: string;
  unit: string;
  lines: LineDef[];
  y: YBounds;
  /** Video-only charts: left out, with one note, when the connection has no video. */
  video?: boolean;
}

export const METRICS: MetricDef[] = [
  {
    id: 'bitrate',
    title: 'Bitrate',
    unit: 'kbps',
    y: { min: 0 },
    lines: [
      { label: 'audio in', key: 'audioInKbps', role: 'in', dir: 'in', needs: 'audioIn' },
      { label: 'audio out', key: 'audioOutKbps', role: 'out', dir: 'out', needs: 'audioOut' },
      { label: 'video in', key: 'videoInKbps', role: 'in2', dir: 'in', needs: 'videoIn' },
      { label: 'video out', key: 'videoOutKbps', role: 'out2', dir: 'out', needs: 'videoOut' },
    ],
  },
  {
    id: 'loss',
    title: 'Packet loss',
    unit: '%',
    y: { min: 0, suggestedMax: 1, hardMax: 100 },
    lines: [
      { label: 'loss in', key: 'lossInPct', role: 'in', dir: 'in' },
      { label: 'loss out (far end)', key: 'lossOutPct', role: 'out', dir: 'out' },
    ],
  },
  {
    id: 'jitter',
    title: 'Jitter',
    unit: 'ms',
    y: { min: 0, suggestedMax: 5 },
    lines: [
      { label: 'jitter in', key: 'jitterMs', role: 'in', dir: 'in' },
      { label: 'jitter out (far end)', key: 'jitterOutMs', role: 'out', dir: 'out' },
    ],
  },
  { id: 'rtt', title: 'Round-trip time', unit: 'ms', y: { min: 0, suggestedMax: 5 }, lines: [{ label: 'RTT', key: 'rttMs', role: 'neutral', dir: 'none' }] },
  {
    id: 'level',
    title: 'Audio level',
    unit: '0–1',
    y: { min: 0, max: 1 },
    lines: [
      { label: 'mic (sent)', key: 'micLevel', role: 'out', dir: 'out' },
      { label: 'far end (received)', key: 'audioLevel', role: 'in', dir: 'in', needs: 'audioIn' },
    ],
  },
  { id: 'mos', title: 'MOS (received audio)', unit: '1–5', y: { min: 1, max: 5 }, lines: [{ label: 'MOS in', key: 'mos', role: 'good', dir: 'in', needs: 'audioIn' }] },
  {
    id: 'fps',
    title: 'Frame rate',
    unit: 'fps',
    video: true,
    y: { min: 0, suggestedMax: 30 },
    lines: [
      { label: 'fps in', key: 'fpsIn', role: 'in2', dir: 'in', needs: 'videoIn' },
      { label: 'fps out', key: 'fpsOut', role: 'out2', dir: 'out', needs: 'videoOut' },
    ],
  },
  {
    id: 'resolution',
    title: 'Frame height',
    unit: 'px',
    video: true,
    y: { min: 0 },
    lines: [
      { label: 'height in', key: 'heightIn', role: 'in2', dir: 'in', needs: 'videoIn' },
      { label: 'height out', key: 'heightOut', role: 'out2', dir: 'out', needs: 'videoOut' },
    ],
  },
];

export const WINDOWS = [
  { id: '60', label: 'Last minute', ms: 60_000 },
  { id: '300', label: 'Last 5 minutes', ms: 300_000 },
  { id: '900', label: 'Last 15 minutes', ms: 900_000 },
  { id: 'all', label: 'Everything', ms: Infinity },
] as const;

export interface ChartSeries {
  label: string;
  role: ChartRole;
  dir: 'in' | 'out' | 'none';
  points: { x: number; y: number }[];
}

/** First index with t >= from (points are in time order). */
export function firstAtOrAfter(points: readonly { t: number }[], from: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.t < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Seconds since the origin, to 0.1 s. */
export const xOf = (t: number, origin: number) => Math.round((t - origin) / 100) / 10;

export function seriesFor(metric: MetricDef, points: readonly ChartPoint[], origin: number, windowMs: number): ChartSeries[] {
  const end = points.at(-1)?.t ?? origin;
  const from = Number.isFinite(windowMs) ? end - windowMs : -Infinity;
  const start = firstAtOrAfter(points, from);
  return metric.lines
    .map((line) => {
      const out: { x: number; y: number }[] = [];
      for (let i = start; i < points.length; i++) {
        const p = points[i]!;
        if (line.needs && !p[line.needs]) continue;
        const y = p[line.key];
        if (typeof y === 'number' && Number.isFinite(y)) out.push({ x: xOf(p.t, origin), y });
      }
      return { label: line.label, role: line.role, dir: line.dir, points: out };
    })
    .filter((s) => s.points.length > 0);
}

/** Which streams the connection had at any time in the points. */
export function streamsOf(points: readonly ChartPoint[]): Record<Stream, boolean> {
  const has = { audioIn: false, audioOut: false, videoIn: false, videoOut: false };
  for (const p of points) {
    if (p.audioIn) has.audioIn = true;
    if (p.audioOut) has.audioOut = true;
    if (p.videoIn) has.videoIn = true;
    if (p.videoOut) has.videoOut = true;
  }
  return has;
}

/** What the connection lacks, said once instead of as empty charts. */
export function absenceNotes(points: readonly ChartPoint[]): string[] {
  if (points.length === 0) return [];
  const s = streamsOf(points);
  const notes: string[] = [];
  if (!s.videoIn && !s.videoOut) notes.push('No video in this connection: no frame rate or frame height charts.');
  if (!s.audioIn) notes.push('No received audio in this connection: no MOS (it rates the voice this side hears).');
  if (!s.audioOut) notes.push('No audio sent on this connection.');
  // "They can't hear me" starts at the microphone: say when the browser gives no level to check it by.
  else if (!points.some((p) => p.micLevel !== undefined)) notes.push('No microphone level: the browser reports no audioLevel for the sent audio (Firefox has none on media-source).');
  return notes;
}

/**
 * Bounds for Chart.js: fixed scales as they are, open ones auto-ranged but clamped to their hard limit
 * (loss never above 100 %).
 */
export function yAxis(metric: MetricDef, series: readonly ChartSeries[]): { min?: number; max?: number; suggestedMax?: number } {
  const { min, max, suggestedMax, hardMax } = metric.y;
  if (max !== undefined) return { min, max };
  let top = -Infinity;
  for (const s of series) for (const p of s.points) if (p.y > top) top = p.y;
  if (hardMax !== undefined && top > hardMax) return { min, max: hardMax };
  return { min, suggestedMax };
}

export type MarkKind = 'finding' | 'call' | 'load' | 'close' | 'focus';

export interface ChartMark {
  x: number;
  label: string;
  kind: MarkKind;
}

/** Finding times (seconds since origin) that concern this peer connection, or the whole page. */
export function findingMarks(findings: readonly Finding[], pcId: string, origin: number): number[] {
  const out: number[] = [];
  for (const f of findings) {
    const mine = f.evidence.length === 0 || f.evidence.some((e) => e.pcId === pcId || (e.kind === 'stats' && !e.pcId));
    if (mine) out.push((f.t - origin) / 1000);
  }
  return out;
}


/**
 * Where the call carried by this pc was answered, held, resumed and hung up; where page loads began;
 * where the pc closed. Findings come as marks too. All in seconds since the origin.
 */
export function chartMarks(input: {
  pcId: string;
  origin: number;
  calls: readonly CallModel[];
  findings: readonly Finding[];
  loads: readonly { ordinal: number; startedAt: number; url: string }[];
  closedAt?: number;
  /** A time another view linked to (a Calls timeline line, a finding). */
  focusT?: number;
}): ChartMark[] {
  const { pcId, origin } = input;
  const marks: ChartMark[] = findingMarks(input.findings, pcId, origin).map((x) => ({ x, label: 'finding', kind: 'finding' as const }));
  if (input.focusT !== undefined) marks.push({ x: (input.focusT - origin) / 1000, label: 'linked time', kind: 'focus' });
  for (const c of input.calls) {
    if (c.pcId !== pcId && !c.pcIds?.includes(pcId)) continue;
    let answered = false;
    let prev = '';
    for (const st of c.states) {
      let label: string | undefined;
      if (st.state === 'active') label = !answered ? 'answer' : prev === 'held' ? 'resume' : undefined;
      else if (st.state === 'held') label = 'hold';
      else if (st.state === 'hangup') label = 'hang-up';
      if (st.state === 'active') answered = true;
      prev = st.state;
      if (label) marks.push({ x: (st.t - origin) / 1000, label, kind: 'call' });
    }
  }
  // The first load starts the capture: only later loads are a change worth marking.
  for (const l of input.loads) if (l.ordinal > 1) marks.push({ x: (l.startedAt - origin) / 1000, label: `load ${l.ordinal}`, kind: 'load' });
  if (input.closedAt !== undefined) marks.push({ x: (input.closedAt - origin) / 1000, label: 'closed', kind: 'close' });
  return marks.sort((a, b) => a.x - b.x);
}

const NEAR_S = 30;

/**
 * The x range to show: the window's length back from the newest sample, never before the first
 * sample, except to take in the call's events around the media (`events`: the answer that came a
 * second before media did, the close right after the last sample).
 */
export function xRange(points: readonly { t: number }[], origin: number, windowMs: number, events?: { min?: number; max?: number }): { xMin?: number; xMax?: number } {
  const first = points[0]?.t;
  const last = points.at(-1)?.t;
  if (first === undefined || last === undefined) return {};
  // Outward to 0.1 s: rounding inward would leave the mark itself just off the axis.
  const down = (x: number) => Math.floor(x * 10) / 10;
  const up = (x: number) => Math.ceil(x * 10) / 10;
  const lastX = xOf(last, origin);
  const sampleFirstX = xOf(first, origin);
  // Only events close to the media widen the axis: a page load minutes earlier would squash the charts.
  const near = (x: number | undefined): x is number => x !== undefined && x >= 0 && x >= sampleFirstX - NEAR_S && x <= lastX + NEAR_S;
  const xMax = near(events?.max) && events.max > lastX ? up(events.max) : lastX;
  const firstX = near(events?.min) ? Math.min(sampleFirstX, down(events.min)) : sampleFirstX;
  const xMin = Number.isFinite(windowMs) ? Math.max(firstX, xMax - windowMs / 1000) : firstX;
  return { xMin, xMax: xMax > xMin ? xMax : xMin + 1 };
}

/** The span of call, load, close and linked-time marks: the charts widen to show them. */
export function eventSpan(marks: readonly ChartMark[]): { min?: number; max?: number } {
  let min: number | undefined;
  let max: number | undefined;
  for (const m of marks) {
    if (m.kind === 'finding') continue;
    if (min === undefined || m.x < min) min = m.x;
    if (max === undefined || m.x > max) max = m.x;
  }
  return { min, max };
}

/** What the picker says about a pc: its label, then closed (when, by whom) or its live states. */
export function pcPickerLabel(
  label: string,
  pc: { connectionState: string; iceConnectionState: string; closedAt?: number; closedBy?: string; log?: readonly { kind: string }[] },
  clock: (t: number) => string,
): string {
  // Seen only since a Clear (or from a bundle cut short): its creation and state changes are not in
  // the capture, so "new" would contradict the stats that show it carrying media.
  const unseen = pc.connectionState === 'unknown' || (pc.log && pc.connectionState === 'new' && !pc.log.some((e) => e.kind === 'pc.create' || e.kind === 'pc.event'));
  if (unseen && pc.closedAt === undefined) {
    return `${label} (created before the capture · state not seen yet)`;
  }
  if (pc.closedAt !== undefined || pc.connectionState === 'closed') {
    const when = pc.closedAt !== undefined ? ` at ${clock(pc.closedAt)}` : '';
    const words = closedByWords(pc.closedBy);
    const by = words ? ` ${words}` : '';
    return `${label} (closed${when}${by})`;
  }
  return `${label} (${pc.connectionState}) · ICE ${pc.iceConnectionState}`;
}
