/**
 * One call's story on one time axis: its signaling messages, its peer connection's state
 * changes, device events and findings in the same span.
 */
import type { PeerConnectionModel } from '../../core/capture/model.js';
import type { CallModel } from '../../core/protocol/types.js';
import type { PanelStore } from '../data/store.js';

export interface AxisEvent {
  t: number;
  lane: 'signaling' | 'pc' | 'device' | 'finding' | 'state';
  text: string;
  /** Signaling: the message's index in the analysis (a link to its frame in Signaling). */
  index?: number;
  /** Peer connection events and findings about one: a link to its charts in Media at `t`. */
  pcId?: string;
}

export interface AxisTick {
  t: number;
  /** Position on the axis, 0..100 %. */
  pct: number;
  /** Time since the first event: "+0 s", "+250 ms", "+1 min 30 s". */
  label: string;
}

const STEPS_MS = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000];

function offsetLabel(ms: number, step: number): string {
  if (ms === 0) return '0';
  if (step < 1000) return `+${ms} ms`;
  if (ms < 60_000) return `+${ms / 1000} s`;
  const m = Math.floor(ms / 60_000);
  const sec = Math.round((ms % 60_000) / 1000);
  return sec ? `+${m} min ${sec} s` : `+${m} min`;
}

/**
 * Ticks for a call's dot axis: round steps from the first event, at most `max` of them, each
 * labelled with the time since the start so distances between dots can be read off the axis.
 */
export function axisTicks(start: number, end: number, max = 6): AxisTick[] {
  const span = Math.max(1, end - start);
  const step = STEPS_MS.find((s) => Math.floor(span / s) + 1 <= max) ?? Math.ceil(span / (max - 1) / 3_600_000) * 3_600_000;
  const out: AxisTick[] = [];
  for (let off = 0; off <= span; off += step) out.push({ t: start + off, pct: (off / span) * 100, label: offsetLabel(off, step) });
  return out;
}

/**
 * callId -> positions of its messages, grown incrementally so the Calls view never re-scans
 * 100k messages per render.
 */
export class CallIndex {
  private byCall = new Map<string, number[]>();
  private scanned = 0;
  private generation = -1;

  update(messages: readonly { callId?: string; inner?: { callId?: string } }[], generation: number): this {
    if (generation !== this.generation || messages.length < this.scanned) {
      this.generation = generation;
      this.byCall = new Map();
      this.scanned = 0;
    }
    for (let i = this.scanned; i < messages.length; i++) {
      const m = messages[i]!;

      const id = m.callId ?? m.inner?.callId;
      if (!id) continue;
      let list = this.byCall.get(id);
      if (!list) this.byCall.set(id, (list = []));
      list.push(i);
    }
    this.scanned = messages.length;
    return this;
  }

  of(callId: string): readonly number[] {
    return this.byCall.get(callId) ?? [];
  }
}

const indexes = new WeakMap<PanelStore, CallIndex>();

function callIndexOf(store: PanelStore): CallIndex {
  let idx = indexes.get(store);
  if (!idx) indexes.set(store, (idx = new CallIndex()));
  return idx.update(store.analyzer.snapshot().messages, store.state$.value.generation);
}

const PC_STATES = new Set(['connectionstatechange', 'iceconnectionstatechange', 'signalingstatechange', 'icegatheringstatechange']);

export function callEvents(store: PanelStore, call: CallModel | undefined, pc: PeerConnectionModel | undefined): AxisEvent[] {
  const a = store.analyzer.snapshot();
  const out: AxisEvent[] = [];
  if (call) {
    for (const s of call.states) out.push({ t: s.t, lane: 'state', text: `call ${s.state}` });
    for (const i of callIndexOf(store).of(call.id)) {
      const m = a.messages[i]!;
      out.push({ t: m.t, lane: 'signaling', text: `${m.dir === 'sent' ? '→' : '←'} ${m.summary}`, index: m.index });
    }
  }
  if (pc) {
    for (const ev of pc.log) {
      if (ev.kind === 'pc.event' && PC_STATES.has(ev.type)) {
        const st = (ev.data as { state?: unknown } | null)?.state;
        out.push({ t: ev.t, lane: 'pc', text: `${ev.type.replace('statechange', '')} → ${String(st)}`, pcId: pc.id });
      } else if (ev.kind === 'pc.call') out.push({ t: ev.t, lane: 'pc', text: `${ev.method}()`, pcId: pc.id });
      else if (ev.kind === 'pc.result' && !ev.ok) out.push({ t: ev.t, lane: 'pc', text: `${ev.method} failed: ${JSON.stringify(ev.value)}`, pcId: pc.id });
    }
  }
  if (out.length === 0) return out;
  out.sort((x, y) => x.t - y.t);
  const start = out[0]!.t;
  const end = out.at(-1)!.t;
  const m = store.model.media;
  for (const d of m.deviceEvents) {
    if (d.t >= start && d.t <= end)
      out.push({ t: d.t, lane: 'device', text: `devices: +${d.added.map((x) => x.label || x.kind).join(', ')} −${d.removed.map((x) => x.label || x.kind).join(', ')}` });
  }
  for (const tr of m.trackEvents) if (tr.t >= start && tr.t <= end) out.push({ t: tr.t, lane: 'device', text: `${tr.trackKind} track ${tr.event}` });
  for (const f of a.findings) {
    const related = f.evidence.some((e) => (pc && e.pcId === pc.id) || e.kind === 'frame');
    if (!(f.t >= start && f.t <= end + 1000 && related)) continue;
    const ev = f.evidence[0];
    const link = ev?.kind === 'frame' && ev.index !== undefined ? { index: ev.index } : ev?.pcId ? { pcId: ev.pcId } : {};
    out.push({ t: f.t, lane: 'finding', text: `${f.severity}: ${f.message}`, ...link });
  }
  out.sort((x, y) => x.t - y.t);
  return out;
}
