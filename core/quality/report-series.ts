/**
 * Any numeric field of any getStats report as a time series, the way chrome://webrtc-internals
 * offers every field, but in the form a person reads: counters (bytes, packets, nackCount, …) as
 * rates per second with the raw total kept beside each point, seconds as milliseconds, and
 * totals that only mean something divided by their count (jitterBufferDelay / jitterBufferEmittedCount)
 * as that average over each interval. Text fields (qualityLimitationReason) become segments with
 * durations.
 */
import type { Json, PcStats } from '../capture/events.js';

type Report = Record<string, Json>;

export interface ReportChoice {
  id: string;
  type: string;
  /** "inbound-rtp audio ssrc 1234", "candidate-pair (selected)": what to pick from. */
  label: string;
}

export interface FieldPoint {
  t: number;
  y: number;
  /** The value as the browser reported it (the running total for a counter). */
  raw: number;
}

export type FieldMode = 'gauge' | 'rate' | 'ratio';

export interface FieldSeries {
  field: string;
  mode: FieldMode;
  unit: string;
  points: FieldPoint[];
}

export interface Segment {
  value: string;
  from: number;
  to: number;
}

/** Totals divided by their count give a per-item average in ms: [total (seconds), count]. */
export const RATIOS: Record<string, readonly [string, string]> = {
  'jitterBufferDelay/jitterBufferEmittedCount': ['jitterBufferDelay', 'jitterBufferEmittedCount'],
  'jitterBufferTargetDelay/jitterBufferEmittedCount': ['jitterBufferTargetDelay', 'jitterBufferEmittedCount'],
  'jitterBufferMinimumDelay/jitterBufferEmittedCount': ['jitterBufferMinimumDelay', 'jitterBufferEmittedCount'],
  'totalDecodeTime/framesDecoded': ['totalDecodeTime', 'framesDecoded'],
  'totalEncodeTime/framesEncoded': ['totalEncodeTime', 'framesEncoded'],
  'totalProcessingDelay/framesDecoded': ['totalProcessingDelay', 'framesDecoded'],
  'totalPacketSendDelay/packetsSent': ['totalPacketSendDelay', 'packetsSent'],
  'totalRoundTripTime/responsesReceived': ['totalRoundTripTime', 'responsesReceived'],
  'totalRoundTripTime/roundTripTimeMeasurements': ['totalRoundTripTime', 'roundTripTimeMeasurements'],
};

/** Fields that hold seconds a person reads in ms. */
const SECONDS = new Set(['jitter', 'roundTripTime', 'currentRoundTripTime', 'totalRoundTripTime']);

/**
 * Counters only grow; a human wants their rate. Named by the spec's conventions: *Count, bytes*,
 * packets*, frames* (not framesPerSecond), total*, *Sent/*Received/*Lost/*Discarded, concealment.
 */
export function isCounter(field: string): boolean {
  if (field === 'framesPerSecond' || field === 'fractionLost') return false;
  if (/(Count|Measurements)$/.test(field)) return true;
  if (/^(bytes|packets|headerBytes|retransmitted|frames|keyFrames|fec|total|concealed|silentConcealed|inserted|removed|qpSum|hugeFrames|requests|responses|consent|samples|nack|pli|fir)/.test(field)) return true;
  return /(Sent|Received|Lost|Discarded|Decoded|Encoded|Dropped|Assembled|Rendered)$/.test(field);
}

