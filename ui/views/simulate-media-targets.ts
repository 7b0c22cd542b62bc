/**
 * What the Simulate view offers to pick for the media faults (issue 18), from the capture as the
 * page saw it: the microphone and camera tracks still live (for `Mute microphone at source` and
 * `End camera track`, param `track`) and the input devices `enumerateDevices` last listed (for
 * `Unplug device`, param `deviceId`; an unplugged device is not listed: the page no longer sees it).
 * Labels are page text: shown as text only, never as markup.
 */
import type { MediaModel } from '../../core/capture/model.js';

export interface TargetChoice {
  /** The param value: a track id or a deviceId, as captured. */
  value: string;
  /** What the user reads: the label, or what it is when the page has no label permission yet. */
  label: string;
}

export interface MediaTargets {
  microphones: TargetChoice[];
  cameras: TargetChoice[];
  devices: TargetChoice[];
}

const DEVICE_KINDS: Record<string, string> = { audioinput: 'microphone', videoinput: 'camera' };

export function mediaTargets(media: MediaModel): MediaTargets {
  const ended = new Set<string>();
  for (const e of media.trackEvents) if (e.event === 'ended') ended.add(e.trackId);
  const microphones: TargetChoice[] = [];
  const cameras: TargetChoice[] = [];
  const seen = new Set<string>();
  for (const call of media.getUserMedia) {
    const r = call.result;
    if (call.request.api !== 'getUserMedia' || !r?.ok) continue;
    for (const t of r.tracks ?? []) {
      if (ended.has(t.id) || seen.has(t.id)) continue;
      seen.add(t.id);
      const list = t.kind === 'audio' ? microphones : t.kind === 'video' ? cameras : undefined;
      list?.push({ value: t.id, label: t.label || `${t.kind === 'audio' ? 'microphone' : 'camera'} track ${t.id}` });
    }
  }
  const devices: TargetChoice[] = [];
  for (const d of media.devices) {
    const what = DEVICE_KINDS[d.kind];
    // Without permission the page sees devices with an empty id: nothing it could be told to lose.
    if (!what || !d.deviceId) continue;
    devices.push({ value: d.deviceId, label: `${d.label || `(no label) ${d.deviceId}`} · ${what}` });
  }
  return { microphones, cameras, devices };
}

/** Options a page can grow without bound (its own devices list): the picker shows this many. */
export const MAX_TARGET_CHOICES = 200;

/**
 * The choices a Simulate field offers as a picker, or undefined for a field typed by hand. A track
 * may be left to "every" track of that kind; a device must be one the page saw (an id is an opaque
 * per-origin hash nobody can type). The first choice is what an untouched picker arms.
 */
export function targetChoices(kind: string, field: string, t: MediaTargets): TargetChoice[] | undefined {
  let list: TargetChoice[] | undefined;
  if (field === 'track' && kind === 'mute-microphone') list = [{ value: '', label: 'every microphone track' }, ...t.microphones];
  else if (field === 'track' && kind === 'end-camera-track') list = [{ value: '', label: 'every camera track' }, ...t.cameras];
  else if (field === 'deviceId' && kind === 'unplug-device') list = t.devices;
  return list?.slice(0, MAX_TARGET_CHOICES);
}
