/**
 * Lanes of state segments on one time axis: one per connection session (or socket) and one per
 * peer connection. Pure so the segment maths is unit-tested.
 */
import type { CaptureModel } from '../../core/capture/model.js';
import type { ConnectionSession, StateEntry } from '../../core/protocol/types.js';
import type { PanelAnalysis } from '../data/analysis-types.js';
import { shortId } from '../format.js';
import { pcClosedText, socketClosedText } from './closed-text.js';
import { describeFault } from '../../core/simulate/faults.js';
import type { FaultLog } from '../../core/simulate/record.js';

export interface Segment {
  from: number;
  to: number;
  state: string;
}

export interface Lane {
  id: string;
  label: string;
  segments: Segment[];
  /** What the user needs to read beside the strip: reconnects, attempts and whether the session was resumed. */
  note?: string;
}

/** "1 reconnect: recovered after 2 attempts, session resumed" (the last episode is the one that matters now). */
export function reconnectNote(reconnects: ConnectionSession['reconnects']): string | undefined {
  const last = reconnects.at(-1);
  if (!last) return undefined;
  const tries = `${last.attempts} attempt${last.attempts === 1 ? '' : 's'}`;
  const how = last.outcome === 'recovered' ? `recovered after ${tries}` : last.outcome === 'gave-up' ? `gave up after ${tries}` : `reconnecting, ${tries} so far`;
  // Only a finished reconnect has a session to speak of; an attempt may still be refused.
  const resumed = last.outcome !== 'recovered' || last.resumed === undefined ? '' : last.resumed ? ', session resumed' : ', new session';
  return `${reconnects.length} reconnect${reconnects.length === 1 ? '' : 's'}: ${how}${resumed}`;
}

export function segmentsOf(states: StateEntry[], end: number): Segment[] {
  const out: Segment[] = [];
  for (let i = 0; i < states.length; i++) {
    const s = states[i]!;
    const to = states[i + 1]?.t ?? end;
    if (to < s.t) continue;
    out.push({ from: s.t, to, state: s.state });
  }
  return out;
}

function pcStates(log: CaptureModel['peerConnections'] extends Map<string, infer P> ? P : never): StateEntry[] {
  const states: StateEntry[] = [{ t: log.createdAt, state: 'new' }];
  for (const ev of log.log) {
    if (ev.kind === 'pc.event' && ev.type === 'connectionstatechange') {
      const st = (ev.data as { state?: unknown } | null)?.state;
      if (typeof st === 'string') states.push({ t: ev.t, state: st });
    }
  }
  // close() fires no connectionstatechange: without this the lane would read "connected" forever.
  const last = states.at(-1)!;
  if (log.closedAt !== undefined && last.state !== 'closed' && last.state !== 'failed') states.push({ t: Math.max(log.closedAt, last.t), state: 'closed' });
  return states;
}

/**
 * The lanes in order (sessions, sockets no session covers, peer connections). Only the first `limit`
 * are built, the rest counted in `total`: a lane's texts cost a formatted time or two, and a page with
 * 30,000 sockets made that a second per render for strips nobody sees.
 */
export function buildLanes(
  model: CaptureModel,
  analysis: PanelAnalysis,
  now: number,
  label: (id: string) => string = shortId,
  limit = Infinity,
): { start: number; end: number; lanes: Lane[]; total: number } {
  const start = model.firstT ?? now;
  const end = Math.max(now, model.lastT ?? now, start + 1);
  const lanes: Lane[] = [];
  const covered = new Set<string>();
  let total = 0;
  for (const c of analysis.connections) {
    if (c.states.length === 0) continue;
    covered.add(c.socketId);
    // Sockets a reconnect opened belong to this session's lane, not to lanes of their own.
    for (const id of c.sockets ?? []) covered.add(id);
    if (total++ >= limit) continue;
    const states: StateEntry[] = [...c.states];
    let note = reconnectNote(c.reconnects);
    // A page that went away sends no close: the model closes its sockets ("unloaded"), the session never
    // hears of it. Without this the lane of a reloaded page would read "connected" for ever.
    const current = model.sockets.get(c.sockets?.at(-1) ?? c.socketId);
    const last = states.at(-1)!;
    if (current?.closedBy === 'unloaded' && current.closedAt !== undefined && last.state !== 'disconnected') {
      states.push({ t: Math.max(current.closedAt, last.t), state: 'closed' });
      const closed = socketClosedText(current);
      note = [note, closed?.text].filter(Boolean).join(' · ');
    }
    lanes.push({
      id: `conn-${c.socketId}`,
      label: `${c.sdk && c.sdk !== 'unknown' ? c.sdk : 'ws'} ${label(c.socketId)}`,
      segments: segmentsOf(states, end),
      ...(note ? { note } : {}),
    });
  }
  for (const s of model.sockets.values()) {
    if (covered.has(s.id)) continue;
    if (total++ >= limit) continue;
    const states: StateEntry[] = [{ t: s.createdAt, state: 'connecting' }];
    if (s.openedAt !== undefined) states.push({ t: s.openedAt, state: 'open' });
    if (s.closedAt !== undefined) states.push({ t: s.closedAt, state: 'closed' });
    const closed = socketClosedText(s);
    lanes.push({ id: `ws-${s.id}`, label: `ws ${label(s.id)}`, segments: segmentsOf(states, end), ...(closed?.detail ? { note: closed.text } : {}) });
  }
  for (const pc of model.peerConnections.values()) {
    if (total++ >= limit) continue;
    const closed = pcClosedText(pc);
    const lane: Lane = { id: `pc-${pc.id}`, label: `pc ${label(pc.id)}`, segments: segmentsOf(pcStates(pc), end) };
    if (closed?.detail) lane.note = `${closed.state} ${closed.detail}`;
    lanes.push(lane);
  }
  return { start, end, lanes, total };
}

/** Simulated faults on the axis: from arming to their end (or `end` while armed), each drawn across every strip. */
export function faultSpans(log: FaultLog, start: number, end: number, limit = 50): { id: string; from: number; to: number; text: string }[] {
  const out: { id: string; from: number; to: number; text: string }[] = [];
  for (const f of log.faults) {
    if (out.length >= limit) break;
    const to = Math.min(end, f.until ?? end);
    if (to < start || f.t > end) continue;
    out.push({ id: f.id, from: Math.max(start, f.t), to: Math.max(to, f.t), text: describeFault({ kind: f.kind, params: f.params } as never) });
  }
  return out;
}
