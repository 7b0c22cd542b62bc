/** Wording helpers so every rule phrases numbers the same way. */

export function secs(ms: number): string {
  if (ms >= 9950) return `${Math.round(ms / 1000)} s`;
  // Round from the integer ms so 7050 ms reads 7.1 s (7.05 as a float would round down to 7.0).
  const tenths = Math.round(ms / 100);
  return tenths % 10 === 0 ? `${tenths / 10} s` : `${(tenths / 10).toFixed(1)} s`;
}
export function ms(v: number): string {
  return `${Math.round(v)} ms`;
}
export function pct(v: number): string {
  return `${v >= 10 ? Math.round(v) : v.toFixed(1)}%`;
}
