/**
 * The Overview a support engineer screenshots, on real @telnyx/webrtc calls against the fake
 * Telnyx server: the per-call summary card stays after hang-up (answered, who hung up, length,
 * times to ring and answer), the peer connection reads closed, an invite the server never answers
 * shows as pending while the call waits and as "never answered" after, and the card stays readable
 * at 800 px in both themes. The capture header names the page, not the tab number.
 *
 * Needs the build: `RTC_DIST=... npm run build` (same RTC_DIST as the test run).
 */
import { expect, test, type Page } from '../support/fixture.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { tabIdOf, type ExtensionHandle } from '../support/rig/extension.js';
import { type TelnyxCallRig } from '../support/rig/telnyx-call.js';

test.describe.configure({ mode: 'serial' });

let rig: TelnyxCallRig;
let ext: ExtensionHandle;

test.beforeAll(async ({ rigs }) => {
  rig = await rigs.telnyx();
  ext = await rigs.extension();
});

test.afterEach(() => {
  rig.server.control.reset();
});

async function openPanelFor(app: Page, theme?: 'dark' | 'light'): Promise<Page> {
  const tabId = await tabIdOf(ext, app);
  const panel = await ext.context.newPage();
  await panel.goto(`chrome-extension://${ext.extensionId}/panel.html?tabId=${tabId}${theme ? `&theme=${theme}` : ''}`);
  return panel;
}

const callId = (app: Page) => app.evaluate(() => (window as unknown as { demo: { call: { id: string } | null } }).demo.call?.id ?? '');
const card = (panel: Page, id: string) => panel.getByRole('article', { name: new RegExp(`^Call ${id}:`) });
/** The value shown under a fact's label on a card ("Length" → "5.2 s"). */
const fact = (c: ReturnType<typeof card>, label: string) => c.locator('.card-facts > div').filter({ has: c.page().getByText(label, { exact: true }) }).locator('dd');

