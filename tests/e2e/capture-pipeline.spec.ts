/**
 * The capture pipeline end to end, in real Chromium with the built extension: page hook -> bridge ->
 * service worker -> what a panel reads. Plain test pages (tests/fixtures/pages/pipeline) are served
 * with a WebSocket echo server on a free loopback port.
 */
import { test, expect, type Page, testPages } from '../support/fixture.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredEvent } from '../../core/capture/events.js';
import type { WsFrame, PcStats } from '../../core/capture/events.js';
import {
  captureUntil,
  openRealDevtoolsPanel,
  panelRequest,
  REAL_DEVTOOLS_ARGS,
  readCapture,
  readSnapshot,
  stopServiceWorker,
  tabIdOf,
  waitForServiceWorker,
  type ExtensionHandle,
} from '../support/rig/extension.js';

const FIXTURES = testPages('pipeline');

let base = '';
/** Frames the echo server received, per connection, in arrival order. */
let serverLog: string[][] = [];

test.beforeAll(async ({ rigs }) => {
  const http = await rigs.serve({
    ws: {
      '/echo': (sock) => {
        const log: string[] = [];
        serverLog.push(log);
        sock.on('message', (data, isBinary) => {
          log.push(isBinary ? `bin:${(data as Buffer).length}` : data.toString());
          sock.send(data, { binary: isBinary });
        });
      },
    },
  });
  // Only the test pages themselves, by plain name: anything else is a 404.
  http.addRoute((req, res) => {
    const name = new URL(req.url ?? '/', 'http://x').pathname.slice(1);
    if (!/^[a-z]+\.html$/.test(name)) {
      res.writeHead(404).end();
      return true;
    }
    try {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(join(FIXTURES, name)));
    } catch {
      res.writeHead(404).end();
    }
    return true;
  });
  base = http.url;
});

let uniq = 0;
/** Every page gets a unique URL, so tabIdOf finds exactly one tab. */
async function open(ext: ExtensionHandle, fixture: string): Promise<{ page: Page; tabId: number }> {
  const page = await ext.context.newPage();
  await page.goto(`${base}/${fixture}?n=${++uniq}`);
  return { page, tabId: await tabIdOf(ext, page) };
}

/** Polls the capture (as a panel reads it) until `done` holds. */
const framesOf = (evs: StoredEvent[], id: string) => evs.filter((e): e is WsFrame & { doc: string } => e.kind === 'ws.frame' && e.id === id);

