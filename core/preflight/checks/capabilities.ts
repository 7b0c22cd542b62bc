/**
 * Check 6: what each input device can do — MediaTrackCapabilities (what SignalWire's
 * getDeviceCapabilities(device) returns) plus the resolutions and frame rates we saw it really deliver.
 */
import type { CheckDefinition, CheckOutcome, MetricValue } from '../types.js';
import { type CameraProbe, NO_ANSWER_SKIP, browserGaveNoAnswer, devicesFor, getAccess, getCameraProbe } from './shared.js';
import { NO_DEVICES, errorName, hasMediaDevices, shortId } from './util.js';

export interface DeviceCapabilities {
  kind: 'audioinput' | 'videoinput';
  label: string;
  deviceId: string;
  capabilities: MetricValue | null;
  settings: MetricValue | null;
  /** From the camera check's ladder, for the camera it probed. */
  probedResolutions?: { width: number; height: number; fps: number | null }[];
  error?: string;
}

/** Drops ids that only alias another device (Chromium's "default" and "communications"). */
export function distinctInputs(list: MediaDeviceInfo[]): MediaDeviceInfo[] {
  return list.filter(
    (d) => (d.kind === 'audioinput' || d.kind === 'videoinput') && d.deviceId !== 'default' && d.deviceId !== 'communications' && d.deviceId !== '',
  );
}

export function evaluateCapabilities(devices: DeviceCapabilities[], supported: boolean): CheckOutcome {
  const metrics = {
    getCapabilities: supported,
    devices: devices.map((d) => ({
      kind: d.kind,
      label: d.label,
      deviceId: shortId(d.deviceId),
      capabilities: d.capabilities,
      settings: d.settings,
      ...(d.probedResolutions ? { probedResolutions: d.probedResolutions } : {}),
      ...(d.error ? { error: d.error } : {}),
    })),
  };
  if (!devices.length) {
    return { status: 'skip', summary: 'No camera or microphone to describe.', metrics };
  }
  const read = devices.filter((d) => d.capabilities !== null);
  if (!supported || !read.length) {
    return {
      status: 'warn',
      summary: supported ? 'No device reported its capabilities.' : 'This browser does not report device capabilities.',
      metrics,
      advice: supported ? ['Close other apps using the devices and run the check again.'] : [],
    };
  }
  const failed = devices.filter((d) => d.error);
  const text = read.map((d) => describe(d)).join('; ');
  if (failed.length) {
    return {
      status: 'warn',
      summary: `Read ${read.length} of ${devices.length} devices: ${text}. ${failed.map((d) => `"${d.label}" could not be opened (${d.error})`).join(', ')}.`,
      metrics,
      advice: ['A device that cannot be opened is usually in use by another app: close it and run the check again.'],
    };
  }
  return { status: 'pass', summary: `Read ${read.length} device(s): ${text}.`, metrics, advice: [] };
}

function describe(d: DeviceCapabilities): string {
  const c = (d.capabilities ?? {}) as Record<string, MetricValue>;
  if (d.kind === 'videoinput') {
    const w = c.width as { max?: number } | undefined;
    const h = c.height as { max?: number } | undefined;
    const f = c.frameRate as { max?: number } | undefined;
    const max = w?.max && h?.max ? `up to ${w.max}x${h.max}` : 'size unknown';
    return `"${d.label}" ${max}${f?.max ? ` at ${Math.round(f.max)} fps` : ''}`;
  }
  const proc = ['echoCancellation', 'noiseSuppression', 'autoGainControl'].filter((k) => Array.isArray(c[k]) && (c[k] as MetricValue[]).includes(true));
  return `"${d.label}" ${proc.length ? `with ${proc.join(', ')}` : 'without audio processing'}`;
}

/** Device and group ids are per-origin identifiers that can fingerprint the user: shorten them. */
function toJson(v: unknown): MetricValue {
  const json = JSON.parse(JSON.stringify(v ?? null)) as MetricValue;
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    for (const k of ['deviceId', 'groupId']) if (typeof json[k] === 'string') json[k] = shortId(json[k] as string);
  }
  return json;
}

function probedFor(probe: CameraProbe | undefined, deviceId: string): DeviceCapabilities['probedResolutions'] {
  if (!probe || probe.deviceId !== deviceId) return undefined;
  return probe.ladder.filter((s) => s.ok).map((s) => ({ width: s.width, height: s.height, fps: s.fps ?? null }));
}

export const capabilitiesCheck: CheckDefinition = {
  id: 'capabilities',
  title: 'Device capabilities',
  async run(ctx) {
    if (!hasMediaDevices()) return { ...NO_DEVICES };
    if (browserGaveNoAnswer(ctx)) return { ...NO_ANSWER_SKIP };
    const access = getAccess(ctx);
    if (access && access.audio !== 'granted' && access.video !== 'granted') {
      return { status: 'skip', summary: 'Skipped: the page has no access to a camera or microphone.' };
    }
    const supported = typeof MediaStreamTrack !== 'undefined' && 'getCapabilities' in MediaStreamTrack.prototype;
    const inputs = distinctInputs(await devicesFor(ctx)).filter((d) =>
      access ? access[d.kind === 'audioinput' ? 'audio' : 'video'] === 'granted' : true,
    );
    const probe = getCameraProbe(ctx);
    const out: DeviceCapabilities[] = [];
    for (const [i, d] of inputs.entries()) {
      const kind = d.kind as 'audioinput' | 'videoinput';
      const base = { kind, label: d.label || `${kind} ${i + 1}`, deviceId: d.deviceId };
      let stream: MediaStream | undefined;
      try {
        stream = await navigator.mediaDevices.getUserMedia(
          kind === 'audioinput' ? { audio: { deviceId: { exact: d.deviceId } } } : { video: { deviceId: { exact: d.deviceId } } },
        );
        const track = stream.getTracks()[0]!;
        const probed = kind === 'videoinput' ? probedFor(probe, d.deviceId) : undefined;
        out.push({
          ...base,
          capabilities: supported ? toJson(track.getCapabilities()) : null,
          settings: toJson(track.getSettings()),
          ...(probed ? { probedResolutions: probed } : {}),
        });
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        out.push({ ...base, capabilities: null, settings: null, error: errorName(err) });
      } finally {
        stream?.getTracks().forEach((t) => t.stop());
      }
      ctx.progress((i + 1) / inputs.length);
    }
    return evaluateCapabilities(out, supported);
  },
};
