/** MicrophoneLevels: energy per second and sending per audio source, from two consecutive samples. */
import { describe, expect, it } from 'vitest';
import { MicrophoneLevels } from '../../../../core/findings/microphone-level.js';

const sample = (energy: number, duration: number, packets: number) => ({
  OA: { type: 'outbound-rtp', kind: 'audio', mediaSourceId: 'SA', packetsSent: packets },
  SA: { type: 'media-source', kind: 'audio', trackIdentifier: 'mic-1', totalAudioEnergy: energy, totalSamplesDuration: duration },
});

describe('MicrophoneLevels', () => {
  it('gives nothing for the first sample, then the interval energy per second of audio', () => {
    const m = new MicrophoneLevels();
    expect(m.read('pc-1', sample(0, 0, 0))).toEqual([]);
    expect(m.read('pc-1', sample(0.5, 2, 100))).toEqual([{ sourceId: 'SA', trackId: 'mic-1', energyPerSecond: 0.25, sending: true }]);
    expect(m.read('pc-1', sample(0.5, 3, 100))[0]).toMatchObject({ energyPerSecond: 0, sending: false });
  });

  it('skips a reset counter and keeps connections apart', () => {
    const m = new MicrophoneLevels();
    m.read('pc-1', sample(1, 5, 10));
    expect(m.read('pc-2', sample(1, 6, 20))).toEqual([]);
    expect(m.read('pc-1', sample(0.1, 1, 20))).toEqual([]);
  });
});
