/**
 * One flat row per sample for charts and tables (the panel's and the viewer's quality charts read these).
 * The older mixed fields (lossPct = worst direction, fps = inbound else outbound, width/height likewise)
 * stay for the readers that summarise a call; the charts read the per-direction fields, which are only
 * present when that direction's stream exists.
 */
import type { QualitySample } from './types.js';

export interface QualityPoint {
  t: number;
  audioInKbps: number;
  audioOutKbps: number;
  videoInKbps: number;
  videoOutKbps: number;
  packetsInPerSec: number;
  packetsOutPerSec: number;
  /** Worst of in and out, percent. */
  lossPct: number;
  /** Loss on what we receive (audio and video inbound-rtp together), percent. */
  lossInPct?: number;
  /** Loss the far end reports on what we send (remote-inbound-rtp, worst kind), percent. */
  lossOutPct?: number;
  jitterMs?: number;
  /** Jitter the far end measures on what we send, ms. */
  jitterOutMs?: number;
  rttMs?: number;
  /** Inbound video frame rate, else outbound. */
  fps?: number;
  fpsIn?: number;
  fpsOut?: number;
  width?: number;
  height?: number;
  widthIn?: number;
  heightIn?: number;
  widthOut?: number;
  heightOut?: number;
  /** Received audio level 0..1. */
  audioLevel?: number;
  /** Local microphone level 0..1. */
  micLevel?: number;
  mos?: number;
  band?: string;
  /** Streams present in this sample (inbound-rtp / outbound-rtp reports of that kind). */
  audioIn?: boolean;
  audioOut?: boolean;
  videoIn?: boolean;
  videoOut?: boolean;
}

function worst(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

export function flattenSample(s: QualitySample): QualityPoint {
  const p: QualityPoint = {
    t: s.t,
    audioInKbps: s.audio.inKbps,
    audioOutKbps: s.audio.outKbps,
    videoInKbps: s.video.inKbps,
    videoOutKbps: s.video.outKbps,
    packetsInPerSec: s.audio.packetsInPerSec + s.video.packetsInPerSec,
    packetsOutPerSec: s.audio.packetsOutPerSec + s.video.packetsOutPerSec,
    lossPct: s.lossPct,
  };
  const lossIn = worst(s.audio.lossInPct, s.video.lossInPct);
  if (lossIn !== undefined) p.lossInPct = lossIn;
  const lossOut = worst(s.audio.lossOutPct, s.video.lossOutPct);
  if (lossOut !== undefined) p.lossOutPct = lossOut;
  if (s.jitterMs !== undefined) p.jitterMs = s.jitterMs;
  const jitterOut = s.audio.jitterOutMs ?? s.video.jitterOutMs;
  if (jitterOut !== undefined) p.jitterOutMs = jitterOut;
  if (s.rttMs !== undefined) p.rttMs = s.rttMs;
  const v = s.video;
  const fps = v.fpsIn ?? v.fpsOut;
  if (fps !== undefined) p.fps = fps;
  if (v.fpsIn !== undefined) p.fpsIn = v.fpsIn;
  if (v.fpsOut !== undefined) p.fpsOut = v.fpsOut;
  const w = v.widthIn ?? v.widthOut;
  const h = v.heightIn ?? v.heightOut;
  if (w !== undefined && h !== undefined) {
    p.width = w;
    p.height = h;
  }
  if (v.widthIn !== undefined && v.heightIn !== undefined) {
    p.widthIn = v.widthIn;
    p.heightIn = v.heightIn;
  }
  if (v.widthOut !== undefined && v.heightOut !== undefined) {
    p.widthOut = v.widthOut;
    p.heightOut = v.heightOut;
  }
  if (s.audioLevel !== undefined) p.audioLevel = s.audioLevel;
  if (s.audioLevelOut !== undefined) p.micLevel = s.audioLevelOut;
  if (s.mos !== undefined) p.mos = s.mos;
  if (s.band !== undefined) p.band = s.band;
  if (s.audio.hasIn) p.audioIn = true;
  if (s.audio.hasOut) p.audioOut = true;
  if (v.hasIn) p.videoIn = true;
  if (v.hasOut) p.videoOut = true;
  return p;
}
