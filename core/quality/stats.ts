/**
 * Turns successive pc.stats samples of one peer connection into rates (bitrate, packets/s, loss, jitter, RTT,
 * frame rate, resolution, audio level, MOS). Keeps only the previous counters per report id, so each sample
 * costs time proportional to its own reports, never to the history.
 */
import type { Json, PcStats } from '../capture/events.js';
import { mos, mosBand } from './mos.js';
import type { KindRates, QualitySample, QualitySeries } from './types.js';

type Report = Record<string, Json>;

interface Counters {
  t: number;
  bytes: number;
  packets: number;
  lost: number;
}

const MAX_SAMPLES = 7200;

function num(v: Json | undefined): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
function str(v: Json | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function mediaKind(r: Report): 'audio' | 'video' | undefined {
  const k = str(r.kind) ?? str(r.mediaType);
  return k === 'audio' || k === 'video' ? k : undefined;
}

function emptyRates(): KindRates {
  return { inKbps: 0, outKbps: 0, packetsInPerSec: 0, packetsOutPerSec: 0 };
}

export interface QualityTracker {
  series: QualitySeries;
  /** Returns the new sample, or undefined for the first (baseline) sample. */
  push(ev: PcStats): QualitySample | undefined;
}

export function createQualityTracker(pcId: string): QualityTracker {
  const series: QualitySeries = { pcId, samples: [], dropped: 0 };
  const prev = new Map<string, Counters>();
  let prevT: number | undefined;

  function delta(id: string, t: number, bytes: number, packets: number, lost: number) {
    const p = prev.get(id);
    prev.set(id, { t, bytes, packets, lost });
    if (!p || t <= p.t) return undefined;
    // Counters reset when a sender/receiver is replaced; treat a decrease as a fresh start.
    if (bytes < p.bytes || packets < p.packets) return undefined;
    return { dt: (t - p.t) / 1000, bytes: bytes - p.bytes, packets: packets - p.packets, lost: Math.max(0, lost - p.lost) };
  }

  function push(ev: PcStats): QualitySample | undefined {
    const reports = ev.reports && typeof ev.reports === 'object' ? ev.reports : {};
    const audio = emptyRates();
    const video: QualitySample['video'] = emptyRates();
    const lossIn = { audio: { lost: 0, expected: 0 }, video: { lost: 0, expected: 0 } };
    let bytesIn = 0;
    let bytesOut = 0;
    let rttRemote: number | undefined;
    let rttPair: number | undefined;
    let selectedPairId: string | undefined;
    let audioLevel: number | undefined;
    let audioLevelOut: number | undefined;
    let audioLevelOutRtp: number | undefined;
    let any = false;
    const pairs: Report[] = [];

    for (const id in reports) {
      const r = reports[id];
      if (!r || typeof r !== 'object') continue;
      const type = str(r.type);
      const kind = mediaKind(r);
      const ts = num(r.timestamp) ?? ev.t;
      if (type === 'inbound-rtp' && kind) {
        any = true;
        const bytes = num(r.bytesReceived) ?? 0;
        const packets = num(r.packetsReceived) ?? 0;
        const lost = num(r.packetsLost) ?? 0;
        bytesIn += bytes;
        const rates = kind === 'audio' ? audio : video;
        rates.hasIn = true;
        const d = delta(id, ts, bytes, packets, lost);
        if (d && d.dt > 0) {
          rates.inKbps += (d.bytes * 8) / 1000 / d.dt;
          rates.packetsInPerSec += d.packets / d.dt;
          lossIn[kind].lost += d.lost;
          lossIn[kind].expected += d.packets + d.lost;
        }
        const jitter = num(r.jitter);
        if (jitter !== undefined) rates.jitterMs = Math.max(rates.jitterMs ?? 0, jitter * 1000);
        if (kind === 'audio') {
          const lvl = num(r.audioLevel);
          if (lvl !== undefined) audioLevel = Math.max(audioLevel ?? 0, lvl);
        } else {
          const fps = num(r.framesPerSecond);
          if (fps !== undefined) video.fpsIn = fps;
          const w = num(r.frameWidth);
          const h = num(r.frameHeight);
          if (w !== undefined && h !== undefined) {
            video.widthIn = w;
            video.heightIn = h;
          }
        }
      } else if (type === 'outbound-rtp' && kind) {
        any = true;
        const bytes = num(r.bytesSent) ?? 0;
        const packets = num(r.packetsSent) ?? 0;
        bytesOut += bytes;
        const rates = kind === 'audio' ? audio : video;
        rates.hasOut = true;
        const d = delta(id, ts, bytes, packets, 0);
        if (d && d.dt > 0) {
          rates.outKbps += (d.bytes * 8) / 1000 / d.dt;
          rates.packetsOutPerSec += d.packets / d.dt;
        }
        if (kind === 'audio') {
          // Older browsers put the send level on outbound-rtp; media-source (below) wins when present.
          const lvl = num(r.audioLevel);
          if (lvl !== undefined) audioLevelOutRtp = Math.max(audioLevelOutRtp ?? 0, lvl);
        } else {
          const fps = num(r.framesPerSecond);
          if (fps !== undefined) video.fpsOut = fps;
          const w = num(r.frameWidth);
          const h = num(r.frameHeight);
          if (w !== undefined && h !== undefined) {
            video.widthOut = w;
            video.heightOut = h;
          }
        }
      } else if (type === 'remote-inbound-rtp' && kind) {
        const rates = kind === 'audio' ? audio : video;
        const fl = num(r.fractionLost);
        if (fl !== undefined) rates.lossOutPct = Math.max(rates.lossOutPct ?? 0, fl * 100);
        const jitterOut = num(r.jitter);
        if (jitterOut !== undefined) rates.jitterOutMs = Math.max(rates.jitterOutMs ?? 0, jitterOut * 1000);
        const rtt = num(r.roundTripTime);
        if (rtt !== undefined) rates.rttOutMs = rtt * 1000;
        if (rtt !== undefined && (rttRemote === undefined || kind === 'audio')) rttRemote = rtt * 1000;
      } else if (type === 'media-source' && kind === 'audio') {
        const lvl = num(r.audioLevel);
        if (lvl !== undefined) audioLevelOut = Math.max(audioLevelOut ?? 0, lvl);
      } else if (type === 'transport') {
        selectedPairId = str(r.selectedCandidatePairId) ?? selectedPairId;
      } else if (type === 'candidate-pair') {
        pairs.push(r);
      }
    }

    let localType: string | undefined;
    let remoteType: string | undefined;
    const pair =
      (selectedPairId ? reports[selectedPairId] : undefined) ??
      pairs.find((p) => p.selected === true) ??
      pairs.find((p) => p.nominated === true && p.state === 'succeeded');
    if (pair) {
      const rtt = num(pair.currentRoundTripTime);
      if (rtt !== undefined) rttPair = rtt * 1000;
      const lc = reports[str(pair.localCandidateId) ?? ''];
      const rc = reports[str(pair.remoteCandidateId) ?? ''];
      localType = lc ? str(lc.candidateType) : undefined;
      remoteType = rc ? str(rc.candidateType) : undefined;
    }

    const t = ev.t;
    const first = prevT === undefined;
    const intervalS = first ? 0 : (t - prevT!) / 1000;
    prevT = t;
    if (first || !any) return undefined;

    for (const k of ['audio', 'video'] as const) {
      const l = lossIn[k];
      if (l.expected > 0) (k === 'audio' ? audio : video).lossInPct = (l.lost / l.expected) * 100;
    }
    const lossPct = Math.max(
      audio.lossInPct ?? 0,
      audio.lossOutPct ?? 0,
      video.lossInPct ?? 0,
      video.lossOutPct ?? 0,
    );
    const rttMs = rttRemote ?? rttPair;
    const jitterMs = audio.jitterMs ?? video.jitterMs;
    audioLevelOut ??= audioLevelOutRtp;
    const sample: QualitySample = {
      t,
      intervalS,
      audio,
      video,
      lossPct,
      jitterMs,
      rttMs,
      audioLevel,
      audioLevelOut,
      bytesIn,
      bytesOut,
      localCandidateType: localType,
      remoteCandidateType: remoteType,
    };
    // MOS rates the voice this side hears: without an inbound audio stream (a send-only connection)
    // there is nothing to rate, and a score from outbound numbers would praise silence.
    if (audio.hasIn && (rttMs !== undefined || audio.jitterMs !== undefined)) {
      sample.mos = Math.round(mos(rttMs ?? 0, audio.jitterMs ?? 0, audio.lossInPct ?? 0) * 100) / 100;
      sample.band = mosBand(sample.mos);
    }
    series.samples.push(sample);
    series.latest = sample;
    if (series.samples.length > MAX_SAMPLES) {
      // Drop the older half at once so trimming stays amortised O(1) per sample.
      const cut = series.samples.length >> 1;
      series.samples.splice(0, cut);
      series.dropped += cut;
    }
    return sample;
  }

  return { series, push };
}
