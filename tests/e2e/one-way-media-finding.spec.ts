/**
 * Direction on a plain two-connection loopback page (tests/demo/loopback), through the built extension:
 * a connection that sends or receives only by negotiation is one-way by design, so the panel raises no
 * "One-way media" finding for it and shows no MOS for the side that receives no audio; a sendrecv
 * connection whose far side never adds a track, or replaces it by null mid-call, still gets the finding.
 *
 * Needs the build: `RTC_DIST=... npm run build` (same RTC_DIST as the test run).
 */
import { expect, test, type Page } from '../support/fixture.js';
import { resolve } from 'node:path';
import { openPanel, tabIdOf, type ExtensionHandle } from '../support/rig/extension.js';
import { type HttpRig } from '../support/rig/http.js';

test.describe.configure({ mode: 'serial' });

let http: HttpRig;
let ext: ExtensionHandle;

test.beforeAll(async ({ rigs }) => {
  http = await rigs.serve({ mounts: { '/': resolve('tests/demo/loopback') } });
  ext = await rigs.extension();
});

/** Opens the loopback page in a mode, waits until both connections are up, and opens its panel. */
async function loopback(mode: 'sendonly' | 'recvonly' | 'oneway' | 'replaced'): Promise<{ app: Page; panel: Page }> {
  const app = await ext.context.newPage();
  await app.goto(`${http.url}/index.html?mode=${mode}`);
  await expect(app.locator('#state')).toHaveText('connected', { timeout: 20_000 });
  const panel = await openPanel(ext, await tabIdOf(ext, app));
  return { app, panel };
}

const findings = (panel: Page) => panel.locator('section[aria-labelledby="ov-findings"]');
const pcRow = (panel: Page, label: string) => panel.locator('tr[data-pc]').filter({ has: panel.locator('td:first-child', { hasText: new RegExp(`^${label}$`) }) });
const samplesOf = async (panel: Page, label: string) => Number(/^(\d+) samples/.exec((await pcRow(panel, label).locator('td').nth(4).textContent()) ?? '')?.[1] ?? 0);

/** The rule needs 5 s of one side rising and the other flat: 10 samples on each pc leave it room to fire. */
async function waitForSamples(panel: Page): Promise<void> {
  for (const pc of ['pc-1', 'pc-2']) await expect.poll(() => samplesOf(panel, pc), { timeout: 30_000 }).toBeGreaterThanOrEqual(10);
}

/** Media view on one pc: whether it draws a MOS chart, and the notes it gives instead. */
async function mediaOf(panel: Page, label: string): Promise<{ mosCharts: number; notes: string }> {
  await panel.getByRole('tab', { name: 'Media' }).click();
  const picker = panel.getByRole('combobox', { name: 'Peer connection' });
  const value = await picker.locator('option', { hasText: new RegExp(`^${label} `) }).getAttribute('value');
  await picker.selectOption(value!);
  await expect(panel.locator('figure[data-chart="bitrate"]')).toBeVisible({ timeout: 15_000 });
  const mosCharts = await panel.locator('figure[data-chart="mos"]').count();
  const notes = (await panel.getByRole('list', { name: 'Unavailable charts' }).textContent().catch(() => '')) ?? '';
  await panel.getByRole('tab', { name: 'Overview' }).click();
  return { mosCharts, notes };
}

test('pc-1 only sends, pc-2 only receives: no one-way finding, no MOS for the sender', async () => {
  test.setTimeout(90_000);
  const { app, panel } = await loopback('sendonly');
  await expect(app.locator('#log')).toContainText('offer sendonly, answer recvonly');
  await waitForSamples(panel);
  await expect(pcRow(panel, 'pc-2').locator('td').nth(4)).toContainText('MOS', { timeout: 15_000 });
  await expect(findings(panel)).not.toContainText('One-way media');
  await expect(pcRow(panel, 'pc-1').locator('td').nth(4)).not.toContainText('MOS');
  await expect(pcRow(panel, 'pc-1').locator('td').nth(4)).not.toContainText('audio in');
  const sender = await mediaOf(panel, 'pc-1');
  expect(sender.mosCharts).toBe(0);
  expect(sender.notes).toContain('No received audio in this connection: no MOS');
  const receiver = await mediaOf(panel, 'pc-2');
  expect(receiver.mosCharts).toBe(1);
  await app.close();
  await panel.close();
});

test('the reverse: pc-1 only receives, pc-2 answers send-only; no one-way finding, no MOS for pc-2', async () => {
  test.setTimeout(90_000);
  const { app, panel } = await loopback('recvonly');
  await expect(app.locator('#log')).toContainText('offer recvonly, answer sendonly');
  await waitForSamples(panel);
  await expect(pcRow(panel, 'pc-1').locator('td').nth(4)).toContainText('MOS', { timeout: 15_000 });
  await expect(findings(panel)).not.toContainText('One-way media');
  await expect(pcRow(panel, 'pc-2').locator('td').nth(4)).not.toContainText('MOS');
  const sender = await mediaOf(panel, 'pc-2');
  expect(sender.mosCharts).toBe(0);
  expect(sender.notes).toContain('No received audio in this connection: no MOS');
  await app.close();
  await panel.close();
});

test('sendrecv both ways but pc-2 never adds a track: the finding still fires on both halves', async () => {
  test.setTimeout(90_000);
  const { app, panel } = await loopback('oneway');
  await expect(app.locator('#log')).toContainText('offer sendrecv, answer sendrecv');
  await expect(findings(panel)).toContainText(/One-way media on \S*pc-1: sending but nothing received/, { timeout: 30_000 });
  await expect(findings(panel)).toContainText(/One-way media on \S*pc-2: receiving but nothing sent/, { timeout: 30_000 });
  await expect(findings(panel)).toContainText('The SDP answer negotiated audio sendrecv');
  await app.close();
  await panel.close();
});

test('sendrecv both ways, then pc-2 replaces its track by null: the finding fires on both halves', async () => {
  test.setTimeout(90_000);
  const { app, panel } = await loopback('replaced');
  await expect(app.locator('#log')).toContainText('pc-2 track replaced by null');
  await expect(findings(panel)).toContainText(/One-way media on \S*pc-1: sending but nothing received/, { timeout: 30_000 });
  await expect(findings(panel)).toContainText(/One-way media on \S*pc-2: receiving but nothing sent/, { timeout: 30_000 });
  await app.close();
  await panel.close();
});
