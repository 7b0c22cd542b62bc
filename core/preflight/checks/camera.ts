/** Check 4: which resolutions really open, at what frame rate, and is the picture not black? */
import type { CheckContext, CheckDefinition, CheckOutcome, Resolution } from '../types.js';
import { type LadderStep, NO_ANSWER_SKIP, browserGaveNoAnswer, getAccess, setCameraProbe } from './shared.js';
import { NO_DEVICES, TIMED_OUT, errorName, hasMediaDevices, round, sleep, stopStream, within } from './util.js';

/** Below this the picture is unusable (test.webrtc.org fails under 5 fps). */
export const MIN_FPS = 5;
/** Under this, video looks choppy. */
export const LOW_FPS = 15;
/** Mean luma (0..255) under which a frame counts as black. */
export const BLACK_LUMA = 16;
/** Share of bad frames that makes a step suspicious (test.webrtc.org uses one third). */
export const BAD_FRAME_SHARE = 100 / 3;

const SAMPLE_W = 32;
const SAMPLE_H = 24;

export function evaluateCamera(label: string, ladder: LadderStep[]): CheckOutcome {
  const opened = ladder.filter((s) => s.ok);
  const metrics = {
    device: label,
    resolutions: ladder.map((s) => ({
      width: s.width,
      height: s.height,
      ok: s.ok,
      ...(s.error ? { error: s.error } : {}),
      ...(s.ok
        ? {
            actualWidth: s.actualWidth ?? null,
            actualHeight: s.actualHeight ?? null,
            fps: s.fps ?? null,
            blackPercent: s.blackPercent ?? null,
            frozenPercent: s.frozenPercent ?? null,
          }
        : {}),
    })),
  };
  if (!opened.length) {
    return {
      status: 'fail',
      summary: `The camera "${label}" opened at none of ${ladder.map(fmt).join(', ')}.`,
      metrics,
      advice: ['Close other apps that use the camera, reconnect it, then run the check again.'],
    };
  }
  const best = opened[opened.length - 1]!;
  const withFrames = opened.filter((s) => typeof s.fps === 'number');
  const black = withFrames.filter((s) => (s.blackPercent ?? 0) > BAD_FRAME_SHARE);
  // Identical downscaled samples also come from a still scene on a low-noise camera (and from
  // Firefox's fake camera), so frozen frames are reported in the metrics but do not judge the camera.
  const fpsBest = best.fps ?? null;
  const opens = `Opens at ${opened.map(fmt).join(', ')}`;
  const advice: string[] = [];
  if (withFrames.length && black.length === withFrames.length) {
    return {
      status: 'fail',
      summary: `The camera "${label}" sends black pictures (${opens}).`,
      metrics,
      advice: ['Open the camera shutter or privacy cover, check the camera light, and close other apps that use it.'],
    };
  }
  if (withFrames.length && withFrames.every((s) => (s.fps ?? 0) < MIN_FPS)) {
    return {
      status: 'fail',
      summary: `The camera "${label}" delivers almost no frames (${fpsBest ?? 0} fps at ${fmt(best)}).`,
      metrics,
      advice: ['Close other apps that use the camera, reconnect it, or try another camera.'],
    };
  }
  const issues: string[] = [];
  if (black.length) issues.push(`black frames at ${black.map(fmt).join(', ')}`);
  if (fpsBest !== null && fpsBest < LOW_FPS) {
    issues.push(`only ${fpsBest} fps at ${fmt(best)}`);
    advice.push('Improve the lighting (cameras slow down in the dark) and close other apps that use the camera.');
  }
  if (!withFrames.length) issues.push('its frame rate could not be measured');
  if (issues.length) {
    if (black.length) advice.push('Check the camera cover and cable; try another camera if it persists.');
    return { status: 'warn', summary: `${opens}, but ${issues.join('; ')}.`, metrics, advice };
  }
  return { status: 'pass', summary: `${opens}; ${fpsBest} fps at ${fmt(best)}.`, metrics, advice };
}

export function fmt(r: Resolution): string {
  return `${r.width}x${r.height}`;
}

export function meanLuma(rgba: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i + 2 < rgba.length; i += 4) {
    sum += 0.299 * rgba[i]! + 0.587 * rgba[i + 1]! + 0.114 * rgba[i + 2]!;
    n++;
  }
  return n ? sum / n : 0;
}

