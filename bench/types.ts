/** One benchmark figure: measured side by side with its baseline in the same run. */
export interface FigureResult {
  id: string;
  title: string;
  /** Measured values, named with their unit (e.g. usPerFrame, bytes). */
  values: Record<string, number | string>;
  /** Measured / baseline, where the figure is a ratio. */
  ratio?: number;
  /** What the ratio or value is held to, in words, and whether this run met it. */
  target?: string;
  met?: boolean;
  notes?: string[];
}

export interface BenchOptions {
  /** Tiny sizes: proves the benchmark still runs (part of npm test), measures nothing useful. */
  smoke: boolean;
  /** Built extension root (dist/chrome's parent). */
  dist: string;
}

export interface Figure {
  id: string;
  title: string;
  run(opts: BenchOptions): Promise<FigureResult>;
}
