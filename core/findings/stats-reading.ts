/**
 * How the media rules read raw getStats reports: typed field access on hostile input, the reports of one
 * type, each report's value at the previous sample (so a rule sees what a counter grew by in one interval),
 * and which ways a connection's negotiation lets one media kind flow.
 */
import type { Json } from '../capture/events.js';
import type { RuleContext, StatsReports } from './types.js';

export type Report = Record<string, Json>;

export function num(r: Report | undefined, field: string): number | undefined {
  const v = r?.[field];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function str(r: Report | undefined, field: string): string | undefined {
  const v = r?.[field];
  return typeof v === 'string' ? v : undefined;
}

/** audio / video from `kind` (or the older `mediaType`), else undefined. */
export function kindOf(r: Report): 'audio' | 'video' | undefined {
  const k = str(r, 'kind') ?? str(r, 'mediaType');
  return k === 'audio' || k === 'video' ? k : undefined;
}

/** The reports of one type (and media kind), with their ids, skipping anything that is not an object. */
export function reportsOf(reports: StatsReports, type: string, kind?: 'audio' | 'video'): [string, Report][] {
  const out: [string, Report][] = [];
  for (const id in reports) {
    const r = reports[id];
    if (!r || typeof r !== 'object' || Array.isArray(r) || r.type !== type) continue;
    if (kind && kindOf(r) !== kind) continue;
    out.push([id, r]);
  }
  return out;
}

/** What a counter grew by since the previous report; undefined when either is missing or it went back (a reset). */
export function grew(cur: Report | undefined, prev: Report | undefined, field: string): number | undefined {
  const a = num(cur, field);
  const b = num(prev, field);
  if (a === undefined || b === undefined || a < b) return undefined;
  return a - b;
}

/** Each report as the previous sample of its connection had it. */
export class PreviousReports {
  private readonly last = new Map<string, Report>();

  /** Stores `r` as the latest for (pcId, id) and returns the one it replaces. */
  swap(pcId: string, id: string, r: Report): Report | undefined {
    const key = `${pcId}\u0000${id}`;
    const before = this.last.get(key);
    this.last.set(key, r);
    return before;
  }
}

/**
 * Whether the last SDP answer lets this side send (or receive) `kind`. Before any answer, or when the answer
 * has no section of that kind (an SDP the parser could not read), nothing says otherwise: judged.
 */
export function negotiates(ctx: RuleContext, pcId: string, kind: 'audio' | 'video', way: 'send' | 'recv'): boolean {
  const sections = ctx.pc(pcId)?.negotiated?.sections.filter((s) => s.kind === kind);
  if (!sections || sections.length === 0) return true;
  const ok = way === 'send' ? ['sendrecv', 'sendonly'] : ['sendrecv', 'recvonly'];
  return sections.some((s) => ok.includes(s.direction));
}

/** On hold, or being re-attached: media may stop or go silent by design. */
export function heldOrRecovering(ctx: RuleContext, pcId: string): boolean {
  const call = ctx.callOfPc(pcId);
  return !!call && (call.held === true || call.state === 'held' || call.state === 'recovering');
}
