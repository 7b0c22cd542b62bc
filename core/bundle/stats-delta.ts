/**
 * "delta-v1": how a peer connection's getStats samples are stored in a bundle.
 *
 * Each stored sample only says what changed since the sample before it. Decoding keeps a state
 * (report id -> report without its implicit timestamp) and applies each sample in order:
 *   1. `k: 1`   -> the state is emptied first (keyframe; the first sample is always one)
 *   2. `x`      -> these report ids are deleted
 *   3. `xp`     -> these properties are deleted from these reports
 *   4. `r`      -> these properties are set (report created when new)
 *   5. `n`      -> these numeric properties become `previous + diff` (IEEE double addition)
 *   6. every report in the state is emitted; one without a `timestamp` gets the sample's `ts`
 * The encoder only writes a diff in `n` when `previous + diff` gives back exactly the same double,
 * so decoding is lossless (property order inside a report may differ).
 *
 * Why: getStats counters grow by similar amounts each second, so diffs repeat and gzip well,
 * and all reports of one getStats() call share one timestamp, which is then written once.
 */
import type { Json } from '../capture/events.js';

export interface StatsSample {
  t: number;
  reports: Record<string, Record<string, Json>>;
}

export interface DeltaSample {
  /** Capture time, epoch ms. */
  t: number;
  /** Shared stats timestamp of the reports that do not carry their own. */
  ts?: number;
  k?: 1;
  r?: Record<string, Record<string, Json>>;
  n?: Record<string, Record<string, number>>;
  x?: string[];
  xp?: Record<string, string[]>;
}

type Reports = Record<string, Record<string, Json>>;

/**
 * Report ids and property names come from the page, so "__proto__" is possible: plain assignment
 * would change a prototype instead of storing data. Every dynamic key goes through these.
 */
function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
function put<T>(o: Record<string, T>, k: string, v: T): void {
  Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
}
function own<T>(o: Record<string, T>, k: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
}
function copy(o: Record<string, Json>): Record<string, Json> {
  const c = dict<Json>();
  for (const k of Object.keys(o)) put(c, k, o[k]!);
  return c;
}

function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    // NaN never reaches here (stats are JSON), so === is equality for primitives.
    return false;
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The timestamp most reports carry: written once per sample instead of once per report. */
function sharedTimestamp(reports: Reports): number | undefined {
  const counts = new Map<number, number>();
  for (const id of Object.keys(reports)) {
    const ts = own(reports[id]!, 'timestamp');
    // A report without a timestamp would wrongly get one on decoding: then share nothing.
    if (typeof ts !== 'number') return undefined;
    counts.set(ts, (counts.get(ts) ?? 0) + 1);
  }
  let best: number | undefined;
  let bestCount = 0;
  for (const [ts, c] of counts) {
    if (c > bestCount) {
      best = ts;
      bestCount = c;
    }
  }
  return best;
}

function strip(reports: Reports, ts: number | undefined): Reports {
  const out = dict<Record<string, Json>>();
  for (const id of Object.keys(reports)) {
    const rep = reports[id]!;
    if (ts !== undefined && own(rep, 'timestamp') === ts) {
      const rest = copy(rep);
      delete rest.timestamp;
      put(out, id, rest);
    } else {
      put(out, id, rep);
    }
  }
  return out;
}

function numericDiff(prev: Json | undefined, next: Json): number | undefined {
  if (typeof prev !== 'number' || typeof next !== 'number') return undefined;
  const d = next - prev;
  if (!Number.isFinite(d) || prev + d !== next) return undefined;
  // Only worth it when the diff is shorter to write than the value itself.
  return String(d).length < String(next).length ? d : undefined;
}

export interface EncodeOptions {
  /** Write a keyframe every N samples (0: only the first). Keyframes let a reader start mid-way. */
  keyframeEvery?: number;
}

