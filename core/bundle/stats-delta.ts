/**
 * "delta-v1": how a peer connection's getStats samples are stored in a bundle.
 *
 * Each stored sample only says what changed since the sample before it. Decoding keeps a state
 * (report id -> report without its implicit timestamp) and a column list (pairs [report id,
 * property] of numeric properties), and applies each sample in order:
 *   1. `k: 1` -> state and column list are emptied first (keyframe; the first sample is one)
 *   2. `x`    -> these report ids are deleted
 *   3. `xp`   -> these properties are deleted from these reports: {id: [prop, ...]}
 *   4. `r`    -> these properties are set, reports created when new: {id: {prop: value}}
 *   5. `c`    -> the column list becomes this list of [id, prop] pairs (kept until restated)
 *   6. `n`    -> one number per column: when not 0, that property becomes `previous + n[i]`
 *                (IEEE double addition)
 *   7. every report in the state is emitted; one without `timestamp` gets the sample's `ts`
 * The encoder only writes a diff in `n` when `previous + diff` gives back exactly the same double,
 * so decoding is lossless (property order inside a report may differ).
 *
 * Why: getStats counters grow by similar amounts each second, so the diff columns repeat and
 * gzip well without repeating property names; all reports of one getStats() call share one
 * timestamp, which is then written once.
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
  c?: [string, string][];
  n?: number[];
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
  // Only "__proto__" needs the slow path, and only on objects that still have a prototype.
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  else o[k] = v;
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

function decimals(x: number): number {
  const s = String(x);
  const e = s.indexOf('e');
  if (e >= 0) return 20;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

function numericDiff(prev: Json | undefined, next: Json): number | undefined {
  if (typeof prev !== 'number' || typeof next !== 'number') return undefined;
  const d = next - prev;
  if (!Number.isFinite(d)) return undefined;
  // Integer counters: the diff repeats from sample to sample and gzips far better than the value.
  if (Number.isInteger(d) && Number.isInteger(next) && Number.isInteger(prev)) return prev + d === next ? d : undefined;
  // Floats: the plain difference of 4.005 and 5.006 prints as 1.0009999999999994; the same diff
  // rounded to the values' decimals (1.001) often adds back to exactly the same double. Take the
  // shortest candidate that does, and only when it is not longer to write than the value.
  const k = Math.max(decimals(prev), decimals(next));
  let best: number | undefined;
  for (const c of k <= 15 ? [Number(d.toFixed(k)), d] : [d]) {
    if (Number.isFinite(c) && prev + c === next && (best === undefined || String(c).length < String(best).length)) best = c;
  }
  return best !== undefined && String(best).length <= String(next).length ? best : undefined;
}

export interface EncodeOptions {
  /** Write a keyframe every N samples (0: only the first). Keyframes let a reader start mid-way. */
  keyframeEvery?: number;
}

export function encodeStats(samples: readonly StatsSample[], opts: EncodeOptions = {}): DeltaSample[] {
  const every = opts.keyframeEvery ?? 0;
  const out: DeltaSample[] = [];
  let prev: Reports | undefined;
  let cols: [string, string][] = [];
  const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
  samples.forEach((sample, i) => {
    const ts = sharedTimestamp(sample.reports);
    const cur = strip(sample.reports, ts);
    const enc: DeltaSample = { t: sample.t };
    if (ts !== undefined) enc.ts = ts;
    if (!prev || (every > 0 && i % every === 0)) {
      enc.k = 1;
      enc.r = cur;
      cols = [];
    } else {
      const r = dict<Record<string, Json>>();
      const diffs = new Map<string, number>();
      const x: string[] = [];
      const xp = dict<string[]>();
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
          if (d !== undefined) diffs.set(colKey(id, p), d);
          else {
            if (!own(r, id)) put(r, id, dict<Json>());
            put(r[id]!, p, v);
          }
        }
      }
      // Columns stay while their property is still a number, so the list is rarely restated.
      const alive = cols.filter(([id, p]) => {
        const rep = own(cur, id);
        return rep !== undefined && typeof own(rep, p) === 'number';
      });
      const known = new Set(alive.map(([id, p]) => colKey(id, p)));
      const added = [...diffs.keys()].filter((k) => !known.has(k));
      if (added.length || alive.length !== cols.length) {
        cols = [...alive, ...added.map((k) => splitCol(k))];
        enc.c = cols.map(([id, p]) => [id, p]);
      }
      const n = cols.map(([id, p]) => diffs.get(colKey(id, p)) ?? 0);
      if (Object.keys(r).length) enc.r = r;
      if (n.some((d) => d !== 0)) enc.n = n;
      if (x.length) enc.x = x;
      if (Object.keys(xp).length) enc.xp = xp;
    }
    out.push(enc);
    prev = cur;
  });
  return out;
}

// Report ids and property names never contain NUL, so it separates them safely.
const colKey = (id: string, p: string) => `${id}\u0000${p}`;
function splitCol(k: string): [string, string] {
  const i = k.indexOf('\u0000');
  return [k.slice(0, i), k.slice(i + 1)];
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
  let cols: [string, string][] = [];
  let problems = 0;
  for (const s of samples) {
    if (!isObj(s) || typeof s.t !== 'number') {
      problems++;
      continue;
    }
    if (s.k === 1) {
      state = dict();
      cols = [];
    }
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
    if (Array.isArray(s.c)) {
      cols = s.c.filter(
        (c): c is [string, string] => Array.isArray(c) && typeof c[0] === 'string' && typeof c[1] === 'string',
      );
      if (cols.length !== s.c.length) problems++;
    }
    if (Array.isArray(s.n)) {
      s.n.forEach((d, i) => {
        if (d === 0) return;
        const col = cols[i];
        const rep = col && own(state, col[0]);
        const before = rep && own(rep, col[1]);
        if (rep && typeof before === 'number' && typeof d === 'number') put(rep, col[1], before + d);
        else problems++;
      });
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
