/**
 * Time-axis ticks for the charts. Ticks sit on multiples of one "nice" step chosen from the visible
 * span, and each label is written with the precision that step needs, so two ticks never read the
 * same ("0s 0s 0s 1s 1s" came from rounding 0.2 s steps to whole seconds).
 */

const STEPS_S = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 21_600, 43_200, 86_400];

/** The smallest nice step (seconds) that keeps the span within maxTicks ticks. */
export function tickStep(spanS: number, maxTicks = 6): number {
  if (!(spanS > 0)) return 1;
  for (const s of STEPS_S) if (spanS / s <= maxTicks - 1) return s;
  return Math.ceil(spanS / (maxTicks - 1) / 86_400) * 86_400;
}

/** Tick values (seconds) on multiples of the step within [min, max]. */
export function timeTicks(min: number, max: number, maxTicks = 6): { step: number; values: number[] } {
  const step = tickStep(max - min, maxTicks);
  const values: number[] = [];
  const first = Math.ceil(min / step - 1e-9);
  for (let i = first; i * step <= max + 1e-9 && values.length < 1000; i++) values.push(Math.round(i * step * 1000) / 1000);
  return { step, values };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * A tick label: seconds ("0.5 s", "12 s") for sub-second steps or an axis under two minutes,
 * m:ss beyond, h:mm:ss past an hour.
 */
export function formatTick(valueS: number, step: number, maxS = valueS): string {
  const neg = valueS < 0 ? '-' : '';
  const v = Math.abs(valueS);
  // Sub-second steps keep seconds with a decimal even late in a capture: m:ss would round them together.
  if (step < 1 || (step < 60 && maxS < 120)) return `${neg}${v.toFixed(step < 1 ? 1 : 0)} s`;
  const whole = Math.round(v);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  return h > 0 ? `${neg}${h}:${pad2(m)}:${pad2(s)}` : `${neg}${m}:${pad2(s)}`;
}