test('after the page hangs up, the Overview keeps the call: answered, hung up by the page, its length and times; the peer connection reads closed', async ({}, testInfo) => {
  test.setTimeout(90_000);
  const app = await ext.context.newPage();
  await app.goto(rig.demoUrl());
  await expect(app.locator('#call-state')).toHaveText('active', { timeout: 30_000 });
  const id = await callId(app);
  const panel = await openPanelFor(app);

  // Live: the card is in Active calls.
  const c = card(panel, id);
  await expect(panel.getByRole('region', { name: 'Active calls' }).getByRole('article')).toHaveAccessibleName(new RegExp(`^Call ${id}: Answered, in progress$`), {
    timeout: 20_000,
  });
  // The header names the page (its title once the bridge reported it, else its host), not the browser's tab number.
  await expect(panel.locator('.toolbar .source')).toHaveText(/^(Telnyx demo call \(RTC DevTools test rig\)|127\.0\.0\.1:\d+)$/);
  await expect(panel.locator('dl.capture-meta')).toContainText('/telnyx/index.html');
  await expect(panel.locator('dl.capture-meta')).toContainText(/Browser\s*Chrome/);

  await app.click('#hangup');
  await expect(app.locator('#call-state')).toHaveText('destroy');

  await expect(panel.getByRole('region', { name: 'Ended calls' }).getByRole('article')).toHaveAccessibleName(new RegExp(`^Call ${id}: Answered, ended$`), { timeout: 20_000 });
  await expect(panel.getByRole('region', { name: 'Active calls' })).toHaveText('No active call.');
  await expect(c.locator('.card-status')).toHaveText(/^Ended \d\d:\d\d:\d\d\.\d{3}$/);
  await expect(fact(c, 'Hung up by')).toHaveText('this page (local)');
  await expect(fact(c, 'Length')).toHaveText(/^\d+(\.\d)? (ms|s)$|^\d+ min \d\d s$/);
  await expect(fact(c, 'Ringing after')).toHaveText(/^\d+(\.\d)? (ms|s)$/);
  await expect(fact(c, 'Answered after')).toHaveText(/^\d+(\.\d)? (ms|s)$/);
  await expect(fact(c, 'First media after')).toHaveText(/^\d+(\.\d)? (ms|s)$/);
  // Times that leave the screen (the tooltip) carry the date and the zone.
  await expect(fact(c, 'Started')).toHaveAttribute('title', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} GMT[+-]\d\d:\d\d/);

  // The summary can be copied for a ticket.
  await c.getByRole('button', { name: 'Copy summary' }).click();
  await expect(c.locator('.copied')).toHaveText('Summary copied (times with date and zone).');

  // The SDK closed its RTCPeerConnection: the table and the lane say closed, with when and by whom.
  const pcRow = panel.locator('tr[data-pc]');
  await expect(pcRow).toHaveCount(1);
  await expect(pcRow.getByRole('cell').nth(1)).toHaveText(/^closed \d\d:\d\d:\d\d\.\d{3}/);
  await expect(panel.getByRole('list', { name: 'Connection timeline' }).getByRole('listitem', { name: /^pc / })).toHaveAccessibleName(/: closed · closed \d\d:\d\d/);

  // Last frames are cut to one line, and readable in full: in the tooltip and by expanding the cell.
  const lastFrames = panel.locator('tr[data-socket] .last-frames');
  const firstFrame = lastFrames.locator('.frame').first();
  const cut = (await firstFrame.textContent()) ?? '';
  expect(cut).toMatch(/…$/);
  const full = (await firstFrame.getAttribute('title')) ?? '';
  expect(full.length).toBeGreaterThan(cut.length);
  await lastFrames.getByRole('button', { name: /^Show in full: last frames of ws-1/ }).click();
  await expect(lastFrames.getByRole('button', { name: /^Shorten/ })).toHaveAttribute('aria-expanded', 'true');
  await expect(firstFrame).toHaveText(full);

  // The card links to the call's story in Calls, whose header no longer calls invite→ringing "setup".
  await c.getByRole('button', { name: 'Call timeline' }).click();
  await expect(panel.getByRole('tab', { name: 'Calls' })).toHaveAttribute('aria-selected', 'true');
  const story = panel.getByRole('article', { name: new RegExp(`^Call ${id} · telnyx outbound · hangup`) });
  await expect(story).toHaveAccessibleName(/ · ringing after [\d.]+ m?s · answered after [\d.]+ m?s · length [\d.]+ m?s · hung up by this page \(local\)/);
  await expect(story).toBeFocused();
  // The axis has a time scale starting at 0.
  await expect(story.locator('.axis-scale .tick').first()).toHaveText('0');
  expect(await story.locator('.axis-scale .tick').count()).toBeGreaterThan(1);
  await panel.screenshot({ path: testInfo.outputPath('calls-1280.png'), fullPage: true });
  // A signaling line opens its frame in Signaling.
  await story.getByRole('list', { name: /timeline$/ }).getByRole('button', { name: /\[signaling\] → telnyx_rtc\.invite/ }).click();
  await expect(panel.getByRole('tab', { name: 'Signaling' })).toHaveAttribute('aria-selected', 'true');
  await expect(panel.getByRole('listbox', { name: 'Frames' }).locator('[aria-selected="true"]')).toContainText('telnyx_rtc.invite');
  // A peer connection line opens that connection's charts in Media.
  await panel.getByRole('tab', { name: 'Calls' }).click();
  await story.getByRole('list', { name: /timeline$/ }).getByRole('button', { name: /\[pc\] connection → connected/ }).click();
  await expect(panel.getByRole('tab', { name: 'Media' })).toHaveAttribute('aria-selected', 'true');
  await expect(panel.getByRole('combobox', { name: 'Peer connection' })).toHaveValue(/:pc-1$/);

  await Promise.all([panel.close(), app.close()]);
});

