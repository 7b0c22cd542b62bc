/**
 * The panel's Preflight view runs its checks inside the inspected page (the page's origin, its
 * camera/microphone permissions and devices), not in the extension page: the result says where
 * it ran and travels in the exported bundle, and a page whose origin is denied the camera and
 * microphone shows that failure even though the panel itself may use them.
 *
 * Needs the build: `RTC_DIST=... npm run build` (same RTC_DIST as the test run).
 */
import { expect, test, type Page } from '../support/fixture.js';
import { readFileSync } from 'node:fs';
import { openPanel, tabIdOf, type ExtensionHandle } from '../support/rig/extension.js';
import { type HttpRig } from '../support/rig/http.js';

let http: HttpRig;
let ext: ExtensionHandle;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ rigs }) => {
  http = await rigs.serve({});
  http.addRoute((req, res) => {
    if (!req.url?.startsWith('/pf-')) return false;
    // A strict CSP, as many calling apps have: the run must not depend on the page allowing our script.
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'self'; script-src 'self'" });
    res.end('<!doctype html><meta charset="utf-8"><title>preflight target</title><p>app</p>');
    return true;
  });
  ext = await rigs.extension();
});

async function openPage(name: string): Promise<{ app: Page; panel: Page; origin: string }> {
  const app = await ext.context.newPage();
  await app.goto(`${http.url}/pf-${name}`);
  const panel = await openPanel(ext, await tabIdOf(ext, app));
  await panel.getByRole('tab', { name: 'Preflight' }).click();
  return { app, panel, origin: new URL(http.url).origin };
}

async function runAndWait(panel: Page): Promise<void> {
  await expect(panel.getByRole('heading', { name: 'Preflight in the inspected page' })).toBeVisible();
  await panel.getByRole('button', { name: 'Run preflight' }).click();
  await expect(panel.getByRole('status').filter({ hasText: /^(pass|warn|fail) / })).toBeVisible({ timeout: 60_000 });
}

async function exportBundle(panel: Page): Promise<{ peerConnections: unknown[]; sockets: unknown[]; preflight: { ranIn?: { where: string; origin: string }; checks: { id: string; status: string; metrics: Record<string, unknown> }[] } }> {
  const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByRole('button', { name: 'Export diagnostics' }).click()]);
  return JSON.parse(readFileSync(await download.path(), 'utf8'));
}

test('the preflight runs in the inspected page, says its origin, and lands in the bundle', async () => {
  test.setTimeout(120_000);
  const { app, panel, origin } = await openPage('granted');
  await runAndWait(panel);
  await expect(panel.locator('p.verdict')).toContainText(`Ran in the inspected page (${origin}).`);
  const perms = panel.locator('li[data-check="permissions"]');
  await expect(perms).toHaveAttribute('data-state', 'pass');
  await expect(perms.locator('pre')).toContainText(`"origin": "${origin}"`);
  // Fake devices are granted for the page: the camera really delivered frames there.
  await expect(panel.locator('li[data-check="camera"]')).toHaveAttribute('data-state', /pass|warn/);
  // Chromium starts an AudioContext in the page's isolated world while it captures: the level is measured there.
  await expect(panel.locator('li[data-check="microphone"]')).toHaveAttribute('data-state', /pass|warn/);
  // Only our content script loads the runner (dynamic URL): the page cannot fetch it by the extension id.
  // (From a page without CSP, so it is the extension that refuses, not the page's connect-src.)
  const plain = await ext.context.newPage();
  await plain.goto(`${http.url}/no-csp`);
  const tryFetch = (file: string) => plain.evaluate((url) => fetch(url).then((r) => `status ${r.status}`, (e: Error) => e.name), `chrome-extension://${ext.extensionId}/${file}`);
  expect(await tryFetch('preflight-runner.js')).toBe('TypeError');
  await plain.close();
  const b = await exportBundle(panel);
  // The run's loopback calls and sockets are the extension's, not the app's: the page's capture stays empty.
  expect(b.peerConnections).toEqual([]);
  expect(b.sockets).toEqual([]);
  expect(b.preflight.ranIn).toEqual({ where: 'page', origin });
  expect(b.preflight.checks.find((c) => c.id === 'permissions')?.metrics.origin).toBe(origin);
  expect(b.preflight.checks.length).toBeGreaterThan(3);
  await Promise.all([app.close(), panel.close()]);
});

