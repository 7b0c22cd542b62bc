/**
 * What each sending microphone delivered in one stats interval, from the media-source report an audio
 * outbound-rtp points at (`mediaSourceId`): its energy per second of audio (W3C webrtc-stats
 * `totalAudioEnergy` over `totalSamplesDuration`, the mean square of the samples, full scale = 1) and
 * whether RTP packets went out. Shared by the silent-microphone and microphone-clipping rules.
 */
import { grew, PreviousReports, reportsOf, str } from './stats-reading.js';
import type { StatsReports } from './types.js';

export interface MicInterval {
  /** media-source report id: one per attached track. */
  sourceId: string;
  trackId?: string;
  /** Mean square of the samples over the interval (0 = digital silence, 1 = a full-scale square wave). */
  energyPerSecond: number;
  /** RTP packets went out for this source in the interval. */
  sending: boolean;
}

export class MicrophoneLevels {
  private readonly prev = new PreviousReports();

  /** Intervals of every audio source that has a media-source report with energy counters in both samples. */
  read(pcId: string, reports: StatsReports): MicInterval[] {
    const out: MicInterval[] = [];
    for (const [id, o] of reportsOf(reports, 'outbound-rtp', 'audio')) {
      const prevOut = this.prev.swap(pcId, id, o);
      const sourceId = str(o, 'mediaSourceId');
      const src = sourceId ? reports[sourceId] : undefined;
      if (!sourceId || !src || typeof src !== 'object' || Array.isArray(src)) continue;
      const prevSrc = this.prev.swap(pcId, sourceId, src);
      const energy = grew(src, prevSrc, 'totalAudioEnergy');
      const duration = grew(src, prevSrc, 'totalSamplesDuration');
      if (energy === undefined || duration === undefined || duration <= 0) continue;
      const packets = grew(o, prevOut, 'packetsSent');
      out.push({
        sourceId,
        trackId: str(src, 'trackIdentifier'),
        energyPerSecond: energy / duration,
        sending: (packets ?? 0) > 0,
      });
    }
    return out;
  }
}
