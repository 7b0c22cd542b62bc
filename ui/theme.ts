/**
 * DevTools reports its theme as 'default' (light) or 'dark'. Without it (a plain tab, the
 * standalone viewer) the stylesheet follows prefers-color-scheme.
 */
export function applyTheme(name: string | null | undefined): void {
  const root = document.documentElement;
  if (name === 'dark') root.dataset.theme = 'dark';
  else if (name === 'default' || name === 'light') root.dataset.theme = 'light';
  else delete root.dataset.theme;
}

export type ThemeName = 'light' | 'dark';

/** The theme in force right now: the DevTools choice, else the system's. */
export function currentTheme(): ThemeName {
  const set = typeof document !== 'undefined' ? document.documentElement.dataset.theme : undefined;
  if (set === 'dark' || set === 'light') return set;
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Backgrounds the charts sit on: panel.css --bg and --bg-alt of each theme (kept in step by a unit test's contrast check). */
export const CHART_BACKGROUNDS: Record<ThemeName, readonly string[]> = {
  light: ['#ffffff', '#f3f3f3'],
  dark: ['#202124', '#292a2d'],
};

/**
 * Line colours by role. "in" lines are blue/teal and solid, "out" lines orange/purple and dashed
 * (see DASH): direction never rests on hue alone. Each colour reads at 4.5:1 or better on both
 * backgrounds of its theme.
 */
export type ChartRole = 'in' | 'out' | 'in2' | 'out2' | 'neutral' | 'good' | 'mark' | 'load' | 'call';

export const CHART_PALETTE: Record<ThemeName, Record<ChartRole, string>> = {
  light: { in: '#1558b0', out: '#a14f00', in2: '#00736b', out2: '#6a3db8', neutral: '#5f6368', good: '#137333', mark: '#c5221f', load: '#5f6368', call: '#6a3db8' },
  dark: { in: '#8ab4f8', out: '#fcad70', in2: '#78d9ec', out2: '#d7aefb', neutral: '#9aa0a6', good: '#81c995', mark: '#f28b82', load: '#9aa0a6', call: '#d7aefb' },
};

/** Dash patterns: solid for what we receive, dashed for what we send. */
export const DASH: Record<'in' | 'out' | 'none', number[]> = { in: [], out: [6, 3], none: [] };

function channel(v: number): number {
  const c = v / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of #rrggbb. */
export function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((x) => channel(parseInt(x, 16)));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG contrast ratio between two #rrggbb colours (1..21). */
export function contrastRatio(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}
