import { useEffect, useRef, useState } from 'preact/hooks';
import {
  Chart,
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  Legend,
  Tooltip,
  type ChartDataset,
  type Plugin,
  type Scale,
} from 'chart.js';
import { CHART_PALETTE, currentTheme, DASH, type ChartRole } from '../theme.js';
import { formatTick, timeTicks } from '../views/chart-axis-model.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

export interface Series {
  label: string;
  role: ChartRole;
  /** in: solid, out: dashed (direction is never told by hue alone). */
  dir: 'in' | 'out' | 'none';
  /** raw: the value as reported (a counter's running total), shown in the tooltip. */
  points: { x: number; y: number; raw?: number }[];
}

export interface Mark {
  x: number;
  label: string;
  kind: 'finding' | 'call' | 'load' | 'close' | 'focus';
}

interface MarkOptions {
  marks: Mark[];
  colors: Record<Mark['kind'], string>;
  font: string;
}

/** Vertical lines with a short label where findings, call events, page loads and the close happened. */
const markPlugin: Plugin<'line'> = {
  id: 'rtcMarks',
  afterDatasetsDraw(chart) {
    const opts = (chart.options.plugins as unknown as { rtcMarks?: MarkOptions }).rtcMarks;
    if (!opts || opts.marks.length === 0) return;
    const { ctx, chartArea, scales } = chart;
    const x = scales.x;
    if (!x) return;
    ctx.save();
    ctx.font = opts.font;
    ctx.textBaseline = 'top';
    let lastLabelRight = -Infinity;
    for (const m of opts.marks) {
      const px = x.getPixelForValue(m.x);
      if (px < chartArea.left - 0.5 || px > chartArea.right + 0.5) continue;
      ctx.strokeStyle = opts.colors[m.kind];
      ctx.setLineDash(m.kind === 'finding' ? [2, 2] : m.kind === 'focus' ? [] : [4, 3]);
      ctx.beginPath();
      ctx.moveTo(px, chartArea.top);
      ctx.lineTo(px, chartArea.bottom);
      ctx.stroke();
      // Labels that would overlap the previous one are left to the tooltip-free line: crowded text helps no one.
      if (m.kind === 'finding') continue;
      const w = ctx.measureText(m.label).width;
      const left = Math.min(px + 2, chartArea.right - w);
      if (left <= lastLabelRight + 2) continue;
      ctx.fillStyle = opts.colors[m.kind];
      ctx.fillText(m.label, left, chartArea.top + 1);
      lastLabelRight = left + w;
    }
    ctx.restore();
  },
};

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/** Calls back when the theme attribute or the system colour scheme changes; returns the unsubscribe. */
function onThemeChange(cb: () => void): () => void {
  const mq = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined;
  mq?.addEventListener('change', cb);
  const mo = new MutationObserver(cb);
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => {
    mq?.removeEventListener('change', cb);
    mo.disconnect();
  };
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

/**
 * A line chart over seconds since the capture start. Updated in place, without animation. The
 * figure carries what it draws as data attributes (lines, points per line, the y axis top, the
 * tick labels) so tests and assistive tools read the chart without the canvas.
 */
export function LineChart(props: {
  id?: string;
  title: string;
  unit: string;
  series: Series[];
  marks: Mark[];
  xMin?: number;
  xMax?: number;
  y?: { min?: number; max?: number; suggestedMax?: number };
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const figure = useRef<HTMLElement>(null);
  const chart = useRef<Chart<'line'> | null>(null);
  const step = useRef(1);
  const unit = useRef(props.unit);
  unit.current = props.unit;
  // Colours come from the theme: redraw when DevTools or the system switches it.
  const [, setThemeTick] = useState(0);
  useEffect(() => onThemeChange(() => setThemeTick((n) => n + 1)), []);

  useEffect(() => {
    if (!canvas.current) return;
    chart.current = new Chart(canvas.current, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        spanGaps: true,
        elements: { point: { radius: 0 }, line: { borderWidth: 1.75 } },
        scales: {
          x: {
            type: 'linear',
            ticks: { maxRotation: 0, autoSkip: false, callback: (v) => formatTick(Number(v), step.current, chart.current?.scales.x?.max ?? Number(v)) },
            afterBuildTicks: (scale: Scale) => {
              const t = timeTicks(scale.min, scale.max);
              step.current = t.step;
              scale.ticks = t.values.map((value) => ({ value }));
            },
          },
          y: { ticks: { maxTicksLimit: 5 } },
        },
        plugins: {
          legend: { labels: { boxWidth: 16, boxHeight: 8 } },
          tooltip: {
            intersect: false,
            mode: 'nearest',
            callbacks: {
              title: (items) => (items[0] ? formatTick(items[0].parsed.x ?? 0, 0.1, 0) : ''),
              label: (item) => {
                const raw = (item.raw as { raw?: number }).raw;
                return `${item.dataset.label ?? ''}: ${fmt(item.parsed.y ?? 0)} ${unit.current}${raw !== undefined ? ` (reported ${raw})` : ''}`;
              },
            },
          },
          ...({ rtcMarks: { marks: [], colors: {}, font: '10px system-ui, sans-serif' } } as object),
        },
      },
      plugins: [markPlugin],
    });
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const palette = CHART_PALETTE[currentTheme()];
    const fg = cssVar('--fg-dim', '#5f6368');
    const grid = cssVar('--border', '#d0d0d0');
    c.data.datasets = props.series.map((s): ChartDataset<'line', { x: number; y: number }[]> => {
      const color = palette[s.role];
      // An out line's legend box is a dashed outline, an in line's a filled box: direction reads without colour.
      return { label: s.label, data: s.points, borderColor: color, backgroundColor: s.dir === 'out' ? 'transparent' : color, borderDash: DASH[s.dir] };
    });
    const x = c.options.scales!.x!;
    x.min = props.xMin;
    x.max = props.xMax;
    x.ticks!.color = fg;
    x.grid = { color: grid };
    const y = c.options.scales!.y!;
    y.min = props.y?.min;
    y.max = props.y?.max;
    (y as { suggestedMax?: number }).suggestedMax = props.y?.suggestedMax;
    y.ticks!.color = fg;
    y.grid = { color: grid };
    c.options.plugins!.legend!.labels!.color = fg;
    const marks = (c.options.plugins as unknown as { rtcMarks: MarkOptions }).rtcMarks;
    marks.marks = props.marks;
    marks.colors = { finding: palette.mark, call: palette.call, load: palette.load, close: palette.neutral, focus: palette.in };
    c.update('none');
    const f = figure.current;
    if (f) {
      f.dataset.lines = props.series.map((s) => s.label).join('|');
      f.dataset.points = props.series.map((s) => s.points.length).join('|');
      f.dataset.marks = props.marks.filter((m) => m.x >= c.scales.x!.min && m.x <= c.scales.x!.max).map((m) => m.label).join('|');
      f.dataset.yMax = String(c.scales.y?.max ?? '');
      f.dataset.yMin = String(c.scales.y?.min ?? '');
      f.dataset.ticks = (c.scales.x?.ticks ?? []).map((t) => formatTick(t.value, step.current, c.scales.x!.max)).join('|');
    }
  });

  const last = props.series.map((s) => `${s.label} ${s.points.length ? fmt(s.points.at(-1)!.y) : '–'}`).join(', ');
  return (
    <figure ref={figure} class="chart-box" data-chart={props.id} aria-label={`${props.title} (${props.unit}): ${last}`}>
      <figcaption>{`${props.title} (${props.unit})`}</figcaption>
      <div class="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={`${props.title} chart`} />
      </div>
    </figure>
  );
}