export function encodeStats(samples: readonly StatsSample[], opts: EncodeOptions = {}): DeltaSample[] {
  const every = opts.keyframeEvery ?? 0;
  const out: DeltaSample[] = [];
  let prev: Reports | undefined;
  samples.forEach((sample, i) => {
    const ts = sharedTimestamp(sample.reports);
    const cur = strip(sample.reports, ts);
    const enc: DeltaSample = { t: sample.t };
    if (ts !== undefined) enc.ts = ts;
    if (!prev || (every > 0 && i % every === 0)) {
      enc.k = 1;
      enc.r = cur;
    } else {
      const r = dict<Record<string, Json>>();
      const n = dict<Record<string, number>>();
      const x: string[] = [];
      const xp = dict<string[]>();
      const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
      for (const id of Object.keys(prev)) if (!has(cur, id)) x.push(id);
      for (const id of Object.keys(cur)) {
        const now = cur[id]!;
        const before = own(prev, id);
        if (!before) {
          put(r, id, now);
          continue;
        }
        for (const p of Object.keys(before)) {
          if (!has(now, p)) {
            if (!own(xp, id)) put(xp, id, []);
            xp[id]!.push(p);
          }
        }
        for (const p of Object.keys(now)) {
          const v = now[p]!;
          const old = own(before, p);
          if (has(before, p) && sameJson(old, v)) continue;
          const d = numericDiff(old, v);
          if (d !== undefined) {
            if (!own(n, id)) put(n, id, dict<number>());
            put(n[id]!, p, d);
          } else {
            if (!own(r, id)) put(r, id, dict<Json>());
            put(r[id]!, p, v);
          }
        }
      }
      if (Object.keys(r).length) enc.r = r;
      if (Object.keys(n).length) enc.n = n;
      if (x.length) enc.x = x;
      if (Object.keys(xp).length) enc.xp = xp;
    }
    out.push(enc);
    prev = cur;
  });
  return out;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Rebuilds the samples. Tolerates damaged input (a bundle from disk): malformed parts of a sample
 * are skipped rather than thrown on, and `problems` counts them.
 */
export function decodeStats(samples: readonly DeltaSample[]): { samples: StatsSample[]; problems: number } {
  const out: StatsSample[] = [];
  let state: Reports = dict();
  let problems = 0;
  for (const s of samples) {
    if (!isObj(s) || typeof s.t !== 'number') {
      problems++;
      continue;
    }
    if (s.k === 1) state = dict();
    if (Array.isArray(s.x)) for (const id of s.x) if (typeof id === 'string') delete state[id];
    if (isObj(s.xp)) {
      for (const [id, props] of Object.entries(s.xp)) {
        const rep = own(state, id);
        if (!rep || !Array.isArray(props)) continue;
        for (const p of props) if (typeof p === 'string') delete rep[p];
      }
    }
    if (isObj(s.r)) {
      for (const [id, props] of Object.entries(s.r)) {
        if (!isObj(props)) {
          problems++;
          continue;
        }
        const rep = copy(own(state, id) ?? {});
        for (const p of Object.keys(props)) put(rep, p, props[p] as Json);
        put(state, id, rep);
      }
    }
    if (isObj(s.n)) {
      for (const [id, diffs] of Object.entries(s.n)) {
        const rep = own(state, id);
        if (!rep || !isObj(diffs)) {
          problems++;
          continue;
        }
        for (const [p, d] of Object.entries(diffs)) {
          const before = own(rep, p);
          if (typeof before === 'number' && typeof d === 'number') put(rep, p, before + d);
          else problems++;
        }
      }
    }
    const reports = dict<Record<string, Json>>();
    for (const id of Object.keys(state)) {
      const rep = copy(state[id]!);
      if (typeof s.ts === 'number' && own(rep, 'timestamp') === undefined) put(rep, 'timestamp', s.ts);
      put(reports, id, rep);
    }
    out.push({ t: s.t, reports });
  }
  return { samples: out, problems };
}
