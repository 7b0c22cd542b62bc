/**
 * Observing SignalWire clients.
 *
 * 4.x `SignalWire`: subscribes to its public observables (each emits on the microtask queue and
 * completes when the client is destroyed) and offers its own preflight(), getDeviceCapabilities()
 * and exportDiagnostics() as commands. Subscribing is passive: these are views on subjects the
 * client already keeps.
 * 3.x clients (Fabric `SignalWire()` factory, Video.RoomSession): reported with their options.
 */
import type { Json } from '../../../core/capture/events.js';
import { SDK_COMMANDS } from '../../../core/sdk/commands.js';
import { summarizeSignalWire3Params, summarizeSignalWire4Options, summarizeSignalWire4Preferences } from '../../../core/sdk/options.js';
import { hasMethod, safely, type Commands, type Ctx, type FoundInfo } from './context.js';

import { objectCreate } from '../intrinsics.js';

type Dict = Record<string, unknown>;

interface Subscribable {
  subscribe(observer: { next?: (v: unknown) => void; error?: (e: unknown) => void; complete?: () => void }): { unsubscribe(): void };
}

/** Observables of the 4.x client, in the order a reader wants them. Missing ones are skipped. */
const OBSERVABLES = [
  'isConnected$',
  'isRegistered$',
  'ready$',
  'errors$',
  'warnings$',
  'deviceRecovered$',
  'audioInputDevices$',
  'audioOutputDevices$',
  'videoInputDevices$',
  'selectedAudioInputDevice$',
  'selectedAudioOutputDevice$',
  'selectedVideoInputDevice$',
  'audioInputDisabled$',
  'videoInputDisabled$',
] as const;

export function looksLikeSignalWire4Client(x: unknown): boolean {
  if (!x || typeof x !== 'object') return false;
  return safely(() => typeof (x as Dict).preflight === 'function' && typeof (x as Dict).exportDiagnostics === 'function') === true;
}

function isSubscribable(x: unknown): x is Subscribable {
  return !!x && typeof x === 'object' && typeof (x as Dict).subscribe === 'function';
}

function call(client: object, method: string, ...args: unknown[]): unknown {
  const fn = (client as Dict)[method];
  if (typeof fn !== 'function') throw Object.assign(new Error(`${method}() is not offered by this client`), { name: 'NotSupported' });
  return (fn as (...a: unknown[]) => unknown).apply(client, args);
}

function deviceList(client: object, key: string): unknown[] {
  const v = safely(() => (client as Dict)[key]);
  return Array.isArray(v) ? v : [];
}

function deviceField(d: unknown, k: string): unknown {
  return safely(() => (d as Dict)[k]);
}

/** The client's own device objects (real MediaDeviceInfo), which getDeviceCapabilities needs. */
async function findDevices(ctx: Ctx, client: object, want: Dict): Promise<unknown[]> {
  let all = [...deviceList(client, 'audioInputDevices'), ...deviceList(client, 'videoInputDevices')];
  if (all.length === 0) {
    const md = safely(() => ctx.win.navigator.mediaDevices);
    if (md) all = await md.enumerateDevices();
  }
  const inputs = all.filter((d) => {
    const kind = deviceField(d, 'kind');
    return kind === 'audioinput' || kind === 'videoinput';
  });
  if (typeof want.deviceId === 'string') {
    return inputs.filter((d) => deviceField(d, 'deviceId') === want.deviceId && (want.kind === undefined || deviceField(d, 'kind') === want.kind));
  }
  if (typeof want.kind === 'string') return inputs.filter((d) => deviceField(d, 'kind') === want.kind);
  return inputs.slice(0, 10);
}

/** Each command calls the client method of the same name: offer only those the instance has. */
function signalWire4Commands(ctx: Ctx, client: object): Commands {
  const all: Commands = {
    preflight: async (args) => {
      const destination = typeof args[0] === 'string' ? args[0] : '';
      const given = (args[1] && typeof args[1] === 'object' ? args[1] : {}) as Dict;
      // Without a destination there is nothing to dial: run the signaling, device and ICE phases only.
      const options = destination ? given : { ...given, skipMediaTest: true };
      return call(client, 'preflight', destination, options);
    },
    getDeviceCapabilities: async (args) => {
      const want = (args[0] && typeof args[0] === 'object' ? args[0] : {}) as Dict;
      const devices = await findDevices(ctx, client, want);
      if (typeof want.deviceId === 'string' && devices.length === 0) {
        throw Object.assign(new Error(`no input device with id ${want.deviceId}`), { name: 'NotFoundError' });
      }
      const out: unknown[] = [];
      for (const d of devices) {
        let capabilities: unknown;
        let error: unknown;
        try {
          capabilities = await call(client, 'getDeviceCapabilities', d);
        } catch (e) {
          error = e;
        }
        out.push({ device: d, capabilities: capabilities ?? null, ...(error ? { error } : {}) });
      }
      return out;
    },
    exportDiagnostics: async () => call(client, 'exportDiagnostics'),
  };
  // No prototype: assigning a command must not run a setter a page put on Object.prototype.
  const out = objectCreate(null) as Commands;
  for (const name of SDK_COMMANDS) if (all[name] && hasMethod(client, name)) out[name] = all[name];
  return out;
}

/** Starts observing a 4.x `SignalWire` client created with `args` (credentialProvider, options). */
export function observeSignalWire4(ctx: Ctx, client: object, args: unknown[], info: Omit<FoundInfo, 'sdk' | 'detail'>, extraDetail: Record<string, Json> = {}): string {
  const already = ctx.idOf(client);
  if (already) return already;
  const detail: { [k: string]: Json } = {
    ...extraDetail,
    generation: 4,
    options: summarizeSignalWire4Options(args[0], args.length > 1 ? args[1] : safely(() => (client as Dict)._options)),
  };
  const id = ctx.found(client, { ...info, sdk: 'signalwire', detail }, signalWire4Commands(ctx, client));

  for (const name of OBSERVABLES) {
    const obs = safely(() => (client as Dict)[name]);
    if (!isSubscribable(obs)) continue;
    safely(() =>
      obs.subscribe({
        next: (v) => safely(() => ctx.event(id, name, v)),
        error: (e) => safely(() => ctx.event(id, `${name}.error`, e)),
      }),
    );
  }

  // Apps set preferences (relayHost, ICE) right after construction, so read them a little later,
  // and again whenever the connection state changes, emitting only when they differ.
  let lastPrefs = '';
  const emitPrefs = (): void => {
    const prefs = safely(() => (client as Dict).preferences);
    if (!prefs) return;
    const summary = summarizeSignalWire4Preferences(prefs);
    const key = JSON.stringify(summary);
    if (key === lastPrefs) return;
    lastPrefs = key;
    ctx.event(id, 'preferences', summary);
  };
  ctx.setTimeout(() => safely(emitPrefs), 0);
  const connected = safely(() => (client as Dict).isConnected$);
  if (isSubscribable(connected)) safely(() => connected.subscribe({ next: () => safely(emitPrefs) }));
  const destroyed = safely(() => (client as Dict).destroyed$);
  if (isSubscribable(destroyed)) safely(() => destroyed.subscribe({ next: () => safely(() => ctx.event(id, 'destroyed', true)) }));
  return id;
}

/** Reports a 3.x client (Fabric SignalWire() result, Video.RoomSession, Chat/PubSub Client). */
export function observeSignalWire3(ctx: Ctx, client: object, kind: string, params: unknown, info: Omit<FoundInfo, 'sdk' | 'detail'>, extraDetail: Record<string, Json> = {}): string {
  const already = ctx.idOf(client);
  if (already) return already;
  const detail: { [k: string]: Json } = { ...extraDetail, generation: 3, client: kind, options: summarizeSignalWire3Params(params) };
  // No listeners are added: 3.x sessions build their server-side event subscription from the
  // listeners attached before join, so listening would change what the server sends.
  return ctx.found(client, { ...info, sdk: 'signalwire', detail });
}
