/**
 * A peer connection's API log as rows a person reads: each call with its arguments in short
 * (`setLocalDescription(offer)`, `addIceCandidate(… typ host)`), its outcome and duration beside it,
 * events with their data, and any SDP kept whole for a line-by-line view.
 */
import type { CaptureEvent, Json } from '../../core/capture/events.js';

export interface ApiRow {
  t: number;
  kind: 'create' | 'call' | 'event';
  /** "setLocalDescription(offer)", "connectionstatechange". */
  title: string;
  /** Event data or a call's extra arguments, in one short line. */
  detail?: string;
  /** Outcome of a call; absent while it has not settled. */
  result?: { ok: boolean; text: string; ms: number };
  /** SDP the call carried or returned, whole. */
  sdp?: { label: string; text: string };
}

const MAX = 160;

function short(text: string, max = MAX): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

function compact(v: Json | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return short(v);
  return short(JSON.stringify(v));
}

function isObj(v: Json | undefined): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function descOf(v: Json | undefined): { type: string; sdp: string } | undefined {
  if (!isObj(v) || typeof v.sdp !== 'string') return undefined;
  return { type: typeof v.type === 'string' ? v.type : '', sdp: v.sdp };
}

/** The arguments of a call in the few words that identify it. */
function argSummary(method: string, args: readonly Json[]): string {
  if (args.length === 0) return '';
  const first = args[0];
  const desc = descOf(first);
  if (desc) return desc.type || 'description';
  if (isObj(first) && typeof first.type === 'string' && Object.keys(first).length === 1) return first.type;
  if (method === 'addIceCandidate') {
    if (first === null || (isObj(first) && !first.candidate)) return 'end of candidates';
    if (isObj(first) && typeof first.candidate === 'string') return short(first.candidate, 90);
  }
  if (isObj(first) && typeof first.kind === 'string' && (method === 'addTrack' || method === 'addTransceiver')) {
    const rest = args.length > 1 ? `, ${args.length - 1} more` : '';
    return `${first.kind} track${typeof first.label === 'string' && first.label ? ` "${short(first.label, 40)}"` : ''}${rest}`;
  }
  return args.map((a) => compact(a)).join(', ');
}

function resultText(ok: boolean, value: Json | undefined): string {
  if (!ok) {
    if (isObj(value)) return `${String(value.name ?? 'Error')}: ${short(String(value.message ?? ''))}`;
    return `error ${compact(value)}`;
  }
  const desc = descOf(value);
  if (desc) return `${desc.type || 'description'} (${desc.sdp.split(/\r?\n/).filter(Boolean).length} SDP lines)`;
  if (value === undefined || value === null) return 'ok';
  return compact(value);
}

function eventDetail(type: string, data: Json): string {
  if (isObj(data) && typeof data.state === 'string' && Object.keys(data).length === 1) return data.state;
  if (type === 'icecandidate') {
    // The event's data is the candidate, or (as the hook records it) {candidate: RTCIceCandidate}.
    const c = isObj(data) && isObj(data.candidate) ? data.candidate : data;
    if (c === null || (isObj(c) && !c.candidate)) return 'end of candidates';
    if (isObj(c) && typeof c.candidate === 'string') return short(c.candidate, 120);
  }
  return compact(data);
}

/** Rows in call order; a result joins its call (the oldest unsettled call of that method). */
export function apiLogRows(log: readonly CaptureEvent[]): ApiRow[] {
  const rows: ApiRow[] = [];
  const open = new Map<string, ApiRow[]>();
  for (const ev of log) {
    if (ev.kind === 'pc.create') {
      rows.push({ t: ev.t, kind: 'create', title: 'new RTCPeerConnection(configuration)' });
    } else if (ev.kind === 'pc.call') {
      const row: ApiRow = { t: ev.t, kind: 'call', title: `${ev.method}(${argSummary(ev.method, ev.args)})` };
      const desc = descOf(ev.args[0]);
      if (desc) row.sdp = { label: `${desc.type || 'description'} SDP passed in`, text: desc.sdp };
      rows.push(row);
      const q = open.get(ev.method) ?? [];
      q.push(row);
      open.set(ev.method, q);
    } else if (ev.kind === 'pc.result') {
      const result = { ok: ev.ok, text: resultText(ev.ok, ev.value), ms: ev.durationMs };
      const row = open.get(ev.method)?.shift();
      const desc = ev.ok ? descOf(ev.value) : undefined;
      if (row) {
        row.result = result;
        if (desc && !row.sdp) row.sdp = { label: `${desc.type || 'description'} SDP returned`, text: desc.sdp };
      } else {
        rows.push({ t: ev.t, kind: 'call', title: `${ev.method}(…)`, detail: 'called before capture started', result, ...(desc ? { sdp: { label: `${desc.type} SDP returned`, text: desc.sdp } } : {}) });
      }
    } else if (ev.kind === 'pc.event') {
      rows.push({ t: ev.t, kind: 'event', title: ev.type, detail: eventDetail(ev.type, ev.data) });
    }
  }
  return rows;
}

