/**
 * NACK / retransmission storms: over the last STORM_WINDOW_MS, more than RETRANSMIT_PCT of the packets this
 * side sent on a stream were retransmissions (W3C webrtc-stats `retransmittedPacketsSent` over
 * `packetsSent`), with at least MIN_NACKS negative acknowledgements received (`nackCount`). Retransmission
 * is how video survives loss, but past this share the sender spends its bandwidth resending and the picture
 * lags. Threshold and source: docs/findings.md.
 */
import { pct } from './format.js';
import { grew, heldOrRecovering, PreviousReports, reportsOf } from './stats-reading.js';
import type { Rule } from './types.js';

export const RETRANSMIT_PCT = 10;
export const MIN_NACKS = 50;
const WINDOW_MS = 10_000;

export function createRetransmissionStormRule(): Rule {
  const prev = new PreviousReports();
  const windows = new Map<string, { t: number; dt: number; sent: number; rtx: number; nacks: number }[]>();
  const reported = new Set<string>();
  return {
    id: 'retransmission-storm',
    on(s, ctx) {
      if (s.type !== 'quality') return;
      const judged = ctx.inCall() && !heldOrRecovering(ctx, s.pcId);
      for (const [id, r] of reportsOf(s.reports, 'outbound-rtp')) {
        const before = prev.swap(s.pcId, id, r);
        const key = `${s.pcId}\u0000${id}`;
        const sent = grew(r, before, 'packetsSent');
        const rtx = grew(r, before, 'retransmittedPacketsSent');
        if (!judged || sent === undefined || rtx === undefined) {
          windows.delete(key);
          continue;
        }
        let w = windows.get(key);
        if (!w) windows.set(key, (w = []));
        w.push({ t: s.t, dt: s.sample.intervalS * 1000, sent, rtx, nacks: grew(r, before, 'nackCount') ?? 0 });
        while (w.length && w[0]!.t <= s.t - WINDOW_MS) w.shift();
        const span = w.reduce((a, x) => a + x.dt, 0);
        const total = w.reduce((a, x) => a + x.sent, 0);
        const resent = w.reduce((a, x) => a + x.rtx, 0);
        const nacks = w.reduce((a, x) => a + x.nacks, 0);
        const share = total > 0 ? (resent / total) * 100 : 0;
        const storm = span >= WINDOW_MS * 0.8 && share > RETRANSMIT_PCT && nacks >= MIN_NACKS;
        if (!storm) {
          if (share <= RETRANSMIT_PCT / 2) reported.delete(key);
          continue;
        }
        if (reported.has(key)) continue;
        reported.add(key);
        ctx.emit({
          rule: 'retransmission-storm',
          severity: 'warning',
          t: s.t,
          message: `Retransmission storm on ${s.pcId}: ${pct(share)} of the ${r.kind === 'audio' ? 'audio' : 'video'} packets sent in the last ${Math.round(span / 1000)} s were resent (${nacks} NACKs from the far end, above ${RETRANSMIT_PCT}%)`,
          advice:
            'The far end keeps reporting lost packets and this side resends them, spending bandwidth on repairs instead of new frames. Look at loss on the uplink (Wi-Fi, VPN, a congested link); a TURN relay over TCP also hides loss behind retransmission.',
          evidence: [
            { kind: 'stats', pcId: s.pcId, t: w[0]!.t - w[0]!.dt },
            { kind: 'stats', pcId: s.pcId, t: s.t },
          ],
        });
      }
    },
  };
}
