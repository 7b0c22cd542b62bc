import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHART_BACKGROUNDS, CHART_PALETTE, contrastRatio, DASH } from '../../../ui/theme.js';

describe('chart palette', () => {
  it('gives every chart colour 4.5:1 or better against the panel backgrounds, light and dark', () => {
    for (const theme of ['light', 'dark'] as const) {
      for (const [role, colour] of Object.entries(CHART_PALETTE[theme])) {
        for (const bg of CHART_BACKGROUNDS[theme]) {
          expect(contrastRatio(colour, bg), `${theme} ${role} ${colour} on ${bg}`).toBeGreaterThanOrEqual(4.5);
        }
      }
    }
  });

  it('uses the backgrounds panel.css really paints', () => {
    const css = readFileSync(new URL('../../../ui/panel.css', import.meta.url), 'utf8');
    const dark = css.slice(css.indexOf("[data-theme='dark']"));
    expect(css).toMatch(new RegExp(`--bg: ${CHART_BACKGROUNDS.light[0]};`));
    expect(css).toMatch(new RegExp(`--bg-alt: ${CHART_BACKGROUNDS.light[1]};`));
    expect(dark).toMatch(new RegExp(`--bg: ${CHART_BACKGROUNDS.dark[0]};`));
    expect(dark).toMatch(new RegExp(`--bg-alt: ${CHART_BACKGROUNDS.dark[1]};`));
  });

  it('tells in from out by more than hue', () => {
    expect(DASH.out.length).toBeGreaterThan(0);
    expect(DASH.in).toEqual([]);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
  });
});
