/**
 * The Signaling view as a support engineer uses it on a real @telnyx/webrtc call, in docked-DevTools
 * width (800 px): the list has the whole width until a frame is picked, the header never covers a
 * row, methods read without their repeated `telnyx_rtc.` prefix, "Go to reply" keeps keyboard focus
 * in the list, the view keeps its filter/direction/selection across tab switches, and exclusion
 * filters hide keepalives. Screenshots at 800 and 1280 px in both themes are attached.
 *
 * Needs the build: `RTC_DIST=... npm run build` (same RTC_DIST as the test run).
 */
import { test, expect, type Page } from '../support/fixture.js';
import { openPanel, tabIdOf, type ExtensionHandle } from '../support/rig/extension.js';
import { type TelnyxCallRig } from '../support/rig/telnyx-call.js';
import type { TelnyxServer } from '../support/servers/telnyx.js';

test.describe.configure({ mode: 'serial' });
test.setTimeout(90_000);

let rig: TelnyxCallRig;
let srv: TelnyxServer;
let ext: ExtensionHandle;

test.beforeAll(async ({ rigs }) => {
  rig = await rigs.telnyx();
  srv = rig.server;
  ext = await rigs.extension();
});

test.afterEach(() => {
  srv.control.reset();
});

/** The demo page with a call up and the panel open on its tab, on the Signaling view at `width` px. */
async function start(width = 800, opts: { waitActive?: boolean } = {}): Promise<{ app: Page; panel: Page }> {
  const app = await ext.context.newPage();
  await app.goto(rig.demoUrl());
  if (opts.waitActive !== false) {
    await expect(app.locator('#call-state')).toHaveText('active', { timeout: 30_000 });
  }
  const panel = await openPanel(ext, await tabIdOf(ext, app));
  await panel.setViewportSize({ width, height: 640 });
  await panel.getByRole('tab', { name: 'Signaling' }).click();
  await expect(panel.getByRole('tab', { name: 'Signaling' })).toHaveAttribute('aria-selected', 'true');
  return { app, panel };
}

const frames = (panel: Page) => panel.getByRole('listbox', { name: 'Frames' });
const rowsWith = (panel: Page, text: string | RegExp) => frames(panel).getByRole('option').filter({ hasText: text });
const selectedRow = (panel: Page) => frames(panel).getByRole('option', { selected: true });

async function closeAll(...pages: Page[]): Promise<void> {
  for (const p of pages) await p.close();
}

