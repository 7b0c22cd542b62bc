/**
 * Received audio the browser had to invent: more than CONCEALED_PCT of the samples played in each interval
 * were concealed (W3C webrtc-stats `concealedSamples` minus `silentConcealedSamples`, over
 * `totalSamplesReceived` growth) for CONCEALED_MS, while packets still arrived. That is what listeners hear
 * as robotic, choppy or cut-up voice. Intervals with no packets at all (one-way-media's case, a hold) and
 * concealment of silence are not counted. Threshold and source: docs/findings.md.
 */
import { pct, secs } from './format.js';
import { grew, heldOrRecovering, negotiates, PreviousReports, reportsOf } from './stats-reading.js';
import { Sustained } from './sustained.js';
import type { Rule } from './types.js';

export const CONCEALED_PCT = 5;
export const CONCEALED_MS = 5000;

export function createAudioConcealmentRule(): Rule {
  const prev = new PreviousReports();
  const episodes = new Sustained();
  const worst = new Map<string, number>();
  return {
    id: 'audio-concealment',
    on(s, ctx) {
      if (s.type !== 'quality') return;
      const judged = ctx.inCall() && !heldOrRecovering(ctx, s.pcId) && negotiates(ctx, s.pcId, 'audio', 'recv');
      for (const [id, r] of reportsOf(s.reports, 'inbound-rtp', 'audio')) {
        const before = prev.swap(s.pcId, id, r);
        const key = `${s.pcId}\u0000${id}`;
        const samples = grew(r, before, 'totalSamplesReceived');
        const concealed = grew(r, before, 'concealedSamples');
        const silent = grew(r, before, 'silentConcealedSamples') ?? 0;
        const packets = grew(r, before, 'packetsReceived') ?? 0;
        if (!judged || !samples || concealed === undefined || packets === 0) {
          episodes.pause(key);
          continue;
        }
        const audible = (Math.max(0, concealed - silent) / samples) * 100;
        const bad = audible > CONCEALED_PCT;
        if (bad) worst.set(key, Math.max(worst.get(key) ?? 0, audible));
        else worst.delete(key);
        const since = episodes.step(key, bad, s.t - s.sample.intervalS * 1000, s.t, CONCEALED_MS);
        if (since === undefined) continue;
        ctx.emit({
          rule: 'audio-concealment',
          severity: 'warning',
          t: s.t,
          message: `Received audio concealed on ${s.pcId}: up to ${pct(worst.get(key) ?? audible)} of the samples played were invented by the browser (above ${CONCEALED_PCT}%) for ${secs(s.t - since)}`,
          advice:
            'Packets arrive too late or not at all, so the browser fills the gaps and the voice sounds robotic or choppy. Usually loss or jitter on the path from the far end: see the loss and jitter findings; a wired connection or a closer media server helps.',
          evidence: [
            { kind: 'stats', pcId: s.pcId, t: since },
            { kind: 'stats', pcId: s.pcId, t: s.t },
          ],
        });
      }
    },
  };
}
