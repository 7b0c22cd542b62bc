/**
 * Worker and browser life: single-page route changes and the back/forward cache keep capturing into
 * the right page load; ten tabs in calls at once stay separate, lose nothing, stay under the per-tab
 * cap, and are freed (memory and IndexedDB) when closed; a real 60 s Telnyx call with the service
 * worker stopped every 2 s loses no frame and no stats sample.
 */
import { test, expect, type Page, testPages } from '../support/fixture.js';
import type { StoredEvent } from '../../core/capture/events.js';
import type { WsFrame } from '../../core/capture/events.js';
import { DEFAULT_TAB_CAP_BYTES } from '../../core/capture/store.js';
import { type HttpRig } from '../support/rig/http.js';
import { captureUntil, readCapture, readSnapshot, stopServiceWorker, tabIdOf, waitForServiceWorker, type ExtensionHandle } from '../support/rig/extension.js';

const FIXTURES = testPages('reliability');

let http: HttpRig;
test.beforeAll(async ({ rigs }) => {
  http = await rigs.serve({
    mounts: { '/': FIXTURES },
    ws: { '/echo': (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })) },
    // The rig's default no-store keeps pages with sockets out of the back/forward cache.
    headers: { 'cache-control': 'no-cache' },
  });
});

const sent = (evs: StoredEvent[]) => evs.filter((e): e is WsFrame & { doc: string } => e.kind === 'ws.frame' && e.dir === 'sent').map((f) => f.text);
const received = (evs: StoredEvent[]) => evs.filter((e) => e.kind === 'ws.frame' && e.dir === 'received').length;
const labels = (label: string, n: number) => Array.from({ length: n }, (_, i) => `${label} ${i + 1}`);

