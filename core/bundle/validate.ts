/**
 * A small JSON Schema checker for the subset ./schema.ts uses (no dependency), and a repairer:
 * the importer keeps whatever of a damaged bundle still fits the schema (dropping broken list
 * entries, resetting broken fields that have a default) and says what it dropped.
 */
import { bundleSchema, type Schema, type SchemaType } from './schema.js';

export interface SchemaProblem {
  path: string;
  message: string;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function resolve(s: Schema, root: Schema): Schema {
  let cur = s;
  for (let i = 0; cur.$ref && i < 20; i++) {
    const name = cur.$ref.replace(/^#\/\$defs\//, '');
    cur = root.$defs?.[name] ?? {};
  }
  return cur;
}

function matchesType(v: unknown, type: SchemaType): boolean {
  switch (type) {
    case 'object':
      return isObj(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}

/** Why `v` does not fit `s` itself (not looking inside objects and lists), or undefined. */
function ownProblem(v: unknown, s: Schema): string | undefined {
  if (s.const !== undefined && v !== s.const) return `should be ${JSON.stringify(s.const)} but is ${describe(v)}`;
  if (s.enum && !s.enum.includes(v as never)) return `should be one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')} but is ${describe(v)}`;
  if (s.type) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((ty) => matchesType(v, ty))) return `should be ${types.join(' or ')} but is ${describe(v)}`;
  }
  if (typeof s.minimum === 'number' && typeof v === 'number' && v < s.minimum) return `should be at least ${s.minimum} but is ${v}`;
  return undefined;
}

function join(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function check(v: unknown, schema: Schema, path: string, root: Schema, out: SchemaProblem[], max: number): void {
  if (out.length >= max) return;
  const s = resolve(schema, root);
  const p = ownProblem(v, s);
  if (p) {
    out.push({ path, message: p });
    return;
  }
  if (isObj(v)) {
    for (const k of s.required ?? []) if (!(k in v)) out.push({ path: join(path, k), message: 'is missing' });
    for (const [k, sub] of Object.entries(s.properties ?? {})) {
      if (Object.prototype.hasOwnProperty.call(v, k) && v[k] !== undefined) check(v[k], sub, join(path, k), root, out, max);
    }
    const extra = s.additionalProperties;
    if (extra !== undefined && extra !== true) {
      for (const k of Object.keys(v)) {
        if (s.properties && k in s.properties) continue;
        if (extra === false) out.push({ path: join(path, k), message: 'is not allowed here' });
        else check(v[k], extra, join(path, k), root, out, max);
      }
    }
  } else if (Array.isArray(v) && s.items) {
    for (let i = 0; i < v.length && out.length < max; i++) check(v[i], s.items, join(path, i), root, out, max);
  }
}

/** Problems of `value` against the schema (bundle format v1 by default), at most `max`. */
export function validateBundle(value: unknown, schema: Schema = bundleSchema, max = 50): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  check(value, schema, '$', schema, out, max);
  return out;
}

// ---------------- repair ----------------

type Fixed = { ok: true; value: unknown } | { ok: false; why: string; path: string; reason: string };

/**
 * One part of a bundle the importer could not read as it was, as data for the screen that opened it
 * (the Overview says "sockets: should be a list but is the text "…": left empty").
 */
export interface ImportProblem {
  /** Where, as a pattern: "sockets", "sockets[].frames[]", "calls[].hangup" (one entry per pattern). */
  path: string;
  /** What was wrong with the first one met: "should be array but is the text \"oops\"". */
  reason: string;
  /**
   * What the importer did: `reset` (replaced by its empty default: its content is lost), `dropped` (the damaged
   * entries were left out, the rest kept), `recovered` (read in another shape, nothing lost).
   */
  action: 'reset' | 'dropped' | 'recovered';
  /** How many times it happened at that path (e.g. 312 damaged frames). */
  count: number;
  /** reason + what it means, one sentence without the path. */
  message: string;
}

interface RepairCtx {
  root: Schema;
  /** Counts by path pattern ("sockets[].frames[]") so 10 000 damaged frames make one warning. */
  dropped: Map<string, number>;
  reset: Map<string, number>;
  problems: Map<string, ImportProblem>;
}

const ACTION_WORDS: Record<ImportProblem['action'], string> = {
  reset: 'nothing in it could be read, so it was left empty',
  dropped: 'left out; the rest was kept',
  recovered: 'read anyway, nothing lost',
};

function note(ctx: RepairCtx, path: string, reason: string, action: ImportProblem['action']): void {
  const key = `${action} ${pattern(path)}`;
  const p = ctx.problems.get(key);
  if (p) {
    p.count++;
    return;
  }
  const where = pattern(path).replace(/^\$\.?/, '') || '(the whole file)';
  ctx.problems.set(key, { path: where, reason, action, count: 1, message: `${reason}: ${ACTION_WORDS[action]}` });
}

/** The path of a failure below `path`, relative to the entry: "frames[].t is missing" for an entry of a list. */
function below(why: { path: string; reason: string }, path: string): string {
  const rest = why.path.startsWith(path) ? why.path.slice(path.length).replace(/^\./, '') : why.path;
  return rest ? `${pattern(rest)} ${why.reason}` : why.reason;
}

/** A list stored as an object keyed by id ({"ws-1": {...}}): every value an object, read as the list. */
function listInObject(v: unknown, s: Schema): unknown[] | undefined {
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (!types.includes('array') || !s.items || !isObj(v)) return undefined;
  const values = Object.values(v);
  return values.length > 0 && values.every(isObj) ? values : undefined;
}

const pattern = (path: string) => path.replace(/\[\d+\]/g, '[]');
const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
const clone = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

function fix(v: unknown, schema: Schema, path: string, ctx: RepairCtx): Fixed {
  const s = resolve(schema, ctx.root);
  const asList = listInObject(v, s);
  if (asList) {
    note(ctx, path, `should be a list but is an object of ${asList.length} ${asList.length === 1 ? 'entry' : 'entries'}`, 'recovered');
    v = asList;
  }
  const p = ownProblem(v, s);
  if (p) {
    if ('default' in s) {
      bump(ctx.reset, pattern(path));
      note(ctx, path, p, 'reset');
      return { ok: true, value: clone(s.default) };
    }
    return { ok: false, why: `${path} ${p}`, path, reason: p };
  }
  if (isObj(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) Object.defineProperty(out, k, { value: v[k], enumerable: true, writable: true, configurable: true });
    const props = s.properties ?? {};
    const required = new Set(s.required ?? []);
    for (const [k, sub] of Object.entries(props)) {
      const has = Object.prototype.hasOwnProperty.call(v, k) && v[k] !== undefined;
      if (!has) {
        if (!required.has(k)) continue;
        const def = resolve(sub, ctx.root);
        if ('default' in def) {
          bump(ctx.reset, pattern(join(path, k)));
          note(ctx, join(path, k), 'is missing', 'reset');
          out[k] = clone(def.default);
          continue;
        }
        return { ok: false, why: `${join(path, k)} is missing`, path: join(path, k), reason: 'is missing' };
      }
      const r = fix(v[k], sub, join(path, k), ctx);
      if (r.ok) out[k] = r.value;
      else if (required.has(k)) return r;
      else {
        bump(ctx.reset, pattern(join(path, k)));
        note(ctx, join(path, k), below(r, join(path, k)), 'reset');
        delete out[k];
      }
    }
    const extra = s.additionalProperties;
    if (isObj(extra)) {
      for (const k of Object.keys(v)) {
        if (k in props) continue;
        const r = fix(v[k], extra, join(path, k), ctx);
        if (r.ok) Object.defineProperty(out, k, { value: r.value, enumerable: true, writable: true, configurable: true });
        else {
          bump(ctx.dropped, pattern(join(path, k)));
          note(ctx, join(path, k), below(r, join(path, k)), 'dropped');
          delete out[k];
        }
      }
    }
    return { ok: true, value: out };
  }
  if (Array.isArray(v) && s.items) {
    const out: unknown[] = [];
    v.forEach((item, i) => {
      const r = fix(item, s.items!, join(path, i), ctx);
      if (r.ok) out.push(r.value);
      else {
        bump(ctx.dropped, pattern(join(path, i)));
        note(ctx, join(path, i), below(r, join(path, i)), 'dropped');
      }
    });
    return { ok: true, value: out };
  }
  return { ok: true, value: v };
}

export interface Repaired {
  ok: boolean;
  value: unknown;
  /** What was dropped or reset, for a person. */
  warnings: string[];
  /** When not ok: the first thing that could not be repaired. */
  why?: string;
  /** The same as `warnings`, as data: one entry per path and action, with the first reason met. */
  problems: ImportProblem[];
}

export function repair(value: unknown, schema: Schema = bundleSchema): Repaired {
  const ctx: RepairCtx = { root: schema, dropped: new Map(), reset: new Map(), problems: new Map() };
  const r = fix(value, schema, '$', ctx);
  const warnings: string[] = [];
  for (const [p, n] of ctx.dropped) warnings.push(`${n} damaged ${n === 1 ? 'entry' : 'entries'} of ${p.replace(/^\$\.?/, '')} left out.`);
  for (const [p, n] of ctx.reset) warnings.push(`${p.replace(/^\$\.?/, '')} was missing or damaged${n > 1 ? ` (${n}×)` : ''} and set to its default.`);
  for (const p of ctx.problems.values()) if (p.action === 'recovered') warnings.push(`${p.path} ${p.reason}: read as a list, nothing lost.`);
  const problems = [...ctx.problems.values()];
  return r.ok ? { ok: true, value: r.value, warnings, problems } : { ok: false, value, warnings, why: r.why, problems };
}
