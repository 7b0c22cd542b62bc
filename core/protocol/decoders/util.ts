/** Small readers for untrusted parsed JSON: page traffic can hold anything, so nothing is assumed. */

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
export function obj(v: unknown): Obj | undefined {
  return isObj(v) ? v : undefined;
}
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
export function strOrNum(v: unknown): string | number | undefined {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) ? v : undefined;
}
export function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/**
 * A string for display from any value without calling its toString (a page or a bundle can hand us objects
 * whose toString is not callable).
 */
export function text(v: unknown, fallback = ''): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v === null || v === undefined) return fallback;
  try {
    return JSON.stringify(v) ?? fallback;
  } catch {
    return fallback;
  }
}

/** Keep summaries one short line whatever the page sent. */
const BREAKS = /[\r\n\t]/;

export function clip(s: string, max = 80): string {
  const oneLine = BREAKS.test(s) ? s.replace(/[\r\n\t]+/g, ' ') : s;
  return oneLine.length > max ? oneLine.slice(0, max - 1) + '…' : oneLine;
}
