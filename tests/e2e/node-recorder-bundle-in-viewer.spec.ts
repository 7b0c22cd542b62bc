/**
 * A server-side app recorded with `rtc-devtools record` opens in the standalone viewer like a
 * browser capture: the real @signalwire/realtime-api against the fake relay, with a server drop,
 * shown with its SDK, its reconnect and every RELAY message, secrets still redacted.
 */
import { expect, test } from '../support/fixture.js';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BASE_ARGS, chromiumPath } from '../support/rig/browser.js';
import { type HttpRig } from '../support/rig/http.js';
import { recordRealtimeAppWithDrop } from '../support/rig/node-recorder.js';
import { startSignalWireServer, type SignalWireServer } from '../support/servers/signalwire.js';

test.use({ launchOptions: { executablePath: chromiumPath(), args: BASE_ARGS } });

const VIEWER = resolve(process.env.RTC_DIST || 'dist', 'pages', 'viewer');

let server: SignalWireServer;
let http: HttpRig;
let bundlePath = '';

test.beforeAll(async ({ rigs }) => {
  test.setTimeout(60_000);
  if (!existsSync(join(VIEWER, 'index.html'))) throw new Error(`No built viewer at ${VIEWER}: run npm run build (same RTC_DIST) first`);
  server = await startSignalWireServer({ pingIntervalMs: null });
  bundlePath = join(mkdtempSync(join(tmpdir(), 'rtc-node-viewer-')), 'server-app.json.gz');
  const { code, stderr } = await recordRealtimeAppWithDrop(server, bundlePath);
  if (code !== 0) throw new Error(`record failed (${code}): ${stderr}`);
  http = await rigs.serve({ mounts: { '/viewer/': VIEWER } });
  http.addRoute((req, res) => {
    if (req.url !== '/files/server-app.json.gz') return false;
    res.writeHead(200, { 'content-type': 'application/gzip' });
    res.end(readFileSync(bundlePath));
    return true;
  });
});

test.afterAll(async () => {
  await server?.close();
});

test('a Node Realtime app recorded by the CLI reads in the viewer like a browser capture', async ({ page }) => {
  await page.goto(`${http.url}/viewer/index.html?src=${encodeURIComponent('/files/server-app.json.gz')}`);
  await expect(page.getByText('@signalwire/realtime-api 4.2.1').first()).toBeVisible();
  // Both sockets (before and after the drop) are listed.
  await expect(page.locator('tr[data-socket]')).toHaveCount(2);

  await page.getByRole('tab', { name: 'Signaling' }).click();
  const rows = page.getByRole('listbox', { name: 'Frames' }).getByRole('option');
  await expect(rows).toHaveCount(server.frames.length);
  await page.getByRole('combobox', { name: 'Method' }).selectOption('calling.dial');
  await expect(rows.first()).toContainText('calling.dial');
  await page.getByRole('combobox', { name: 'Method' }).selectOption('signalwire.connect');
  await expect(rows).toHaveCount(4); // two connects (first and resumed), each with its reply
  await rows.first().click();
  await page.getByRole('button', { name: 'Raw' }).click();
  // The connect request's token is redacted in the bundle, so in the viewer too.
  await expect(page.getByLabel('Raw frame')).toContainText('"token":"[redacted]"');
  await expect(page.locator('body')).not.toContainText('PT-recorder-secret-token');
});
