/** Check 2: may the page use the camera and microphone, and which devices does it see? */
import type { CheckDefinition, CheckOutcome, DeviceSelection } from '../types.js';
import { type AccessState, type MediaAccess, setAccess, setDevices, setNoAnswer } from './shared.js';
import { TIMED_OUT, errorMessage, errorName, hasMediaDevices, stopStream, within } from './util.js';

/** How long we wait for the user to answer a permission prompt before saying so. */
const PROMPT_HINT_MS = 1500;
/**
 * Longest wait for the browser to answer the permission step: getUserMedia (every prompt of it)
 * and then the device list. Firefox holds both for a tab that is not shown, and a prompt may be
 * left open; past this the step reports it and the run goes on without the devices.
 */
export const BROWSER_ANSWER_LIMIT_MS = 20_000;
/** The device list comes right after access is granted; never give it less than this. */
const LIST_MIN_MS = 3_000;

export const NO_ANSWER_TO_REQUEST = 'the browser did not answer the permission request; the tab may be hidden or a permission prompt is still open';
export const NO_ANSWER_TO_LIST = 'the browser did not answer when asked for the device list; the tab may be hidden or a permission prompt is still open';
const NO_ANSWER_ADVICE = 'Show the tab being checked (switch to it, or bring its window to the front), answer the camera and microphone prompt if one is open, then run the check again.';

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
  /** Null when the browser did not give the device list in time. */
  devices: DeviceCounts | null;
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
  const noAnswer = () => {
    if (status !== 'fail') status = 'warn';
    if (!advice.includes(NO_ANSWER_ADVICE)) advice.push(NO_ANSWER_ADVICE);
  };
  if (f.access.audio === 'unanswered' || f.access.video === 'unanswered') {
    noAnswer();
    problems.push(NO_ANSWER_TO_REQUEST);
  } else if (!f.devices) {
    noAnswer();
    problems.push(NO_ANSWER_TO_LIST);
  }
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
  if (f.devices && !f.devices.labelsVisible && status === 'pass') {
    status = 'warn';
    problems.push('device names are hidden');
  }
  const metrics = {
    cameraPermission: f.before.camera,
    microphonePermission: f.before.microphone,
    microphone: f.access.audio,
    camera: f.access.video,
    errors: { ...f.errors },
    audioInputs: f.devices?.audioinput ?? null,
    videoInputs: f.devices?.videoinput ?? null,
    audioOutputs: f.devices?.audiooutput ?? null,
    labelsVisible: f.devices?.labelsVisible ?? null,
    devicesListed: f.devices !== null,
  };
  const counts = f.devices
    ? ` Devices seen: ${f.devices.audioinput} microphone(s), ${f.devices.videoinput} camera(s), ${f.devices.audiooutput} speaker(s).`
    : '';
  const summary = problems.length ? `${capitalize(problems.join('; '))}.${counts}` : `Camera and microphone are allowed.${counts}`;
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

/**
 * Asks for camera and microphone; every answer must come before `deadline` (a Date.now() value).
 * A request still pending then is left to settle on its own: `ask` stops its stream if it ever opens.
 */
export async function requestAccess(
  devices: DeviceSelection,
  signal: AbortSignal,
  onWaiting: () => void,
  deadline = Date.now() + BROWSER_ANSWER_LIMIT_MS,
): Promise<{ access: MediaAccess; errors: PermissionFacts['errors'] }> {
  const errors: PermissionFacts['errors'] = {};
  const left = () => Math.max(0, deadline - Date.now());
  const hint = setTimeout(onWaiting, PROMPT_HINT_MS);
  try {
    const both = await within(
      ask({ audio: constraintFor(devices.audioInputId), video: constraintFor(devices.videoInputId) }),
      left(),
      signal,
    );
    if (both === TIMED_OUT) {
      errors.audio = errors.video = NO_ANSWER_TO_REQUEST;
      return { access: { audio: 'unanswered', video: 'unanswered' }, errors };
    }
    if (both.ok) return { access: { audio: 'granted', video: 'granted' }, errors };
    // One refusal fails the joint request: ask for each kind alone to learn which one it was.
    const access: MediaAccess = { audio: 'not-asked', video: 'not-asked' };
    for (const kind of ['audio', 'video'] as const) {
      const id = kind === 'audio' ? devices.audioInputId : devices.videoInputId;
      const one = await within(ask({ [kind]: constraintFor(id) }), left(), signal);
      if (one === TIMED_OUT) {
        access[kind] = 'unanswered';
        errors[kind] = NO_ANSWER_TO_REQUEST;
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

/** The device list, or null when the browser did not give it by `deadline` (at least LIST_MIN_MS from now). */
export async function listDevices(signal: AbortSignal, deadline: number, onWaiting: () => void): Promise<MediaDeviceInfo[] | null> {
  const hint = setTimeout(onWaiting, PROMPT_HINT_MS);
  try {
    const list = await within(navigator.mediaDevices.enumerateDevices(), Math.max(LIST_MIN_MS, deadline - Date.now()), signal);
    return list === TIMED_OUT ? null : list;
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
    const deadline = Date.now() + BROWSER_ANSWER_LIMIT_MS;
    const { access, errors } = await requestAccess(
      ctx.config.devices,
      ctx.signal,
      () => ctx.progress(0.2, 'Waiting for you to allow the camera and microphone in the browser prompt…'),
      deadline,
    );
    setAccess(ctx, access);
    ctx.progress(0.8);
    const unanswered = access.audio === 'unanswered' || access.video === 'unanswered';
    // A browser that held the request holds the device list too: don't wait a second time.
    const list = unanswered
      ? null
      : await listDevices(ctx.signal, deadline, () => ctx.progress(0.85, 'Waiting for the browser to list the cameras and microphones…'));
    if (list) setDevices(ctx, list);
    if (!list) setNoAnswer(ctx);
    return evaluatePermissions({ before, access, errors, devices: list ? countDevices(list) : null });
  },
};

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
