/**
 * A sending bitrate collapse the network caused: the video bitrate this side sends fell below a quarter of
 * its own median over the last BASELINE_MS (from at least MIN_BASELINE_KBPS) for COLLAPSE_MS, and the
 * browser's bandwidth estimate (the selected pair's `availableOutgoingBitrate`) fell below half of its own
 * median with it. A drop the estimate does not share is the app's or the encoder's choice (setParameters,
 * a paused camera, a static screen) and is not judged. Threshold and source: docs/findings.md.
 */
import { secs } from './format.js';
import { heldOrRecovering, negotiates, num } from './stats-reading.js';
import { Sustained } from './sustained.js';
import { selectedPair } from './turn-tcp.js';
import type { Rule } from './types.js';

export const BASELINE_MS = 30_000;
export const COLLAPSE_MS = 5000;
export const MIN_BASELINE_KBPS = 150;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1]! : 0;
}

export function createBitrateCollapseRule(): Rule {
  const history = new Map<string, { t: number; kbps: number; bwe?: number }[]>();
  const episodes = new Sustained();
  return {
    id: 'bitrate-collapse',
    on(s, ctx) {
      if (s.type !== 'quality') return;
      const v = s.sample.video;
      if (!v.hasOut || !ctx.inCall() || heldOrRecovering(ctx, s.pcId) || !negotiates(ctx, s.pcId, 'video', 'send')) {
        episodes.pause(s.pcId);
        return;
      }
      const sel = selectedPair(s.reports);
      const bweBps = sel ? num(sel.pair, 'availableOutgoingBitrate') : undefined;
      const bwe = bweBps !== undefined ? bweBps / 1000 : undefined;
      let h = history.get(s.pcId);
      if (!h) history.set(s.pcId, (h = []));
      // The baseline is what came before this episode: points inside a collapse would lower it.
      const before = h.filter((x) => x.t >= s.t - BASELINE_MS);
      const baseKbps = median(before.map((x) => x.kbps));
      const bwes = before.map((x) => x.bwe).filter((x): x is number => x !== undefined);
      const baseBwe = bwes.length ? median(bwes) : undefined;
      const collapsed =
        before.length >= 5 &&
        baseKbps >= MIN_BASELINE_KBPS &&
        v.outKbps < baseKbps / 4 &&
        bwe !== undefined &&
        baseBwe !== undefined &&
        bwe < baseBwe / 2;
      if (!collapsed) {
        h.push({ t: s.t, kbps: v.outKbps, bwe });
        while (h.length && h[0]!.t < s.t - BASELINE_MS) h.shift();
      }
      const since = episodes.step(s.pcId, collapsed, s.t - s.sample.intervalS * 1000, s.t, COLLAPSE_MS);
      if (since === undefined) return;
      ctx.emit({
        rule: 'bitrate-collapse',
        severity: 'warning',
        t: s.t,
        message: `Sending bitrate collapsed on ${s.pcId}: video ${Math.round(v.outKbps)} kbit/s against ${Math.round(baseKbps)} kbit/s before, with the bandwidth estimate down to ${Math.round(bwe!)} kbit/s from ${Math.round(baseBwe!)} kbit/s, for ${secs(s.t - since)}`,
        advice:
          'The browser measured that the network can no longer carry what it sent and cut the bitrate: the far end sees a blurry or frozen picture. Look at the uplink (another upload, Wi-Fi, a VPN, a mobile network) and at the loss and RTT findings of the same moment.',
        evidence: [
          { kind: 'stats', pcId: s.pcId, t: since },
          { kind: 'stats', pcId: s.pcId, t: s.t },
        ],
      });
    },
  };
}
