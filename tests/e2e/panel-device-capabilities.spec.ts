/**
 * The panel's Devices view probes each camera and microphone inside the inspected page: the
 * capabilities the browser reports (MediaTrackCapabilities) and the resolutions that really open.
 */
import { expect, test } from '../support/fixture.js';
import { openPanel, tabIdOf, type ExtensionHandle } from '../support/rig/extension.js';
import { type HttpRig } from '../support/rig/http.js';

let http: HttpRig;
let ext: ExtensionHandle;

test.beforeAll(async ({ rigs }) => {
  http = await rigs.serve({});
  http.addRoute((req, res) => {
    if (!req.url?.startsWith('/caps')) return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><meta charset="utf-8"><title>capabilities target</title><p>app</p>');
    return true;
  });
  ext = await rigs.extension();
});

test('Devices: each input device shows its capabilities and the camera resolutions that opened in the page', async () => {
  test.setTimeout(90_000);
  const app = await ext.context.newPage();
  await app.goto(`${http.url}/caps-${Date.now()}`);
  const panel = await openPanel(ext, await tabIdOf(ext, app));
  await panel.getByRole('tab', { name: 'Devices' }).click();
  await panel.getByRole('button', { name: 'Probe device capabilities' }).click();

  const table = panel.getByRole('table', { name: 'Device capabilities' });
  await expect(table).toBeVisible({ timeout: 60_000 });
  const camera = table.getByRole('row').filter({ hasText: 'videoinput' }).first();
  const mic = table.getByRole('row').filter({ hasText: 'audioinput' }).first();
  // Chromium's fake camera opens the ladder's common sizes; at least VGA must be among them.
  await expect(camera).toContainText(/640×480/);
  await expect(camera.getByRole('group', { name: /^Capabilities of / })).toContainText('width');
  await expect(mic.getByRole('group', { name: /^Capabilities of / })).toContainText(/sampleRate|channelCount|echoCancellation/);
  await expect(panel.getByRole('status').filter({ hasText: /^(pass|warn): Read \d+/ })).toBeVisible();
});
