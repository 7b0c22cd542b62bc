/** One flat row per sample for charts and tables (the panel's and the viewer's quality charts read these). */
import type { QualitySample } from './types.js';

export interface QualityPoint {
  t: number;
  audioInKbps: number;
  audioOutKbps: number;
  videoInKbps: number;
  videoOutKbps: number;
  packetsInPerSec: number;
  packetsOutPerSec: number;
  lossPct: number;
  jitterMs?: number;
  rttMs?: number;
  /** Inbound video frame rate, else outbound. */
  fps?: number;
  width?: number;
  height?: number;
  audioLevel?: number;
  mos?: number;
  band?: string;
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
  if (s.jitterMs !== undefined) p.jitterMs = s.jitterMs;
  if (s.rttMs !== undefined) p.rttMs = s.rttMs;
  const fps = s.video.fpsIn ?? s.video.fpsOut;
  if (fps !== undefined) p.fps = fps;
  const w = s.video.widthIn ?? s.video.widthOut;
  const h = s.video.heightIn ?? s.video.heightOut;
  if (w !== undefined && h !== undefined) {
    p.width = w;
    p.height = h;
  }
  if (s.audioLevel !== undefined) p.audioLevel = s.audioLevel;
  if (s.mos !== undefined) p.mos = s.mos;
  if (s.band !== undefined) p.band = s.band;
  return p;
}
