/**
 * The Media view on a real @telnyx/webrtc call (audio only) through the built extension, the panel
 * opened as a tab (panel.html?tabId=N): numbers per direction and only for streams that exist,
 * every candidate pair, the API log with arguments and results, and a closed connection read as closed.
 * Charts expose what they draw as data attributes on their <figure> (LineChart.tsx).
 *
 * Needs the build: `RTC_DIST=... npm run build` (same RTC_DIST as the test run).
 */
import { expect, test, type Page } from '../support/fixture.js';
import { openPanel, tabIdOf, type ExtensionHandle } from '../support/rig/extension.js';
import { type TelnyxCallRig } from '../support/rig/telnyx-call.js';

test.describe.configure({ mode: 'serial' });

let rig: TelnyxCallRig;
let ext: ExtensionHandle;
let app: Page;
let panel: Page;

test.beforeAll(async ({ rigs }) => {
  test.setTimeout(120_000);
  rig = await rigs.telnyx();
  ext = await rigs.extension();
  app = await ext.context.newPage();
  await app.goto(rig.demoUrl());
  await expect(app.locator('#call-state')).toHaveText('active', { timeout: 30_000 });
  await expect(app.locator('#pc-state')).toHaveText('connected', { timeout: 20_000 });
  panel = await openPanel(ext, await tabIdOf(ext, app));
  await panel.getByRole('tab', { name: 'Media' }).click();
  await expect(panel.getByRole('tab', { name: 'Media' })).toHaveAttribute('aria-selected', 'true');
});

const chart = (id: string) => panel.locator(`figure[data-chart="${id}"]`);
const attr = (id: string, name: string) => chart(id).getAttribute(`data-${name}`, { timeout: 5_000 });
const pointsOf = async (id: string, line: string) => {
  const lines = ((await attr(id, 'lines')) ?? '').split('|');
  const points = ((await attr(id, 'points')) ?? '').split('|').map(Number);
  const i = lines.indexOf(line);
  return i < 0 ? 0 : points[i]!;
};

test('an audio-only call: no video chart or line, loss in and out apart, the microphone charted, MOS within 1–5', async () => {
  test.setTimeout(90_000);
  await expect(chart('bitrate')).toBeVisible({ timeout: 30_000 });
  // Loss out comes from the far end's RTCP receiver reports: wait for them, with the mic's samples.
  await expect.poll(() => attr('loss', 'lines'), { timeout: 45_000 }).toBe('loss in|loss out (far end)');
  await expect.poll(() => pointsOf('level', 'mic (sent)'), { timeout: 30_000 }).toBeGreaterThan(2);
  expect(await attr('level', 'y-max')).toBe('1');

  const bitrateLines = (await attr('bitrate', 'lines')) ?? '';
  expect(bitrateLines).toContain('audio in');
  expect(bitrateLines).toContain('audio out');
  expect(bitrateLines).not.toContain('video');
  await expect(chart('fps')).toHaveCount(0);
  await expect(chart('resolution')).toHaveCount(0);
  await expect(panel.getByRole('list', { name: 'Unavailable charts' })).toContainText('No video in this connection');

  // The demo receives the far end's audio, so it has a MOS, on an axis that ends at 5.
  await expect.poll(() => pointsOf('mos', 'MOS in'), { timeout: 30_000 }).toBeGreaterThan(0);
  expect(Number(await attr('mos', 'y-max'))).toBeLessThanOrEqual(5);
  expect(Number(await attr('mos', 'y-min'))).toBeGreaterThanOrEqual(1);

  // The call's answer is marked, though it came before the first stats sample.
  expect((await attr('bitrate', 'marks'))?.split('|')).toContain('answer');

  // Time ticks never read alike.
  const ticks = ((await attr('bitrate', 'ticks')) ?? '').split('|');
  expect(ticks.length).toBeGreaterThan(1);
  expect(new Set(ticks).size).toBe(ticks.length);
});

test('the RTP streams table shows the audio stream in and out apart, with its counters', async () => {
  const table = panel.getByRole('table', { name: 'RTP streams' });
  await expect(table.locator('tbody tr[data-dir="in"]')).toHaveCount(1);
  await expect(table.locator('tbody tr[data-dir="out"]')).toHaveCount(1);
  await expect(table.locator('tbody tr[data-dir="in"]')).toContainText(/^audio in · ssrc \d+/);
  // Received audio has a jitter buffer; concealment is counted (0 or more).
  await expect(table.locator('tbody tr[data-dir="in"]')).toContainText(/\d+ ms/);
  await expect(table).not.toContainText('video');
});

