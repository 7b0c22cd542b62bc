/**
 * Keyframe-request storms: more than KEYFRAME_REQUESTS_PER_MIN picture-loss or full-intra requests
 * (W3C webrtc-stats `pliCount` + `firCount`) per minute on one video stream, measured over the last
 * STORM_WINDOW_MS. Counted on outbound-rtp they are the far end asking us (it keeps losing our packets, and
 * each answer is a large keyframe that makes congestion worse); on inbound-rtp they are this side asking the
 * far end. Threshold and source: docs/findings.md.
 */
import { grew, heldOrRecovering, PreviousReports, reportsOf } from './stats-reading.js';
import type { Rule } from './types.js';

export const KEYFRAME_REQUESTS_PER_MIN = 30;
export const STORM_WINDOW_MS = 10_000;

export function createKeyframeStormRule(): Rule {
  const prev = new PreviousReports();
  const windows = new Map<string, { t: number; n: number; dt: number }[]>();
  const reported = new Set<string>();
  return {
    id: 'keyframe-storm',
    on(s, ctx) {
      if (s.type !== 'quality') return;
      const judged = ctx.inCall() && !heldOrRecovering(ctx, s.pcId);
      for (const type of ['outbound-rtp', 'inbound-rtp'] as const) {
        for (const [id, r] of reportsOf(s.reports, type, 'video')) {
          const before = prev.swap(s.pcId, id, r);
          const key = `${s.pcId}\u0000${id}`;
          const pli = grew(r, before, 'pliCount');
          const fir = grew(r, before, 'firCount') ?? 0;
          if (!judged || pli === undefined) {
            windows.delete(key);
            continue;
          }
          let w = windows.get(key);
          if (!w) windows.set(key, (w = []));
          w.push({ t: s.t, n: pli + fir, dt: s.sample.intervalS * 1000 });
          while (w.length && w[0]!.t <= s.t - STORM_WINDOW_MS) w.shift();
          const span = w.reduce((a, x) => a + x.dt, 0);
          const n = w.reduce((a, x) => a + x.n, 0);
          const perMin = span > 0 ? (n * 60_000) / span : 0;
          // A full window of evidence: a burst of two requests in the first second is not a storm.
          const storm = span >= STORM_WINDOW_MS * 0.8 && perMin > KEYFRAME_REQUESTS_PER_MIN;
          if (!storm) {
            if (perMin <= KEYFRAME_REQUESTS_PER_MIN / 2) reported.delete(key);
            continue;
          }
          if (reported.has(key)) continue;
          reported.add(key);
          const asked = type === 'outbound-rtp';
          ctx.emit({
            rule: 'keyframe-storm',
            severity: 'warning',
            t: s.t,
            message: asked
              ? `Keyframe-request storm on ${s.pcId}: the far end asked for ${n} keyframes in ${Math.round(span / 1000)} s (${Math.round(perMin)} per minute, above ${KEYFRAME_REQUESTS_PER_MIN}) for the video this side sends`
              : `Keyframe-request storm on ${s.pcId}: this side asked the far end for ${n} keyframes in ${Math.round(span / 1000)} s (${Math.round(perMin)} per minute, above ${KEYFRAME_REQUESTS_PER_MIN}) for the video it receives`,
            advice: asked
              ? 'The far end keeps losing our video and asks for a fresh keyframe each time; each keyframe is several times a normal frame, which adds to the congestion. Look at loss on what this side sends (uplink, Wi-Fi, VPN) and at the far end\'s decoder.'
              : 'This side keeps losing the far end\'s video and asks for fresh keyframes: the picture freezes and blurs. Look at loss on what this side receives and at this side\'s CPU (a decoder that cannot keep up also asks).',
            evidence: [
              { kind: 'stats', pcId: s.pcId, t: w[0]!.t - w[0]!.dt },
              { kind: 'stats', pcId: s.pcId, t: s.t },
            ],
          });
        }
      }
    },
  };
}
