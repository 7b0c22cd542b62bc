/** Check 5: which speakers can the page see, and can it route sound to each one? */
import type { CheckDefinition, CheckOutcome } from '../types.js';
import { NO_ANSWER_SKIP, browserGaveNoAnswer, devicesFor, getAccess } from './shared.js';
import { TIMED_OUT, errorName, shortId, within } from './util.js';

export interface SinkResult {
  label: string;
  deviceId: string;
  ok: boolean;
  error?: string;
}

export function evaluateSpeakers(setSinkIdSupported: boolean, sinks: SinkResult[], labelsHidden: boolean, pickOnly = false): CheckOutcome {
  const metrics = {
    setSinkId: setSinkIdSupported,
    outputs: sinks.map((s) => ({ label: s.label, deviceId: shortId(s.deviceId), ok: s.ok, ...(s.error ? { error: s.error } : {}) })),
  };
  if (!setSinkIdSupported) {
    return {
      status: 'warn',
      summary: 'This browser cannot choose a speaker: calls play on the system default output.',
      metrics,
      advice: ['Pick the speaker or headset you want in the system sound settings before the call.'],
    };
  }
  if (!sinks.length && pickOnly && !labelsHidden) {
    return {
      status: 'skip',
      summary: 'This browser lists a speaker only after you pick it in an app; sound plays on the system default output until then.',
      metrics,
      advice: [],
    };
  }
  if (!sinks.length) {
    return {
      status: 'warn',
      summary: labelsHidden
        ? 'The browser lists no speakers until camera or microphone access is allowed; sound plays on the system default.'
        : 'The browser lists no speakers; sound plays on the system default output.',
      metrics,
      advice: ['Check that a speaker or headset is connected and turned on.'],
    };
  }
  const failed = sinks.filter((s) => !s.ok);
  if (failed.length === sinks.length) {
    return {
      status: 'fail',
      summary: `Sound could not be routed to any of ${sinks.length} speaker(s).`,
      metrics,
      advice: ['Reconnect the speaker or headset, or choose another output in the system sound settings.'],
    };
  }
  if (failed.length) {
    return {
      status: 'warn',
      summary: `Sound can go to ${sinks.length - failed.length} of ${sinks.length} speakers; not to ${failed.map((f) => `"${f.label}"`).join(', ')}.`,
      metrics,
      advice: ['Avoid the listed speakers for calls, or reconnect them.'],
    };
  }
  return { status: 'pass', summary: `Sound can be routed to each of ${sinks.length} speaker(s).`, metrics, advice: [] };
}

export const speakersCheck: CheckDefinition = {
  id: 'speakers',
  title: 'Speakers',
  async run(ctx): Promise<CheckOutcome> {
    if (browserGaveNoAnswer(ctx)) return { ...NO_ANSWER_SKIP };
    const supported = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
    const all = await devicesFor(ctx);
    const outputs = all.filter((d) => d.kind === 'audiooutput');
    const chosen = ctx.config.devices.audioOutputId;
    const targets = chosen ? outputs.filter((d) => d.deviceId === chosen) : outputs;
    const sinks: SinkResult[] = [];
    if (supported) {
      for (const [i, d] of targets.entries()) {
        const el = document.createElement('audio');
        try {
          const r = await within(el.setSinkId(d.deviceId), 3000, ctx.signal);
          sinks.push(r === TIMED_OUT ? { label: d.label, deviceId: d.deviceId, ok: false, error: 'timeout' } : { label: d.label, deviceId: d.deviceId, ok: true });
        } catch (err) {
          if (ctx.signal.aborted) throw err;
          sinks.push({ label: d.label || 'unnamed speaker', deviceId: d.deviceId, ok: false, error: errorName(err) });
        }
        ctx.progress((i + 1) / targets.length);
      }
    }
    const access = getAccess(ctx);
    const hidden = access ? access.audio !== 'granted' && access.video !== 'granted' : !all.some((d) => d.label);
    // Firefox hides outputs until the user picks one through selectAudioOutput().
    const md = globalThis.navigator?.mediaDevices;
    const pickOnly = Boolean(md && 'selectAudioOutput' in md) && outputs.length === 0;
    return evaluateSpeakers(supported, sinks, hidden, pickOnly);
  },
};
