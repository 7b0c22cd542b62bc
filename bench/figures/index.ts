import { bundleSizeFigure } from '../bundle-size.js';
import { preflightFigure } from '../preflight.js';
import type { Figure } from '../types.js';
import { p1, p1r } from './p1-ws-overhead.js';
import { p1b, p1br } from './p1b-call-overhead.js';
import { p2 } from './p2-peer-connections.js';
import { p3 } from './p3-capture-throughput.js';
import { p5 } from './p5-panel-scale.js';
import { p6 } from './p6-decode.js';
import { p7 } from './p7-entry-sizes.js';

/** Gives a figure module written under another name its place in the P1…P8 list. */
function as(id: string, f: Figure): Figure {
  return { id, title: f.title, run: async (o) => ({ ...(await f.run(o)), id }) };
}

/** In id order; each figure module measures its own baseline in the same run. */
export const figures: Figure[] = [p1, p1r, p1b, p1br, p2, p3, as('P4', bundleSizeFigure), p5, p6, p7, as('P8', preflightFigure)];
