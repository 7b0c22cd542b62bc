import { useEffect, useRef } from 'preact/hooks';
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
} from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

export interface Series {
  label: string;
  points: { x: number; y: number }[];
  color: string;
}

interface MarkOptions {
  marks: number[];
  color: string;
}

/** Vertical lines where findings happened, so a dip can be read next to its explanation. */
const markPlugin: Plugin<'line'> = {
  id: 'rtcMarks',
  afterDatasetsDraw(chart) {
    const opts = (chart.options.plugins as unknown as { rtcMarks?: MarkOptions }).rtcMarks;
    if (!opts || opts.marks.length === 0) return;
    const { ctx, chartArea, scales } = chart;
    const x = scales.x;
    if (!x) return;
    ctx.save();
    ctx.strokeStyle = opts.color;
    ctx.setLineDash([4, 3]);
    for (const m of opts.marks) {
      const px = x.getPixelForValue(m);
      if (px < chartArea.left || px > chartArea.right) continue;
      ctx.beginPath();
      ctx.moveTo(px, chartArea.top);
      ctx.lineTo(px, chartArea.bottom);
      ctx.stroke();
    }
    ctx.restore();
  },
};

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/** A line chart over seconds since the capture start. Updated in place, without animation. */
export function LineChart(props: { title: string; unit: string; series: Series[]; marks: number[]; xMin?: number; xMax?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'line'> | null>(null);

  useEffect(() => {
    if (!canvas.current) return;
    const fg = cssVar('--fg-dim', '#666');
    const grid = cssVar('--border', '#ddd');
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
        elements: { point: { radius: 0 }, line: { borderWidth: 1.5 } },
        scales: {
          x: { type: 'linear', ticks: { color: fg, maxTicksLimit: 6, maxRotation: 0, callback: (v) => `${Math.round(Number(v))}s` }, grid: { color: grid } },
          y: { beginAtZero: true, ticks: { color: fg, maxTicksLimit: 5 }, grid: { color: grid } },
        },
        plugins: {
          legend: { labels: { color: fg, boxWidth: 10 } },
          tooltip: { intersect: false, mode: 'nearest' },
          ...({ rtcMarks: { marks: [], color: cssVar('--error', 'red') } } as object),
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
    c.data.datasets = props.series.map(
      (s): ChartDataset<'line', { x: number; y: number }[]> => ({ label: s.label, data: s.points, borderColor: s.color, backgroundColor: s.color }),
    );
    const x = c.options.scales!.x!;
    x.min = props.xMin;
    x.max = props.xMax;
    (c.options.plugins as unknown as { rtcMarks: MarkOptions }).rtcMarks.marks = props.marks;
    c.update('none');
  });

  const last = props.series.map((s) => `${s.label} ${s.points.at(-1)?.y.toFixed(1) ?? '–'}`).join(', ');
  return (
    <figure class="chart-box" aria-label={`${props.title} (${props.unit}): ${last}`}>
      <figcaption>{`${props.title} (${props.unit})`}</figcaption>
      <div style={{ position: 'relative', height: '140px' }}>
        <canvas ref={canvas} role="img" aria-label={`${props.title} chart`} />
      </div>
    </figure>
  );
}
