/** risky-audio-device: hands-free Bluetooth, a telephone-grade capture rate and virtual devices, stated as "may". */
import { describe, expect, it } from 'vitest';
import { LOW_SAMPLE_RATE } from '../../../../core/findings/risky-device.js';
import { Seq } from '../../../fixtures/protocol/builder.js';
import { findingsOf } from '../../../fixtures/protocol/run-rules.js';
import type { Json } from '../../../../core/capture/events.js';

function micNamed(label: string, settings: Json = { sampleRate: 48000 }) {
  const s = new Seq(0);
  s.push({ kind: 'media.gum.result', t: 0, id: 'g', api: 'getUserMedia', ok: true, durationMs: 1, tracks: [{ id: 'a1', kind: 'audio', label, settings }] });
  return findingsOf(s.events, 'risky-audio-device').map((f) => f.message);
}

describe('risky-audio-device', () => {
  it('says "may" for a hands-free headset, a 16 kHz capture and a virtual device', () => {
    expect(micNamed('Headset (WH-1000XM4 Hands-Free AG Audio)')).toEqual(['Microphone "Headset (WH-1000XM4 Hands-Free AG Audio)" may be a Bluetooth headset in its hands-free profile (captured at 48 kHz)']);
    expect(micNamed('AirPods Pro', { sampleRate: 16000 })[0]).toContain('may be a Bluetooth headset in its hands-free profile (captured at 16 kHz)');
    expect(micNamed('Line In', { sampleRate: 8000 })[0]).toContain('captures at 8 kHz, a telephone-grade rate that may mean');
    expect(micNamed('CABLE Output (VB-Audio Virtual Cable)')[0]).toContain('may be a virtual device');
    expect(LOW_SAMPLE_RATE).toBe(16_000);
  });

  it('stays quiet on ordinary microphones, AirPods at full band and the Chromium fake device', () => {
    expect(micNamed('MacBook Pro Microphone')).toEqual([]);
    expect(micNamed('AirPods Pro', { sampleRate: 48000 })).toEqual([]);
    expect(micNamed('Fake Default Audio Input')).toEqual([]);
    expect(micNamed('USB Audio', 'not settings')).toEqual([]);
  });
});
