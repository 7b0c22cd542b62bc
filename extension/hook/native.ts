/**
 * Wrapping page APIs without the page noticing: Proxies keep statics, prototype, name, length,
 * `instanceof` and subclassing; a patched Function.prototype.toString makes every wrapper print
 * exactly what the original prints.
 */
import { apply, construct, defineProperty, getOwnPropertyDescriptor, SafeWeakMap } from './intrinsics.js';
import { rememberDefinition } from './restore.js';

const realToString = Function.prototype.toString;
/** wrapper -> original, consulted by the patched toString. */
const originals = new SafeWeakMap<object, object>();
let toStringPatched = false;

function patchToString(): void {
  if (toStringPatched) return;
  toStringPatched = true;
  const patched = new Proxy(realToString, {
    apply(target, thisArg: unknown, args: unknown[]) {
      const original = (typeof thisArg === 'function' && originals.get(thisArg)) || thisArg;
      return apply(target, original, args);
    },
  });
  originals.set(patched, realToString);
  const desc = getOwnPropertyDescriptor(Function.prototype, 'toString');
  if (desc?.configurable) defineProperty(Function.prototype, 'toString', { ...desc, value: patched });
}

/** Record that `wrapper` must look like `original` to toString. */
export function mask<T extends object>(wrapper: T, original: object): T {
  patchToString();
  originals.set(wrapper, original);
  return wrapper;
}

/** The original behind a wrapper (or the value itself), for code that must bypass page patches. */
export function unwrap<T>(fn: T): T {
  return ((fn && originals.get(fn as object)) as T) || fn;
}

type AnyCtor = new (...args: unknown[]) => object;

/**
 * Replace owner[name] (a constructor) with a Proxy whose construct trap calls `after(instance, args)`.
 * `after` runs inside try/catch: the hook never throws into the page.
 */
export function wrapConstructor(
  owner: object,
  name: string,
  after: (instance: object, args: unknown[], newTarget: unknown) => void,
): boolean {
  const desc = getOwnPropertyDescriptor(owner, name);
  const Native = desc?.value as AnyCtor | undefined;
  if (!desc || typeof Native !== 'function' || !desc.configurable) return false;
  const proxy = new Proxy(Native, {
    construct(target, args: unknown[], newTarget: AnyCtor) {
      // new.target passes through, so `class X extends WebSocket` instances get X.prototype.
      const instance = construct(target, args, newTarget === proxy ? target : newTarget) as object;
      try {
        after(instance, args, newTarget);
      } catch {
        /* capture failures must not reach the page */
      }
      return instance;
    },
  });
  mask(proxy, Native);
  const proto = Native.prototype as { constructor?: unknown } | undefined;
  const ctorDesc = proto && getOwnPropertyDescriptor(proto, 'constructor');
  if (proto && ctorDesc?.writable) {
    defineProperty(proto, 'constructor', { ...ctorDesc, value: proxy });
    rememberDefinition(proto, 'constructor', ctorDesc, proxy);
  }
  defineProperty(owner, name, { ...desc, value: proxy });
  rememberDefinition(owner, name, desc, proxy);
  return true;
}

export type MethodHook = (original: (...a: unknown[]) => unknown, self: unknown, args: unknown[]) => unknown;

/**
 * Replace proto[name] (a method) with a Proxy whose apply trap is `hook`. The hook decides when to
 * call the original, so it can record before and after without changing what the page receives.
 */
export function wrapMethod(proto: object | undefined, name: string, hook: MethodHook): boolean {
  if (!proto) return false;
  const desc = getOwnPropertyDescriptor(proto, name);
  const original = desc?.value as ((...a: unknown[]) => unknown) | undefined;
  if (!desc || typeof original !== 'function' || !desc.configurable) return false;
  const proxy = new Proxy(original, {
    apply(target, self: unknown, args: unknown[]) {
      return hook(target, self, args);
    },
  });
  mask(proxy, original);
  defineProperty(proto, name, { ...desc, value: proxy });
  rememberDefinition(proto, name, desc, proxy);
  return true;
}

/** A saved accessor getter, so later page patches of the prototype cannot feed the hook. */
export function getter<T>(proto: object | undefined, name: string): ((self: unknown) => T) | undefined {
  const get = proto && getOwnPropertyDescriptor(proto, name)?.get;
  if (!get) return undefined;
  return (self: unknown) => apply(get, self, []) as T;
}

export type Listen = (target: object, type: string, fn: (e: Event) => void) => void;

/**
 * Adds the hook's own event listeners with the addEventListener saved at install (the page may
 * patch it later); a capture handler that throws never reaches the page's handlers.
 */
export function listenerFor(win: typeof globalThis): Listen {
  const add = win.EventTarget.prototype.addEventListener;
  return (target, type, fn) => {
    const safe = (e: Event) => {
      try {
        fn(e);
      } catch {
        /* capture only */
      }
    };
    apply(add, target, [type, safe]);
  };
}
