/**
 * SDK discovery in the page (MAIN world): finds SignalWire and Telnyx client instances through
 * their UMD globals and through the opt-in `window.__RTC_DEVTOOLS_HOOK__`, reports them as
 * sdk.found, streams their own state as sdk.event, and runs their own diagnostics on request.
 *
 * Cost for a page without an SDK: two accessors on the window, one hook object, one event
 * listener. The window message listener for commands is added only once an SDK is found.
 */
import type { CaptureEvent } from '../../../core/capture/events.js';
import { installCommandListener } from './commands.js';
import { createCtx, safely } from './context.js';
import { installGlobalDiscovery } from './globals.js';
import { installHookApi } from './hookApi.js';

export function installSdkDiscovery(emit: (ev: CaptureEvent) => void, win: typeof globalThis): void {
  const ctx = safely(() => createCtx(emit, win));
  if (!ctx) return;
  ctx.onFirstInstance(() => installCommandListener(ctx));
  safely(() => installGlobalDiscovery(ctx));
  safely(() => installHookApi(ctx));
}
