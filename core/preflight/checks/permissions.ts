/** Check 2: may the page use the camera and microphone, and which devices does it see? */
import type { CheckDefinition, CheckOutcome, DeviceSelection } from '../types.js';
import { type AccessState, type MediaAccess, setAccess, setDevices } from './shared.js';
import { TIMED_OUT, errorMessage, errorName, hasMediaDevices, stopStream, within } from './util.js';

/** How long we wait for the user to answer a permission prompt before saying so. */
const PROMPT_HINT_MS = 1500;
/** A prompt nobody answers must not hang the run forever. */
const PROMPT_LIMIT_MS = 45_000;

export interface DeviceCounts {
  audioinput: number;
  videoinput: number;
  audiooutput: number;
  labelsVisible: boolean;
}

export interface PermissionFacts {
  /** navigator.permissions states before we asked, when the browser tells. */
  before: { camera: string; microphone: string };
  access: MediaAccess;
  errors: { audio?: string; video?: string };
  devices: DeviceCounts;
}

export function accessFromError(err: unknown): AccessState {
  const n = errorName(err);
  if (n === 'NotAllowedError' || n === 'SecurityError' || n === 'PermissionDeniedError') return 'denied';
  if (n === 'NotFoundError' || n === 'OverconstrainedError' || n === 'DevicesNotFoundError') return 'missing';
  return 'error';
}

export function evaluatePermissions(f: PermissionFacts): CheckOutcome {
  const advice: string[] = [];
  const problems: string[] = [];
  let status: CheckOutcome['status'] = 'pass';
  const name = { audio: 'microphone', video: 'camera' } as const;
  for (const kind of ['audio', 'video'] as const) {
    const a = f.access[kind];
    if (a === 'denied') {
      status = 'fail';
      problems.push(`${name[kind]} access is blocked`);
      advice.push(
        `Allow the ${name[kind]} for this site: click the camera or lock icon in the address bar, choose Allow, then run the check again. ` +
          'If it is already allowed there, check the operating system privacy settings for the browser.',
      );
    } else if (a === 'missing') {
      if (status !== 'fail') status = 'warn';
      problems.push(`no ${name[kind]} was found`);
      advice.push(`Connect a ${name[kind]} (or turn it on), then run the check again.`);
    } else if (a === 'error') {
      status = 'fail';
      problems.push(`the ${name[kind]} could not be opened (${f.errors[kind] ?? 'unknown error'})`);
      advice.push(`Close other apps that may be using the ${name[kind]} (video calls, camera apps), then run the check again.`);
    }
  }
  if (!f.devices.labelsVisible && status === 'pass') {
    status = 'warn';
    problems.push('device names are hidden');
  }
  const metrics = {
    cameraPermission: f.before.camera,
    microphonePermission: f.before.microphone,
    microphone: f.access.audio,
    camera: f.access.video,
    errors: { ...f.errors },
    audioInputs: f.devices.audioinput,
    videoInputs: f.devices.videoinput,
    audioOutputs: f.devices.audiooutput,
    labelsVisible: f.devices.labelsVisible,
  };
  const counts = `${f.devices.audioinput} microphone(s), ${f.devices.videoinput} camera(s), ${f.devices.audiooutput} speaker(s)`;
  const summary = problems.length
    ? `${capitalize(problems.join('; '))}. Devices seen: ${counts}.`
    : `Camera and microphone are allowed. Devices seen: ${counts}.`;
  return { status, summary, metrics, advice };
}

export function countDevices(list: MediaDeviceInfo[]): DeviceCounts {
  const real = list.filter((d) => d.deviceId !== 'default' && d.deviceId !== 'communications');
  const count = (k: MediaDeviceKind) => real.filter((d) => d.kind === k).length;
  return {
    audioinput: count('audioinput'),
    videoinput: count('videoinput'),
    audiooutput: count('audiooutput'),
    labelsVisible: list.length > 0 && list.some((d) => d.label !== ''),
  };
}

export function constraintFor(id: string | undefined): MediaTrackConstraints | true {
  return id ? { deviceId: { exact: id } } : true;
}

async function queryState(name: string): Promise<string> {
  try {
    const s = await navigator.permissions.query({ name } as unknown as PermissionDescriptor);
    return s.state;
  } catch {
    return 'unknown';
  }
}

async function ask(constraints: MediaStreamConstraints): Promise<{ ok: true } | { ok: false; err: unknown }> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia(constraints);
    stopStream(stream);
    return { ok: true };
  } catch (err) {
    return { ok: false, err };
  }
}

export async function requestAccess(
  devices: DeviceSelection,
  signal: AbortSignal,
  onWaiting: () => void,
): Promise<{ access: MediaAccess; errors: PermissionFacts['errors'] }> {
  const errors: PermissionFacts['errors'] = {};
  const hint = setTimeout(onWaiting, PROMPT_HINT_MS);
  try {
    const both = await within(
      ask({ audio: constraintFor(devices.audioInputId), video: constraintFor(devices.videoInputId) }),
      PROMPT_LIMIT_MS,
      signal,
    );
    if (both === TIMED_OUT) {
      errors.audio = errors.video = 'no answer to the permission prompt';
      return { access: { audio: 'error', video: 'error' }, errors };
    }
    if (both.ok) return { access: { audio: 'granted', video: 'granted' }, errors };
    // One refusal fails the joint request: ask for each kind alone to learn which one it was.
    const access: MediaAccess = { audio: 'not-asked', video: 'not-asked' };
    for (const kind of ['audio', 'video'] as const) {
      const id = kind === 'audio' ? devices.audioInputId : devices.videoInputId;
      const one = await within(ask({ [kind]: constraintFor(id) }), PROMPT_LIMIT_MS, signal);
      if (one === TIMED_OUT) {
        access[kind] = 'error';
        errors[kind] = 'no answer to the permission prompt';
      } else if (one.ok) access[kind] = 'granted';
      else {
        access[kind] = accessFromError(one.err);
        errors[kind] = `${errorName(one.err)}: ${errorMessage(one.err)}`;
      }
    }
    return { access, errors };
  } finally {
    clearTimeout(hint);
  }
}

export const permissionsCheck: CheckDefinition = {
  id: 'permissions',
  title: 'Camera and microphone access',
  async run(ctx) {
    if (!hasMediaDevices()) {
      setAccess(ctx, { audio: 'error', video: 'error' });
      return {
        status: 'fail',
        summary: 'This browser gives the page no access to cameras or microphones.',
        advice: ['Open the page over https:// in a current browser.'],
      };
    }
    const before = { camera: await queryState('camera'), microphone: await queryState('microphone') };
    ctx.progress(0.1);
    const { access, errors } = await requestAccess(ctx.config.devices, ctx.signal, () =>
      ctx.progress(0.2, 'Waiting for you to allow the camera and microphone in the browser prompt…'),
    );
    setAccess(ctx, access);
    ctx.progress(0.8);
    const list = await navigator.mediaDevices.enumerateDevices();
    setDevices(ctx, list);
    return evaluatePermissions({ before, access, errors, devices: countDevices(list) });
  },
};

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
