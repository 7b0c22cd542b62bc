/** Small display helpers shared by the views. Pure, so they are unit-tested. */
import { localPart } from '../core/capture/loads.js';

export function clock(t: number | undefined): string {
  if (t === undefined || !Number.isFinite(t)) return '';
  const d = new Date(t);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function ms(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '';
  return n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(2)} s`;
}

export function seconds(fromT: number, t: number): string {
  return `${((t - fromT) / 1000).toFixed(1)} s`;
}

/** One line of possibly huge page text, cut for a table cell (the detail view shows it all). */
export function oneLine(text: string | undefined, max = 200): string {
  if (!text) return '';
  const s = text.length > max * 2 ? text.slice(0, max * 2) : text;
  const line = s.replace(/\s+/g, ' ');
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** Ids are "<docId>:ws-1"; the doc part is noise in a table (store.label adds the load where it matters). */
export const shortId = localPart;
