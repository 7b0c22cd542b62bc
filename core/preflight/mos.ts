/**
 * Call quality from network figures: a simplified ITU-T G.107 E-model, the estimate Twilio's
 * preflight uses, so our bands read the same as the tool support teams already know.
 * core/quality will have its own MOS function; the two are to be merged into one.
 */

export type QualityBand = 'excellent' | 'great' | 'good' | 'fair' | 'degraded';

export interface MosInput {
  /** Round-trip time, ms. */
  rttMs: number;
  /** Interarrival jitter, ms. */
  jitterMs: number;
  /** Packet loss, percent (0..100). */
  lossPercent: number;
}

/** R-factor (0..100) for a G.711-like codec with no equipment impairment. */
export function rFactor({ rttMs, jitterMs, lossPercent }: MosInput): number {
  const rtt = finiteOr(rttMs, 0);
  const jitter = finiteOr(jitterMs, 0);
  const loss = Math.min(100, Math.max(0, finiteOr(lossPercent, 0)));
  // Jitter counts twice (it grows the jitter buffer) plus a fixed 10 ms of codec delay.
  const effectiveLatency = Math.max(0, rtt + 2 * jitter + 10);
  // Delay hurts slowly up to 160 ms, then four times faster (conversation starts to overlap).
  const delayImpairment = effectiveLatency < 160 ? effectiveLatency / 40 : (effectiveLatency - 120) / 10;
  const r = 93.2 - delayImpairment - 2.5 * loss;
  return Math.min(100, Math.max(0, r));
}

/** Mean opinion score 1..~4.4 from an R-factor. */
export function mosFromR(r: number): number {
  if (!(r > 0)) return 1;
  const rr = Math.min(100, r);
  const mos = 1 + 0.035 * rr + 0.000007 * rr * (rr - 60) * (100 - rr);
  return Math.min(4.5, Math.max(1, mos));
}

export function estimateMos(input: MosInput): number {
  return round2(mosFromR(rFactor(input)));
}

/**
 * Bands after Twilio's callQuality, with the published ranges closed up (they leave 4.0-4.1 and
 * 3.6-3.7 unassigned): each band starts at its lower bound and runs to the next one.
 */
export function qualityBand(mos: number): QualityBand {
  if (mos >= 4.2) return 'excellent';
  if (mos >= 4.1) return 'great';
  if (mos >= 3.7) return 'good';
  if (mos >= 3.1) return 'fair';
  return 'degraded';
}

function finiteOr(n: number, fallback: number): number {
  return Number.isFinite(n) ? n : fallback;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
