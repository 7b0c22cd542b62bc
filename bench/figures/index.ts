import type { Figure } from '../types.js';
import { p1 } from './p1-ws-overhead.js';
import { p2 } from './p2-peer-connections.js';
import { p7 } from './p7-entry-sizes.js';

/** In id order; each figure module measures its own baseline in the same run. */
export const figures: Figure[] = [p1, p2, p7];
