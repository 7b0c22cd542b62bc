import { describe, expect, it } from 'vitest';
import { MAX_TARGET_CHOICES, mediaTargets, targetChoices } from '../../../../ui/views/simulate-media-targets.js';
import { createCaptureModel, applyEvent } from '../../../../core/capture/model.js';
import type { CaptureEvent } from '../../../../core/capture/events.js';

const track = (id: string, kind: string, label: string) => ({ id, kind, label, settings: null });

describe('mediaTargets', () => {
  it('offers the live getUserMedia tracks by kind and the input devices the page last saw', () => {
    const m = createCaptureModel();
    const events: CaptureEvent[] = [
      { kind: 'media.gum', t: 1, id: 'g1', api: 'getUserMedia', constraints: null },
      { kind: 'media.gum.result', t: 2, id: 'g1', api: 'getUserMedia', ok: true, tracks: [track('a1', 'audio', 'Headset'), track('v1', 'video', 'Cam')], durationMs: 1 },
      { kind: 'media.gum', t: 3, id: 'g2', api: 'getDisplayMedia', constraints: null },
      { kind: 'media.gum.result', t: 4, id: 'g2', api: 'getDisplayMedia', ok: true, tracks: [track('s1', 'video', 'screen:0')], durationMs: 1 },
      { kind: 'media.gum', t: 5, id: 'g3', api: 'getUserMedia', constraints: null },
      { kind: 'media.gum.result', t: 6, id: 'g3', api: 'getUserMedia', ok: true, tracks: [track('a2', 'audio', '')], durationMs: 1 },
      { kind: 'media.track', t: 7, trackId: 'v1', trackKind: 'video', label: 'Cam', event: 'ended' },
      {
        kind: 'media.devices',
        t: 8,
        devices: [
          { deviceId: 'default', groupId: 'g', kind: 'audioinput', label: 'Default - Headset' },
          { deviceId: 'cam1', groupId: 'h', kind: 'videoinput', label: '' },
          { deviceId: 'out1', groupId: 'g', kind: 'audiooutput', label: 'Speakers' },
          { deviceId: '', groupId: '', kind: 'audioinput', label: '' },
        ],
      },
    ];
    for (const e of events) applyEvent(m, e);
    expect(mediaTargets(m.media)).toEqual({
      // The ended camera and the screen share are not offered; an unlabeled track says what it is.
      microphones: [
        { value: 'a1', label: 'Headset' },
        { value: 'a2', label: 'microphone track a2' },
      ],
      cameras: [],
      devices: [
        { value: 'default', label: 'Default - Headset · microphone' },
        { value: 'cam1', label: '(no label) cam1 · camera' },
      ],
    });
  });
});

describe('targetChoices: the Simulate pickers', () => {
  const t = {
    microphones: [{ value: 'a1', label: 'Headset' }],
    cameras: [{ value: 'v1', label: 'Cam' }],
    devices: Array.from({ length: 500 }, (_, i) => ({ value: `d${i}`, label: `Mic ${i} · microphone` })),
  };
  it('offers every track of the kind first, then each live track; a device only from the list the page saw, capped', () => {
    expect(targetChoices('mute-microphone', 'track', t)).toEqual([{ value: '', label: 'every microphone track' }, { value: 'a1', label: 'Headset' }]);
    expect(targetChoices('end-camera-track', 'track', t)?.map((c) => c.value)).toEqual(['', 'v1']);
    const devices = targetChoices('unplug-device', 'deviceId', t)!;
    expect(devices[0]).toEqual({ value: 'd0', label: 'Mic 0 · microphone' });
    expect(devices).toHaveLength(MAX_TARGET_CHOICES);
  });
  it('leaves typed fields alone', () => {
    expect(targetChoices('withhold-replies', 'method', t)).toBeUndefined();
    expect(targetChoices('unplug-device', 'track', t)).toBeUndefined();
  });
});
