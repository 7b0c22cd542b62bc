/**
 * Capture cleared during a real Telnyx call: the peer connection is then first seen by its stats,
 * without its creation or any state change. It must not read "new" beside a candidate pair that
 * succeeded; the capture model derives "connected" from the stats.
 */
import { test, expect } from '../support/fixture.js';
import { openPanel, panelRequest, tabIdOf } from '../support/rig/extension.js';
import { type TelnyxCallRig } from '../support/rig/telnyx-call.js';

test.setTimeout(120_000);

let rig: TelnyxCallRig;

test.beforeAll(async ({ rigs }) => {
  rig = await rigs.telnyx();
});

test('after Clear during a call, the peer connection reads connected from its stats, never "new"', async ({ launchExtension }) => {
  const ext = await launchExtension();
  const page = await ext.context.newPage();
  await page.goto(rig.demoUrl());
  const tabId = await tabIdOf(ext, page);
  await expect(page.locator('#pc-state')).toHaveText('connected', { timeout: 30_000 });
  const panel = await openPanel(ext, tabId);
  const row = panel.locator('tr[data-pc]');
  // Enough stats samples (one a second) that a count of one or two can only come after the Clear.
  await expect(row.locator('td').nth(4)).toHaveText(/^([5-9]|\d\d+) samples/, { timeout: 30_000 });

  await panelRequest(ext, { type: 'clear' }, tabId);
  // The next stats sample brings the peer connection back, seen mid-capture.
  await expect(row.locator('td').nth(4)).toHaveText(/^[1-2] samples/, { timeout: 30_000 });
  await expect(row.locator('td').nth(1)).toHaveText('connected');
  await expect(row.locator('td').nth(2)).toHaveText('connected');
  await panel.getByRole('tab', { name: 'Media' }).click();
  const option = panel.getByRole('combobox', { name: 'Peer connection' }).locator('option');
  await expect(option).toHaveCount(1, { timeout: 30_000 });
  await expect(option).toHaveText(/^pc-1 \(connected\)/);
  await panel.close();
  await page.close();
});
