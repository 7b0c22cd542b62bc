/**
 * The whole extension in real Firefox ESR: page hook -> bridge -> background event page (IndexedDB)
 * -> panel.html?tabId=N opened as a tab -> "Export diagnostics" -> the bundle valid against the
 * schema -> the standalone viewer opens it. A real @telnyx/webrtc call against the fake server,
 * with a real far end (Chromium) so media flows and stats rise.
 *
 * How the panel is reached (Firefox refuses BiDi navigation to moz-extension:// and window.open of
 * it from web pages): the extension is built into a temp dir with RTC_TEST_HOOKS=1, which lists
 * panel.html as web-accessible, so tests/support/rig/firefox.ts can send a tab there and steer it. The store
 * build lists no page (tests/unit/scripts/package.test.ts checks the zips).
 */
import { test, expect, testPages, type Browser as PwBrowser } from '../support/fixture.js';
import { readdirSync, readFileSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import type { StoredEvent } from '../../core/capture/events.js';
import type { PcStats } from '../../core/capture/events.js';
import { validateBundle } from '../../core/bundle/validate.js';
import { BROWSER_ANSWER_LIMIT_MS } from '../../core/preflight/checks/permissions.js';
import { startHttp, type HttpRig } from '../support/rig/http.js';
import { buildTestExtension, launchFirefox, type FirefoxHandle } from '../support/rig/firefox.js';
import { TEST_BOOT_MESSAGE } from '../../core/messages/versions.js';
import { type TelnyxCallRig } from '../support/rig/telnyx-call.js';
import type { TelnyxServer } from '../support/servers/telnyx.js';
import { demoUrl, startSwCall, unansweredRequests } from '../support/servers/signalwire-e2e.js';

test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);

let dist: ReturnType<typeof buildTestExtension>;
let telnyx: TelnyxCallRig;
let srv: TelnyxServer;
let chromium: PwBrowser;
let ff: FirefoxHandle;
let http: HttpRig;
let bundleDir = '';

test.beforeAll(async ({ rigs }) => {
  test.setTimeout(120_000);
  dist = await rigs.firefoxBuild();
  bundleDir = mkdtempSync(join(tmpdir(), 'rtc-ff-bundles-'));
  telnyx = await rigs.telnyx({ user: { login: 'alice', passwd: 'ff-secret-pw' } });
  srv = telnyx.server;
  chromium = telnyx.browser;
  http = await rigs.serve({ mounts: { '/viewer/': join(dist.pages, 'viewer'), '/bundles/': bundleDir } });
  ff = await rigs.firefox();
});