function num(v: Json | undefined): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** First sample at or after t (samples are in time order). */
export function firstSampleAt(stats: readonly PcStats[], t: number): number {
  let lo = 0;
  let hi = stats.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (stats[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function describe(id: string, r: Report, selectedPair: string | undefined): string {
  const type = String(r.type);
  const kind = typeof r.kind === 'string' ? ` ${r.kind}` : '';
  if (type.endsWith('-rtp')) return `${type}${kind} ssrc ${String(r.ssrc ?? '?')}`;
  if (type === 'candidate-pair') return `candidate-pair ${id}${id === selectedPair ? ' (selected)' : ''}${typeof r.state === 'string' ? ` ${r.state}` : ''}`;
  if (type === 'codec' && typeof r.mimeType === 'string') return `codec ${r.mimeType} ${id}`;
  if (type === 'media-source') return `media-source${kind} ${id}`;
  return `${type} ${id}`;
}

/** Reports of a sample to pick from, grouped by type (RTP first: what people chart most). */
export function reportChoices(sample: PcStats | undefined): ReportChoice[] {
  if (!sample) return [];
  let selected: string | undefined;
  for (const r of Object.values(sample.reports)) if (r.type === 'transport' && typeof r.selectedCandidatePairId === 'string') selected = r.selectedCandidatePairId;
  const rank = (type: string) => ['inbound-rtp', 'outbound-rtp', 'remote-inbound-rtp', 'remote-outbound-rtp', 'media-source', 'candidate-pair', 'transport'].indexOf(type);
  return Object.entries(sample.reports)
    .filter(([, r]) => typeof r.type === 'string')
    .map(([id, r]) => ({ id, type: String(r.type), label: describe(id, r, selected) }))
    .sort((a, b) => {
      const ra = rank(a.type) < 0 ? 99 : rank(a.type);
      const rb = rank(b.type) < 0 ? 99 : rank(b.type);
      return ra - rb || a.label.localeCompare(b.label);
    });
}

/** Numeric fields of one report (timestamp aside), then the ratios its fields allow. */
export function numericFields(sample: PcStats | undefined, reportId: string): string[] {
  const r = sample?.reports[reportId];
  if (!r) return [];
  const fields = Object.keys(r).filter((k) => k !== 'timestamp' && num(r[k]) !== undefined).sort();
  const ratios = Object.entries(RATIOS).filter(([, [a, b]]) => num(r[a]) !== undefined && num(r[b]) !== undefined).map(([name]) => name);
  return [...fields, ...ratios];
}

/** Text fields of one report worth a strip (state-like values, not ids). */
export function textFields(sample: PcStats | undefined, reportId: string): string[] {
  const r = sample?.reports[reportId];
  if (!r) return [];
  return Object.keys(r)
    .filter((k) => typeof r[k] === 'string' && !/Id$|^id$|^type$|^kind$|mid|Identifier|address|ip$|url|mimeType|sdpFmtpLine|^foundation$|usernameFragment|encoderImplementation|decoderImplementation|^trackIdentifier$/.test(k))
    .sort();
}

export function modeOf(field: string): FieldMode {
  if (field in RATIOS) return 'ratio';
  return isCounter(field) ? 'rate' : 'gauge';
}

function unitOf(field: string, mode: FieldMode): string {
  if (mode === 'ratio') return 'ms';
  if (SECONDS.has(field)) return mode === 'rate' ? 'ms/s' : 'ms';
  if (mode === 'rate') return /^bytes|Bytes/.test(field) ? 'kbps' : '/s';
  if (/Bitrate$/.test(field)) return 'kbps';
  return '';
}

/** One field of one report over the samples from `fromT` on. */
export function fieldSeries(stats: readonly PcStats[], reportId: string, field: string, fromT = -Infinity): FieldSeries {
  const mode = modeOf(field);
  const unit = unitOf(field, mode);
  const points: FieldPoint[] = [];
  const start = Math.max(0, firstSampleAt(stats, fromT) - 1);
  const [totalF, countF] = RATIOS[field] ?? [field, ''];
  let prev: { t: number; a: number; b: number } | undefined;
  for (let i = start; i < stats.length; i++) {
    const s = stats[i]!;
    const r = s.reports[reportId];
    if (!r) {
      prev = undefined;
      continue;
    }
    const t = num(r.timestamp) ?? s.t;
    const a = num(r[totalF]);
    if (a === undefined) continue;
    const b = mode === 'ratio' ? num(r[countF]) : 0;
    if (b === undefined) continue;
    const p = prev;
    prev = { t, a, b };
    if (mode === 'gauge') {
      if (s.t >= fromT) points.push({ t: s.t, y: SECONDS.has(field) ? a * 1000 : unit === 'kbps' ? a / 1000 : a, raw: a });
      continue;
    }
    // A counter that went down restarted (sender replaced): no point for that interval.
    if (!p || t <= p.t || a < p.a || b < p.b || s.t < fromT) continue;
    if (mode === 'ratio') {
      if (b > p.b) points.push({ t: s.t, y: ((a - p.a) / (b - p.b)) * 1000, raw: a });
      continue;
    }
    const perS = (a - p.a) / ((t - p.t) / 1000);
    points.push({ t: s.t, y: unit === 'kbps' ? (perS * 8) / 1000 : SECONDS.has(field) ? perS * 1000 : perS, raw: a });
  }
  return { field, mode, unit, points };
}

/** A text field's runs of equal values, e.g. qualityLimitationReason none → bandwidth → none. */
export function textSegments(stats: readonly PcStats[], reportId: string, field: string, fromT = -Infinity): Segment[] {
  const out: Segment[] = [];
  for (let i = firstSampleAt(stats, fromT); i < stats.length; i++) {
    const s = stats[i]!;
    const v = stats[i]!.reports[reportId]?.[field];
    if (typeof v !== 'string') continue;
    const last = out.at(-1);
    if (last && last.value === v) last.to = s.t;
    else {
      if (last) last.to = s.t;
      out.push({ value: v, from: s.t, to: s.t });
    }
  }
  return out;
}

/** Total seconds per value over the segments, largest first: "bandwidth 12 s, none 48 s". */
export function segmentTotals(segments: readonly Segment[]): { value: string; seconds: number }[] {
  const m = new Map<string, number>();
  for (const s of segments) m.set(s.value, (m.get(s.value) ?? 0) + (s.to - s.from) / 1000);
  return [...m].map(([value, seconds]) => ({ value, seconds })).sort((a, b) => b.seconds - a.seconds);
}

/** One RTP stream at a glance, in or out: the counters webrtc-internals spreads over many graphs. */
export interface StreamRow {
  id: string;
  dir: 'in' | 'out';
  kind: string;
  ssrc: string;
  /** Totals since the stream started, as the browser reports them. */
  packets?: number;
  packetsLost?: number;
  nackCount?: number;
  pliCount?: number;
  firCount?: number;
  /** Inbound audio: samples concealed (played as invented audio) and their share of all received. */
  concealedSamples?: number;
  concealedPct?: number;
  /** Inbound: average jitter-buffer delay over the whole stream, ms. */
  jitterBufferMs?: number;
  /** Outbound video: why the encoder held back, and for how long each reason applied (seconds). */
  qualityLimitationReason?: string;
  qualityLimitationDurations?: { reason: string; seconds: number }[];
}

/** Every inbound-rtp and outbound-rtp report of a sample, inbound first, audio before video. */
export function streamRows(sample: PcStats | undefined): StreamRow[] {
  if (!sample) return [];
  const rows: StreamRow[] = [];
  for (const [id, r] of Object.entries(sample.reports)) {
    const dir = r.type === 'inbound-rtp' ? 'in' : r.type === 'outbound-rtp' ? 'out' : undefined;
    if (!dir) continue;
    const row: StreamRow = { id, dir, kind: String(r.kind ?? r.mediaType ?? ''), ssrc: String(r.ssrc ?? '') };
    row.packets = num(dir === 'in' ? r.packetsReceived : r.packetsSent);
    row.packetsLost = dir === 'in' ? num(r.packetsLost) : undefined;
    row.nackCount = num(r.nackCount);
    row.pliCount = num(r.pliCount);
    row.firCount = num(r.firCount);
    const concealed = num(r.concealedSamples);
    const total = num(r.totalSamplesReceived);
    if (concealed !== undefined) {
      row.concealedSamples = concealed;
      if (total) row.concealedPct = (concealed / total) * 100;
    }
    const jbd = num(r.jitterBufferDelay);
    const jbc = num(r.jitterBufferEmittedCount);
    if (jbd !== undefined && jbc) row.jitterBufferMs = (jbd / jbc) * 1000;
    if (typeof r.qualityLimitationReason === 'string') row.qualityLimitationReason = r.qualityLimitationReason;
    const d = r.qualityLimitationDurations;
    if (d && typeof d === 'object' && !Array.isArray(d)) {
      row.qualityLimitationDurations = Object.entries(d)
        .filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0)
        .map(([reason, seconds]) => ({ reason, seconds }))
        .sort((a, b) => b.seconds - a.seconds);
    }
    rows.push(row);
  }
  return rows.sort((a, b) => (a.dir === b.dir ? 0 : a.dir === 'in' ? -1 : 1) || a.kind.localeCompare(b.kind) || a.ssrc.localeCompare(b.ssrc));
}
