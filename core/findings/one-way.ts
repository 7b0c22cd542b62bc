/** Media flowing one way only: bytes rise on one side while the other stays flat. */
import { secs } from './format.js';
import type { Rule } from './types.js';

export const ONE_WAY_MS = 5000;

export function createOneWayRule(): Rule {
  const st = new Map<string, { in: number; out: number; inFlatSince?: number; outFlatSince?: number; reported: Set<string> }>();
  return {
    id: 'one-way-media',
    on(s, ctx) {
      if (s.type !== 'quality') return;
      const smp = s.sample;
      let p = st.get(s.pcId);
      if (!p) {
        st.set(s.pcId, { in: smp.bytesIn, out: smp.bytesOut, reported: new Set() });
        return;
      }
      // On hold (or while being re-attached) media is one-way by design.
      const call = ctx.callOfPc(s.pcId);
      if (call && (call.held || call.state === 'held' || call.state === 'recovering')) {
        p.in = smp.bytesIn;
        p.out = smp.bytesOut;
        p.inFlatSince = undefined;
        p.outFlatSince = undefined;
        return;
      }
      const inRising = smp.bytesIn > p.in;
      const outRising = smp.bytesOut > p.out;
      p.in = smp.bytesIn;
      p.out = smp.bytesOut;
      p.inFlatSince = outRising && !inRising ? (p.inFlatSince ?? s.t - smp.intervalS * 1000) : undefined;
      p.outFlatSince = inRising && !outRising ? (p.outFlatSince ?? s.t - smp.intervalS * 1000) : undefined;
      const check = (since: number | undefined, which: 'in' | 'out') => {
        if (since === undefined || s.t - since < ONE_WAY_MS || p!.reported.has(which)) return;
        p!.reported.add(which);
        ctx.emit({
          rule: 'one-way-media',
          severity: 'error',
          t: s.t,
          message:
            which === 'in'
              ? `One-way media on ${s.pcId}: sending but nothing received for ${secs(s.t - since)}`
              : `One-way media on ${s.pcId}: receiving but nothing sent for ${secs(s.t - since)}`,
          advice:
            which === 'in'
              ? 'You cannot hear or see the other side. Typical causes: a NAT/firewall letting packets out but not in, the remote muted or without a microphone, or an SDP direction (sendonly) mismatch.'
              : 'They cannot hear you. Check that the local track is not muted or ended, that a microphone was granted, and the SDP direction (recvonly) of the offer.',
          evidence: [
            { kind: 'stats', pcId: s.pcId, t: since },
            { kind: 'stats', pcId: s.pcId, t: s.t },
          ],
        });
      };
      check(p.inFlatSince, 'in');
      check(p.outFlatSince, 'out');
    },
  };
}
