/**
 * JSON text of the hook's events, immune to what the page does to its prototypes.
 *
 * The native JSON.stringify calls any `toJSON` it finds on an object's prototype chain, and pages
 * do define them (old libraries put one on Array.prototype that returns a string, which would turn
 * every batch into a string). Events are plain data the hook built itself, so while no prototype
 * carries `toJSON` the native function is exact and fast; when one does, a small walker of our own
 * writes the same text without calling page code.
 */
import { isArray, isFinite, objectKeys, stringifyJson } from './intrinsics.js';

const objectProto = Object.prototype;
const arrayProto = Array.prototype;

function walk(v: unknown): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      // A primitive string never has its toJSON looked up.
      return stringifyJson(v);
    case 'number':
      return isFinite(v) ? '' + v : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      break;
    default:
      return undefined; // functions, symbols, undefined: left out as JSON does
  }
  if (isArray(v)) {
    let s = '[';
    for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + (walk(v[i]) ?? 'null');
    return s + ']';
  }
  let s = '{';
  let first = true;
  const ks = objectKeys(v as object);
  for (let i = 0; i < ks.length; i++) {
    const k = ks[i]!;
    const item = walk((v as Record<string, unknown>)[k]);
    if (item === undefined) continue;
    s += (first ? '' : ',') + stringifyJson(k) + ':' + item;
    first = false;
  }
  return s + '}';
}

export function stringifyEvents(v: unknown): string {
  return 'toJSON' in objectProto || 'toJSON' in arrayProto ? (walk(v) ?? 'null') : stringifyJson(v);
}
