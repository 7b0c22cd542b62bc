/**
 * Call quality from network figures for preflight: the simplified ITU-T G.107 E-model of
 * core/quality (the estimate Twilio's preflight uses), behind the object-shaped API preflight
 * results are written with. One formula for the panel's live calls and for preflight, so the same
 * network gets the same score in both.
 */
import { mosBand, mosFromR, rFactor } from '../quality/mos.js';
import type { MosBand } from '../quality/types.js';

export type QualityBand = MosBand;

export interface MosInput {
  /** Round-trip time, ms. */
  rttMs: number;
  /** Interarrival jitter, ms. */
  jitterMs: number;
  /** Packet loss, percent (0..100). */
  lossPercent: number;
}

/**
 * R-factor (0..100) of preflight's figures (core/quality's rFactor takes them one by one); missing
 * (non-finite) figures count as zero rather than poisoning the score.
 */
export function rFactorOf({ rttMs, jitterMs, lossPercent }: MosInput): number {
  return rFactor(finiteOr(rttMs), finiteOr(jitterMs), Math.min(100, finiteOr(lossPercent)));
}

/** core/quality's, not a copy: one formula for live calls and preflight. */
export { mosFromR };

/** MOS 1..4.5, rounded to two decimals as shown to users. */
export function estimateMos(input: MosInput): number {
  return Math.round(mosFromR(rFactorOf(input)) * 100) / 100;
}

/** Twilio's callQuality bands with the published gaps closed (see core/quality/mos.ts). */
export function qualityBand(mos: number): QualityBand {
  return mosBand(mos);
}

function finiteOr(n: number): number {
  return Number.isFinite(n) ? n : 0;
}