test('at 800 px the list has the full width until a frame is picked, the header stays above row 1, methods read short', async ({}, testInfo) => {
  const { app, panel } = await start(800);
  const invite = rowsWith(panel, 'telnyx_rtc.invite').first();
  await expect(invite).toBeVisible({ timeout: 15_000 });

  // Nothing selected: no detail pane, the list spans the panel.
  await expect(panel.getByRole('region', { name: 'Frame details' })).toHaveCount(0);
  const list = (await frames(panel).boundingBox())!;
  expect(list.width).toBeGreaterThan(800 * 0.9);

  // The header sits above the first row, never on it.
  const head = (await panel.locator('.signaling .vhead-wrap').boundingBox())!;
  const first = (await frames(panel).getByRole('option').first().boundingBox())!;
  expect(first.y).toBeGreaterThanOrEqual(head.y + head.height - 0.5);
  expect(await panel.locator('.signaling .vhead-wrap').evaluate((h) => getComputedStyle(h).position)).toBe('sticky');

  // The Method column reads "invite"; the full name stays in the tooltip.
  const method = invite.locator('.c-method');
  // What is drawn: the cell's text without the part kept for screen readers only (clipped to 1 px).
  const drawn = await method.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.sr-only').forEach((n) => n.remove());
    return copy.textContent;
  });
  expect(drawn).toBe('invite');
  expect(await method.locator('.sr-only').evaluate((el) => el.getBoundingClientRect().width)).toBeLessThanOrEqual(1);
  await expect(method).toHaveAttribute('title', 'telnyx_rtc.invite');
  await panel.screenshot({ path: testInfo.outputPath('signaling-800-list.png') });

  // Picking a frame opens the detail beside the list, with a split the keyboard can move.
  await invite.click();
  const detail = panel.getByRole('region', { name: 'Frame details' });
  await expect(detail).toBeVisible();
  await expect(detail).toContainText('telnyx_rtc.invite');
  const before = (await detail.boundingBox())!.width;
  expect((await frames(panel).boundingBox())!.width).toBeLessThan(list.width - 100);
  const handle = panel.getByRole('separator', { name: 'Resize frame details' });
  await handle.focus();
  for (let i = 0; i < 3; i++) await panel.keyboard.press('ArrowLeft');
  await expect.poll(async () => (await detail.boundingBox())!.width).toBeGreaterThan(before + 30);
  // The invite's SDP reads line by line.
  await expect(detail.getByRole('list', { name: 'SDP lines of params.sdp' }).getByRole('listitem').first()).toHaveText('v=0');
  await expect(detail.getByRole('list', { name: 'SDP lines of params.sdp' })).toContainText('m=audio');
  // The tree abbreviates that string instead of one escaped wall of text.
  await expect(detail.getByRole('group', { name: 'Frame JSON' })).toContainText(/sdp: "v=0\\r\\no=.*…" SDP, \d+ lines, shown line by line below/);
  await panel.screenshot({ path: testInfo.outputPath('signaling-800-detail.png') });

  const resized = (await detail.boundingBox())!.width;

  // Closing the detail gives the width back.
  await detail.getByRole('button', { name: 'Close frame details' }).click();
  await expect(detail).toHaveCount(0);
  await expect.poll(async () => (await frames(panel).boundingBox())!.width).toBeGreaterThan(800 * 0.9);

  // Columns resize from the keyboard too: the Method column's edge, three steps right.
  const methodWidth = (await invite.locator('.c-method').boundingBox())!.width;
  await panel.getByRole('separator', { name: 'Resize Method column' }).focus();
  for (let i = 0; i < 3; i++) await panel.keyboard.press('ArrowRight');
  await expect.poll(async () => (await invite.locator('.c-method').boundingBox())!.width).toBeGreaterThan(methodWidth + 20);

  // The split keeps the size it was given for the next frame.
  await rowsWith(panel, 'telnyx_rtc.answer').first().click();
  await expect.poll(async () => Math.round((await detail.boundingBox())!.width)).toBe(Math.round(resized));
  await closeAll(panel, app);
});

test('"Go to reply" moves selection and keyboard focus to the reply row; "Go to request" back', async () => {
  const { app, panel } = await start(800);
  const invite = rowsWith(panel, 'telnyx_rtc.invite').filter({ has: panel.locator('[aria-label="sent"]') }).first();
  await expect(invite).toBeVisible({ timeout: 15_000 });
  await invite.click();
  await panel.getByRole('button', { name: 'Go to reply' }).click();

  const sel = selectedRow(panel);
  await expect(sel).toHaveCount(1);
  await expect(sel.locator('[aria-label="received"]')).toHaveCount(1);
  await expect(sel).toContainText('telnyx_rtc.invite');
  await expect(sel).toBeFocused();
  const focusedId = await panel.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName);
  expect(focusedId).toMatch(/^frame-\d+$/);

  // The keyboard goes on from there, in the list.
  await panel.getByRole('button', { name: 'Go to request' }).click();
  await expect(selectedRow(panel).locator('[aria-label="sent"]')).toHaveCount(1);
  await expect(selectedRow(panel)).toBeFocused();
  const selId = await selectedRow(panel).getAttribute('id');
  await panel.keyboard.press('ArrowDown');
  await expect(selectedRow(panel)).not.toHaveAttribute('id', selId!);
  await expect(selectedRow(panel)).toBeFocused();
  await closeAll(panel, app);
});