test('an invite the server never answers: the card shows the pending request while the call waits, and "never answered" after hang-up', async ({}, testInfo) => {
  test.setTimeout(90_000);
  rig.server.control.withhold('telnyx_rtc.invite');
  const app = await ext.context.newPage();
  await app.goto(rig.demoUrl());
  // The SDK sent its invite (the server logged it) and waits.
  await rig.server.waitForFrame((f) => f.dir === 'in' && f.method === 'telnyx_rtc.invite', 30_000);
  const panel = await openPanelFor(app);
  const live = panel.getByRole('region', { name: 'Active calls' }).getByRole('article');
  await expect(live).toHaveCount(1, { timeout: 20_000 });
  const pending = live.getByRole('status');
  await expect(pending).toHaveText(/^Waiting telnyx_rtc\.invite: no reply for \d+(\.\d)? s( \(overdue\))?$/);
  // The wait grows while nothing comes back.
  const seconds = async () => Number(/for (\d+(?:\.\d)?) s/.exec((await pending.textContent()) ?? '')?.[1] ?? NaN);
  const first = await seconds();
  await expect.poll(seconds, { timeout: 15_000 }).toBeGreaterThan(first + 1);
  await expect(live).toHaveAccessibleName(/: Not answered yet, in progress$/);
  await panel.screenshot({ path: testInfo.outputPath('pending-1280.png') });

  await app.click('#hangup');
  const ended = panel.getByRole('region', { name: 'Ended calls' }).getByRole('article');
  await expect(ended).toHaveAccessibleName(/: Never answered, ended$/, { timeout: 20_000 });
  await expect(ended.getByRole('status')).toHaveCount(0);
  await expect(fact(ended, 'Length')).toHaveText('never answered');
  await expect(fact(ended, 'Answered after')).toHaveText('—');
  await expect(fact(ended, 'First media after')).toHaveText('—');
  // Telnyx's SDK sends USER_BUSY when it gives up: not read as the far end being busy.
  await expect(fact(ended, 'Cause')).toHaveText(/^hung up on this side before the answer · USER_BUSY 17$/);
  await Promise.all([panel.close(), app.close()]);
});

test('the summary card is readable at 1280 and 800 px, light and dark: nothing overflows', async ({}, testInfo) => {
  test.setTimeout(120_000);
  const app = await ext.context.newPage();
  await app.goto(rig.demoUrl());
  await expect(app.locator('#call-state')).toHaveText('active', { timeout: 30_000 });
  // A few seconds of stats, so the card has quality figures to show.
  const watcher = await openPanelFor(app);
  await expect(watcher.locator('tr[data-pc]')).toContainText(/[3-9] samples|\d\d samples/, { timeout: 30_000 });
  await watcher.close();
  await app.click('#hangup');
  await expect(app.locator('#call-state')).toHaveText('destroy');
  for (const theme of ['light', 'dark'] as const) {
    const panel = await openPanelFor(app, theme);
    const c = panel.getByRole('region', { name: 'Ended calls' }).getByRole('article');
    await expect(c).toBeVisible({ timeout: 20_000 });
    // Quality in and out as min / avg / max.
    const quality = c.getByRole('table', { name: /^Quality of call / });
    await expect(quality.getByRole('row', { name: /^Bitrate in / })).toContainText(/\d+ kbps/);
    await expect(quality.getByRole('row', { name: /^Bitrate out / })).toContainText(/\d+ kbps/);
    await expect(quality.getByRole('row', { name: /^MOS in / })).toContainText(/\d\.\d\d/);
    for (const width of [1280, 800]) {
      await panel.setViewportSize({ width, height: 900 });
      // Layout facts: the card fits its column, the page does not scroll sideways, facts do not overlap.
      const box = await c.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      expect(box.scroll, `card at ${width} px (${theme})`).toBeLessThanOrEqual(box.client);
      const page = await panel.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(page, `page at ${width} px (${theme})`).toBeLessThanOrEqual(0);
      const facts = await c.locator('.card-facts > div').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ l: r.left, r: r.right, t: r.top, b: r.bottom })));
      for (let i = 0; i < facts.length; i++)
        for (let j = i + 1; j < facts.length; j++) {
          const [a, b] = [facts[i]!, facts[j]!];
          const overlap = a.l < b.r - 1 && b.l < a.r - 1 && a.t < b.b - 1 && b.t < a.b - 1;
          expect(overlap, `facts ${i} and ${j} overlap at ${width} px`).toBe(false);
        }
      const file = testInfo.outputPath(`overview-${width}-${theme}.png`);
      await panel.screenshot({ path: file });
      await testInfo.attach(`Overview ${width} px ${theme}`, { path: file, contentType: 'image/png' });
    }
    await panel.close();
  }
  await app.close();
});

