/**
 * Sent video that the browser itself degraded: the frame rate or the resolution this side sends fell to
 * half or less of its own recent best, while the encoder says why (W3C webrtc-stats
 * `qualityLimitationReason` cpu or bandwidth), for LIMITED_MS. A drop with reason `none` is the app's or the
 * camera's choice (setParameters, a screen share, low light) and is not judged; so is a direction the
 * negotiation does not send. Reports how long the encoder was limited (`qualityLimitationDurations`).
 * Threshold and source: docs/findings.md.
 */
import type { Json } from '../capture/events.js';
import { secs } from './format.js';
import { grew, heldOrRecovering, negotiates, num, PreviousReports, reportsOf, str } from './stats-reading.js';
import type { Rule } from './types.js';

export const LIMITED_MS = 5000;
/** How far back "its own recent best" looks. */
export const BASELINE_MS = 30_000;
const LIMITING = new Set(['cpu', 'bandwidth']);

interface Point {
  t: number;
  fps: number;
  pixels: number;
  width: number;
  height: number;
}

export function createVideoSendLimitedRule(): Rule {
  const prev = new PreviousReports();
  const state = new Map<string, { history: Point[]; since?: number; reported: boolean; best?: Point }>();
  return {
    id: 'video-send-limited',
    on(s, ctx) {
      if (s.type !== 'quality') return;
      const judged = ctx.inCall() && !heldOrRecovering(ctx, s.pcId) && negotiates(ctx, s.pcId, 'video', 'send');
      const dt = s.sample.intervalS;
      // The connection's best active layer: simulcast sends several, and losing the top one is what people see.
      let cur: Point | undefined;
      let reason: string | undefined;
      let limitedS = 0;
      for (const [id, r] of reportsOf(s.reports, 'outbound-rtp', 'video')) {
        const before = prev.swap(s.pcId, id, r);
        if (r.active === false || !before || dt <= 0) continue;
        const frames = grew(r, before, 'framesEncoded') ?? grew(r, before, 'framesSent');
        const width = num(r, 'frameWidth') ?? 0;
        const height = num(r, 'frameHeight') ?? 0;
        const fps = frames !== undefined ? frames / dt : (num(r, 'framesPerSecond') ?? 0);
        const p: Point = { t: s.t, fps, pixels: width * height, width, height };
        if (!cur || p.pixels > cur.pixels || (p.pixels === cur.pixels && p.fps > cur.fps)) cur = p;
        const why = str(r, 'qualityLimitationReason');
        if (why && LIMITING.has(why)) {
          reason = why;
          limitedS = Math.max(limitedS, limitedSeconds(r.qualityLimitationDurations, why));
        }
      }
      const key = s.pcId;
      let st = state.get(key);
      if (!st) state.set(key, (st = { history: [], reported: false }));
      if (!judged || !cur) {
        st.since = undefined;
        return;
      }
      while (st.history.length && st.history[0]!.t < s.t - BASELINE_MS) st.history.shift();
      const best = st.history.reduce<Point | undefined>((b, x) => (!b || x.pixels * x.fps > b.pixels * b.fps ? x : b), undefined);
      st.history.push(cur);
      const fpsDrop = !!best && best.fps >= 10 && cur.fps <= best.fps / 2;
      const sizeDrop = !!best && best.pixels > 0 && cur.pixels <= best.pixels / 2;
      if (!reason || !(fpsDrop || sizeDrop)) {
        st.since = undefined;
        if (!reason) st.reported = false;
        return;
      }
      if (st.since === undefined) {
        st.since = s.t - dt * 1000;
        st.best = best;
      }
      if (st.reported || s.t - st.since < LIMITED_MS) return;
      st.reported = true;
      const was = st.best!;
      const parts: string[] = [];
      if (cur.pixels <= was.pixels / 2) parts.push(`resolution ${was.width}×${was.height} → ${cur.width}×${cur.height}`);
      if (was.fps >= 10 && cur.fps <= was.fps / 2) parts.push(`frame rate ${Math.round(was.fps)} → ${Math.round(cur.fps)} fps`);
      ctx.emit({
        rule: 'video-send-limited',
        severity: 'warning',
        t: s.t,
        message:
          `Sending video limited by ${reason === 'cpu' ? 'CPU' : 'bandwidth'} on ${s.pcId}: ${parts.join(', ')} for ${secs(s.t - st.since)}` +
          (limitedS > 0 ? ` (limited ${secs(limitedS * 1000)} of the call so far)` : ''),
        advice:
          reason === 'cpu'
            ? 'The computer cannot encode fast enough, so the browser lowers the resolution or frame rate. Close other heavy apps or tabs, plug in a laptop, or send a lower resolution.'
            : 'The network estimate cannot carry the video, so the browser lowers its resolution or frame rate. Check the uplink (Wi-Fi, VPN, other uploads); the loss and RTT findings say more.',
        evidence: [
          { kind: 'stats', pcId: s.pcId, t: st.since },
          { kind: 'stats', pcId: s.pcId, t: s.t },
        ],
      });
    },
  };
}

/** Seconds the encoder spent limited for `why`, from `qualityLimitationDurations` ({ cpu: 2.1, … }). */
function limitedSeconds(durations: Json | undefined, why: string): number {
  if (!durations || typeof durations !== 'object' || Array.isArray(durations)) return 0;
  const v = durations[why];
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}
