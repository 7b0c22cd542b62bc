/**
 * SDK discovery in Firefox ESR with the test build of the Firefox extension, driven by
 * puppeteer-core over WebDriver BiDi (Playwright cannot drive a stock Firefox). The capture is
 * read as a panel receives it (tests/support/rig/firefox.ts readSnapshot), and an SDK command the client
 * offers is run from the panel tab's own button, so it takes the real path: panel -> background -> bridge ->
 * hook -> SDK, and the answer back.
 */
import { test, expect } from '../support/fixture.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import type { StoredEvent } from '../../core/capture/events.js';
import { type HttpRig } from '../support/rig/http.js';
import { type FirefoxHandle } from '../support/rig/firefox.js';
import { startTelnyxServer, type TelnyxServer } from '../support/servers/telnyx.js';

test.describe.configure({ mode: 'serial' });
test.setTimeout(90_000);

const ROOT = resolve(import.meta.dirname, '../..');

const PAGE = `<!doctype html><meta charset="utf-8"><title>Telnyx UMD in Firefox</title><p id="state">idle</p>
<script>
  // A page that reads every window message: none of the extension's may reach it.
  window.foreign = [];
  addEventListener('message', (e) => {
    const s = e.data && typeof e.data === 'object' ? String(e.data.source) : '';
    if (s.startsWith('rtc-devtools')) window.foreign.push(s);
  });
</script>
<script src="/node_modules/@telnyx/webrtc/lib/bundle.js"></script>
<script>
  const q = new URLSearchParams(location.search);
  const client = new TelnyxWebRTC.TelnyxRTC({ login: 'ff-user', password: 'ff-secret-pw', host: q.get('host'), iceServers: [] });
  window.compat = { isInstance: client instanceof TelnyxWebRTC.TelnyxRTC, source: String(TelnyxWebRTC.TelnyxRTC).slice(0, 6) };
  client.on('telnyx.ready', () => { document.getElementById('state').textContent = 'ready'; });
  client.connect();
</script>`;

let tmp: string;
let http: HttpRig;
let telnyx: TelnyxServer;
let ff: FirefoxHandle;

test.beforeAll(async ({ rigs }) => {
  test.setTimeout(90_000);
  tmp = mkdtempSync(join(tmpdir(), 'rtc-sdk-ff-'));
  writeFileSync(join(tmp, 'telnyx.html'), PAGE);
  http = await rigs.serve({ mounts: { '/ff/': tmp, '/node_modules/': join(ROOT, 'node_modules') } });
  telnyx = await startTelnyxServer();
  ff = await rigs.firefox();
});

test.afterAll(async () => {
  await telnyx?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

type Found = Extract<StoredEvent, { kind: 'sdk.found' }>;
type SdkEv = Extract<StoredEvent, { kind: 'sdk.event' }>;

/**
 * Clicks a control by its visible text with a DOM query (BiDi's aria selectors went stale after
 * the panel tab navigated to another tab id).
 */
async function clickByText(page: Page, selector: string, name: string): Promise<void> {
  await page.waitForFunction(
    (selector, name) => {
      const el = [...document.querySelectorAll<HTMLElement>(selector)].find((e) => e.textContent?.trim().startsWith(name) && !(e as HTMLButtonElement).disabled);
      el?.click();
      return el !== undefined;
    },
    { timeout: 15_000 },
    selector,
    name,
  );
}

test('Firefox: the Telnyx UMD client is found, its state streams to the panel, and the panel offers and runs only the SDK commands it has', async () => {
  const page = await ff.browser.newPage();
  await page.goto(`${http.url}/ff/telnyx.html?host=${encodeURIComponent(telnyx.url)}&run=${Date.now()}`);
  await page.waitForFunction(() => document.getElementById('state')?.textContent === 'ready', { timeout: 30_000 });
  // Wrapping the constructor keeps it the page's class.
  expect(await page.evaluate(() => (window as unknown as { compat: unknown }).compat)).toEqual({ isInstance: true, source: 'class ' });
  const tabId = await ff.tabIdOf(page.url());

  let events: StoredEvent[] = [];
  const sdkEvents = () => events.filter((e): e is SdkEv => e.kind === 'sdk.event');
  await expect
    .poll(async () => {
      events = (await ff.readSnapshot(tabId)).events;
      return sdkEvents().map((e) => e.name);
    }, { timeout: 15_000 })
    .toContain('telnyx.ready');
  const client = events.find((e): e is Found => e.kind === 'sdk.found' && e.via === 'constructor');
  expect(client).toMatchObject({ sdk: 'telnyx', detail: { options: { auth: 'login+password', login: 'ff-user' } } });
  expect(sdkEvents().every((e) => e.id === client!.id)).toBe(true);
  // The SDK's options summary leaves the password out (the live socket frames keep it, as sent:
  // redaction happens when a bundle leaves the browser).
  expect(JSON.stringify(events.filter((e) => e.kind.startsWith('sdk.')))).not.toContain('ff-secret-pw');

  // The panel for this tab: Preflight > "The SDK's own checks" lists the client with only the
  // commands this Telnyx version offers: no exportDiagnostics button that could only fail.
  const panel = await ff.openPanel(tabId);
  await clickByText(panel, '[role=tab]', 'Preflight');
  await panel.waitForFunction(() => [...document.querySelectorAll('button')].some((b) => b.textContent === 'Run telnyx getDeviceCapabilities()'), { timeout: 15_000 });
  const offered = await panel.evaluate(() => [...document.querySelectorAll('button')].map((b) => b.textContent ?? '').filter((t) => t.startsWith('Run telnyx')));
  expect(offered).toEqual(['Run telnyx preflight()', 'Run telnyx getDeviceCapabilities()']);
  // The row names the SDK as the SDK list does, with the version its login carried.
  expect(await panel.evaluate(() => document.querySelector('section[aria-labelledby="pf-sdk"]')?.textContent ?? '')).toContain('@telnyx/webrtc 2.27.10');

  // A supported command runs in the page: Telnyx's getDevices() lists Firefox's fake devices.
  await clickByText(panel, 'button', 'Run telnyx getDeviceCapabilities()');
  await panel.waitForFunction(() => !(document.querySelector('[aria-label="SDK command result"] h3')?.textContent ?? 'running').endsWith('running…'), { timeout: 30_000 });
  const answer = await panel.evaluate(() => document.querySelector('[aria-label="SDK command result"]')?.textContent);
  expect(answer).toMatch(/^telnyx getDeviceCapabilities\(\): result/);

  // The answer is recorded in the capture too (so an exported bundle carries it).
  await expect
    .poll(async () => {
      events = (await ff.readSnapshot(tabId)).events;
      return sdkEvents().find((e) => e.name === 'command.result')?.data;
    }, { timeout: 10_000 })
    .toMatchObject({ ok: true, value: { devices: expect.arrayContaining([expect.objectContaining({ kind: 'audioinput' })]) } });

  // The command went page-ward and the batches bridge-ward, yet the page saw none of it.
  expect(await page.evaluate(() => (window as unknown as { foreign: string[] }).foreign)).toEqual([]);
  await page.close();
});
