/**
 * Why a Media chart has no line. Browsers fill getStats differently (Firefox has no audioLevel on
 * media-source and no round trip until the first RTCP report; an audio call has no frame rate), and
 * an empty chart alone reads like a bug in the tool. The reason is taken from the reports the
 * browser actually gave, so it names the missing field instead of guessing the browser.
 */
import type { PcStats } from '../../core/capture/events.js';

type Report = Record<string, unknown>;

const has = (reports: Report[], types: string[], field: string, kind?: string) =>
  reports.some((r) => types.includes(String(r.type)) && (kind === undefined || r.kind === kind) && typeof r[field] === 'number');

const rtpOf = (reports: Report[], kind: string) => reports.some((r) => (r.type === 'inbound-rtp' || r.type === 'outbound-rtp') && r.kind === kind);

/** One reason per metric title, for metrics that have no points; undefined when there is nothing to say. */
export function unavailableReason(title: string, samples: readonly PcStats[]): string | undefined {
  if (samples.length === 0) return undefined;
  const reports = samples.flatMap((s) => Object.values(s.reports) as Report[]);
  switch (title) {
    case 'Frame rate':
    case 'Resolution':
      if (!rtpOf(reports, 'video')) return 'no video stream in this connection';
      return title === 'Frame rate'
        ? 'the browser reports no framesPerSecond for the video streams'
        : 'the browser reports no frameWidth/frameHeight for the video streams';
    case 'Round-trip time':
      return 'no RTCP round trip measured yet (remote-inbound-rtp.roundTripTime) and no currentRoundTripTime on the selected candidate pair';
    case 'Audio level':
      if (!rtpOf(reports, 'audio')) return 'no audio stream in this connection';
      if (!has(reports, ['inbound-rtp', 'media-source'], 'audioLevel', 'audio')) return 'the browser reports no audioLevel (Firefox has none on media-source)';
      return undefined;
    case 'Jitter':
      return has(reports, ['inbound-rtp'], 'jitter') ? undefined : 'no inbound stream with jitter in the stats';
    case 'Bitrate':
    case 'Packet loss':
    case 'MOS':
      return samples.length < 2 ? 'needs two stats samples' : 'no RTP stream in the stats with the counters this needs';
    default:
      return undefined;
  }
}
