/**
 * The small, frozen toolkit the hook shares with code that runs beside it in the page (SDK
 * discovery): the same serializer, ids and wrapping helpers, so every wrapper is equally invisible.
 */
import type { Emitter } from './emitter.js';
import { toJson } from './serialize.js';
import { mask, wrapConstructor, wrapMethod } from './native.js';

export interface HookApi {
  readonly docId: string;
  now(): number;
  nextId(prefix: string): string;
  toJson: typeof toJson;
  wrapConstructor: typeof wrapConstructor;
  wrapMethod: typeof wrapMethod;
  mask: typeof mask;
}

let current: HookApi | undefined;

export function setHookApi(em: Emitter): HookApi {
  current = Object.freeze({
    docId: em.docId,
    now: em.now,
    nextId: em.nextId,
    toJson,
    wrapConstructor,
    wrapMethod,
    mask,
  });
  return current;
}

/** The document's hook toolkit; undefined only before the hook entry has run. */
export function hookApi(): HookApi | undefined {
  return current;
}
