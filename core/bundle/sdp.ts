/** SDPs out of a peer connection's log: what was set (local/remote) and what createOffer/createAnswer made. */
import type { Json } from '../capture/events.js';
import { isSuccessOf } from './pc-vocabulary.js';
import type { BundlePcEvent, BundleSdp } from './types.js';

function sdpOf(v: Json | undefined): { type: string; sdp: string } | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const { type, sdp } = v;
  return typeof type === 'string' && typeof sdp === 'string' ? { type, sdp } : undefined;
}

export function sdpsOf(events: readonly BundlePcEvent[]): BundleSdp[] {
  const out: BundleSdp[] = [];
  for (const e of events) {
    let d: { type: string; sdp: string } | undefined;
    let side: 'local' | 'remote' = 'local';
    if (e.kind === 'call' && (e.type === 'setLocalDescription' || e.type === 'setRemoteDescription')) {
      d = sdpOf(e.args?.[0]);
      side = e.type === 'setLocalDescription' ? 'local' : 'remote';
    } else if (e.kind === 'result' && (isSuccessOf(e.type, 'createOffer') || isSuccessOf(e.type, 'createAnswer'))) {
      d = sdpOf(e.value);
    }
    if (d) out.push({ t: e.t, side, type: d.type, sdp: d.sdp, from: e.type });
  }
  return out;
}
