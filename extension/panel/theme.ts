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
