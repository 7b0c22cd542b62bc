/**
 * Wrapping an SDK's exported constructor or factory so instances created later are known.
 *
 * A Proxy keeps what pages rely on: `instanceof` (the prototype is read through the proxy),
 * statics, `prototype`, `name`, `length`, subclassing (`class X extends Wrapped` reaches the
 * construct trap with the subclass as newTarget, so subclass instances are seen too) and
 * `String(Ctor)` / `Ctor.toString()` (answered with the original's source). Known difference,
 * documented in docs/sdk-hook.md: `instance.constructor === Wrapped` is false (it is the original).
 */

/** Per-install memory of what was wrapped: the same original always gets the same wrapper. */
export interface Wrapping {
  wrapped: WeakMap<object, object>;
  proxies: WeakSet<object>;
}

export function createWrapping(): Wrapping {
  return { wrapped: new WeakMap(), proxies: new WeakSet() };
}

function noteFailure(): void {
  /* observation must never change what the page sees; failures are swallowed */
}

function toStringFor(target: object): () => string {
  const fnToString = Function.prototype.toString;
  return function toString(this: unknown) {
    return fnToString.call(target);
  };
}

function handlerFor(
  w: Wrapping,
  target: object,
  onConstruct: ((instance: object, args: unknown[]) => void) | null,
  onCall: ((result: unknown, args: unknown[]) => unknown) | null,
): ProxyHandler<(...a: unknown[]) => unknown> {
  const ownToString = toStringFor(target);
  return {
    construct(t, args, newTarget) {
      const instance = Reflect.construct(t, args, newTarget === w.wrapped.get(t) ? t : newTarget) as object;
      if (onConstruct) {
        try {
          onConstruct(instance, args);
        } catch {
          noteFailure();
        }
      }
      return instance;
    },
    apply(t, thisArg, args) {
      const result = Reflect.apply(t, thisArg, args);
      if (!onCall) return result;
      try {
        return onCall(result, args);
      } catch {
        return result;
      }
    },
    get(t, key, receiver) {
      if (key === 'toString' && !Object.prototype.hasOwnProperty.call(t, 'toString')) return ownToString;
      return Reflect.get(t, key, receiver === w.wrapped.get(t) ? t : receiver);
    },
  };
}

/** Returns a wrapper that reports every `new` of `ctor`; the same wrapper for the same ctor. */
export function wrapConstructor<T>(w: Wrapping, ctor: T, onConstruct: (instance: object, args: unknown[]) => void): T {
  if (typeof ctor !== 'function') return ctor;
  if (w.proxies.has(ctor as object)) return ctor;
  const existing = w.wrapped.get(ctor as object);
  if (existing) return existing as T;
  const proxy = new Proxy(ctor as unknown as (...a: unknown[]) => unknown, handlerFor(w, ctor as object, onConstruct, null));
  w.wrapped.set(ctor as object, proxy);
  w.proxies.add(proxy);
  return proxy as unknown as T;
}

/**
 * Wraps a factory function (e.g. the 3.x `SignalWire(params)` that resolves to a client).
 * When it returns a promise, `onResult` sees the resolved value; the page gets a promise that
 * settles the same way (its rejection stays unhandled if the page leaves it unhandled).
 */
export function wrapFactory<T>(w: Wrapping, fn: T, onResult: (value: unknown, args: unknown[]) => void): T {
  if (typeof fn !== 'function') return fn;
  if (w.proxies.has(fn as object)) return fn;
  const existing = w.wrapped.get(fn as object);
  if (existing) return existing as T;
  const onCall = (result: unknown, args: unknown[]): unknown => {
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      return (result as Promise<unknown>).then((v) => {
        try {
          onResult(v, args);
        } catch {
          noteFailure();
        }
        return v;
      });
    }
    onResult(result, args);
    return result;
  };
  const onConstruct = (instance: object, args: unknown[]): void => onResult(instance, args);
  const proxy = new Proxy(fn as unknown as (...a: unknown[]) => unknown, handlerFor(w, fn as object, onConstruct, onCall));
  w.wrapped.set(fn as object, proxy);
  w.proxies.add(proxy);
  return proxy as unknown as T;
}
