/**
 * Page hook entry: runs in the page's MAIN world at document_start in every frame, before any page
 * script, so every constructor a page or SDK later captures is already our wrapper.
 * Each part is installed on its own: one failing (an API missing in this browser) skips only itself.
 */
import { createEmitter } from './emitter.js';
import { setHookApi } from './api.js';
import { installWebSocketHook } from './ws.js';
import { installPeerConnectionHook } from './pc.js';
import { installMediaHook } from './media.js';
import { installWorkerNotice } from './workers.js';
import { installSdkDiscovery } from './sdk/index.js';
import { installFaultListener } from './faults/index.js';
import './faults/signaling.js';

const win = globalThis as Window & typeof globalThis;
// A frame can get our script twice (e.g. about:blank reuse); one hook per realm.
const INSTALLED = Symbol.for('rtc-devtools.hook');

if (!(win as unknown as Record<symbol, unknown>)[INSTALLED]) {
  Object.defineProperty(win, INSTALLED, { value: true });
  const em = createEmitter(win);
  setHookApi(em);
  const media = guard(() => installMediaHook(win, em));
  guard(() => installWebSocketHook(win, em));
  guard(() => installPeerConnectionHook(win, em, () => media?.activate()));
  guard(() => installWorkerNotice(win, em));
  guard(() => installSdkDiscovery(em.emit, win));
  // Simulate: fault orders from the bridge; nothing runs until one is armed.
  guard(() => installFaultListener(win, em));
}

function guard<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
