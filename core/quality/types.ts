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
  /** Inbound jitter (inbound-rtp), ms. */
  jitterMs?: number;
  /** Jitter the far end measured on what we send (remote-inbound-rtp), ms. */
  jitterOutMs?: number;
  /** Round trip the far end's RTCP reports for this kind (remote-inbound-rtp), ms. */
  rttOutMs?: number;
  /** Which streams exist in this sample: a kind with no inbound-rtp report has no "in" to chart. */
  hasIn?: boolean;
  hasOut?: boolean;
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
  /** Inbound audio level 0..1 (the far end's voice as received). */
  audioLevel?: number;
  /** Local microphone level 0..1 (media-source, else outbound-rtp): "they can't hear me" starts here. */
  audioLevelOut?: number;
  /** Totals since the start, for one-way-media checks. */
  bytesIn: number;
  bytesOut: number;
  /** Voice quality of what we receive: only from an inbound audio stream, absent without one. */
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
