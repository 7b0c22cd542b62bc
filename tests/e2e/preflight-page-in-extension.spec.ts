/**
 * The same preflight page inside the built extension (chrome-extension://<id>/preflight.html,
 * under the extension's strict CSP), and the standalone page in a browser that has the extension's
 * page hook wrapping RTCPeerConnection and WebSocket: both must still reach a relay and measure.
 * Needs `npm run build` first (same RTC_DIST), like every extension spec.
 */
import { test, expect, type Page } from '../support/fixture.js';
import { join } from 'node:path';
import { extensionDir, type ExtensionHandle } from '../support/rig/extension.js';
import { type TurnServer } from '../support/rig/coturn.js';
import { type EchoServer } from '../support/rig/echo-server.js';
import { type HttpRig } from '../support/rig/http.js';
import type { PreflightResult } from '../../core/preflight/types.js';

let ext: ExtensionHandle;
let turn: TurnServer;
let echo: EchoServer;
let http: HttpRig;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ rigs }) => {
  test.setTimeout(60_000);
  const standalone = join(extensionDir(), '..', 'pages/preflight');
  [turn, echo, http] = await Promise.all([rigs.turn({ user: 'ext-user', pass: 'ext-S3cret-pass' }), rigs.echo(), rigs.serve({ mounts: { '/': standalone } })]);
  ext = await rigs.extension();
});

function query(checks: string): string {
  return new URLSearchParams({ turn: turn.urls.join(','), user: turn.username, pass: turn.credential, ws: echo.url, checks }).toString();
}

async function run(page: Page): Promise<PreflightResult> {
  await page.getByRole('button', { name: 'Run the check' }).click();
  await expect(page.locator('[data-verdict]')).toBeVisible({ timeout: 30_000 });
  return page.evaluate(() => window.__rtcPreflightResult!);
}

function status(r: PreflightResult, id: string): string | undefined {
  return r.checks.find((c) => c.id === id)?.status;
}

test('inside the extension: the page runs under its CSP, reaches the TURN relay and the signaling server', async () => {
  const page = await ext.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`chrome-extension://${ext.extensionId}/preflight.html?${query('browser,permissions,signaling,ice,connectivity')}`);
  const r = await run(page);
  expect(status(r, 'browser')).toBe('pass');
  expect(status(r, 'permissions')).toBe('pass');
  expect(status(r, 'signaling')).toBe('pass');
  expect(status(r, 'ice')).toBe('pass');
  expect(status(r, 'connectivity')).toBe('pass');
  await expect(page.getByRole('region', { name: 'Result' })).toContainText('ready for calls');
  expect(errors).toEqual([]);
  await page.close();
});

test('standalone page with the extension hook active: relay and the loopback call still work', async () => {
  test.setTimeout(60_000);
  const page = await ext.context.newPage();
  await page.goto(`${http.url}/index.html?${query('permissions,ice,connectivity,quality')}`);
  const r = await run(page);
  expect(status(r, 'ice')).toBe('pass');
  expect(status(r, 'connectivity')).toBe('pass');
  const q = r.checks.find((c) => c.id === 'quality')!;
  expect(q.status).toBe('pass');
  expect(q.metrics.path).toBe('relay');
  await page.close();
});