test.afterAll(async () => {
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

/** Sum of a byte counter over a sample's reports of one type (Firefox and Chromium both have these). */
function bytes(s: PcStats, type: string, field: string): number {
  let n = 0;
  for (const r of Object.values(s.reports)) if (r.type === type && typeof r[field] === 'number') n += r[field] as number;
  return n;
}

/**
 * Clicks a control by role and visible name with a DOM query (BiDi's aria selectors went stale
 * after the panel tab navigated to another tab id).
 */
async function clickByRole(page: Page, role: string, name: string): Promise<void> {
  const selector = role === 'button' ? 'button,[role=button]' : `[role=${role}]`;
  await page.waitForFunction(
    (selector, name) => {
      const el = [...document.querySelectorAll<HTMLElement>(selector)].find((e) => e.textContent?.trim().startsWith(name));
      el?.click();
      return el !== undefined;
    },
    { timeout: 15_000 },
    selector,
    name,
  );
}

async function showTab(panel: Page, name: string): Promise<void> {
  await clickByRole(panel, 'tab', name);
  await panel.waitForFunction((name) => [...document.querySelectorAll('[role=tab]')].some((t) => t.textContent?.trim().startsWith(name) && t.getAttribute('aria-selected') === 'true'), {}, name);
}

test('Firefox: a Telnyx call reaches the panel frame for frame, with stats, gUM and devices; Export diagnostics gives a valid bundle the viewer opens', async () => {
  const page = await ff.browser.newPage();
  const q = new URLSearchParams({ host: srv.url.replace(/\/$/, ''), login: 'alice', passwd: 'ff-secret-pw', destination: '+15557654321', run: 'ff-pipeline' });
  const before = srv.connections.length;
  await page.goto(`${srv.httpUrl}/telnyx/index.html?${q}`);
  await page.waitForFunction(() => (window as unknown as { demo: { pcState(): string } }).demo.pcState() === 'connected', { timeout: 30_000 });
  const callId = await page.evaluate(() => (window as unknown as { demo: { call: { id: string } } }).demo.call.id);
  await srv.hub.waitForState(callId, 'connected');
  const tabId = await ff.tabIdOf(page.url());

  // Keep the call up until the background holds three stats samples with media flowing.
  let snap = await ff.readSnapshot(tabId);
  const statsOf = (evs: StoredEvent[]) => evs.filter((e): e is PcStats & { doc: string } => e.kind === 'pc.stats');
  await expect
    .poll(
      async () => {
        snap = await ff.readSnapshot(tabId);
        return statsOf(snap.events).filter((s) => bytes(s, 'outbound-rtp', 'bytesSent') > 0).length;
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThanOrEqual(3);

  await page.click('#hangup');
  await page.waitForFunction(() => document.getElementById('call-state')!.textContent === 'destroy', { timeout: 15_000 });
  expect(srv.calls.get(callId)).toMatchObject({ state: 'ended', endedBy: 'client' });
  const conn = srv.connections[before]!.conn;
  const serverFrames = srv.frames.filter((f) => f.conn === conn).map((f) => `${f.dir === 'in' ? 'sent' : 'received'} ${f.text}`);

  // Every frame the server logged, in order, with direction, as the background hands it to a panel.
  const prefix = `ws://127.0.0.1:${srv.port}/`;
  const captured = (evs: StoredEvent[]) => {
    const ids = evs.filter((e) => e.kind === 'ws.create' && e.url.startsWith(prefix)).map((e) => (e as { id: string }).id);
    return ids.length === 1 ? evs.filter((e) => e.kind === 'ws.frame' && e.id === ids[0]).map((e) => `${(e as { dir: string }).dir} ${(e as { text?: string }).text}`) : [];
  };
  await expect
    .poll(async () => {
      snap = await ff.readSnapshot(tabId);
      return captured(snap.events).length;
    })
    .toBe(serverFrames.length);
  // Per direction, in order: across directions, frames in flight at once may cross on the wire.
  for (const dir of ['sent', 'received']) {
    expect(captured(snap.events).filter((f) => f.startsWith(`${dir} `)), `${dir} frames`).toEqual(serverFrames.filter((f) => f.startsWith(`${dir} `)));
  }
  expect(serverFrames.length).toBeGreaterThanOrEqual(13);

  // Stats from Firefox's getStats: per peer connection, bytes sent and received rise over time.
  const stats = statsOf(snap.events);
  const pcId = stats[0]!.id;
  const mine = stats.filter((s) => s.id === pcId);
  expect(mine.length).toBeGreaterThanOrEqual(3);
  const sent = mine.map((s) => bytes(s, 'outbound-rtp', 'bytesSent'));
  const received = mine.map((s) => bytes(s, 'inbound-rtp', 'bytesReceived'));
  expect(sent.at(-1)!).toBeGreaterThan(sent[0]!);
  expect(received.at(-1)!).toBeGreaterThan(received[0]!);
  expect([...sent].sort((a, b) => a - b)).toEqual(sent);

  // getUserMedia and the device list (Firefox's fake devices).
  const gum = snap.events.filter((e) => e.kind === 'media.gum.result');
  expect(gum.length).toBeGreaterThanOrEqual(1);
  expect(JSON.stringify(gum[0])).toContain('audio');
  const devices = snap.events.filter((e) => e.kind === 'media.devices');
  expect(devices.length).toBeGreaterThanOrEqual(1);
  expect(JSON.stringify(devices.at(-1))).toContain('audioinput');
  // The live capture keeps frames as sent (a developer debugging login needs them); redaction
  // happens when a bundle leaves the browser, checked on the export below.

  // The panel, as a tab for this tabId, shows the socket and the peer connection.
  const panel = await ff.openPanel(tabId);
  await panel.waitForFunction((prefix) => [...document.querySelectorAll('tr[data-socket]')].some((r) => r.textContent?.includes(prefix.replace('ws://', ''))), { timeout: 15_000 }, prefix);
  await panel.waitForFunction(() => /[3-9] samples|\d\d samples/.test(document.querySelector('tr[data-pc]')?.textContent ?? ''), { timeout: 15_000 });
  await showTab(panel, 'Signaling');
  await panel.waitForFunction((n) => document.querySelectorAll('[role=listbox][aria-label="Frames"] [role=option]').length === n, { timeout: 15_000 }, serverFrames.length);

  // Media: Firefox's stats chart, and the charts an audio-only call cannot have say why.
  await showTab(panel, 'Media');
  await panel.waitForFunction(() => document.querySelector('figure[data-chart="bitrate"]') !== null, { timeout: 15_000 });
  await panel.waitForFunction(() => (document.querySelector('[aria-label="Unavailable charts"]')?.textContent ?? '').includes('No video in this connection'), { timeout: 15_000 });
  await showTab(panel, 'Overview');

  // Export diagnostics: Firefox saves the file to the profile's download dir.
  await clickByRole(panel, 'button', 'Export diagnostics');
  let file = '';
  await expect
    .poll(() => {
      file = readdirSync(ff.downloadDir).find((f) => /^rtc-diagnostics-127\.0\.0\.1-\d+-\d{8}-\d{6}\.json$/.test(f)) ?? '';
      if (!file) return false;
      try {
        JSON.parse(readFileSync(join(ff.downloadDir, file), 'utf8'));
        return true;
      } catch {
        return false; // still being written
      }
    })
    .toBe(true);
  const text = readFileSync(join(ff.downloadDir, file), 'utf8');
  const b = JSON.parse(text);
  expect(validateBundle(b)).toEqual([]);
  expect(text).not.toContain('ff-secret-pw');
  expect(b.environment.userAgent).toContain('Firefox');
  const sock = b.sockets.find((s: { url: string }) => s.url.startsWith(prefix));
  expect(sock.frames).toHaveLength(serverFrames.length);
  expect(sock.frames.filter((f: { dir: string }) => f.dir === 'sent')).toHaveLength(serverFrames.filter((f) => f.startsWith('sent ')).length);
  expect(b.peerConnections.some((p: { stats: { count: number } }) => p.stats.count >= 3)).toBe(true);
  expect(b.media.getUserMedia.length).toBeGreaterThanOrEqual(1);
  expect(b.media.devices.length).toBeGreaterThan(0);

  // The standalone viewer (same build) opens the exported bundle from a static server.
  writeFileSync(join(bundleDir, file), text);
  const viewer = await ff.browser.newPage();
  await viewer.goto(`${http.url}/viewer/index.html?src=${encodeURIComponent(`/bundles/${file}`)}`);
  await viewer.waitForFunction((prefix) => [...document.querySelectorAll('tr[data-socket]')].some((r) => r.textContent?.includes(prefix.replace('ws://', ''))), { timeout: 15_000 }, prefix);
  await viewer.waitForFunction(() => document.querySelectorAll('tr[data-pc]').length >= 1, { timeout: 15_000 });
  await showTab(viewer, 'Signaling');
  await viewer.waitForFunction((n) => document.querySelectorAll('[role=listbox][aria-label="Frames"] [role=option]').length === n, { timeout: 15_000 }, serverFrames.length);
  await viewer.close();
  await page.close();
});

/** The demo page's call status, as its #id element shows it. */
const shown = (page: Page, id: string) => page.evaluate((id) => document.getElementById(id)?.textContent ?? '', id);

test('Firefox: a SignalWire 3.x Video call reaches the panel frame for frame, with rising stats, gUM and devices', async ({ signalwire: rig }) => {
  // No server pings: the frame count must be stable once the call is over.
  const call = await startSwCall(rig, chromium, { pingIntervalMs: null });
  const page = await ff.browser.newPage();
  try {
    await page.goto(demoUrl(rig, 'v3', call.server, { client: 'video', run: `ff-${Date.now()}` }));
    await page.click('#dial');
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'in-call', { timeout: 20_000 });
    await page.waitForFunction(() => /^(connected|completed)$/.test(document.getElementById('ice')?.textContent ?? ''), { timeout: 15_000 });
    const tabId = await ff.tabIdOf(page.url());

    const statsOf = (evs: StoredEvent[]) => evs.filter((e): e is PcStats & { doc: string } => e.kind === 'pc.stats');
    await expect
      .poll(async () => {
        const samples = statsOf((await ff.readSnapshot(tabId)).events).filter((s) => bytes(s, 'outbound-rtp', 'bytesSent') > 0);
        return samples.length >= 3 && bytes(samples.at(-1)!, 'outbound-rtp', 'bytesSent') > bytes(samples[0]!, 'outbound-rtp', 'bytesSent');
      }, { timeout: 20_000 })
      .toBe(true);

    await page.click('#hangup');
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'hungup', { timeout: 10_000 });
    expect(await shown(page, 'error')).toBe('none');
    await call.server.waitForFrame((f) => f.verto === 'verto.bye' && f.dir === 'sent');
    await expect.poll(() => unansweredRequests(call.server.frames), { timeout: 5000 }).toEqual([]);
    const relay = () => call.server.frames.filter((f) => f.conn === 1).map((f) => `${f.dir} ${f.text}`);

    let events: StoredEvent[] = [];
    const captured = () => {
      const ids = new Set(events.filter((e) => e.kind === 'ws.create' && e.url.startsWith(call.server.url)).map((e) => (e as { id: string }).id));
      return events.filter((e) => e.kind === 'ws.frame' && ids.has(e.id)).map((e) => `${(e as { dir: string }).dir} ${(e as { text?: string }).text}`);
    };
    await expect
      .poll(async () => {
        events = (await ff.readSnapshot(tabId)).events;
        return captured();
      }, { timeout: 10_000 })
      .toHaveLength(relay().length);
    const frames = captured();
    // Per direction, in order: across directions, frames in flight at once may cross on the wire.
    for (const dir of ['sent', 'received']) {
      expect(frames.filter((f) => f.startsWith(`${dir} `)), `${dir} frames`).toEqual(relay().filter((f) => f.startsWith(`${dir} `)));
    }
    const at = (m: string) => frames.findIndex((f) => f.includes(`"method":"${m}"`));
    const order = ['signalwire.connect', 'verto.invite', 'verto.answer', 'verto.bye'].map(at);
    expect(order.every((i) => i >= 0), `landmarks ${order}`).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    const gum = events.filter((e) => e.kind === 'media.gum.result' && e.ok);
    expect(gum.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(events.filter((e) => e.kind === 'media.devices'))).toContain('audioinput');
    const received = statsOf(events).map((s) => bytes(s, 'inbound-rtp', 'bytesReceived'));
    expect(received.at(-1)!).toBeGreaterThan(received[0]!);

    // The panel as a tab for this call's tab lists every frame too.
    const panel = await ff.openPanel(tabId);
    await showTab(panel, 'Signaling');
    await panel.waitForFunction((n) => document.querySelectorAll('[role=listbox][aria-label="Frames"] [role=option]').length === n, { timeout: 15_000 }, frames.length);
    console.log(`[Firefox SignalWire 3.x] frames captured=${frames.length} relay=${relay().length}; stats samples=${statsOf(events).length}; gUM ok=${gum.length}`);
  } finally {
    await page.close();
    await call.close();
  }
});

test('Firefox: the panel tab runs the preflight and Export diagnostics carries its result', async () => {
  const page = await ff.browser.newPage();
  await page.goto(`${http.url}/viewer/index.html?preflight=${Date.now()}`);
  const tabId = await ff.tabIdOf(page.url());
  const panel = await ff.openPanel(tabId);
  // Firefox holds getUserMedia of a background tab until it is shown; a user clicking Run is
  // looking at the panel, so the test shows it too (the page opened after it took the front).
  await panel.bringToFront();
  await showTab(panel, 'Preflight');
  await clickByRole(panel, 'button', 'Run preflight');
  // The checks run in the inspected page, and Firefox holds getUserMedia in a hidden tab: the
  // panel says to switch to it, as a user would. Poll on a timer, not rAF: the panel is now hidden.
  await page.bringToFront();
  await panel.waitForFunction(() => [...document.querySelectorAll('[role=status]')].some((e) => /^(pass|warn|fail) /.test(e.textContent?.trim() ?? '')), { timeout: 60_000, polling: 250 });
  const checks = await panel.evaluate(() => [...document.querySelectorAll('li[data-check]')].map((li) => `${li.getAttribute('data-check')}=${li.getAttribute('data-state')}`));
  console.log(`[Firefox panel preflight] ${checks.join(' ')}`);
  expect(checks.length).toBeGreaterThan(3);
  expect(checks.every((c) => /=(pass|warn|fail|skip)$/.test(c))).toBe(true);
  // The loopback call runs in the page's content script, where getStats is an Xray-wrapped page
  // object: it must measure a real call there, as in Chromium, and the direct path must name its pair.
  expect(checks).toContain('quality=pass');
  const details = await panel.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll('li[data-check]')].map((li) => [li.getAttribute('data-check'), li.querySelector('pre')?.textContent ?? ''])),
  );
  const quality = JSON.parse(details.quality!) as { media: string; up: { receiveKbps: number; fps: number }; down: { receiveKbps: number }; mos: number };
  expect(quality.media).toBe('devices');
  expect(quality.up.receiveKbps).toBeGreaterThan(0);
  expect(quality.down.receiveKbps).toBeGreaterThan(0);
  expect(quality.up.fps).toBeGreaterThan(5);
  expect(quality.mos).toBeGreaterThan(4);
  expect(JSON.parse(details.connectivity!).direct).toMatchObject({ ok: true, localType: 'host' });

  const before = new Set(readdirSync(ff.downloadDir));
  await clickByRole(panel, 'button', 'Export diagnostics');
  let b: { preflight?: { checks: { id: string; status: string }[] } } | undefined;
  await expect
    .poll(() => {
      const file = readdirSync(ff.downloadDir).find((f) => !before.has(f) && f.endsWith('.json'));
      if (!file) return false;
      try {
        b = JSON.parse(readFileSync(join(ff.downloadDir, file), 'utf8'));
        return true;
      } catch {
        return false;
      }
    })
    .toBe(true);
  expect(validateBundle(b)).toEqual([]);
  expect(b!.preflight!.checks.length).toBe(checks.length);
  expect(b!.preflight!.checks.find((c) => c.id === 'quality')?.status).toBe('pass');
  await page.close();
});