test.describe('with the extension', () => {
  let ext: ExtensionHandle;
  test.beforeAll(async ({ rigs }) => {
    ext = await rigs.extension();
  });

  test('every WebSocket frame is captured once, in order, with direction, size and payload', async () => {
    const { page, tabId } = await open(ext, 'ws.html');
    const names = await page.evaluate(() => (window as unknown as { runFrames(n: number): Promise<string[]> }).runFrames(300_000));
    await page.waitForFunction(() => {
      const r = (window as unknown as { received: Record<string, unknown[]> }).received;
      return ['onmessage', 'listener', 'both', 'both-listener'].every((k) => r[k]?.length === 6);
    });
    const sockets = names.length;
    const events = await captureUntil(ext, tabId, (evs) => evs.filter((e) => e.kind === 'ws.frame' && e.dir === 'received').length >= sockets * 6);
    const creates = events.filter((e) => e.kind === 'ws.create');
    expect(creates).toHaveLength(sockets);
    expect(events.filter((e) => e.kind === 'ws.open')).toHaveLength(sockets);

    const expected = [
      { size: 5, binary: false, text: 'hello' },
      { size: 15, binary: false, text: 'héllo € 😀' },
      { size: 5, binary: true, preview: '00 01 02 fe ff' },
      { size: 12, binary: true, preview: '09 08 07 06 05 04 03 02 01 00 0a 0b' },
      { size: 300_000, binary: false, truncated: true },
      { size: 40, binary: false, text: '{"jsonrpc":"2.0","id":1,"method":"ping"}' },
    ];
    for (const create of creates) {
      const frames = framesOf(events, create.id);
      for (const dir of ['sent', 'received'] as const) {
        const got = frames.filter((f) => f.dir === dir);
        expect(got.map((f) => ({ size: f.size, binary: f.binary, ...(f.text !== undefined && !f.truncated ? { text: f.text } : {}), ...(f.preview ? { preview: f.preview } : {}), ...(f.truncated ? { truncated: true } : {}) }))).toEqual(expected);
        const big = got[4]!;
        expect(big.text).toHaveLength(256 * 1024);
      }
      // Each echo is captured after the send that caused it, and time never goes backwards.
      const ts = frames.map((f) => f.t);
      expect([...ts].sort((a, b) => a - b)).toEqual(ts);
    }
    // Ids are unique within the tab: prefixed by the document's random id.
    expect(new Set(creates.map((c) => c.id)).size).toBe(sockets);
    expect(creates.every((c) => c.id.startsWith(`${c.doc}:ws-`))).toBe(true);
    await page.close();
  });

  test('two peer connections on loopback: calls, events, stats rising every second, gUM and devices; TURN secrets never stored', async () => {
    const { page, tabId } = await open(ext, 'rtc.html');
    const r = await page.evaluate(() => (window as unknown as { runCall(u: string): Promise<{ devices: number; tracks: number; failed: string; legacyType: string }> }).runCall('turn:127.0.0.1:9?transport=udp'));
    expect(r.tracks).toBe(2);
    const events = await captureUntil(ext, tabId, (evs) => {
      const stats = evs.filter((e): e is PcStats & { doc: string } => e.kind === 'pc.stats');
      return new Set(stats.map((s) => s.id)).size >= 2 && stats.filter((s) => s.id === stats[0]!.id).length >= 3;
    });
    const creates = events.filter((e) => e.kind === 'pc.create');
    expect(creates).toHaveLength(3);
    const a = creates[0]!.id;
    // Legacy callback form: the page still gets its offer, and the capture has it too.
    expect(r.legacyType).toBe('offer');
    expect(events.find((e) => e.kind === 'pc.result' && e.id === creates[2]!.id && e.method === 'createOffer')).toMatchObject({ ok: true, value: { type: 'offer' } });

    const json = JSON.stringify(events);
    expect(json).not.toContain('secret-pass-123');
    expect(json).not.toContain('secret-user');
    expect(JSON.stringify(creates[0])).toContain('turn:127.0.0.1:9');

    const calls = events.filter((e) => e.kind === 'pc.call' && e.id === a).map((e) => (e as { method: string }).method);
    expect(calls).toEqual(expect.arrayContaining(['addTrack', 'createDataChannel', 'createOffer', 'setLocalDescription', 'setRemoteDescription', 'addIceCandidate']));
    const offer = events.find((e) => e.kind === 'pc.result' && e.id === a && e.method === 'createOffer');
    expect(offer).toMatchObject({ ok: true, value: { type: 'offer' } });
    expect(JSON.stringify(offer)).toContain('m=audio');
    const failed = events.find((e) => e.kind === 'pc.result' && e.ok === false && e.method === 'setRemoteDescription');
    expect(failed).toMatchObject({ value: { name: r.failed } });
    expect((failed as { durationMs: number }).durationMs).toBeGreaterThanOrEqual(0);

    const states = events.filter((e) => e.kind === 'pc.event' && e.id === a && e.type === 'connectionstatechange').map((e) => (e as unknown as { data: { state: string } }).data.state);
    expect(states).toContain('connected');
    expect(events.some((e) => e.kind === 'pc.event' && e.id === a && e.type === 'icecandidate')).toBe(true);
    expect(events.some((e) => e.kind === 'pc.event' && e.id !== a && e.type === 'track')).toBe(true);

    // Stats: one sample a second with the audio/video bytes sent rising.
    const statsA = events.filter((e): e is PcStats & { doc: string } => e.kind === 'pc.stats' && e.id === a);
    const bytesSent = statsA.map((s) => Object.values(s.reports).filter((x) => x.type === 'outbound-rtp').reduce((n, x) => n + Number(x.bytesSent ?? 0), 0));
    expect(bytesSent.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < bytesSent.length; i++) expect(bytesSent[i]!).toBeGreaterThan(bytesSent[i - 1]!);
    // One sample a second on average (single gaps stretch and shrink when the machine is busy).
    const meanGap = (statsA.at(-1)!.t - statsA[0]!.t) / (statsA.length - 1);
    expect(meanGap).toBeGreaterThan(700);
    expect(meanGap).toBeLessThan(2000);

    // Media: the request and its tracks, the device list, the permission state.
    const gum = events.find((e) => e.kind === 'media.gum');
    expect(gum).toMatchObject({ api: 'getUserMedia', constraints: { audio: true, video: { width: 320, height: 240 } } });
    const gumResult = events.find((e) => e.kind === 'media.gum.result');
    expect(gumResult).toMatchObject({ ok: true, id: (gum as { id: string }).id });
    expect((gumResult as { tracks: { kind: string }[] }).tracks.map((t) => t.kind).sort()).toEqual(['audio', 'video']);
    const devices = events.find((e) => e.kind === 'media.devices');
    expect((devices as { devices: unknown[] }).devices).toHaveLength(r.devices);
    await expect.poll(async () => (await readCapture(ext, tabId)).filter((e) => e.kind === 'media.permission').map((e) => (e as { name: string }).name).sort()).toEqual(['camera', 'microphone']);

    // After close the sampling stops.
    await page.evaluate(() => (window as unknown as { hangUp(): void }).hangUp());
    const afterClose = await captureUntil(ext, tabId, (evs) => evs.some((e) => e.kind === 'pc.result' && e.method === 'close' && e.id === a));
    const closeT = afterClose.find((e) => e.kind === 'pc.result' && e.method === 'close' && e.id === a)!.t;
    await page.waitForTimeout(2500); // observing an absence: two missed sampling periods
    const late = (await readCapture(ext, tabId)).filter((e) => e.kind === 'pc.stats' && e.id === a && e.t > closeT + 100);
    expect(late).toHaveLength(0);
    await page.close();
  });

  test("a second tab's capture stays separate, and a closed tab's is forgotten", async () => {
    const one = await open(ext, 'stream.html');
    const two = await open(ext, 'stream.html');
    expect(one.tabId).not.toBe(two.tabId);
    await one.page.evaluate(() => (window as unknown as { startStream(n: number, ms: number): Promise<number> }).startStream(3, 10));
    await two.page.evaluate(() => (window as unknown as { startStream(n: number, ms: number): Promise<number> }).startStream(5, 10));
    const a = await captureUntil(ext, one.tabId, (evs) => evs.filter((e) => e.kind === 'ws.frame').length >= 6);
    const b = await captureUntil(ext, two.tabId, (evs) => evs.filter((e) => e.kind === 'ws.frame').length >= 10);
    expect(a.filter((e) => e.kind === 'ws.frame')).toHaveLength(6);
    expect(b.filter((e) => e.kind === 'ws.frame')).toHaveLength(10);
    const docsA = new Set(a.map((e) => e.doc));
    expect(b.some((e) => docsA.has(e.doc))).toBe(false);
    // A closed tab is forgotten, stored data included; the other tab keeps its capture.
    await one.page.close();
    await expect.poll(async () => (await readCapture(ext, one.tabId)).length).toBe(0);
    expect((await readCapture(ext, two.tabId)).filter((e) => e.kind === 'ws.frame')).toHaveLength(10);
    await two.page.close();
  });

  test('stopping the service worker mid-stream, three times, loses no frame and duplicates none', async () => {
    const { page, tabId } = await open(ext, 'stream.html');
    const count = 120;
    const streaming = page.evaluate((n) => (window as unknown as { startStream(n: number, ms: number): Promise<number> }).startStream(n, 20), count);
    for (let i = 1; i <= 3; i++) {
      await page.waitForFunction((k) => (window as unknown as { echoed: number }).echoed >= k, i * 30);
      await stopServiceWorker(ext);
    }
    await streaming;
    await page.waitForFunction((n) => (window as unknown as { echoed: number }).echoed === n, count);
    await waitForServiceWorker(ext);
    const events = await captureUntil(ext, tabId, (evs) => evs.filter((e) => e.kind === 'ws.frame').length >= 2 * count);
    const frames = events.filter((e): e is WsFrame & { doc: string } => e.kind === 'ws.frame');
    const want = Array.from({ length: count }, (_, i) => `frame ${i + 1}`);
    expect(frames.filter((f) => f.dir === 'sent').map((f) => f.text)).toEqual(want);
    expect(frames.filter((f) => f.dir === 'received').map((f) => f.text)).toEqual(want);
    await page.close();
  });

  test('forged and malformed batches from the page are dropped and counted, the real capture goes on', async () => {
    const { page, tabId } = await open(ext, 'stream.html');
    await page.evaluate(() => {
      const src = 'rtc-devtools-hook';
      window.postMessage({ source: src, v: 99, docId: 'x', seq: 1, events: [] }, '*');
      window.postMessage({ source: src, v: 1, docId: 'forged', seq: 1, events: [{ kind: 'ws.create', t: 1, id: 'evil', url: 'x', protocols: [] }] }, '*');
      window.postMessage({ source: src, v: 1, docId: 'bad id with spaces', seq: 1, events: [] }, '*');
      window.postMessage({ source: src, v: 1, docId: 'huge', seq: 2, events: [{ kind: 'hook.notice', t: 1, level: 'info', code: 'x', message: 'y'.repeat(9 * 1024 * 1024) }] }, '*');
      window.postMessage({ source: src, v: 1, docId: null, seq: 'a', events: 'no' }, '*');
      window.postMessage({ source: src }, '*');
      // Today's envelope: a made-up docId, a lying count, events that are not JSON text.
      const evil = JSON.stringify([{ kind: 'ws.create', t: 1, id: 'evil', url: 'x', protocols: [] }]);
      window.postMessage({ source: src, v: 2, docId: 'forged', seq: 5, n: 1, json: evil }, '*');
      window.postMessage({ source: src, v: 2, docId: 'forged', seq: 6, n: -4, json: evil }, '*');
      window.postMessage({ source: src, v: 2, docId: 'forged', seq: 7, n: 1, json: [{ kind: 'ws.error', t: 1, id: 'evil' }] }, '*');
    });
    await page.evaluate(() => (window as unknown as { startStream(n: number, ms: number): Promise<number> }).startStream(4, 10));
    const events = await captureUntil(ext, tabId, (evs) => evs.filter((e) => e.kind === 'ws.frame').length >= 8);
    expect(events.some((e) => 'id' in e && e.id === 'evil')).toBe(false);
    const snap = await readSnapshot(ext, tabId);
    // Nine envelopes, each counted at least once (the v1 one with its event, the v2 ones by their count).
    expect(snap.dropped.byKind.invalid ?? 0).toBeGreaterThanOrEqual(9);
    expect(new Set(snap.events.map((e) => e.doc)).size).toBe(1);
    await page.close();
  });

  test('a reload starts a new page load; with preserve-log the previous one is kept', async () => {
    const { page, tabId } = await open(ext, 'stream.html');
    await page.evaluate(() => (window as unknown as { startStream(n: number, ms: number): Promise<number> }).startStream(2, 10));
    await captureUntil(ext, tabId, (evs) => evs.filter((e) => e.kind === 'ws.frame').length >= 4);
    await page.reload();
    await page.evaluate(() => (window as unknown as { startStream(n: number, ms: number): Promise<number> }).startStream(1, 10));
    let snap = await readSnapshot(ext, tabId);
    await expect.poll(async () => (snap = await readSnapshot(ext, tabId)).events.filter((e) => e.kind === 'ws.frame').length).toBe(2);
    expect(snap.docs.filter((d) => d.top)).toHaveLength(1);

    await panelRequest(ext, { type: 'preserve-log', preserve: true }, tabId);
    await page.reload();
    await page.evaluate(() => (window as unknown as { startStream(n: number, ms: number): Promise<number> }).startStream(1, 10));
    await expect.poll(async () => (snap = await readSnapshot(ext, tabId)).events.filter((e) => e.kind === 'ws.frame').length).toBe(4);
    expect(snap.preserveLog).toBe(true);
    expect(new Set(snap.docs.filter((d) => d.top).map((d) => d.loadId)).size).toBe(2);
    await page.close();
  });

  // Playwright's Chromium runs with the back/forward cache off, so this covers the reload-on-back
  // path; the cached-document path (hello again from a retired docId) is covered in store.test.ts.
  test('going back to a page makes it the current load again, and it keeps capturing', async () => {
    const { page, tabId } = await open(ext, 'stream.html');
    const first = page.url();
    await page.evaluate(() => {
      (window as unknown as { restored: boolean }).restored = false;
      addEventListener('pageshow', (e) => ((window as unknown as { restored: boolean }).restored = (e as PageTransitionEvent).persisted));
    });
    await page.goto(`${base}/ws.html?n=${++uniq}`);
    await page.goBack();
    expect(page.url()).toBe(first);
    const restored = await page.evaluate(() => (window as unknown as { restored: boolean }).restored);
    await page.evaluate(() => (window as unknown as { startStream(n: number, ms: number): Promise<number> }).startStream(2, 10));
    const snap = await expect
      .poll(async () => (await readSnapshot(ext, tabId)).events.filter((e) => e.kind === 'ws.frame').length)
      .toBe(4)
      .then(() => readSnapshot(ext, tabId));
    // Only the restored page's load is shown (the page we went back from was discarded).
    expect(new Set(snap.events.map((e) => e.doc)).size).toBe(1);
    expect(snap.docs.filter((d) => d.top).at(-1)?.url).toBe(first);
    test.info().annotations.push({ type: 'bfcache', description: restored ? 'restored from bfcache' : 'reloaded (not from bfcache)' });
    await page.close();
  });

  test('a socket made with a constructor taken from a fresh about:blank iframe is captured too', async () => {
    const { page, tabId } = await open(ext, 'iframe.html');
    expect(await page.evaluate(() => (window as unknown as { runIframe(): Promise<string> }).runIframe())).toBe('from-iframe-constructor');
    const events = await captureUntil(ext, tabId, (evs) => evs.filter((e) => e.kind === 'ws.frame').length >= 2);
    expect(events.filter((e) => e.kind === 'ws.frame').map((e) => [(e as WsFrame).dir, (e as WsFrame).text])).toEqual([
      ['sent', 'from-iframe-constructor'],
      ['received', 'from-iframe-constructor'],
    ]);
    const snap = await readSnapshot(ext, tabId);
    const frameDoc = snap.docs.find((d) => !d.top);
    expect(frameDoc?.url).toBe('about:blank');
    expect(events.every((e) => e.doc === frameDoc?.docId)).toBe(true);
    await page.close();
  });

  test('a page that starts a worker is told its sockets there are not captured', async () => {
    const { page, tabId } = await open(ext, 'compat.html');
    await page.evaluate(() => new Worker(URL.createObjectURL(new Blob(['1'], { type: 'text/javascript' }))));
    const events = await captureUntil(ext, tabId, (evs) => evs.some((e) => e.kind === 'hook.notice'));
    expect(events.find((e) => e.kind === 'hook.notice')).toMatchObject({ code: 'worker-sockets-unseen', level: 'warn' });
    await page.close();
  });
});

