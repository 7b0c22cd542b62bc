/**
 * Observing a Telnyx `TelnyxRTC` client: its own events (through `client.on`, which keeps a
 * list per event, so the app's handlers are unaffected), plus a cheap 1 s sample of
 * `client.connected` and `client.calls[*].state`, emitted only when something changed.
 */
import type { Json } from '../../../core/capture/events.js';
import { summarizeTelnyxOptions } from '../../../core/sdk/options.js';
import { toSafeJson } from '../../../core/sdk/safeJson.js';
import { diffClientSnapshots, readCallSnapshot, type CallSnapshot, type ClientSnapshot } from '../../../core/sdk/state.js';
import { hasMethod, safely, type Commands, type Ctx, type FoundInfo } from './context.js';

import { objectCreate } from '../intrinsics.js';

const EVENTS = [
  'telnyx.ready',
  'telnyx.error',
  'telnyx.warning',
  'telnyx.notification',
  'telnyx.stats.frame',
  'telnyx.socket.open',
  'telnyx.socket.close',
  'telnyx.socket.error',
  'telnyx.rtc.peerConnectionFailureError',
  'telnyx.rtc.peerConnectionSignalingStateClosed',
  'telnyx.rtc.mediaError',
] as const;

const POLL_MS = 1000;

type Dict = Record<string, unknown>;

export function looksLikeTelnyxClient(x: unknown): boolean {
  if (!x || typeof x !== 'object') return false;
  return (
    safely(() => {
      const c = x as Dict;
      return typeof c.on === 'function' && typeof c.newCall === 'function' && 'calls' in c;
    }) === true
  );
}

/** Event payloads hold whole Call objects (cycles, media elements): keep only their state. */
function summarizePayload(name: string, payload: unknown): Json {
  if (!payload || typeof payload !== 'object') return toSafeJson(payload);
  if (name === 'telnyx.stats.frame') return toSafeJson(payload, { maxDepth: 3, maxItems: 40, maxTotal: 4096 });
  const out: { [k: string]: Json } = {};
  const p = payload as Dict;
  const keys = safely(() => Object.keys(p).slice(0, 30)) ?? [];
  for (const k of keys) {
    const v = safely(() => p[k]);
    if (k === 'call') {
      const snap = readCallSnapshot(v, 'unknown');
      if (snap) out.call = snap as unknown as Json;
    } else if (k === 'error' || k === 'warning') {
      out[k] = toSafeJson(v, { maxDepth: 3, maxItems: 20, maxTotal: 4096 });
    } else if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) {
      out[k] = toSafeJson(v);
    } else if (typeof v === 'object') {
      out[k] = toSafeJson(v, { maxDepth: 2, maxItems: 20, maxTotal: 2048 });
    }
  }
  return out;
}

function sample(client: object): ClientSnapshot {
  const c = client as Dict;
  const connected = safely(() => c.connected);
  const callsObj = safely(() => c.calls);
  const calls: CallSnapshot[] = [];
  if (callsObj && typeof callsObj === 'object') {
    const keys = safely(() => Object.keys(callsObj as object)) ?? [];
    for (const key of keys.slice(0, 50)) {
      const snap = readCallSnapshot(safely(() => (callsObj as Dict)[key]), key);
      if (snap) calls.push(snap);
    }
  }
  return { connected: typeof connected === 'boolean' ? connected : null, calls };
}

/** Only the commands this build of the SDK can serve: older 2.x releases lack the pre-call API. */
function telnyxCommands(client: object): Commands {
  const c = client as Dict;
  // No prototype: assigning a command must not run a setter a page put on Object.prototype.
  const out = objectCreate(null) as Commands;
  if (hasMethod(client, 'runPreCall') || hasMethod(client, 'runNetworkCheck')) {
    // The SDK's own pre-call diagnostics: a test call when a destination is given, else the network check.
    out.preflight = async (args) => {
      const opts = (args[0] && typeof args[0] === 'object' ? args[0] : {}) as Dict;
      if (typeof opts.destinationNumber === 'string' && typeof c.runPreCall === 'function') {
        return (c.runPreCall as (o: unknown) => Promise<unknown>).call(client, opts);
      }
      if (typeof c.runNetworkCheck === 'function') return (c.runNetworkCheck as (o: unknown) => Promise<unknown>).call(client, opts);
      const why = typeof c.runPreCall === 'function' ? 'this Telnyx SDK version has only runPreCall: give a destinationNumber' : 'this Telnyx SDK version has no runPreCall/runNetworkCheck';
      throw Object.assign(new Error(why), { name: 'NotSupported' });
    };
  }
  if (hasMethod(client, 'getDevices') || hasMethod(client, 'getDeviceResolutions')) {
    // Telnyx has no capabilities API; its own probe is getDeviceResolutions(deviceId) for cameras.
    out.getDeviceCapabilities = async (args) => {
      const want = (args[0] && typeof args[0] === 'object' ? args[0] : {}) as Dict;
      if (typeof want.deviceId === 'string' && typeof c.getDeviceResolutions === 'function') {
        const resolutions = await (c.getDeviceResolutions as (id: string) => Promise<unknown>).call(client, want.deviceId);
        return { deviceId: want.deviceId, resolutions };
      }
      if (typeof c.getDevices === 'function') {
        return { devices: await (c.getDevices as () => Promise<unknown>).call(client), note: 'pass {deviceId} of a camera to probe its resolutions' };
      }
      throw Object.assign(new Error('this Telnyx SDK version has only getDeviceResolutions: pass {deviceId} of a camera'), { name: 'NotSupported' });
    };
  }
  return out;
}

/** Starts observing a TelnyxRTC instance; `args` are its constructor arguments (for the options summary). */
export function observeTelnyx(ctx: Ctx, client: object, args: unknown[], info: Omit<FoundInfo, 'sdk' | 'detail'>, extraDetail: Record<string, Json> = {}): string {
  const already = ctx.idOf(client);
  if (already) return already;
  const options = args.length > 0 ? args[0] : safely(() => (client as Dict).options);
  const detail: { [k: string]: Json } = { ...extraDetail, options: summarizeTelnyxOptions(options) };
  const id = ctx.found(client, { ...info, sdk: 'telnyx', detail }, telnyxCommands(client));

  const on = safely(() => (client as Dict).on);
  if (typeof on === 'function') {
    for (const name of EVENTS) {
      safely(() => on.call(client, name, (payload: unknown) => {
        try {
          ctx.event(id, name, summarizePayload(name, payload));
        } catch {
          /* never throw into the SDK's dispatch loop */
        }
      }));
    }
  }

  // Weak so that observing never keeps a discarded client alive.
  const ref = new WeakRef(client);
  let prev: ClientSnapshot | null = null;
  const tick = (): void => {
    const c = ref.deref();
    if (!c) {
      ctx.clearInterval(timer);
      return;
    }
    const next = sample(c);
    for (const change of diffClientSnapshots(prev, next)) ctx.event(id, change.name, change.data);
    prev = next;
  };
  const timer = ctx.setInterval(() => safely(tick), POLL_MS);
  return id;
}
