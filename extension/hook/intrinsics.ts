/**
 * The built-ins the capture code calls, saved when the hook starts (document_start, before any page
 * script). Pages replace built-in methods: polyfills, zone.js (Promise.prototype.then), old
 * frameworks (Array.prototype), profilers that wrap Reflect.apply. Calling the page's versions from
 * capture code would run page code inside every WebSocket send and let the page see, slow down or
 * change what is captured. So capture code calls these saved functions, iterates with index loops
 * (for-of would call the page's %ArrayIteratorPrototype%.next) and keeps its collections in
 * Safe* classes whose methods are fixed at start.
 *
 * Checked end to end by tests/fixtures/pages/reliability/builtins.html, a page that replaces every
 * method of these built-ins with a recorder of who calls it.
 */

export const apply = Reflect.apply;
export const construct = Reflect.construct;
export const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
export const defineProperty = Object.defineProperty;
export const objectCreate = Object.create;
export const objectKeys = Object.keys;
export const isArray = Array.isArray;
export const isFinite = Number.isFinite;
export const min = Math.min;
export const isView = ArrayBuffer.isView;
export const arrayFrom = Array.from;
export const stringifyJson = JSON.stringify;

const promiseThen = Promise.prototype.then;
const regexpExec = RegExp.prototype.exec;
const stringCharCodeAt = String.prototype.charCodeAt;
const stringSlice = String.prototype.slice;
const numberToString = Number.prototype.toString;
const objectToString = Object.prototype.toString;
const dateToISOString = Date.prototype.toISOString;

/**
 * p.then(ok, err) with the original `then`, whatever the page did to Promise.prototype. (Not named
 * `then`: a module namespace that exports `then` is a thenable, and importing it would call it.)
 */
export function onSettle<T, R1 = T, R2 = never>(
  p: PromiseLike<T>,
  ok: (v: T) => R1 | PromiseLike<R1>,
  err?: (e: unknown) => R2 | PromiseLike<R2>,
): Promise<R1 | R2> {
  return apply(promiseThen, p, [ok, err]) as Promise<R1 | R2>;
}

/** re.test(s) without looking up `exec` on the regexp (test calls whatever `exec` it finds). */
export function matches(re: RegExp, s: string): boolean {
  return apply(regexpExec, re, [s]) !== null;
}

export function charCodeAt(s: string, i: number): number {
  return apply(stringCharCodeAt, s, [i]) as number;
}

export function sliceString(s: string, start: number, end?: number): string {
  return apply(stringSlice, s, end === undefined ? [start] : [start, end]) as string;
}

export function numberString(n: number, radix: number): string {
  return apply(numberToString, n, [radix]) as string;
}

/** Object.prototype.toString.call(v): "[object Tag]"; a throwing Proxy or getter gives the plain tag. */
export function tagOf(v: object): string {
  try {
    return apply(objectToString, v, []) as string;
  } catch {
    return '[object Object]';
  }
}

export function isoDate(d: object): string {
  return apply(dateToISOString, d, []) as string;
}

/** arr.push(v) without Array.prototype.push. */
export function append<T>(arr: T[], v: T): void {
  arr[arr.length] = v;
}

/** Array.from(list, fn) for array-likes, without iterators or the page's Array.from. */
export function mapList<T, U>(list: ArrayLike<T>, fn: (v: T, i: number) => U): U[] {
  const out: U[] = [];
  const n = list.length >>> 0;
  for (let i = 0; i < n; i++) out[i] = fn(list[i]!, i);
  return out;
}

/** list.slice(start, end) for arrays, without Array.prototype.slice. */
export function sliceList<T>(list: readonly T[], start: number, end: number = list.length): T[] {
  const out: T[] = [];
  for (let i = start; i < end; i++) out[i - start] = list[i]!;
  return out;
}

export function indexWhere<T>(list: ArrayLike<T>, fn: (v: T) => boolean): number {
  const n = list.length >>> 0;
  for (let i = 0; i < n; i++) if (fn(list[i]!)) return i;
  return -1;
}

type Ctor<T> = new () => T;

/** A subclass of a built-in collection whose methods are the originals, copied onto it now. */
function safeCollection<T extends object>(Base: Ctor<T>, names: readonly string[]): Ctor<T> {
  const Safe = class extends (Base as Ctor<object>) {} as unknown as Ctor<T>;
  for (const name of names) {
    const d = getOwnPropertyDescriptor(Base.prototype, name);
    if (d) defineProperty(Safe.prototype, name, d);
  }
  return Safe;
}

export const SafeWeakMap = safeCollection(WeakMap, ['get', 'set', 'has', 'delete']) as new <K extends object, V>() => WeakMap<K, V>;
export const SafeWeakSet = safeCollection(WeakSet, ['add', 'has', 'delete']) as new <V extends object>() => WeakSet<V>;
/** Iterate with forEach (copied too): for-of would use the page's %MapIteratorPrototype%.next. */
export const SafeMap = safeCollection(Map, ['get', 'set', 'has', 'delete', 'forEach', 'size']) as new <K, V>() => Map<K, V>;
export const SafeSet = safeCollection(Set, ['add', 'has', 'delete', 'forEach', 'size']) as new <V>() => Set<V>;