test.describe('one browser', () => {
  let ext: ExtensionHandle;
  test.beforeAll(async ({ rigs }) => {
    // The back/forward cache on, as real users have it (Playwright turns it off by default).
    ext = await rigs.extension({ bfcache: true });
  });

  type NavWindow = { sendAll(label: string, n: number): Promise<number>; route(p: string): void; restored: number };

  test('single-page route changes stay in one page load; a page restored from the back/forward cache keeps being captured', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${http.url}/nav.html?n=bf`);
    const tabId = await tabIdOf(ext, page);
    await page.evaluate(() => (window as unknown as NavWindow).sendAll('before', 3));
    await page.evaluate(() => (window as unknown as NavWindow).route('/nav.html?route=2'));
    await page.evaluate(() => (window as unknown as NavWindow).sendAll('routed', 3));
    let evs = await captureUntil(ext, tabId, (e) => received(e) === 6, 30_000);
    expect(sent(evs)).toEqual([...labels('before', 3), ...labels('routed', 3)]);
    let snap = await readSnapshot(ext, tabId);
    expect(snap.docs.filter((d) => d.top)).toHaveLength(1);

    // Away and back: the page comes back from the back/forward cache, not reloaded.
    await page.click('#away');
    await page.waitForURL(/away\.html/);
    await page.goBack({ waitUntil: 'commit' });
    await expect.poll(() => page.evaluate(() => (window as unknown as NavWindow).restored)).toBe(1);
    await page.evaluate(() => (window as unknown as NavWindow).sendAll('restored', 3));
    await expect.poll(async () => sent((snap = await readSnapshot(ext, tabId)).events)).toEqual(labels('restored', 3));
    // The restored document is the one the capture knew before it left.
    const top = snap.docs.filter((d) => d.top).at(-1)!;
    expect(snap.events.filter((e) => e.kind === 'ws.frame').every((e) => e.doc === top.docId)).toBe(true);
    expect(snap.dropped.events).toBe(0);
    await page.close();
  });

  test('ten tabs in calls at once: captures stay separate and complete, under the cap, and are freed when the tabs close (IndexedDB too)', async () => {
    test.setTimeout(120_000);
    const TABS = 10;
    const FRAMES = 100;
    const tabs: { page: Page; tabId: number }[] = [];
    for (let i = 0; i < TABS; i++) {
      const page = await ext.context.newPage();
      await page.goto(`${http.url}/tabcall.html?tab=${i}`);
      tabs.push({ page, tabId: await tabIdOf(ext, page) });
    }
    expect(new Set(tabs.map((t) => t.tabId)).size).toBe(TABS);
    const t0 = Date.now();
    await Promise.all(tabs.map((t, i) => t.page.evaluate(({ i, n }) => (window as unknown as { startCall(l: string, n: number, ms: number): Promise<void> }).startCall(`tab${i}`, n, 30), { i, n: FRAMES })));
    await Promise.all(tabs.map((t) => t.page.waitForFunction((n) => (window as unknown as { echoed: number }).echoed === n, FRAMES)));
    const allDocs = new Set<string>();
    let totalBytes = 0;
    for (const [i, t] of tabs.entries()) {
      await captureUntil(ext, t.tabId, (e) => received(e) === FRAMES && e.filter((x) => x.kind === 'pc.stats').length >= 2, 30_000);
      const snap = await readSnapshot(ext, t.tabId);
      expect(sent(snap.events)).toEqual(labels(`tab${i} frame`, FRAMES));
      expect(snap.events.filter((e) => e.kind === 'pc.create')).toHaveLength(2);
      expect(snap.dropped.events).toBe(0);
      const docs = new Set(snap.events.map((e) => e.doc));
      for (const d of docs) expect(allDocs.has(d)).toBe(false);
      for (const d of docs) allDocs.add(d);
      const bytes = JSON.stringify(snap.events).length;
      expect(bytes).toBeLessThan(DEFAULT_TAB_CAP_BYTES);
      totalBytes += bytes;
    }
    console.log(`[reliability] ${TABS} tabs in calls: all captured ${Date.now() - t0} ms after start; ${(totalBytes / 1024).toFixed(0)} KiB stored in all (cap ${DEFAULT_TAB_CAP_BYTES / 1024 / 1024} MiB per tab)`);

    await Promise.all(tabs.map((t) => t.page.close()));
    for (const t of tabs) await expect.poll(async () => (await readCapture(ext, t.tabId)).length).toBe(0);
    // A fresh worker rebuilds from IndexedDB: nothing of the closed tabs may come back.
    await stopServiceWorker(ext);
    await waitForServiceWorker(ext);
    for (const t of tabs) expect(await readCapture(ext, t.tabId)).toHaveLength(0);
  });
});

test('a real 60 s Telnyx call, DTMF every 200 ms, with the service worker stopped every 2 s: every frame the server logged and every stats second is captured', async ({ launchExtension, telnyx }) => {
  test.setTimeout(180_000);
  const CALL_MS = 60_000;
  const srv = telnyx.server;
  const ext = await launchExtension();
  const page = await ext.context.newPage();
  const q = new URLSearchParams({ host: srv.url.replace(/\/$/, ''), login: 'alice', passwd: 'secret-pw', destination: '+15557654321', run: 'life' });
  await page.goto(`${srv.httpUrl}/telnyx/index.html?${q}`);
  await expect(page.locator('#call-state')).toHaveText('active', { timeout: 20_000 });
  const tabId = await tabIdOf(ext, page);
  const conn = srv.connections.at(-1)!.conn;

  // Keep signaling busy for the whole call: a DTMF digit (telnyx_rtc.info and its reply) every 200 ms.
  await page.evaluate(() => {
    const w = window as unknown as { demo: { call: { dtmf(d: string): void } }; dtmfTimer: number };
    w.dtmfTimer = window.setInterval(() => w.demo.call.dtmf('1'), 200);
  });
  const started = Date.now();
  let stops = 0;
  while (Date.now() - started < CALL_MS) {
    const next = started + (stops + 1) * 2000;
    // Waiting on the clock is the point here: a stop every 2 s of call time.
    await page.waitForTimeout(Math.max(0, next - Date.now()));
    await stopServiceWorker(ext);
    stops++;
  }
  await expect(page.locator('#call-state')).toHaveText('active');
  await page.evaluate(() => clearInterval((window as unknown as { dtmfTimer: number }).dtmfTimer));
  await page.click('#hangup');
  await expect(page.locator('#call-state')).toHaveText('destroy');
  await expect(page.locator('#error')).toHaveText('none');

  const server = srv.frames.filter((f) => f.conn === conn);
  expect(server.filter((f) => f.method === 'telnyx_rtc.info').length).toBeGreaterThan(200);
  let events: StoredEvent[] = [];
  await expect
    .poll(async () => {
      events = await readCapture(ext, tabId);
      const ws = events.find((e) => e.kind === 'ws.create' && e.url.startsWith(`ws://127.0.0.1:${srv.port}/`));
      return events.filter((e) => e.kind === 'ws.frame' && e.id === (ws as { id?: string } | undefined)?.id).length;
    }, { timeout: 30_000 })
    .toBe(server.length);
  const ws = events.find((e) => e.kind === 'ws.create' && e.url.startsWith(`ws://127.0.0.1:${srv.port}/`))!;
  const captured = events.filter((e): e is WsFrame & { doc: string } => e.kind === 'ws.frame' && e.id === (ws as { id: string }).id);
  // Each direction in the server's order (a reply and the next send may cross on the wire, so the
  // interleaving of the two directions is not one fixed order).
  for (const [dir, serverDir] of [['sent', 'in'], ['received', 'out']] as const) {
    expect(captured.filter((f) => f.dir === dir).map((f) => f.text)).toEqual(server.filter((f) => f.dir === serverDir).map((f) => f.text));
  }

  // Stats: one sample a second for the whole call, none lost or doubled across the stops.
  const pc = events.find((e) => e.kind === 'pc.create')!;
  const stats = events.filter((e) => e.kind === 'pc.stats' && e.id === (pc as { id: string }).id).map((e) => e.t);
  const gaps = stats.slice(1).map((t, i) => t - stats[i]!);
  expect(new Set(stats).size).toBe(stats.length);
  expect(stats.length).toBeGreaterThanOrEqual(Math.floor(CALL_MS / 1000) - 2);
  expect(Math.max(...gaps)).toBeLessThan(3000);
  const snap = await readSnapshot(ext, tabId);
  expect(snap.dropped.events).toBe(0);
  console.log(`[reliability] 60 s call: ${stops} worker stops; ${captured.length}/${server.length} frames captured; ${stats.length} stats samples, largest gap ${Math.max(...gaps).toFixed(0)} ms; ${snap.events.length} events, 0 dropped`);
});
