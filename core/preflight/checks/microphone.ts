/** Check 3: does the microphone deliver sound — not silence, not clipping? */
import type { CheckContext, CheckDefinition, CheckOutcome } from '../types.js';
import { NO_ANSWER_SKIP, browserGaveNoAnswer, getAccess } from './shared.js';
import { NO_DEVICES, errorMessage, errorName, hasMediaDevices, round, sleep, stopStream } from './util.js';

/** Below this the microphone is as good as silent (test.webrtc.org uses the same bound). */
export const SILENCE_DBFS = -60;
/** Samples at or above this magnitude count as clipped. */
const CLIP_LEVEL = 0.99;
/** More clipped samples than this share means distorted sound. */
export const CLIPPING_PERCENT = 0.5;

export interface LevelStats {
  sumSquares: number;
  samples: number;
  peak: number;
  clipped: number;
  /** Loudest short window, dBFS. */
  maxWindowDbfs: number;
}

export function emptyLevels(): LevelStats {
  return { sumSquares: 0, samples: 0, peak: 0, clipped: 0, maxWindowDbfs: -Infinity };
}

/** Folds one analyser window (float samples in -1..1) into the running figures. */
export function addWindow(stats: LevelStats, data: ArrayLike<number>): void {
  let sq = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    sq += v * v;
    const a = Math.abs(v);
    if (a > stats.peak) stats.peak = a;
    if (a >= CLIP_LEVEL) stats.clipped++;
  }
  stats.sumSquares += sq;
  stats.samples += data.length;
  if (data.length) stats.maxWindowDbfs = Math.max(stats.maxWindowDbfs, toDbfs(Math.sqrt(sq / data.length)));
}

export function toDbfs(amplitude: number): number {
  return amplitude > 0 ? 20 * Math.log10(amplitude) : -Infinity;
}

export function evaluateMicrophone(stats: LevelStats, label: string, durationMs: number): CheckOutcome {
  const rms = stats.samples ? toDbfs(Math.sqrt(stats.sumSquares / stats.samples)) : -Infinity;
  const clippedPercent = stats.samples ? (100 * stats.clipped) / stats.samples : 0;
  const dbfs = (v: number) => (Number.isFinite(v) ? round(v, 1) : null);
  const metrics = {
    device: label,
    rmsDbfs: dbfs(rms),
    peakDbfs: dbfs(toDbfs(stats.peak)),
    maxWindowDbfs: dbfs(stats.maxWindowDbfs),
    clippedPercent: round(clippedPercent, 2),
    sampledMs: Math.round(durationMs),
  };
  const levelText = Number.isFinite(rms) ? `${round(rms, 1)} dBFS` : 'no signal at all';
  if (!stats.samples) {
    return { status: 'fail', summary: 'No sound samples could be read from the microphone.', metrics, advice: ['Run the check again.'] };
  }
  if (!(stats.maxWindowDbfs >= SILENCE_DBFS)) {
    return {
      status: 'fail',
      summary: `The microphone "${label}" sends silence (level ${levelText}, below ${SILENCE_DBFS} dBFS).`,
      metrics,
      advice: [
        'Check that the microphone is not muted (a mute switch or key on a headset or laptop) and that its input volume is up in the system sound settings.',
        'If you have several microphones, pick the one you talk into.',
      ],
    };
  }
  if (clippedPercent > CLIPPING_PERCENT) {
    return {
      status: 'warn',
      summary: `The microphone "${label}" is too loud and distorts (${round(clippedPercent, 1)}% of samples clipped, level ${levelText}).`,
      metrics,
      advice: ['Lower the microphone input volume in the system sound settings, or move it a little away from your mouth.'],
    };
  }
  return { status: 'pass', summary: `The microphone "${label}" picks up sound (average ${levelText}).`, metrics, advice: [] };
}

async function measure(ctx: CheckContext): Promise<CheckOutcome> {
  const id = ctx.config.devices.audioInputId;
  let stream: MediaStream;
  try {
    // Processing off: we want the level the hardware gives, not what AGC made of it.
    stream = await navigator.mediaDevices.getUserMedia({
      audio: { ...(id ? { deviceId: { exact: id } } : {}), echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    });
  } catch (err) {
    return {
      status: 'fail',
      summary: `The microphone could not be opened (${errorName(err)}).`,
      metrics: { error: `${errorName(err)}: ${errorMessage(err)}` },
      advice: ['Close other apps that use the microphone, check it is plugged in, then run the check again.'],
    };
  }
  const track = stream.getAudioTracks()[0]!;
  const label = track.label || 'default microphone';
  const given = ctx.config.audioContext;
  const AC = globalThis.AudioContext ?? (globalThis as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  const audio = given && given.state !== 'closed' ? given : new AC();
  try {
    if (audio.state !== 'running') await Promise.race([audio.resume(), sleep(1500, ctx.signal)]);
    if (audio.state !== 'running') {
      return {
        status: 'skip',
        summary: `The microphone "${label}" opened, but the browser's audio engine did not start, so its level was not measured.`,
        metrics: { device: label, audioContext: audio.state },
        advice: [
          'Start the check with the Run button: browsers start audio only after a click.',
          'If it still does not start, check that the computer has a working sound output device.',
        ],
      };
    }
    const source = audio.createMediaStreamSource(stream);
    const analyser = audio.createAnalyser();
    analyser.fftSize = 2048;
    source.connect(analyser);
    const buf = new Float32Array(analyser.fftSize);
    const stats = emptyLevels();
    const windowMs = (analyser.fftSize / audio.sampleRate) * 1000;
    const total = ctx.config.durations.micMs;
    const started = performance.now();
    while (performance.now() - started < total) {
      await sleep(Math.max(10, windowMs * 0.95), ctx.signal);
      analyser.getFloatTimeDomainData(buf);
      addWindow(stats, buf);
      ctx.progress((performance.now() - started) / total);
    }
    source.disconnect();
    const out = evaluateMicrophone(stats, label, performance.now() - started);
    out.metrics = { ...out.metrics, sampleRate: audio.sampleRate };
    return out;
  } finally {
    stopStream(stream);
    if (audio !== given) void audio.close().catch(() => {});
  }
}

export const microphoneCheck: CheckDefinition = {
  id: 'microphone',
  title: 'Microphone',
  async run(ctx) {
    if (!hasMediaDevices()) return { ...NO_DEVICES };
    if (browserGaveNoAnswer(ctx)) return { ...NO_ANSWER_SKIP };
    const access = getAccess(ctx);
    if (access && access.audio !== 'granted') {
      return { status: 'skip', summary: 'Skipped: the page has no access to a microphone (see camera and microphone access).' };
    }
    return measure(ctx);
  },
};
