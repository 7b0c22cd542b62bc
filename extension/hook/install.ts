/**
 * Installs the page hook into a window with the sink its batches go to. The one implementation of
 * capture: the extension's entry (index.ts) delivers to the bridge, the in-app recorder
 * (recorder/) to an in-page store. Each part is installed on its own: one failing (an API missing
 * in this browser) skips only itself.
 */
import { createEmitter, type BatchSink, type Emitter } from './emitter.js';
import { setHookApi } from './api.js';
import { installWebSocketHook } from './ws.js';
import { installPeerConnectionHook } from './pc.js';
import { installMediaHook } from './media.js';
import { installWorkerNotice } from './workers.js';
import { installSdkDiscovery } from './sdk/index.js';
import type { Ctx } from './sdk/context.js';
import { restoreAll } from './restore.js';
import type { MediaFaultSources } from './faults/media.js';

export interface InstalledHook {
  emitter: Emitter;
  /** SDK discovery's context (its observed clients and their commands); undefined if it failed to install. */
  sdk: Ctx | undefined;
  /** Stops capture and puts back every global and prototype member the hook replaced. */
  uninstall(): void;
  /** The frame's open peer connections and getUserMedia tracks, for Simulate's media faults (extension only). */
  faultSources: MediaFaultSources;
}

export interface HookOptions {
  /** Where batches go; the bridge when absent. */
  sink?: (docId: string) => BatchSink;
  /** Listen for the bridge's SDK commands (the extension only). */
  commandListener?: boolean;
}

export function installHook(win: Window & typeof globalThis, opts: HookOptions = {}): InstalledHook {
  const em = createEmitter(win, opts.sink);
  setHookApi(em);
  const media = guard(() => installMediaHook(win, em));
  guard(() => installWebSocketHook(win, em));
  const pcs = guard(() => installPeerConnectionHook(win, em, () => media?.activate()));
  guard(() => installWorkerNotice(win, em));
  const sdk = guard(() => installSdkDiscovery(em.emit, win, { commandListener: opts.commandListener !== false }));
  return {
    emitter: em,
    sdk,
    faultSources: { pcs: () => pcs?.pcs() ?? [], tracks: () => media?.tracks() ?? [] },
    uninstall() {
      em.stop();
      restoreAll();
    },
  };
}

function guard<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