test('Firefox: the panel preflight of a hidden tab stops waiting for the browser, says why, and finishes', async () => {
  const page = await ff.browser.newPage();
  await page.goto(`${http.url}/viewer/index.html?hidden-preflight=${Date.now()}`);
  const tabId = await ff.tabIdOf(page.url());
  const panel = await ff.openPanel(tabId);
  // The panel stays in front for the whole run: the inspected tab is never shown, and Firefox
  // holds its camera, microphone and device-list requests.
  await panel.bringToFront();
  await showTab(panel, 'Preflight');
  const t0 = Date.now();
  await clickByRole(panel, 'button', 'Run preflight');
  await panel.waitForFunction(() => /background tab/.test(document.querySelector('li[data-check=permissions] .note')?.textContent ?? ''), { timeout: 15_000 });
  await panel.waitForFunction(() => [...document.querySelectorAll('[role=status]')].some((e) => /^(pass|warn|fail) /.test(e.textContent?.trim() ?? '')), { timeout: 60_000, polling: 250 });
  const took = Date.now() - t0;
  const rows: Record<string, { state: string | null; summary: string }> = await panel.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll('li[data-check]')].map((li) => [li.getAttribute('data-check'), { state: li.getAttribute('data-state'), summary: li.querySelector('.summary')?.textContent ?? '' }])),
  );
  console.log(`[Firefox hidden-tab preflight] ${took} ms; ${Object.entries(rows).map(([id, r]) => `${id}=${r.state}`).join(' ')}`);
  expect(rows.permissions).toMatchObject({ state: 'warn', summary: expect.stringMatching(/did not answer .*the tab may be hidden or a permission prompt is still open/) });
  for (const id of ['microphone', 'camera', 'capabilities', 'speakers']) expect(rows[id], id).toMatchObject({ state: 'skip', summary: expect.stringMatching(/did not answer/) });
  // The network part still ran, with drawn media instead of the held devices.
  expect(rows.quality?.state).toBe('pass');
  expect(took).toBeGreaterThanOrEqual(BROWSER_ANSWER_LIMIT_MS);
  expect(took).toBeLessThan(BROWSER_ANSWER_LIMIT_MS + 20_000);
  await page.close();
});

