/**
 * One call's story on one time axis: its signaling messages, its peer connection's state
 * changes, device events and findings in the same span.
 */
import type { PeerConnectionModel } from '../../../core/capture/model.js';
import type { CallInfo } from '../data/analysis-types.js';
import type { CaptureStore } from '../data/store.js';

export interface AxisEvent {
  t: number;
  lane: 'signaling' | 'pc' | 'device' | 'finding' | 'state';
  text: string;
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

const indexes = new WeakMap<CaptureStore, CallIndex>();

function callIndexOf(store: CaptureStore): CallIndex {
  let idx = indexes.get(store);
  if (!idx) indexes.set(store, (idx = new CallIndex()));
  return idx.update(store.analyzer.snapshot().messages, store.state$.value.generation);
}

const PC_STATES = new Set(['connectionstatechange', 'iceconnectionstatechange', 'signalingstatechange', 'icegatheringstatechange']);

export function callEvents(store: CaptureStore, call: CallInfo | undefined, pc: PeerConnectionModel | undefined): AxisEvent[] {
  const a = store.analyzer.snapshot();
  const out: AxisEvent[] = [];
  if (call) {
    for (const s of call.states) out.push({ t: s.t, lane: 'state', text: `call ${s.state}` });
    for (const i of callIndexOf(store).of(call.id)) {
      const m = a.messages[i]!;
      out.push({ t: m.t, lane: 'signaling', text: `${m.dir === 'sent' ? '→' : '←'} ${m.summary}` });
    }
  }
  if (pc) {
    for (const ev of pc.log) {
      if (ev.kind === 'pc.event' && PC_STATES.has(ev.type)) {
        const st = (ev.data as { state?: unknown } | null)?.state;
        out.push({ t: ev.t, lane: 'pc', text: `${ev.type.replace('statechange', '')} → ${String(st)}` });
      } else if (ev.kind === 'pc.call') out.push({ t: ev.t, lane: 'pc', text: `${ev.method}()` });
      else if (ev.kind === 'pc.result' && !ev.ok) out.push({ t: ev.t, lane: 'pc', text: `${ev.method} failed: ${JSON.stringify(ev.value)}` });
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
    if (f.t >= start && f.t <= end + 1000 && related) out.push({ t: f.t, lane: 'finding', text: `${f.severity}: ${f.message}` });
  }
  out.sort((x, y) => x.t - y.t);
  return out;
}