test('compatibility probes give identical results with and without the extension, and the subclass socket is captured', async ({ launchExtension }) => {
  const results: Record<string, unknown>[] = [];
  for (const withExtension of [false, true]) {
    const ext = await launchExtension({ withExtension });
    const page = await ext.context.newPage();
    await page.goto(`${base}/compat.html?n=${++uniq}`);
    results.push(await page.evaluate(() => (window as unknown as { probe(): Promise<Record<string, unknown>> }).probe()));
    if (withExtension) {
      const tabId = await tabIdOf(ext, page);
      const events = await captureUntil(ext, tabId, (evs) => evs.some((e) => e.kind === 'ws.frame' && e.dir === 'received' && e.text === 'sub-echo'));
      expect(events.filter((e) => e.kind === 'ws.frame' && e.text === 'sub-echo').map((e) => (e as WsFrame).dir)).toEqual(['sent', 'received']);
    }
  }
  expect(results[0]!['toString']).toBe('function WebSocket() { [native code] }');
  expect(results[1]).toEqual(results[0]);
});

test('the real DevTools window gets an "RTC" panel showing panel.html for the inspected tab', async ({ launchExtension }) => {
  const ext = await launchExtension({ extraArgs: REAL_DEVTOOLS_ARGS });
  const page = await ext.context.newPage();
  await page.goto(`${base}/stream.html?n=${++uniq}`);
  const tabId = await tabIdOf(ext, page);
  const panel = await openRealDevtoolsPanel(ext, page);
  try {
    expect(panel.url).toBe(`chrome-extension://${ext.extensionId}/panel.html?tabId=${tabId}`);
    expect(await panel.evaluate<string>('location.search')).toBe(`?tabId=${tabId}`);
  } finally {
    panel.close();
  }
});
