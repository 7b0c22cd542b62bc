/**
 * What the header says about the capture: which page (title and URL), which browser and OS, the
 * time zone its clock ran in, and the window of time it covers. Live, the page is the inspected
 * tab's latest top document and the browser is the panel's own (the same browser); from a file,
 * both come from the bundle's `environment` and `documents`.
 */
import { browserEnvironment } from '../../core/bundle/environment.js';
import { summarizeEnvironment } from '../../core/bundle/environment-summary.js';
import type { Environment } from '../../core/bundle/types.js';
import { redactText } from '../../core/bundle/redact.js';
import type { PanelStore } from '../data/store.js';
import { localZone } from '../time-stamp.js';

export interface CaptureInfo {
  live: boolean;
  /** The page's title, when the capture knows it. */
  title?: string;
  url?: string;
  browser?: string;
  os?: string;
  /** The zone the captured page's clock ran in. */
  timeZone?: string;
  /** First and last captured event, epoch ms. */
  from?: number;
  to?: number;
  /** How many page loads the capture spans. */
  loads: number;
}

function bundleEnvironment(source: unknown): Partial<Environment> | undefined {
  if (!source || typeof source !== 'object') return undefined;
  const env = (source as { environment?: unknown }).environment;
  return env && typeof env === 'object' && !Array.isArray(env) ? (env as Partial<Environment>) : undefined;
}

export function captureInfo(store: PanelStore): CaptureInfo {
  const live = store.source.kind === 'live';
  const env = live ? undefined : bundleEnvironment(store.source.bundle);
  const loads = store.loads();
  // The page as it is now: the latest load (a reload or navigation replaces the one before).
  const top = loads.at(-1);
  const sum = summarizeEnvironment(live ? browserEnvironment() : env);
  const url = top?.url || (typeof env?.pageUrl === 'string' ? env.pageUrl : undefined);
  const info: CaptureInfo = { live, loads: loads.length };
  if (typeof top?.title === 'string' && top.title.trim()) info.title = top.title.trim();
  // The header is what gets screenshotted: tokens and passwords in the page's query never show there.
  if (url) info.url = redactText(url);
  if (sum.browser) info.browser = sum.browser;
  if (sum.os) info.os = sum.os;
  const zone = live ? localZone() : sum.timeZone;
  if (zone) info.timeZone = zone;
  if (store.model.firstT !== undefined) info.from = store.model.firstT;
  if (store.model.lastT !== undefined) info.to = store.model.lastT;
  return info;
}

/** Host of a URL for the toolbar, or the text itself when it is not a URL. */
export function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}
