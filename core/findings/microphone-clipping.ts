/**
 * A live microphone driven into clipping: the samples' mean square stays within 3 dB of full scale for
 * CLIP_MS. Even a pure sine tone at full scale averages -3 dBFS, and speech peaks 12 dB or more above its
 * average, so speech at this average has had its peaks cut flat: the far end hears it distorted. A milder
 * clip goes unreported on purpose (a tone or a loud beep must not raise it). Source: docs/findings.md.
 */
import { secs } from './format.js';
import { MicrophoneLevels } from './microphone-level.js';
import { heldOrRecovering } from './stats-reading.js';
import { TrackNames } from './track-names.js';
import type { Rule } from './types.js';

/** Mean square 0.5 = -3 dBFS RMS, the level of a full-scale sine wave. */
export const CLIP_ENERGY = 0.5;
export const CLIP_MS = 5000;

export function createMicrophoneClippingRule(): Rule {
  const levels = new MicrophoneLevels();
  const names = new TrackNames();
  const state = new Map<string, { since?: number; reported: boolean }>();
  return {
    id: 'microphone-clipping',
    on(s, ctx) {
      if (s.type === 'capture') return names.see(s.ev);
      if (s.type !== 'quality') return;
      const intervals = levels.read(s.pcId, s.reports);
      const judged = ctx.inCall() && !heldOrRecovering(ctx, s.pcId);
      for (const iv of intervals) {
        const key = `${s.pcId}\u0000${iv.sourceId}`;
        let st = state.get(key);
        if (!st) state.set(key, (st = { reported: false }));
        if (!judged || !iv.sending || iv.energyPerSecond < CLIP_ENERGY) {
          if (iv.energyPerSecond < CLIP_ENERGY) st.reported = false;
          st.since = undefined;
          continue;
        }
        st.since ??= s.t - s.sample.intervalS * 1000;
        if (st.reported || s.t - st.since < CLIP_MS) continue;
        st.reported = true;
        ctx.emit({
          rule: 'microphone-clipping',
          severity: 'warning',
          t: s.t,
          message: `Microphone clipping on ${s.pcId}: ${names.describe(iv.trackId)} has averaged ${dbfs(iv.energyPerSecond)} (within 3 dB of full scale) for ${secs(s.t - st.since)}`,
          advice:
            'The input is louder than the microphone can carry, so the far end hears distortion. Lower the input gain in the OS sound settings, ' +
            'move the microphone away from the mouth, and keep the browser\'s automatic gain control on (getUserMedia constraint autoGainControl: true).',
          evidence: [
            { kind: 'stats', pcId: s.pcId, t: st.since },
            { kind: 'stats', pcId: s.pcId, t: s.t },
          ],
        });
      }
    },
  };
}

/** Mean square as dBFS RMS: 1 → "0 dBFS", 0.5 → "-3 dBFS". */
function dbfs(energy: number): string {
  const db = 10 * Math.log10(Math.max(energy, 1e-12));
  return `${Math.round(db) === 0 ? 0 : Math.round(db)} dBFS`;
}