test('the candidate-pairs table lists the pairs with the selected one', async () => {
  const table = panel.getByRole('table', { name: 'Candidate pairs' });
  await expect(table.locator('tbody tr').first()).toBeVisible({ timeout: 20_000 });
  const selected = table.locator('tbody tr[data-selected="true"]');
  await expect(selected).toHaveCount(1);
  await expect(selected).toContainText('succeeded');
  await expect(selected).toContainText(/\d+ ms|\d+ B|kB/);
});

test('the API log shows setLocalDescription and setRemoteDescription with their type and result', async () => {
  const log = panel.getByRole('table', { name: 'API log' });
  const row = (title: RegExp) => log.locator('tbody tr').filter({ hasText: title });
  await expect(row(/^.*setLocalDescription\(offer\)/).first()).toContainText('✔ ok');
  await expect(row(/setRemoteDescription\(answer\)/).first()).toContainText('✔ ok');
  await expect(row(/createOffer\(/).first()).toContainText(/offer \(\d+ SDP lines\)/);
  // The SDP opens line by line.
  const sdp = row(/setRemoteDescription\(answer\)/).first().locator('details.sdp');
  await sdp.locator('summary').click();
  await expect(sdp.locator('.sdp-lines li').first()).toHaveText('v=0');
  // The demo configures no STUN/TURN server: the configuration says so in words.
  await expect(panel.getByText('none: no STUN or TURN, host candidates only')).toBeVisible();
});

test('reads at 1280 and 800 px, light and dark, without sideways scrolling (screenshots kept)', async ({}, testInfo) => {
  test.setTimeout(90_000);
  for (const width of [1280, 800]) {
    await panel.setViewportSize({ width, height: 900 });
    for (const scheme of ['light', 'dark'] as const) {
      await panel.emulateMedia({ colorScheme: scheme });
      await expect(chart('loss')).toBeVisible();
      const overflow = await panel.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${width} px ${scheme}`).toBeLessThanOrEqual(0);
      // The view scrolls inside main.content: one screenshot per part of it.
      for (const [part, selector] of [['charts', '.media'], ['streams', '#rtp-streams'], ['pairs', '#ice-pairs'], ['log', '#api-log']] as const) {
        await panel.evaluate((sel) => {
          const el = document.querySelector(sel)!;
          const main = document.querySelector('main.content')!;
          main.scrollTop = sel === '.media' ? 0 : el.getBoundingClientRect().top - main.getBoundingClientRect().top + main.scrollTop - 8;
        }, selector);
        const file = testInfo.outputPath(`media-${width}-${scheme}-${part}.png`);
        await panel.screenshot({ path: file });
        await testInfo.attach(`Media ${part} ${width} px ${scheme}`, { path: file, contentType: 'image/png' });
      }
    }
  }
  await panel.emulateMedia({ colorScheme: 'light' });
});

test('Clear during the call: charts start at the first sample after it, ticks stay readable, the picker does not claim "new"', async () => {
  test.setTimeout(60_000);
  await panel.getByRole('button', { name: 'Clear' }).click();
  await expect(chart('bitrate')).toHaveCount(0, { timeout: 15_000 });
  await expect.poll(() => pointsOf('bitrate', 'audio in'), { timeout: 30_000 }).toBeGreaterThan(1);
  const ticks = ((await attr('bitrate', 'ticks')) ?? '').split('|');
  expect(new Set(ticks).size, ticks.join(' ')).toBe(ticks.length);
  // The axis begins where this pc's samples begin, not at the capture's zero second.
  expect(parseFloat(ticks[0]!), ticks.join(' ')).toBeGreaterThan(0);
  const option = panel.getByRole('combobox', { name: 'Peer connection' }).locator('option').first();
  // Either the state the capture still knows or "not seen yet": never "new" beside a pc carrying media.
  await expect(option).toContainText(/\((connected|created before the capture · state not seen yet)\)/);
  await expect(option).not.toContainText('(new)');
});

test('after hang-up the picker reads closed, with when', async () => {
  await app.click('#hangup');
  await expect(app.locator('#call-state')).toHaveText('destroy', { timeout: 20_000 });
  const picker = panel.getByRole('combobox', { name: 'Peer connection' });
  await expect(picker.locator('option').first()).toHaveText(/^pc-1 \(closed at \d\d:\d\d:\d\d\.\d{3}/, { timeout: 20_000 });
  await expect(picker.locator('option').first()).not.toContainText('connected');
  await expect(panel.getByRole('table', { name: 'API log' })).toContainText('close()');
  // The close is marked on the charts.
  await expect.poll(() => attr('bitrate', 'marks')).toContain('closed');
});
