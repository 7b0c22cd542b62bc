/**
 * The opt-in global hook for apps that bundle an SDK (no UMD global to trap):
 *
 *   (window.__RTC_DEVTOOLS_HOOK__ ??= { queue: [] }).queue.push({ client, sdk: 'telnyx', version: '2.27.10' });
 *
 * Works in either order: if the extension's hook is already installed, `queue.push` registers at
 * once; if the app ran first (the extension was installed or enabled later), the queued entries
 * are registered when the hook arrives. `register(client, info)` is also offered for apps that
 * want the instance id back. Documented in docs/sdk-hook.md.
 */
import { rememberDefinition } from '../restore.js';
import type { Json } from '../../../core/capture/events.js';
import { safely, type Ctx } from './context.js';
import { looksLikeSignalWire4Client, observeSignalWire3, observeSignalWire4 } from './signalwire.js';
import { looksLikeTelnyxClient, observeTelnyx } from './telnyx.js';

export const HOOK_GLOBAL = '__RTC_DEVTOOLS_HOOK__';
export const HOOK_API_VERSION = 1;

type Dict = Record<string, unknown>;

export interface RegisterInfo {
  sdk?: string;
  version?: string;
  /** Free label shown next to the instance, e.g. "agent line 2". */
  name?: string;
}

function str(v: unknown, max = 100): string | undefined {
  return typeof v === 'string' && v ? v.slice(0, max) : undefined;
}

/** Registers one client; returns its id, or undefined if `client` isn't an object. */
function registerClient(ctx: Ctx, client: unknown, info: RegisterInfo | undefined): string | undefined {
  if (!client || (typeof client !== 'object' && typeof client !== 'function')) return undefined;
  const c = client as object;
  const known = ctx.idOf(c);
  if (known) return known;
  const given = (info ?? {}) as Dict;
  const declared = str(given.sdk)?.toLowerCase();
  const version = str(given.version, 50) ?? 'unknown';
  const extra: Record<string, Json> = {};
  const label = str(given.name, 200);
  if (label) extra.name = label;
  const via = { version, via: 'register' as const };
  if (declared === 'telnyx' || (!declared && looksLikeTelnyxClient(c))) {
    return observeTelnyx(ctx, c, [safely(() => (c as Dict).options)], via, extra);
  }
  if ((declared === 'signalwire' || !declared) && looksLikeSignalWire4Client(c)) {
    return observeSignalWire4(ctx, c, [undefined, safely(() => (c as Dict)._options)], via, extra);
  }
  if (declared === 'signalwire') return observeSignalWire3(ctx, c, 'registered', undefined, via, extra);
  return ctx.found(c, { sdk: declared ?? 'unknown', version, via: 'register', detail: { ...extra } });
}

/** Accepts `{client, sdk, version, name}` or `[client, {sdk, version, name}]`. */
function registerEntry(ctx: Ctx, entry: unknown): string | undefined {
  if (Array.isArray(entry)) return registerClient(ctx, entry[0], entry[1] as RegisterInfo | undefined);
  if (entry && typeof entry === 'object' && 'client' in entry) {
    const e = entry as Dict;
    return registerClient(ctx, e.client, { sdk: e.sdk as string, version: e.version as string, name: e.name as string });
  }
  return undefined;
}

/** Turns `hook` (ours or one the app created first) into a live hook object. */
function adopt(ctx: Ctx, hook: Dict): void {
  const queue = Array.isArray(hook.queue) ? (hook.queue as unknown[]) : [];
  for (const entry of queue.splice(0, queue.length)) safely(() => registerEntry(ctx, entry));
  // An own `push` on the app's array: entries pushed later register at once (and aren't kept).
  safely(() =>
    Object.defineProperty(queue, 'push', {
      configurable: true,
      writable: true,
      enumerable: false,
      value: (...entries: unknown[]) => {
        for (const e of entries) safely(() => registerEntry(ctx, e));
        return queue.length;
      },
    }),
  );
  safely(() => {
    hook.queue = queue;
    hook.v = HOOK_API_VERSION;
    hook.register = (client: unknown, info?: RegisterInfo) => safely(() => registerClient(ctx, client, info));
  });
}

export function installHookApi(ctx: Ctx): void {
  const win = ctx.win as unknown as Dict;
  const initial = safely(() => win[HOOK_GLOBAL]);
  let current: Dict = initial && typeof initial === 'object' ? (initial as Dict) : { queue: [] };
  adopt(ctx, current);
  // An accessor, so an app that assigns a fresh `{queue: [...]}` (instead of `??=`) still gets
  // its entries registered; writing never fails, even in strict-mode modules.
  const get = (): Dict => current;
  const before = safely(() => Object.getOwnPropertyDescriptor(win, HOOK_GLOBAL));
  safely(() => rememberDefinition(win, HOOK_GLOBAL, before, get));
  safely(() =>
    Object.defineProperty(win, HOOK_GLOBAL, {
      configurable: true,
      enumerable: false,
      get,
      set: (v: unknown) => {
        if (v && typeof v === 'object') {
          current = v as Dict;
          adopt(ctx, current);
        }
      },
    }),
  );
}
