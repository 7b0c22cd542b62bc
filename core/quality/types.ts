/** Per-peer-connection media quality derived from consecutive getStats() samples. */

export type MosBand = 'excellent' | 'great' | 'good' | 'fair' | 'degraded';

export interface KindRates {
  inKbps: number;
  outKbps: number;
  packetsInPerSec: number;
  packetsOutPerSec: number;
  /** Loss on what we receive (inbound-rtp), percent of expected packets in the interval. */
  lossInPct?: number;
  /** Loss the remote side reports for what we send (remote-inbound-rtp fractionLost), percent. */
  lossOutPct?: number;
  jitterMs?: number;
}

export interface QualitySample {
  t: number;
  /** Seconds covered by this sample (since the previous one). */
  intervalS: number;
  audio: KindRates;
  video: KindRates & { fpsIn?: number; fpsOut?: number; widthIn?: number; heightIn?: number; widthOut?: number; heightOut?: number };
  /** Worst of inbound and outbound loss, percent. */
  lossPct: number;
  /** Audio inbound jitter when present, else video, ms. */
  jitterMs?: number;
  rttMs?: number;
  /** Inbound audio level 0..1. */
  audioLevel?: number;
  audioLevelOut?: number;
  /** Totals since the start, for one-way-media checks. */
  bytesIn: number;
  bytesOut: number;
  mos?: number;
  band?: MosBand;
  /** Selected candidate pair's local candidate type (host, srflx, prflx, relay). */
  localCandidateType?: string;
  remoteCandidateType?: string;
}

export interface QualitySeries {
  pcId: string;
  samples: QualitySample[];
  /** Samples dropped from the front to keep memory bounded. */
  dropped: number;
  latest?: QualitySample;
}
