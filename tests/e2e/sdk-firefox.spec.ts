/**
 * SDK discovery in Firefox ESR with the built extension (<RTC_DIST or dist>/firefox), driven by
 * puppeteer-core over WebDriver BiDi (Playwright cannot drive a stock Firefox). Firefox test
 * pages cannot open extension pages, so the page itself listens to the hook's batches on its
 * window — exactly what the bridge receives — and the test reads them from there.
 */
import { test, expect } from '@playwright/test';
import puppeteer, { type Browser } from 'puppeteer-core';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaptureEvent } from '../../core/capture/events.js';
import { startHttp, type HttpRig } from '../rig/http.js';
import { startTelnyxServer, type TelnyxServer } from '../servers/telnyx.js';

test.describe.configure({ mode: 'serial' });
test.setTimeout(90_000);

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
const DIST = resolve(ROOT, process.env.RTC_DIST || 'dist', 'firefox');

/** Keep Firefox off the network: only loopback exists here. */
const PREFS: Record<string, unknown> = {
  'app.update.enabled': false,
  'app.update.auto': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.search.update': false,
  'browser.newtabpage.enabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'services.settings.server': 'http://127.0.0.1:9/',
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
};

const PAGE = `<!doctype html><meta charset="utf-8"><title>Telnyx UMD in Firefox</title><p id="state">idle</p>
<script>
  // What the bridge sees: the hook's batches on this window.
  window.seen = [];
  addEventListener('message', (e) => {
    if (e.source === window && e.data && e.data.source === 'rtc-devtools-hook') {
      for (const ev of e.data.events) if (ev.kind.startsWith('sdk.')) window.seen.push(ev);
    }
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
let browser: Browser;

test.beforeAll(async () => {
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error(`No built Firefox extension at ${DIST}: run \`npm run build\` (same RTC_DIST) first.`);
  tmp = mkdtempSync(join(tmpdir(), 'rtc-sdk-ff-'));
  writeFileSync(join(tmp, 'telnyx.html'), PAGE);
  http = await startHttp({ mounts: { '/ff/': tmp, '/node_modules/': resolve(ROOT, 'node_modules') } });
  telnyx = await startTelnyxServer();
  browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, extraPrefsFirefox: PREFS });
  await browser.installExtension(DIST);
});

test.afterAll(async () => {
  await browser?.close();
  await telnyx?.close();
  await http?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('Firefox: the Telnyx UMD client is found, its state streams, and a hook command is answered', async () => {
  const page = await browser.newPage();
  await page.goto(`${http.url}/ff/telnyx.html?host=${encodeURIComponent(telnyx.url)}`);
  await page.waitForFunction(() => document.getElementById('state')?.textContent === 'ready', { timeout: 30_000 });
  expect(await page.evaluate(() => (window as unknown as { compat: unknown }).compat)).toEqual({ isInstance: true, source: 'class ' });

  const seen = async (): Promise<CaptureEvent[]> => page.evaluate(() => (window as unknown as { seen: CaptureEvent[] }).seen);
  await expect.poll(async () => (await seen()).filter((e) => e.kind === 'sdk.event').map((e) => (e as { name: string }).name), { timeout: 10_000 }).toContain('telnyx.ready');
  const events = await seen();
  const client = events.find((e) => e.kind === 'sdk.found' && e.via === 'constructor') as Extract<CaptureEvent, { kind: 'sdk.found' }>;
  expect(client).toMatchObject({ sdk: 'telnyx', detail: { options: { auth: 'login+password', login: 'ff-user' } } });
  expect(JSON.stringify(events)).not.toContain('ff-secret-pw');

  // The hook's side of the command path (the bridge posts exactly this shape on the window).
  await page.evaluate((id) => {
    window.postMessage({ source: 'rtc-devtools-bridge', v: 1, type: 'sdk.command', reqId: 'ff-1', sdkId: id, command: 'exportDiagnostics', args: [] }, '*');
  }, client.id);
  await expect
    .poll(async () => (await seen()).find((e) => e.kind === 'sdk.event' && e.name === 'command.result'), { timeout: 10_000 })
    .toMatchObject({ data: { reqId: 'ff-1', ok: false, error: { name: 'NotSupported' } } });
  await page.close();
});