/** Frames counted by the video element's own frame clock, sampled small for black/frozen checks. */
async function sampleFrames(stream: MediaStream, ms: number, signal: AbortSignal) {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  const canvas = document.createElement('canvas');
  canvas.width = SAMPLE_W;
  canvas.height = SAMPLE_H;
  const g = canvas.getContext('2d', { willReadFrequently: true });
  try {
    await within(video.play(), 3000, signal);
    const first = await within(
      new Promise<void>((resolve) => {
        if (video.readyState >= 2) resolve();
        else video.addEventListener('loadeddata', () => resolve(), { once: true });
      }),
      3000,
      signal,
    );
    if (first === TIMED_OUT) return { fps: 0, blackPercent: null, frozenPercent: null };
    let frames = 0;
    let black = 0;
    let frozen = 0;
    let samples = 0;
    let previous: Uint8ClampedArray | null = null;
    const inspect = () => {
      if (!g) return;
      g.drawImage(video, 0, 0, SAMPLE_W, SAMPLE_H);
      const px = g.getImageData(0, 0, SAMPLE_W, SAMPLE_H).data;
      samples++;
      if (meanLuma(px) < BLACK_LUMA) black++;
      if (previous && sameBytes(previous, px)) frozen++;
      previous = px;
    };
    const started = performance.now();
    const hasRvfc = typeof (video as { requestVideoFrameCallback?: unknown }).requestVideoFrameCallback === 'function';
    const startQuality = video.getVideoPlaybackQuality?.().totalVideoFrames ?? 0;
    if (hasRvfc) {
      let active = true;
      const onFrame = () => {
        if (!active) return;
        frames++;
        if (frames % 3 === 1) inspect();
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
      await sleep(ms, signal).finally(() => (active = false));
    } else {
      while (performance.now() - started < ms) {
        await sleep(100, signal);
        inspect();
      }
      frames = (video.getVideoPlaybackQuality?.().totalVideoFrames ?? 0) - startQuality;
    }
    const elapsed = (performance.now() - started) / 1000;
    return {
      fps: round(frames / elapsed, 1),
      blackPercent: samples ? round((100 * black) / samples, 1) : null,
      frozenPercent: samples > 1 ? round((100 * frozen) / (samples - 1), 1) : null,
    };
  } finally {
    video.pause();
    video.srcObject = null;
  }
}

function sameBytes(a: Uint8ClampedArray, b: Uint8ClampedArray): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export async function probeLadder(ctx: CheckContext): Promise<{ label: string; deviceId: string; ladder: LadderStep[] }> {
  const id = ctx.config.devices.videoInputId;
  const ladder: LadderStep[] = [];
  let label = '';
  let deviceId = id ?? '';
  const steps = ctx.config.resolutions;
  for (const [i, r] of steps.entries()) {
    let stream: MediaStream | undefined;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { ...(id ? { deviceId: { exact: id } } : {}), width: { exact: r.width }, height: { exact: r.height } },
      });
      const track = stream.getVideoTracks()[0]!;
      const s = track.getSettings();
      label ||= track.label;
      deviceId ||= s.deviceId ?? '';
      const frames = await sampleFrames(stream, ctx.config.durations.cameraMs, ctx.signal);
      ladder.push({ ...r, ok: true, actualWidth: s.width ?? r.width, actualHeight: s.height ?? r.height, ...frames });
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      ladder.push({ ...r, ok: false, error: errorName(err) });
    } finally {
      stopStream(stream);
    }
    ctx.progress((i + 1) / steps.length, fmt(r));
  }
  return { label: label || 'default camera', deviceId, ladder };
}

export const cameraCheck: CheckDefinition = {
  id: 'camera',
  title: 'Camera',
  async run(ctx) {
    if (!hasMediaDevices()) return { ...NO_DEVICES };
    if (browserGaveNoAnswer(ctx)) return { ...NO_ANSWER_SKIP };
    const access = getAccess(ctx);
    if (access && access.video !== 'granted') {
      return { status: 'skip', summary: 'Skipped: the page has no access to a camera (see camera and microphone access).' };
    }
    const probe = await probeLadder(ctx);
    setCameraProbe(ctx, probe);
    return evaluateCamera(probe.label, probe.ladder);
  },
};
