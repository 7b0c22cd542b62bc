/**
 * A sending microphone that delivers digital silence while the call is up: RTP packets go out, but the
 * track's samples are all zero for SILENT_MS. That is what `track.enabled = false` (how apps and SDKs mute),
 * an OS-level mute or a dead input produce; a live microphone in a quiet room never does (its noise floor
 * is well above one step of 16-bit audio). The usual answer to "they can't hear me" when packets flow.
 * Threshold and source: docs/findings.md.
 */
import { secs } from './format.js';
import { MicrophoneLevels } from './microphone-level.js';
import { heldOrRecovering, negotiates } from './stats-reading.js';
import { TrackNames } from './track-names.js';
import type { Rule } from './types.js';

/** Energy per second below one step of 16-bit audio squared: every sample rounds to zero. */
export const SILENT_ENERGY = (1 / 32768) ** 2;
export const SILENT_MS = 8000;

export function createSilentMicrophoneRule(): Rule {
  const levels = new MicrophoneLevels();
  const names = new TrackNames();
  const state = new Map<string, { since?: number; reported: boolean }>();
  return {
    id: 'silent-microphone',
    on(s, ctx) {
      if (s.type === 'capture') return names.see(s.ev);
      if (s.type !== 'quality') return;
      const intervals = levels.read(s.pcId, s.reports);
      const judged = ctx.inCall() && !heldOrRecovering(ctx, s.pcId) && negotiates(ctx, s.pcId, 'audio', 'send');
      for (const iv of intervals) {
        const key = `${s.pcId}\u0000${iv.sourceId}`;
        let st = state.get(key);
        if (!st) state.set(key, (st = { reported: false }));
        if (!judged || !iv.sending || iv.energyPerSecond >= SILENT_ENERGY) {
          // Sound again (or not judged): the next silence is a new episode.
          if (iv.energyPerSecond >= SILENT_ENERGY) st.reported = false;
          st.since = undefined;
          continue;
        }
        st.since ??= s.t - s.sample.intervalS * 1000;
        if (st.reported || s.t - st.since < SILENT_MS) continue;
        st.reported = true;
        const mutedAt = names.muted(iv.trackId);
        ctx.emit({
          rule: 'silent-microphone',
          severity: 'warning',
          t: s.t,
          message:
            `Microphone silent at the source on ${s.pcId}: ${names.describe(iv.trackId)} has sent only digital silence for ${secs(s.t - st.since)} while the call is up` +
            (mutedAt !== undefined ? ' (the browser marked the track muted)' : ''),
          advice:
            'Packets go out but carry silence, so the far end hears nothing. If the user muted in the app this is expected; ' +
            'otherwise the track is disabled (track.enabled = false), muted by the OS or a hardware switch, or the input device delivers no signal: ' +
            'check the OS input device and its level, or pick another microphone (SignalWire: the device selection options and deviceRecovered$; Telnyx: the micId call option, and mutedMicOnStart, which starts calls muted on purpose).',
          evidence: [
            { kind: 'stats', pcId: s.pcId, t: st.since },
            { kind: 'stats', pcId: s.pcId, t: s.t },
          ],
        });
      }
    },
  };
}
