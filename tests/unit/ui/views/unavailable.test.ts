import { describe, it, expect } from 'vitest';
import type { PcStats } from '../../../../core/capture/events.js';
import { unavailableReason } from '../../../../ui/views/unavailable.js';

/** An audio-only sample shaped like Firefox ESR 153's getStats (seen in tests/e2e/firefox-capture-pipeline.spec.ts). */
function firefoxAudio(t: number, bytes: number): PcStats {
  return {
    kind: 'pc.stats',
    t,
    id: 'pc-1',
    reports: {
      in1: { id: 'in1', type: 'inbound-rtp', kind: 'audio', bytesReceived: bytes, jitter: 0.009, packetsLost: 0, packetsReceived: 10, audioLevel: 0.004 },
      out1: { id: 'out1', type: 'outbound-rtp', kind: 'audio', bytesSent: bytes, packetsSent: 10 },
      ms: { id: 'ms', type: 'media-source', kind: 'audio', trackIdentifier: '{x}' },
      rin: { id: 'rin', type: 'remote-inbound-rtp', kind: 'audio', roundTripTimeMeasurements: 0, totalRoundTripTime: 0 },
    },
  };
}

describe('unavailableReason', () => {
  const samples = [firefoxAudio(1000, 100), firefoxAudio(2000, 900)];

  it('an audio-only call explains the empty video charts', () => {
    expect(unavailableReason('Frame rate', samples)).toBe('no video stream in this connection');
    expect(unavailableReason('Resolution', samples)).toBe('no video stream in this connection');
  });

  it('Firefox audio: the inbound audioLevel is enough; without any audioLevel the reason names Firefox', () => {
    expect(unavailableReason('Audio level', samples)).toBeUndefined();
    const noLevel = samples.map((s) => ({ ...s, reports: { ...s.reports, in1: { ...s.reports.in1!, audioLevel: null } } }));
    expect(unavailableReason('Audio level', noLevel)).toMatch(/no audioLevel .*Firefox/);
  });

  it('video streams without frame fields name the missing field', () => {
    const v = samples.map((s) => ({ ...s, reports: { ...s.reports, vin: { id: 'vin', type: 'inbound-rtp', kind: 'video', bytesReceived: 5 } } }));
    expect(unavailableReason('Frame rate', v)).toMatch(/framesPerSecond/);
    expect(unavailableReason('Resolution', v)).toMatch(/frameWidth/);
  });

  it('round trip: says which two fields were looked for; nothing to say before any sample', () => {
    expect(unavailableReason('Round-trip time', samples)).toMatch(/roundTripTime.*currentRoundTripTime/);
    expect(unavailableReason('Round-trip time', [])).toBeUndefined();
    expect(unavailableReason('Bitrate', samples.slice(0, 1))).toBe('needs two stats samples');
  });
});
