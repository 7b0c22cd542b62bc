/**
 * A receive jitter buffer that grew: the average time received audio waited in it (W3C webrtc-stats
 * `jitterBufferDelay` over `jitterBufferEmittedCount`, per interval) stays above JITTER_BUFFER_MS and at
 * least twice the lowest level this stream had, for JITTER_BUFFER_SUSTAIN_MS. The buffer grows to absorb
 * jitter, and every millisecond of it is delay the listener hears. Only on connections that receive no
 * video: with video, the browser holds audio back to keep lips in sync, and that delay (a busy decoder's,
 * not the network's) lands in the same counter; a healthy loopback call with video on a busy machine
 * showed 320 ms. And only while the stream's own RTP jitter (inter-arrival, measured as packets arrive)
 * is above JITTER_MS: on a busy machine the playout side alone grew healthy audio-only loopback and
 * Telnyx calls to 190-560 ms, and that is not the network. Threshold and source: docs/findings.md.
 */
import { ms, secs } from './format.js';
import { grew, heldOrRecovering, negotiates, num, PreviousReports, reportsOf } from './stats-reading.js';
import { Sustained } from './sustained.js';
import type { Rule } from './types.js';

export const JITTER_BUFFER_MS = 150;
export const JITTER_BUFFER_SUSTAIN_MS = 5000;
/** The high-jitter rule's threshold: the buffer's growth is blamed on the network only above it. */
export const JITTER_MS = 30;

export function createJitterBufferRule(): Rule {
  const prev = new PreviousReports();
  const episodes = new Sustained();
  const lowest = new Map<string, number>();
  return {
    id: 'jitter-buffer-growth',
    on(s, ctx) {
      if (s.type !== 'quality') return;
      const judged = ctx.inCall() && !heldOrRecovering(ctx, s.pcId) && negotiates(ctx, s.pcId, 'audio', 'recv') && !s.sample.video.hasIn;
      for (const [id, r] of reportsOf(s.reports, 'inbound-rtp', 'audio')) {
        const before = prev.swap(s.pcId, id, r);
        const key = `${s.pcId}\u0000${id}`;
        const delay = grew(r, before, 'jitterBufferDelay');
        const emitted = grew(r, before, 'jitterBufferEmittedCount');
        if (!judged || delay === undefined || !emitted) {
          episodes.pause(key);
          continue;
        }
        const avgMs = (delay / emitted) * 1000;
        const low = Math.min(lowest.get(key) ?? avgMs, avgMs);
        lowest.set(key, low);
        const jitterMs = (num(r, 'jitter') ?? 0) * 1000;
        const since = episodes.step(key, avgMs > JITTER_BUFFER_MS && avgMs >= 2 * low && jitterMs > JITTER_MS, s.t - s.sample.intervalS * 1000, s.t, JITTER_BUFFER_SUSTAIN_MS);
        if (since === undefined) continue;
        ctx.emit({
          rule: 'jitter-buffer-growth',
          severity: 'warning',
          t: s.t,
          message: `Jitter buffer grew on ${s.pcId}: received audio waits ${ms(avgMs)} on average (was ${ms(low)}, above ${JITTER_BUFFER_MS} ms) with ${ms(jitterMs)} jitter, for ${secs(s.t - since)}`,
          advice:
            'The browser holds audio longer to smooth out uneven arrival, so the conversation lags. The cause is jitter on the path from the far end (Wi-Fi, a congested link, a busy relay); see the jitter finding.',
          evidence: [
            { kind: 'stats', pcId: s.pcId, t: since },
            { kind: 'stats', pcId: s.pcId, t: s.t },
          ],
        });
      }
    },
  };
}