test('without an inspected tab (viewer) the preflight runs in the viewer itself and says so', async () => {
  test.setTimeout(120_000);
  const viewer = await ext.context.newPage();
  await viewer.goto(`chrome-extension://${ext.extensionId}/panel.html`);
  await viewer.getByRole('tab', { name: 'Preflight' }).click();
  await expect(viewer.getByRole('heading', { name: 'Preflight from this browser' })).toBeVisible();
  await expect(viewer.getByText('No live page is inspected here')).toBeVisible();
  await viewer.getByRole('button', { name: 'Run preflight' }).click();
  await expect(viewer.locator('p.verdict')).toContainText(`Ran in this viewer (chrome-extension://${ext.extensionId})`, { timeout: 60_000 });
  await expect(viewer.locator('li[data-check="permissions"] pre')).toContainText(`"origin": "chrome-extension://${ext.extensionId}"`);
  await viewer.close();
});

async function openIn(b: ExtensionHandle, url: string): Promise<{ app: Page; panel: Page }> {
  const app = await b.context.newPage();
  await app.goto(url);
  const panel = await openPanel(b, await tabIdOf(b, app));
  await panel.getByRole('tab', { name: 'Preflight' }).click();
  return { app, panel };
}

test("the page origin's own permissions decide: allowed while the panel is refused, blocked with advice", async ({ launchExtension, rigs }) => {
  test.setTimeout(150_000);
  // No --use-fake-ui-for-media-stream, which would answer every request (Chromium lets it
  // override the origin's settings): here only stored permissions decide.
  const b = await launchExtension({ media: 'devices-only' });
  const other = await rigs.serve({});
  other.addRoute((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>blocked origin</title><p>app</p>');
    return true;
  });
  // Allowed origin: the page may use camera and microphone, the extension page may not.
  const allowed = new URL(http.url).origin;
  await b.context.grantPermissions(['camera', 'microphone'], { origin: allowed });
  const a = await openIn(b, `${http.url}/pf-allowed`);
  const panelOwn = await a.panel.evaluate(() =>
    navigator.mediaDevices.getUserMedia({ audio: true, video: true }).then(
      (s) => (s.getTracks().forEach((t) => t.stop()), 'allowed'),
      (e: Error) => e.name,
    ),
  );
  expect(panelOwn).toBe('NotAllowedError');
  await runAndWait(a.panel);
  await expect(a.panel.locator('li[data-check="permissions"]')).toHaveAttribute('data-state', 'pass');
  await expect(a.panel.locator('li[data-check="camera"]')).toHaveAttribute('data-state', /pass|warn/);
  await expect(a.panel.locator('p.verdict')).toContainText(`Ran in the inspected page (${allowed}).`);

  // Blocked origin: the failure and what to do about it, for that site.
  const blocked = new URL(other.url).origin;
  const d = await openIn(b, `${other.url}/pf-blocked`);
  const cdp = await b.context.newCDPSession(d.app);
  for (const name of ['camera', 'microphone']) await cdp.send('Browser.setPermission', { permission: { name }, setting: 'denied', origin: blocked });
  await cdp.detach();
  await runAndWait(d.panel);
  const perms = d.panel.locator('li[data-check="permissions"]');
  await expect(perms).toHaveAttribute('data-state', 'fail');
  await expect(perms.locator('.summary')).toContainText('access is blocked');
  await expect(perms.getByRole('list', { name: /Advice for/ })).toContainText('Allow the camera for this site');
  await expect(perms.locator('pre')).toContainText(`"origin": "${blocked}"`);
  await expect(d.panel.locator('li[data-check="microphone"]')).toHaveAttribute('data-state', 'skip');
  await expect(d.panel.locator('p.verdict')).toContainText(`Ran in the inspected page (${blocked}).`);
});
