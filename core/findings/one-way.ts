/**
 * Media flowing one way only: bytes rise on one side while the other stays flat for ONE_WAY_MS, on a
 * connection whose SDP answer says media should flow that way. A direction the negotiation left out
 * (a send-only publisher, a receive-only viewer, a call on hold) is not judged: it is one-way by design.
 */
import type { SdpMediaSection } from '../protocol/sdp.js';
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
      // Before any answer was seen nothing says which ways media should flow: both are judged.
      const negotiated = ctx.pc(s.pcId)?.negotiated;
      const judgeIn = negotiated?.recv ?? true;
      const judgeOut = negotiated?.send ?? true;
      const inRising = smp.bytesIn > p.in;
      const outRising = smp.bytesOut > p.out;
      p.in = smp.bytesIn;
      p.out = smp.bytesOut;
      p.inFlatSince = judgeIn && outRising && !inRising ? (p.inFlatSince ?? s.t - smp.intervalS * 1000) : undefined;
      p.outFlatSince = judgeOut && inRising && !outRising ? (p.outFlatSince ?? s.t - smp.intervalS * 1000) : undefined;
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
            (which === 'in'
              ? 'You cannot hear or see the other side. Typical causes: a NAT/firewall letting packets out but not in, the remote muted or without a microphone, or an SDP direction (sendonly) mismatch.'
              : 'They cannot hear you. Check that the local track is not muted or ended, that a microphone was granted, and the SDP direction (recvonly) of the offer.') +
            (negotiated ? ` The SDP answer negotiated ${negotiatedWords(negotiated.sections)}, so media should flow both ways.` : ''),
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

/** "audio sendrecv, video recvonly": the sections as this side negotiated them. */
function negotiatedWords(sections: readonly SdpMediaSection[]): string {
  return sections.map((x) => `${x.kind} ${x.direction}`).join(', ');
}