test('Firefox: a page that replaces every built-in method never has its replacements called by the capture code', async () => {
  const site = await startHttp({ mounts: { '/': testPages('reliability') } });
  site.addWs('/echo', (sock) => sock.on('message', (d, isBinary) => sock.send(d, { binary: isBinary })));
  const page = await ff.browser.newPage();
  try {
    await page.goto(`${site.url}/builtins.html?ff=1`);
    expect(await page.evaluate(() => (window as unknown as { run(): Promise<string> }).run())).toBe('done');
    const tabId = await ff.tabIdOf(page.url());
    // Stats sampling runs on the hook's own timer while the connection is open.
    await expect.poll(async () => (await ff.readSnapshot(tabId)).events.some((e) => e.kind === 'pc.stats'), { timeout: 30_000 }).toBe(true);
    await page.evaluate(() => (window as unknown as { hangUp(): void }).hangUp());
    let events: StoredEvent[] = [];
    await expect
      .poll(async () => {
        events = (await ff.readSnapshot(tabId)).events;
        return events.filter((e) => e.kind === 'ws.frame').length >= 8 && events.some((e) => e.kind === 'pc.result' && e.method === 'close');
      }, { timeout: 30_000 })
      .toBe(true);
    expect([...new Set(await page.evaluate(() => (window as unknown as { extensionCalls: string[] }).extensionCalls))]).toEqual([]);
    const sent = events.filter((e) => e.kind === 'ws.frame' && e.dir === 'sent').map((e) => (e as { text?: string }).text);
    expect(sent).toEqual(['{"jsonrpc":"2.0","id":1,"method":"login","params":{"a":[1,2]}}', 'plain text', undefined, 'caf\u00e9 \u{1F600}']);
  } finally {
    await page.close();
    await site.close();
  }
});

