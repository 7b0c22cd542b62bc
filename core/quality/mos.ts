/**
 * Call quality as a MOS estimate from the ITU-T G.107 E-model, simplified the way WebRTC preflight tools do it:
 * effective latency = rtt + 2 * jitter + 10 ms, a delay impairment with a knee at 160 ms, and 2.5 R per % of loss.
 */
import type { MosBand } from './types.js';

export function rFactor(rttMs: number, jitterMs: number, lossPct: number): number {
  const effective = Math.max(0, rttMs) + 2 * Math.max(0, jitterMs) + 10;
  let r = effective < 160 ? 93.2 - effective / 40 : 93.2 - (effective - 120) / 10;
  r -= 2.5 * Math.max(0, lossPct);
  return Math.min(100, Math.max(0, r));
}

export function mosFromR(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  const mos = 1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r);
  return Math.min(4.5, Math.max(1, mos));
}

export function mos(rttMs: number, jitterMs: number, lossPct: number): number {
  return mosFromR(rFactor(rttMs, jitterMs, lossPct));
}

/**
 * Twilio's published bands leave gaps (4.0..4.1, 3.6..3.7); here each band starts where the one above ends,
 * so every value has exactly one band.
 */
export function mosBand(value: number): MosBand {
  if (value > 4.2) return 'excellent';
  if (value >= 4.1) return 'great';
  if (value >= 3.7) return 'good';
  if (value >= 3.1) return 'fair';
  return 'degraded';
}
