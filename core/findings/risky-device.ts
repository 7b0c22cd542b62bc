/**
 * Audio devices that often cause trouble, named as a possibility ("may"), from the tracks getUserMedia
 * returned: a Bluetooth headset in its hands-free profile (by label, or by a capture sample rate of 16 kHz
 * or less, which only the hands-free/headset profiles and telephone-grade inputs use) and virtual devices
 * (audio routers, noise filters, streaming tools) that sit between the microphone and the browser. Once per
 * track. Source: docs/findings.md.
 */
import type { Json } from '../capture/events.js';
import type { Rule } from './types.js';

export const LOW_SAMPLE_RATE = 16_000;
const HANDS_FREE = /hands-?free|\bhfp\b|\bhsp\b|\bAG Audio\b/i;
const BLUETOOTH = /bluetooth|airpods|\bbt\b|buds|wh-1000|jabra|bose|beats/i;
const VIRTUAL = /virtual|vb-audio|vb-cable|cable (output|input)|voicemeeter|blackhole|soundflower|loopback audio|krisp|nvidia broadcast|\bobs\b|\bcamo\b|snap camera|zoomaudiodevice|teams audio/i;

function sampleRateOf(settings: Json | undefined): number | undefined {
  if (!settings || typeof settings !== 'object' || Array.isArray(settings)) return undefined;
  const r = settings.sampleRate;
  return typeof r === 'number' && Number.isFinite(r) && r > 0 ? r : undefined;
}

export function createRiskyDeviceRule(): Rule {
  const seen = new Set<string>();
  return {
    id: 'risky-audio-device',
    on(s, ctx) {
      if (s.type !== 'capture' || s.ev.kind !== 'media.gum.result' || !s.ev.ok || !Array.isArray(s.ev.tracks)) return;
      for (const tr of s.ev.tracks.slice(0, 20)) {
        if (tr?.kind !== 'audio' || typeof tr.id !== 'string' || seen.has(tr.id)) continue;
        const label = typeof tr.label === 'string' ? tr.label.slice(0, 200) : '';
        const rate = sampleRateOf(tr.settings);
        let why: string | undefined;
        let advice = '';
        if (HANDS_FREE.test(label) || (rate !== undefined && rate <= LOW_SAMPLE_RATE && BLUETOOTH.test(label))) {
          why = `may be a Bluetooth headset in its hands-free profile${rate !== undefined ? ` (captured at ${rate / 1000} kHz)` : ''}`;
          advice = 'In the hands-free profile a Bluetooth headset carries narrowband audio both ways and can switch profiles mid-call, cutting audio. If voice sounds muffled or drops, use the headset as speaker only with the computer\'s microphone, or a wired/USB headset.';
        } else if (rate !== undefined && rate <= LOW_SAMPLE_RATE) {
          why = `captures at ${rate / 1000} kHz, a telephone-grade rate that may mean a Bluetooth hands-free link or a narrowband input`;
          advice = 'A capture rate this low limits voice to telephone quality. If that is not expected, check which input the OS uses and pick a full-band microphone.';
        } else if (VIRTUAL.test(label)) {
          why = 'may be a virtual device (an audio router, noise filter or streaming tool) between the microphone and the browser';
          advice = 'Virtual devices add delay and can deliver silence when the app behind them is closed or misrouted. If the far end cannot hear, pick the physical microphone (SignalWire: device selection; Telnyx: the micId call option).';
        }
        if (!why) continue;
        seen.add(tr.id);
        ctx.emit({
          rule: 'risky-audio-device',
          severity: 'info',
          t: s.ev.t,
          message: `Microphone "${label || tr.id}" ${why}`,
          advice,
          evidence: [{ kind: 'event', t: s.ev.t }],
        });
      }
    },
  };
}