test('Firefox unloads the idle event page; the capture survives in IndexedDB and the bridge goes on after the restart', async () => {
  // Firefox's own idle unload, made fast: 1 s instead of 30 s.
  const ff2 = await launchFirefox({ extensionDir: dist.firefox, prefs: { 'extensions.background.idle.timeout': 1000 } });
  const echo = await startHttp({});
  echo.addWs('/echo', (sock) => sock.on('message', (d) => sock.send(String(d))));
  echo.addRoute((req, res) => {
    if (!req.url?.startsWith('/page')) return false;
    res.writeHead(200, { 'content-type': 'text/html' }).end(
      `<!doctype html><script>window.ws=new WebSocket('${echo.wsUrl}/echo');window.got=0;ws.onmessage=()=>window.got++;ws.onopen=()=>{ws.send('before-1');ws.send('before-2')}</script>`,
    );
    return true;
  });
  try {
    const ext = await ff2.extensionPage();
    const boot = () => ext.evaluate((type) => browser.runtime.sendMessage({ type }), TEST_BOOT_MESSAGE) as Promise<string>;
    const page = await ff2.browser.newPage();
    await page.goto(`${echo.url}/page?restart=1`);
    await page.waitForFunction(() => (window as unknown as { got: number }).got === 2);
    const tabId = await ff2.tabIdOf(page.url());
    const texts = async () => (await ff2.readSnapshot(tabId)).events.filter((e) => e.kind === 'ws.frame').map((e) => `${(e as { dir: string }).dir} ${(e as { text?: string }).text}`);
    await expect.poll(texts).toHaveLength(4);
    const first = await boot();

    // Leave it idle: asking every 3 s lets the 1 s timer run out in between.
    await expect.poll(boot, { intervals: [3000], timeout: 30_000 }).not.toBe(first);
    // The new instance starts empty in memory: what it serves comes from IndexedDB.
    const restored = await texts();
    expect(restored.filter((f) => f.startsWith('sent '))).toEqual(['sent before-1', 'sent before-2']);
    expect(restored.filter((f) => f.startsWith('received '))).toEqual(['received before-1', 'received before-2']);

    // The page's bridge reconnects to the new instance and keeps relaying.
    await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send('after-1'));
    await expect.poll(texts).toEqual([...restored, 'sent after-1', 'received after-1']);
    await page.close();
  } finally {
    await ff2.close();
    await echo.close();
  }
});

/** The `browser` namespace of Firefox extension pages, for the snippets evaluated in them. */
declare const browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } };
