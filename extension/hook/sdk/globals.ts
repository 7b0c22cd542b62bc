/**
 * Discovery through the SDKs' UMD globals, at near-zero cost for pages without an SDK:
 * one configurable accessor per global name on the window, which stores and returns exactly
 * what the page assigns. UMD bundles assign an empty exports object first and fill it while
 * the bundle runs, so the exported constructors are wrapped on the next microtask (before the
 * next script runs) or on the first read of the global, whichever comes first.
 */
import type { Json } from '../../../core/capture/events.js';
import { signalWireVersion } from '../../../core/sdk/state.js';
import { safely, type Ctx } from './context.js';
import { observeSignalWire3, observeSignalWire4 } from './signalwire.js';
import { observeTelnyx } from './telnyx.js';
import { onRestore } from '../restore.js';
import { createWrapping, wrapConstructor, wrapFactory, type Wrapping } from './wrap.js';

type Dict = Record<string, unknown>;

const MAX_ATTEMPTS = 20;

/** Replaces ns[key] by `make(ns[key])` without ever throwing; false when the slot can't be written. */
function replaceMember(ns: Dict, key: string, make: (v: unknown) => unknown): boolean {
  const desc = safely(() => Object.getOwnPropertyDescriptor(ns, key));
  if (!desc || !('value' in desc)) return false;
  const next = make(desc.value);
  if (next === desc.value) return true;
  if (desc.writable) {
    if (safely(() => Reflect.set(ns, key, next)) === true) return true;
  }
  if (desc.configurable) return safely(() => Reflect.defineProperty(ns, key, { ...desc, value: next })) === true;
  return false;
}

/**
 * 3.x namespaces (Video, Fabric) are frozen objects; swap in a frozen copy with one member
 * wrapped. Only the parent's slot changes, and the same copy is returned on every read.
 */
function replaceInFrozenNamespace(parent: Dict, nsKey: string, member: string, make: (v: unknown) => unknown): void {
  const ns = safely(() => parent[nsKey]);
  if (!ns || typeof ns !== 'object') return;
  if (replaceMember(ns as Dict, member, make)) return;
  const copy = Object.create(Object.getPrototypeOf(ns) as object | null) as Dict;
  for (const k of Reflect.ownKeys(ns)) {
    const d = Object.getOwnPropertyDescriptor(ns, k);
    if (!d) continue;
    if (k === member && 'value' in d) d.value = make(d.value);
    Object.defineProperty(copy, k, d);
  }
  if (Object.isFrozen(ns)) Object.freeze(copy);
  replaceMember(parent, nsKey, () => copy);
}

function exportNames(ns: object): Json {
  return (safely(() => Object.keys(ns).slice(0, 60)) ?? []) as Json;
}

/** Wraps the Telnyx UMD exports; true once done. */
function adoptTelnyx(ctx: Ctx, w: Wrapping, ns: Dict): boolean {
  if (typeof safely(() => ns.TelnyxRTC) !== 'function') return false;
  const libId = ctx.found(ns, { sdk: 'telnyx', version: '2.x', via: 'global', detail: { global: 'TelnyxWebRTC', library: true, exports: exportNames(ns) } });
  replaceMember(ns, 'TelnyxRTC', (ctor) =>
    wrapConstructor(w, ctor, (instance, args) => observeTelnyx(ctx, instance, args, { version: '2.x', via: 'constructor' }, { library: libId })),
  );
  return true;
}

/** Wraps the SignalWire UMD exports (4.x class or 3.x factory and Video.RoomSession); true once done. */
function adoptSignalWire(ctx: Ctx, w: Wrapping, ns: Dict): boolean {
  const v = signalWireVersion(ns);
  if (!v.generation) return false;
  const detail: { [k: string]: Json } = { global: 'SignalWire', library: true, generation: v.generation, exports: exportNames(ns) };
  if (v.reported) detail.reportedVersion = v.reported;
  const libId = ctx.found(ns, { sdk: 'signalwire', version: v.version, via: 'global', detail });
  const extra = { library: libId };
  if (v.generation === 4) {
    replaceMember(ns, 'SignalWire', (ctor) =>
      wrapConstructor(w, ctor, (instance, args) => observeSignalWire4(ctx, instance, args, { version: v.version, via: 'constructor' }, extra)),
    );
    return true;
  }
  const onFabric = (client: unknown, args: unknown[]): void => {
    if (client && typeof client === 'object') observeSignalWire3(ctx, client, 'Fabric.SignalWire', args[0], { version: v.version, via: 'constructor' }, extra);
  };
  const wrapFabric = (fn: unknown): unknown => wrapFactory(w, fn, onFabric);
  replaceMember(ns, 'SignalWire', wrapFabric);
  replaceInFrozenNamespace(ns, 'Fabric', 'SignalWire', wrapFabric);
  replaceInFrozenNamespace(ns, 'Video', 'RoomSession', (fn) =>
    wrapFactory(w, fn, (session, args) => {
      if (session && typeof session === 'object') observeSignalWire3(ctx, session, 'Video.RoomSession', args[0], { version: v.version, via: 'constructor' }, extra);
    }),
  );
  return true;
}

/**
 * Installs the accessor for one global name. `adopt` inspects the assigned value and returns
 * true once it has done its work for that value.
 */
function trapGlobal(ctx: Ctx, name: string, adopt: (ns: Dict) => boolean): { check(): void } {
  const win = ctx.win as unknown as Dict;
  const queue = (fn: () => void): void => {
    void Promise.resolve().then(() => safely(fn));
  };
  const adopted = new WeakSet<object>();
  // A value that never becomes an SDK (an app's own global of the same name) stops being
  // inspected after a few reads, so hot reads of it stay as cheap as a plain property.
  const attempts = new WeakMap<object, number>();
  const check = (v: unknown): void => {
    if (!v || (typeof v !== 'object' && typeof v !== 'function') || adopted.has(v)) return;
    if (safely(() => adopt(v as Dict)) === true) {
      adopted.add(v);
      return;
    }
    const n = (attempts.get(v) ?? 0) + 1;
    attempts.set(v, n);
    if (n >= MAX_ATTEMPTS) adopted.add(v);
  };
  const readCurrent = (): unknown => {
    const d = safely(() => Object.getOwnPropertyDescriptor(win, name));
    if (!d) return undefined;
    return 'value' in d ? d.value : safely(() => win[name]);
  };

  const existing = safely(() => Object.getOwnPropertyDescriptor(win, name));
  if (existing) {
    // Installed after the SDK loaded (or the page owns this name): wrap in place, no accessor.
    if ('value' in existing) check(existing.value);
    return { check: () => check(readCurrent()) };
  }
  let current: unknown;
  let assigned = false;
  let ourGet: unknown;
  const define = (enumerable: boolean): void => {
    const get = (): unknown => {
      if (current) check(current);
      return current;
    };
    ourGet = get;
    Object.defineProperty(win, name, {
      configurable: true,
      enumerable,
      get,
      set(v: unknown) {
        current = v;
        assigned = true;
        // A plain assignment makes an enumerable property; become one, so the page sees no difference.
        if (!enumerable) safely(() => define(true));
        check(v);
        queue(() => check(v));
      },
    });
  };
  safely(() => define(false));
  // A stopped hook leaves the plain property a page assignment would have made (or none).
  onRestore(() => {
    const d = Object.getOwnPropertyDescriptor(win, name);
    if (!d || d.get !== ourGet || !d.configurable) return;
    if (assigned) Object.defineProperty(win, name, { value: current, writable: true, enumerable: true, configurable: true });
    else delete win[name];
  });
  return { check: () => check(readCurrent()) };
}

export function installGlobalDiscovery(ctx: Ctx): void {
  const w = createWrapping();
  trapGlobal(ctx, 'TelnyxWebRTC', (ns) => adoptTelnyx(ctx, w, ns));
  const sw = trapGlobal(ctx, 'SignalWire', (ns) => adoptSignalWire(ctx, w, ns));
  // The SignalWire UMD announces itself; this catches bundles that replaced our accessor
  // with their own property definition.
  safely(() =>
    ctx.win.addEventListener('signalwire:js:ready', () => {
      void Promise.resolve().then(() => safely(() => sw.check()));
    }),
  );
}
