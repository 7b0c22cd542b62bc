/** Typed hand-offs between checks through CheckContext.shared. */
import type { CheckContext, Resolution } from '../types.js';

/** 'unanswered': the browser neither granted nor refused in time (hidden tab, prompt left open). */
export type AccessState = 'granted' | 'denied' | 'missing' | 'error' | 'not-asked' | 'unanswered';

export interface MediaAccess {
  audio: AccessState;
  video: AccessState;
}

export interface LadderStep extends Resolution {
  ok: boolean;
  error?: string;
  actualWidth?: number;
  actualHeight?: number;
  fps?: number | null;
  blackPercent?: number | null;
  frozenPercent?: number | null;
}

export interface CameraProbe {
  deviceId: string;
  label: string;
  ladder: LadderStep[];
}

const ACCESS = 'media.access';
const DEVICES = 'media.devices';
const CAMERA = 'camera.probe';
const NO_ANSWER = 'media.no-answer';

export function setAccess(ctx: CheckContext, a: MediaAccess): void {
  ctx.shared.set(ACCESS, a);
}
/** Undefined when the permissions check did not run: checks then try on their own. */
export function getAccess(ctx: CheckContext): MediaAccess | undefined {
  return ctx.shared.get(ACCESS) as MediaAccess | undefined;
}
export function setDevices(ctx: CheckContext, d: MediaDeviceInfo[]): void {
  ctx.shared.set(DEVICES, d);
}
export async function devicesFor(ctx: CheckContext): Promise<MediaDeviceInfo[]> {
  const known = ctx.shared.get(DEVICES) as MediaDeviceInfo[] | undefined;
  if (known) return known;
  const list = (await globalThis.navigator?.mediaDevices?.enumerateDevices?.()) ?? [];
  setDevices(ctx, list);
  return list;
}
export function setCameraProbe(ctx: CheckContext, p: CameraProbe): void {
  ctx.shared.set(CAMERA, p);
}
export function getCameraProbe(ctx: CheckContext): CameraProbe | undefined {
  return ctx.shared.get(CAMERA) as CameraProbe | undefined;
}

/**
 * The permission step stopped waiting for the browser (getUserMedia or the device list). Device
 * checks then skip: a browser holding a hidden tab's requests would hold theirs just as long.
 */
export function setNoAnswer(ctx: CheckContext): void {
  ctx.shared.set(NO_ANSWER, true);
}
export function browserGaveNoAnswer(ctx: CheckContext): boolean {
  return ctx.shared.get(NO_ANSWER) === true;
}
export const NO_ANSWER_SKIP = {
  status: 'skip',
  summary: 'Skipped: the browser did not answer the camera and microphone request (see camera and microphone access).',
} as const;