test('leaving Signaling for Overview and coming back keeps filter, direction and selection', async () => {
  const { app, panel } = await start(800);
  await expect(rowsWith(panel, 'telnyx_rtc.invite').first()).toBeVisible({ timeout: 15_000 });
  const filterBox = panel.getByRole('searchbox', { name: 'Filter frames' });
  await filterBox.fill('invite');
  await panel.getByRole('combobox', { name: 'Direction' }).selectOption('received');
  await expect(frames(panel).getByRole('option')).not.toHaveCount(0);
  const row = frames(panel).getByRole('option').first();
  await row.click();
  const id = await selectedRow(panel).getAttribute('id');
  expect(id).toMatch(/^frame-\d+$/);

  await panel.getByRole('tab', { name: 'Overview' }).click();
  await expect(panel.getByRole('tab', { name: 'Overview' })).toHaveAttribute('aria-selected', 'true');
  await expect(frames(panel)).toHaveCount(0);
  await panel.getByRole('tab', { name: 'Signaling' }).click();

  await expect(filterBox).toHaveValue('invite');
  await expect(panel.getByRole('combobox', { name: 'Direction' })).toHaveValue('received');
  await expect(selectedRow(panel)).toHaveAttribute('id', id!);
  await expect(panel.getByRole('region', { name: 'Frame details' })).toBeVisible();
  for (const t of await frames(panel).getByRole('option').allTextContents()) expect(t).toContain('invite');
  await closeAll(panel, app);
});

