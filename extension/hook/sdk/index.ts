/**
 * SDK discovery in the page (MAIN world): finds SignalWire and Telnyx client instances through
 * their UMD globals and through the opt-in `window.__RTC_DEVTOOLS_HOOK__`, reports them as
 * sdk.found, streams their own state as sdk.event, and runs their own diagnostics on request.
 *
 * Cost for a page without an SDK: two accessors on the window, one hook object, one event
 * listener, and the window message listener for commands: added now, before any page script, so it
 * runs ahead of page listeners and can keep the bridge's commands from them.
 */
import type { CaptureEvent } from '../../../core/capture/events.js';
import { installCommandListener } from './commands.js';
import { createCtx, safely, type Ctx } from './context.js';
import { installGlobalDiscovery } from './globals.js';
import { installHookApi } from './hookApi.js';

export interface SdkDiscoveryOptions {
  /**
   * Listen for the bridge's SDK commands (the extension). The in-app recorder has no bridge: it
   * runs its export's commands itself, through the returned context.
   */
  commandListener?: boolean;
}

export function installSdkDiscovery(emit: (ev: CaptureEvent) => void, win: typeof globalThis, opts: SdkDiscoveryOptions = {}): Ctx | undefined {
  const ctx = safely(() => createCtx(emit, win));
  if (!ctx) return undefined;
  if (opts.commandListener !== false) safely(() => installCommandListener(ctx));
  safely(() => installGlobalDiscovery(ctx));
  safely(() => installHookApi(ctx));
  return ctx;
}