test('the exported bundle reads the same in the viewer, with the capture header; a damaged one says what could not be read', async ({}, testInfo) => {
  test.setTimeout(90_000);
  const app = await ext.context.newPage();
  await app.goto(rig.demoUrl());
  await expect(app.locator('#call-state')).toHaveText('active', { timeout: 30_000 });
  const id = await callId(app);
  const panel = await openPanelFor(app);
  await app.click('#hangup');
  await expect(app.locator('#call-state')).toHaveText('destroy');
  await expect(panel.getByRole('region', { name: 'Ended calls' }).getByRole('article')).toHaveCount(1, { timeout: 20_000 });
  // The page's close() has reached the capture before the export.
  await expect(panel.locator('tr[data-pc]').getByRole('cell').nth(1)).toHaveText(/^closed/);

  const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByRole('button', { name: 'Export diagnostics' }).click()]);
  const saved = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(saved);
  // The status names the file; its tooltip adds when, with date and zone.
  const status = panel.locator('.toolbar .status');
  await expect(status).toHaveText(`Saved ${download.suggestedFilename()}`);
  await expect(status).toHaveAttribute('title', /^Saved .* at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} GMT[+-]\d\d:\d\d/);
  // At 800 px the file name wraps rather than being cut.
  await panel.setViewportSize({ width: 800, height: 700 });
  expect(await status.evaluate((el) => el.scrollWidth <= el.clientWidth && getComputedStyle(el).textOverflow !== 'ellipsis')).toBe(true);
  await panel.screenshot({ path: testInfo.outputPath('saved-800.png') });

  const viewer = await ext.context.newPage();
  await viewer.goto(`chrome-extension://${ext.extensionId}/viewer.html`);
  await viewer.getByLabel('Open bundle or webrtc-internals dump').setInputFiles(saved);
  await expect(viewer.getByRole('tab', { name: 'Overview' })).toHaveAttribute('aria-selected', 'true');
  await expect(viewer).toHaveTitle(`${download.suggestedFilename()} · RTC DevTools bundle viewer`);
  // The ended call keeps its card in the viewer too.
  const card = viewer.getByRole('region', { name: 'Ended calls' }).getByRole('article');
  await expect(card).toHaveAccessibleName(new RegExp(`^Call ${id}: Answered, ended$`));
  await expect(fact(card, 'Hung up by')).toHaveText('this page (local)');
  // The header comes from the bundle's environment: page, browser, zone, window.
  const meta = viewer.locator('dl.capture-meta');
  await expect(meta).toContainText('/telnyx/index.html');
  await expect(meta).toContainText(/Browser\s*Chrome/);
  await expect(meta).toContainText(/Time zone\s*\S+/);
  await expect(meta).toContainText(/Captured\s*\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} → /);
  await expect(viewer.getByRole('status', { name: 'Import problems' })).toHaveCount(0);

  // Damaged: the three lists have the wrong type.
  const bundle = JSON.parse(readFileSync(saved, 'utf8')) as Record<string, unknown>;
  const damaged = testInfo.outputPath('damaged.json');
  writeFileSync(damaged, JSON.stringify({ ...bundle, sockets: 'not a list', peerConnections: 42, calls: { wrong: 'type' } }));
  await viewer.getByRole('tab', { name: 'Export / Import' }).click();
  await viewer.getByLabel('Open bundle or webrtc-internals dump').setInputFiles(damaged);
  const problems = viewer.getByRole('status', { name: 'Import problems' });
  await expect(problems).toContainText('Parts of damaged.json could not be read');
  for (const part of ['sockets', 'peerConnections', 'calls']) await expect(problems.getByRole('listitem').filter({ hasText: part })).not.toHaveCount(0);
  await expect(viewer.getByText('No WebSocket could be read from this file.')).toBeVisible();
  await expect(viewer.getByText('No call could be read from this file.')).toBeVisible();
  await expect(viewer.getByText('No findings in what could be read.')).toBeVisible();
  await viewer.screenshot({ path: testInfo.outputPath('viewer-damaged.png') });
  await Promise.all([viewer.close(), panel.close(), app.close()]);
});

