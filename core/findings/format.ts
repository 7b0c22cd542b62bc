/** Wording helpers so every rule phrases numbers the same way. */

export function secs(ms: number): string {
  const s = ms / 1000;
  return s >= 10 || Number.isInteger(s) ? `${Math.round(s)} s` : `${s.toFixed(1)} s`;
}
export function ms(v: number): string {
  return `${Math.round(v)} ms`;
}
export function pct(v: number): string {
  return `${v >= 10 ? Math.round(v) : v.toFixed(1)}%`;
}