test('the exclusion filter and "Hide keepalives" hide pings, and keep everything else', async () => {
  const { app, panel } = await start(800);
  srv.control.serverPing();
  srv.control.serverPing();
  await expect.poll(() => rowsWith(panel, 'telnyx_rtc.ping').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  const total = await frames(panel).getByRole('option').count();
  const pings = await rowsWith(panel, 'telnyx_rtc.ping').count();

  const filterBox = panel.getByRole('searchbox', { name: 'Filter frames' });
  await filterBox.fill('-method:telnyx_rtc.ping');
  await expect(rowsWith(panel, 'telnyx_rtc.ping')).toHaveCount(0);
  await expect(rowsWith(panel, 'telnyx_rtc.invite').first()).toBeVisible();
  await expect(frames(panel).getByRole('option')).toHaveCount(total - pings);

  await filterBox.fill('-ping');
  await expect(rowsWith(panel, 'telnyx_rtc.ping')).toHaveCount(0);
  await expect(rowsWith(panel, 'telnyx_rtc.invite').first()).toBeVisible();

  // A regex keeps only what it matches.
  await filterBox.fill('/"method": ?"telnyx_rtc\\.(invite|answer)"/');
  await expect(frames(panel).getByRole('option')).not.toHaveCount(0);
  for (const t of await frames(panel).getByRole('option').allTextContents()) expect(t).toMatch(/telnyx_rtc\.(invite|answer)/);

  await filterBox.fill('');
  await panel.getByRole('checkbox', { name: 'Hide keepalives' }).check();
  await expect(rowsWith(panel, 'telnyx_rtc.ping')).toHaveCount(0);
  await expect(rowsWith(panel, 'telnyx_rtc.invite').first()).toBeVisible();

  // A filter that hides everything says so.
  await filterBox.fill('no-frame-has-this-text');
  await expect(frames(panel).getByRole('option')).toHaveCount(0);
  await expect(panel.getByRole('status').filter({ hasText: /filter “no-frame-has-this-text”.* hide all \d+ frames/ })).toBeVisible();
  await closeAll(panel, app);
});

test('a withheld invite reads "no reply for …" on its row and in its detail, ticking, then overdue', async () => {
  srv.control.withhold('telnyx_rtc.invite');
  const { app, panel } = await start(800, { waitActive: false });
  const invite = rowsWith(panel, 'telnyx_rtc.invite').first();
  await expect(invite).toContainText(/no reply for \d+(\.\d)? s/, { timeout: 20_000 });
  await expect(rowsWith(panel, 'telnyx_rtc.invite')).toHaveCount(1);
  const first = (await invite.locator('.wait').textContent())!;
  // The wait grows with the clock while nothing else arrives.
  await expect.poll(async () => await invite.locator('.wait').textContent(), { timeout: 15_000 }).not.toBe(first);
  await invite.click();
  const detail = panel.getByRole('region', { name: 'Frame details' });
  await expect(detail).toContainText(/Reply\s*no reply for \d/);
  // Past the invite threshold the row says it is overdue.
  await expect(invite).toContainText('overdue', { timeout: 30_000 });
  await closeAll(panel, app);
});

test('the redaction review\'s "frame N of socket M" is a link to that frame in Signaling', async () => {
  const { app, panel } = await start(1280);
  await expect(rowsWith(panel, 'telnyx_rtc.invite').first()).toBeVisible({ timeout: 15_000 });
  await panel.getByRole('tab', { name: 'Export / Import' }).click();
  await panel.getByRole('button', { name: 'Review redactions' }).click();
  const review = panel.getByRole('region', { name: 'Redaction review' });
  // The login frame carries the password: the review names it, as a link.
  const link = review.getByRole('button', { name: /^frame \d+ of socket 1$/ }).first();
  await expect(link).toBeVisible();
  const [, frameNo] = /^frame (\d+)/.exec((await link.textContent())!)!;
  await link.click();
  await expect(panel.getByRole('tab', { name: 'Signaling' })).toHaveAttribute('aria-selected', 'true');
  await expect(selectedRow(panel)).toContainText(`#${frameNo}`);
  await expect(panel.getByRole('region', { name: 'Frame details' })).toContainText(`#${frameNo} on ws-1`);
  await closeAll(panel, app);
});

test('after a reload with Preserve log, a marker row names each page load and rows carry load-aware socket labels', async ({}, testInfo) => {
  const { app, panel } = await start(1280);
  await expect(rowsWith(panel, 'telnyx_rtc.invite').first()).toBeVisible({ timeout: 15_000 });
  await expect(panel.getByRole('separator', { name: /^Page load/ })).toHaveCount(0);
  await panel.getByRole('checkbox', { name: 'Preserve log' }).check();
  await app.reload();
  await expect(app.locator('#call-state')).toHaveText('active', { timeout: 30_000 });

  const load2 = frames(panel).getByRole('separator', { name: /^Page load 2: http:\/\/127\.0\.0\.1:\d+\/telnyx\// });
  await expect(load2).toBeVisible({ timeout: 20_000 });
  await expect(frames(panel).getByRole('separator', { name: /^Page load 1: / })).toHaveCount(1);
  // The second load's invite sits below its marker and names its socket with the load.
  const invites = rowsWith(panel, 'telnyx_rtc.invite').filter({ has: panel.locator('[aria-label="sent"]') });
  await expect(invites).toHaveCount(2);
  await expect(invites.nth(1).locator('.c-socket')).toHaveText('ws-1 · load 2');
  await expect(invites.nth(0).locator('.c-socket')).toHaveText('ws-1');
  const markerY = (await load2.boundingBox())!.y;
  expect((await invites.nth(1).boundingBox())!.y).toBeGreaterThan(markerY);
  expect((await invites.nth(0).boundingBox())!.y).toBeLessThan(markerY);
  await panel.screenshot({ path: testInfo.outputPath('signaling-loads.png') });
  await closeAll(panel, app);
});

test('screenshots at 800 and 1280 px (and 420 px, stacked), light and dark', async ({}, testInfo) => {
  const { app, panel } = await start(1280);
  await expect(rowsWith(panel, 'telnyx_rtc.invite').first()).toBeVisible({ timeout: 15_000 });
  for (const width of [800, 1280, 420]) {
    await panel.setViewportSize({ width, height: 640 });
    for (const scheme of ['light', 'dark'] as const) {
      await panel.emulateMedia({ colorScheme: scheme });
      await rowsWith(panel, 'telnyx_rtc.invite').first().click();
      await expect(panel.getByRole('region', { name: 'Frame details' })).toBeVisible();
      await panel.screenshot({ path: testInfo.outputPath(`signaling-${width}-${scheme}.png`) });
      // Below 560 px there is no room for two columns: the detail sits under the list, both full width.
      if (width === 420) {
        const list = (await frames(panel).boundingBox())!;
        const detail = (await panel.getByRole('region', { name: 'Frame details' }).boundingBox())!;
        expect(detail.y).toBeGreaterThanOrEqual(list.y + 40);
        expect(detail.width).toBeGreaterThan(420 * 0.9);
      }
    }
  }
  await closeAll(panel, app);
});