test('with Preserve log, a reload shows where the page changed, and each call card names its page load', async () => {
  test.setTimeout(120_000);
  const app = await ext.context.newPage();
  await app.goto(rig.demoUrl());
  await expect(app.locator('#call-state')).toHaveText('active', { timeout: 30_000 });
  const first = await callId(app);
  const panel = await openPanelFor(app);
  await expect(card(panel, first)).toBeVisible({ timeout: 20_000 });
  await panel.getByRole('checkbox', { name: 'Preserve log' }).check();
  await app.click('#hangup');
  await expect(app.locator('#call-state')).toHaveText('destroy');
  await expect(card(panel, first)).toHaveAccessibleName(/, ended$/, { timeout: 20_000 });

  await app.reload();
  await expect(app.locator('#call-state')).toHaveText('active', { timeout: 30_000 });
  const second = await callId(app);
  const loads = panel.getByRole('list', { name: 'Page loads' }).getByRole('listitem');
  await expect(loads).toHaveCount(2, { timeout: 20_000 });
  await expect(loads.nth(0)).toContainText(/^Load 1 \d\d:\d\d:\d\d\.\d{3} http:\/\/127\.0\.0\.1:\d+\/telnyx\/index\.html/);
  await expect(loads.nth(1)).toContainText(/^Load 2 .*\/telnyx\/index\.html.* · current$/);
  // The newest call first; each card says which load it came from.
  const cards = panel.getByRole('region', { name: 'Calls' }).getByRole('article');
  await expect(card(panel, second).locator('.card-load')).toHaveText(/^load 2 \(current page\) · http/, { timeout: 20_000 });
  await expect(card(panel, first).locator('.card-load')).toHaveText(/^load 1 \(earlier page load\) · http/);
  await expect(panel.getByRole('region', { name: 'Active calls' }).getByRole('article')).toHaveAccessibleName(new RegExp(`^Call ${second}:`));
  expect(await cards.count()).toBeGreaterThanOrEqual(2);
  // The first load's signaling and peer connection no longer read as live.
  const timeline = panel.getByRole('list', { name: 'Connection timeline' });
  await expect(timeline.getByRole('listitem', { name: /^telnyx ws-1: / })).toHaveAccessibleName(/^telnyx ws-1: (disconnected|closed)/);
  await expect(timeline.getByRole('listitem', { name: /^pc pc-1: / })).toHaveAccessibleName(/^pc pc-1: closed · closed \d\d:\d\d:\d\d\.\d{3}/);
  // The connection lanes mark where the page changed.
  await expect(panel.getByRole('list', { name: 'Connection timeline' }).locator('.load-mark').first()).toHaveAttribute('title', /^Load 2 started \d{4}-\d\d-\d\d /);
  await app.click('#hangup');
  await expect(app.locator('#call-state')).toHaveText('destroy');
  await Promise.all([panel.close(), app.close()]);
});
