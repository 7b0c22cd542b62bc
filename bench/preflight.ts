/**
 * Preflight wall time: the default full run of the standalone page (built at
 * <dist>/pages/preflight) in headless Chromium with fake devices, against a real coturn and the
 * echo server on loopback. The product promise is under 15 s, the length of Twilio's preflight
 * call, so the ratio is our wall time / 15 s. Register `preflightFigure` in bench/figures/index.ts.
 */
import { chromium, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_ARGS, FAKE_MEDIA_ARGS, chromiumPath } from '../tests/support/rig/browser.js';
import { startTurn } from '../tests/support/rig/coturn.js';
import { startEchoServer } from '../tests/support/rig/echo-server.js';
import { startHttp } from '../tests/support/rig/http.js';
import type { PreflightResult } from '../core/preflight/types.js';
import type { BenchOptions, Figure, FigureResult } from './types.js';

export const PROMISE_MS = 15_000;

export interface PreflightTiming {
  /** Click on Run to the verdict on screen, measured by the caller's clock. */
  wallMs: number;
  /** Each check's own duration as the runner measured it. */
  checks: Record<string, number>;
  statuses: Record<string, string>;
}

/** Runs the page at `url` (already configured by its query) and times it; the page must be loaded. */
export async function runPreflightInPage(page: Page, url: string, limitMs = 60_000): Promise<PreflightTiming> {
  await page.goto(url);
  const started = Date.now();
  await page.getByRole('button', { name: 'Run the check' }).click();
  await page.locator('[data-verdict]').waitFor({ timeout: limitMs });
  const wallMs = Date.now() - started;
  const result = (await page.evaluate(() => window.__rtcPreflightResult)) as PreflightResult;
  return {
    wallMs,
    checks: Object.fromEntries(result.checks.map((c) => [c.id, c.durationMs])),
    statuses: Object.fromEntries(result.checks.map((c) => [c.id, c.status])),
  };
}

export async function measurePreflight(opts: BenchOptions): Promise<FigureResult> {
  const pageDir = join(opts.dist, 'pages/preflight');
  if (!existsSync(join(pageDir, 'index.html'))) throw new Error(`${pageDir}/index.html missing: run npm run build first`);
  const [http, turn, echo] = await Promise.all([startHttp({ mounts: { '/': pageDir } }), startTurn({ user: 'bench', pass: 'bench-pass' }), startEchoServer()]);
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...BASE_ARGS, ...FAKE_MEDIA_ARGS] });
  try {
    const q = new URLSearchParams({ turn: turn.urls.join(','), user: turn.username, pass: turn.credential, ws: echo.url });
    // Smoke: only prove the page still runs end to end, on the quick network checks.
    if (opts.smoke) q.set('checks', 'browser,signaling,ice');
    const page = await browser.newPage();
    const t = await runPreflightInPage(page, `${http.url}/index.html?${q.toString()}`);
    const values: Record<string, number | string> = { wallMs: t.wallMs };
    for (const [id, ms] of Object.entries(t.checks)) values[`${id}Ms (${t.statuses[id]})`] = ms;
    return {
      id: 'preflight',
      title: opts.smoke ? 'Preflight page, quick checks (smoke)' : 'Preflight page, default full run',
      values,
      ratio: t.wallMs / PROMISE_MS,
      target: 'full run under 15 s (ratio < 1)',
      met: t.wallMs < PROMISE_MS,
      notes: ['checks run in stages with concurrent lanes; the loopback call (6 s) dominates'],
    };
  } finally {
    await browser.close();
    await Promise.all([http.close(), turn.stop(), echo.close()]);
  }
}

export const preflightFigure: Figure = {
  id: 'preflight',
  title: 'Preflight page, default full run',
  run: measurePreflight,
};
