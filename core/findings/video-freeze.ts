/**
 * Received video that freezes: within the last FREEZE_WINDOW_MS the picture stood still for FROZEN_MS or
 * more, on a connection that should receive video by negotiation. Frozen time is the growth of the
 * browser's own freeze counter (W3C webrtc-stats `totalFreezesDuration`, a freeze being a gap between frames
 * far longer than the recent average); where the browser lacks it, an interval in which video bytes
 * arrived but no frame was decoded counts as frozen (the inter-frame gap rule). No bytes at all is
 * one-way-media's case, a screen share (`contentType` screenshare) sends few frames on purpose: neither
 * is judged. Threshold and source: docs/findings.md.
 */
import { secs } from './format.js';
import { grew, heldOrRecovering, negotiates, num, PreviousReports, reportsOf, str } from './stats-reading.js';
import type { Rule } from './types.js';

export const FREEZE_WINDOW_MS = 10_000;
export const FROZEN_MS = 3000;

interface Slice {
  t: number;
  frozenMs: number;
  freezes: number;
  frames: number;
  seconds: number;
}

export function createVideoFreezeRule(): Rule {
  const prev = new PreviousReports();
  const state = new Map<string, { slices: Slice[]; reported: boolean }>();
  return {
    id: 'video-freeze',
    on(s, ctx) {
      if (s.type !== 'quality') return;
      const judged = ctx.inCall() && !heldOrRecovering(ctx, s.pcId) && negotiates(ctx, s.pcId, 'video', 'recv');
      const dtMs = s.sample.intervalS * 1000;
      for (const [id, r] of reportsOf(s.reports, 'inbound-rtp', 'video')) {
        const before = prev.swap(s.pcId, id, r);
        const key = `${s.pcId}\u0000${id}`;
        let st = state.get(key);
        if (!st) state.set(key, (st = { slices: [], reported: false }));
        if (!judged || !before || dtMs <= 0 || str(r, 'contentType') === 'screenshare') {
          st.slices = [];
          continue;
        }
        const frames = grew(r, before, 'framesDecoded');
        const bytes = grew(r, before, 'bytesReceived') ?? 0;
        const freezeGrowth = grew(r, before, 'totalFreezesDuration');
        let frozenMs: number;
        if (freezeGrowth !== undefined) frozenMs = Math.min(freezeGrowth * 1000, dtMs);
        else frozenMs = frames === 0 && bytes > 0 ? dtMs : 0;
        // Bytes arriving with no frame decoded is a freeze even where the counter has not moved yet
        // (it grows only when the next frame ends the freeze).
        if (frames === 0 && bytes > 0) frozenMs = dtMs;
        st.slices.push({ t: s.t, frozenMs, freezes: grew(r, before, 'freezeCount') ?? 0, frames: frames ?? 0, seconds: dtMs / 1000 });
        while (st.slices.length && st.slices[0]!.t <= s.t - FREEZE_WINDOW_MS) st.slices.shift();
        const frozen = Math.min(FREEZE_WINDOW_MS, st.slices.reduce((a, x) => a + x.frozenMs, 0));
        if (frozen < 1000) st.reported = false;
        if (st.reported || frozen < FROZEN_MS) continue;
        st.reported = true;
        const freezes = st.slices.reduce((a, x) => a + x.freezes, 0);
        const span = st.slices.reduce((a, x) => a + x.seconds, 0);
        const fps = span > 0 ? st.slices.reduce((a, x) => a + x.frames, 0) / span : 0;
        const size = num(r, 'frameWidth') && num(r, 'frameHeight') ? `, ${num(r, 'frameWidth')}×${num(r, 'frameHeight')}` : '';
        ctx.emit({
          rule: 'video-freeze',
          severity: 'warning',
          t: s.t,
          message:
            `Received video froze on ${s.pcId}: ${secs(frozen)} frozen in the last ${secs(Math.min(FREEZE_WINDOW_MS, span * 1000))}` +
            (freezes > 0 ? ` (${freezes} freeze${freezes === 1 ? '' : 's'})` : '') +
            `, ${fps.toFixed(fps < 10 ? 1 : 0)} frames/s decoded${size}`,
          advice:
            'The far end\'s video stalls. Check the far end\'s "sending video limited" and loss findings: a congested or lossy link (loss, keyframe requests), ' +
            'a far-end CPU too busy to encode, or a sender that lowered its frame rate. On this side, a CPU too busy to decode shows as frames received but not decoded.',
          evidence: [
            { kind: 'stats', pcId: s.pcId, t: st.slices[0]!.t },
            { kind: 'stats', pcId: s.pcId, t: s.t },
          ],
        });
      }
    },
  };
}
