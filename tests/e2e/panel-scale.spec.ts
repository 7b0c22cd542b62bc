/**
 * The built panel page driven by a stand-in service worker port (the page's `chrome.runtime` is
 * replaced before the panel loads), so a test can feed it exactly what it wants:
 *  - hostile markup in every place page content reaches the UI must stay text;
 *  - 100k frames and 10 peer connections must render, filter and keep streaming responsively.
 * Figures are printed and attached to the test result.
 */
import { expect, test, type Page } from '../support/fixture.js';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BASE_ARGS, chromiumPath } from '../support/rig/browser.js';
import { type HttpRig } from '../support/rig/http.js';

test.use({ launchOptions: { executablePath: chromiumPath(), args: BASE_ARGS } });

const DIST = resolve(process.env.RTC_DIST || 'dist', 'chrome');

let http: HttpRig;
let base = '';

test.beforeAll(async ({ rigs }) => {
  if (!existsSync(join(DIST, 'panel.html'))) throw new Error(`No built panel at ${DIST}: run npm run build (same RTC_DIST) first`);
  http = await rigs.serve({ mounts: { '/': DIST } });
  base = http.url;
});

/**
 * Installs a fake `chrome.runtime.connect` answering the panel's subscribe with `makeEvents()`
 * split in snapshot chunks; `window.__emit(msg)` later sends any worker message.
 */
async function fakeWorker(page: Page, makeEvents: string): Promise<void> {
  await page.addInitScript(`(() => {
    const makeEvents = ${makeEvents};
    const listeners = [];
    window.__emit = (m) => listeners.forEach((l) => l(m));
    const port = {
      postMessage(m) {
        if (m.type !== 'subscribe') { window.__sent = (window.__sent || []).concat([m]); return; }
        const t0 = performance.now();
        const events = makeEvents(Date.now() - 600000);
        window.__genMs = performance.now() - t0;
        window.__subscribedAt = performance.now();
        const CHUNK = 5000;
        const docs = [{ docId: 'd', url: 'https://app.example/<b>x</b>', top: true, loadId: 'l', startedAt: Date.now() }];
        const dropped = { events: 0, bytes: 0, byKind: {} };
        let i = 0;
        const next = () => {
          const part = events.slice(i, i + CHUNK);
          i += CHUNK;
          const done = i >= events.length;
          window.__emit({ type: 'snapshot', v: 1, tabId: m.tabId, docs, events: part, dropped, preserveLog: false, done });
          if (!done) setTimeout(next, 0);
        };
        setTimeout(next, 0);
      },
      disconnect() {},
      onMessage: { addListener: (f) => listeners.push(f) },
      onDisconnect: { addListener() {} },
    };
    const runtime = { id: 'fake-extension', connect: () => port, sendMessage: async () => ({ ok: false }), getURL: (p) => p };
    globalThis.chrome = { runtime };
    globalThis.browser = { runtime };
  })()`);
}

const HOSTILE_EVENTS = `(t0) => {
  const H = (tag) => '<img src=x onerror="window.__pwned=\\'' + tag + '\\'"><script>window.__pwned="' + tag + '"</script><x-evil>' + tag + '</x-evil>';
  const dev = (kind, id) => ({ deviceId: id + H('devid'), groupId: H('group'), kind, label: H('label-' + id) });
  const sdp = 'v=0\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111\\r\\na=mid:' + H('mid') + '\\r\\na=rtpmap:111 ' + H('codec') + '\\r\\n';
  return [
    { kind: 'ws.create', t: t0, id: 'd:ws-1', url: 'wss://evil.example/' + H('url'), protocols: [H('proto')], doc: 'd' },
    { kind: 'ws.open', t: t0 + 1, id: 'd:ws-1', protocol: '', extensions: '', doc: 'd' },
    { kind: 'sdk.found', t: t0 + 2, id: 'sdk-1', sdk: H('sdk'), version: H('version'), via: 'global', doc: 'd' },
    { kind: 'hook.notice', t: t0 + 3, level: 'warn', code: 'x', message: H('notice'), doc: 'd' },
    { kind: 'ws.frame', t: t0 + 10, id: 'd:ws-1', dir: 'sent', size: 300, binary: false, doc: 'd',
      text: JSON.stringify({ jsonrpc: '2.0', id: 1, method: H('method'), params: { [H('key')]: H('value') } }) },
    { kind: 'ws.frame', t: t0 + 20, id: 'd:ws-1', dir: 'received', size: 100, binary: false, doc: 'd',
      text: JSON.stringify({ jsonrpc: '2.0', id: 1, error: { code: 1, message: H('error') } }) },
    { kind: 'ws.frame', t: t0 + 30, id: 'd:ws-1', dir: 'sent', size: 300, binary: false, doc: 'd',
      text: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'webrtc.verto', params: { message: { jsonrpc: '2.0', id: 3, method: 'verto.invite', params: { dialogParams: { callID: H('call') }, sdp } } } }) },
    { kind: 'ws.frame', t: t0 + 40, id: 'd:ws-1', dir: 'received', size: 50, binary: false, doc: 'd', text: 'raw ' + H('raw') },
    { kind: 'ws.frame', t: t0 + 45, id: 'd:ws-1', dir: 'received', size: 8, binary: true, preview: H('hex'), doc: 'd' },
    { kind: 'pc.create', t: t0 + 50, id: 'd:pc-1', config: { iceServers: [{ urls: H('ice') }] }, doc: 'd' },
    { kind: 'pc.call', t: t0 + 51, id: 'd:pc-1', method: 'setLocalDescription', args: [{ type: 'offer', sdp }], doc: 'd' },
    { kind: 'pc.event', t: t0 + 52, id: 'd:pc-1', type: 'icecandidate', data: { candidate: H('cand') }, doc: 'd' },
    { kind: 'pc.event', t: t0 + 53, id: 'd:pc-1', type: 'connectionstatechange', data: { state: H('state') }, doc: 'd' },
    { kind: 'pc.stats', t: t0 + 60, id: 'd:pc-1', doc: 'd', reports: {
      l: { type: 'local-candidate', candidateType: H('ctype'), protocol: 'udp', address: H('addr'), port: 1 },
      cp: { type: 'candidate-pair', state: 'succeeded', nominated: true, localCandidateId: 'l', remoteCandidateId: 'l' },
      tr: { type: 'transport', selectedCandidatePairId: 'cp' } } },
    { kind: 'media.gum', t: t0 + 70, id: 'g', api: 'getUserMedia', constraints: { audio: { deviceId: H('constraint') } }, doc: 'd' },
    { kind: 'media.gum.result', t: t0 + 71, id: 'g', api: 'getUserMedia', ok: false, error: { name: H('errname'), message: H('errmsg') }, durationMs: 1, doc: 'd' },
    { kind: 'media.devices', t: t0 + 80, devices: [dev('audioinput', 'a')], doc: 'd' },
    { kind: 'media.devicechange', t: t0 + 90, added: [dev('videoinput', 'v')], removed: [dev('audioinput', 'a')], devices: [dev('videoinput', 'v')], doc: 'd' },
    { kind: 'media.track', t: t0 + 95, trackId: 't', trackKind: 'audio', label: H('track'), event: 'ended', doc: 'd' },
  ];
}`;

test('hostile page content in frames, URLs, device labels, SDP and SDK data renders as text only', async ({ page }) => {
  await fakeWorker(page, HOSTILE_EVENTS);
  await page.goto(`${base}/panel.html?tabId=7`);
  await expect(page.locator('tr[data-socket]')).toHaveCount(1);
  const views = ['Overview', 'Signaling', 'Calls', 'Media', 'Devices', 'Preflight', 'Export / Import'];
  for (const name of views) {
    await page.getByRole('tab', { name }).click();
    if (name === 'Signaling') {
      const rows = page.getByRole('listbox', { name: 'Frames' }).getByRole('option');
      await expect(rows).toHaveCount(5);
      for (let i = 0; i < 5; i++) {
        await rows.nth(i).click();
        if (i === 3) await page.getByRole('button', { name: 'Raw' }).click();
      }
    }
    if (name === 'Calls') {
      const raw = page.getByRole('button', { name: /^Raw / });
      for (let n = await raw.count(); n > 0; n--) await raw.first().click();
      await expect(page.getByLabel(/SDP$/).first()).toContainText('a=mid:<img');
    }
    const injected = await page.evaluate(() => ({
      elements: document.querySelectorAll('img, iframe, object, embed, x-evil, main script, svg').length,
      pwned: (window as unknown as { __pwned?: string }).__pwned,
    }));
    expect(injected, `view ${name}`).toEqual({ elements: 0, pwned: undefined });
    // Every control has an accessible name (tests and screen readers find them by it).
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('button, input, select, textarea, [role="tab"], [role="listbox"], progress')]
        .filter((el) => {
          const labelled = el.getAttribute('aria-labelledby');
          const name =
            el.getAttribute('aria-label') ||
            (labelled && document.getElementById(labelled)?.textContent) ||
            [...((el as HTMLInputElement).labels ?? [])].map((l) => l.textContent).join('') ||
            (el.tagName === 'BUTTON' ? el.textContent : '');
          return !name || !name.trim();
        })
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(unnamed, `unnamed controls in ${name}`).toEqual([]);
  }
  // The markup is there, as text a person can read.
  await page.getByRole('tab', { name: 'Devices' }).click();
  await expect(page.getByRole('table', { name: /Devices now/ })).toContainText('<img src=x onerror="window.__pwned=\'label-v\'">');
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.locator('tr[data-socket]')).toContainText('wss://evil.example/<img src=x');
  await expect(page.getByText(/<x-evil>notice<\/x-evil>/)).toBeVisible();
});

const SCALE_EVENTS = `(t0) => {
  const out = [];
  const FRAMES = 100000, PCS = 10, SAMPLES = 120;
  for (let s = 0; s < 2; s++) {
    out.push({ kind: 'ws.create', t: t0, id: 'd:ws-' + s, url: 'wss://relay.example/' + s, protocols: [], doc: 'd' });
    out.push({ kind: 'ws.open', t: t0 + 1, id: 'd:ws-' + s, protocol: '', extensions: '', doc: 'd' });
  }
  for (let p = 0; p < PCS; p++) out.push({ kind: 'pc.create', t: t0 + 2, id: 'd:pc-' + p, config: {}, doc: 'd' });
  const step = 500000 / FRAMES;
  for (let i = 0; i < FRAMES; i++) {
    const t = t0 + 10 + i * step;
    const sock = 'd:ws-' + (i % 4 < 2 ? 0 : 1);
    const id = Math.floor(i / 2);
    const text = i % 2 === 0
      ? JSON.stringify({ jsonrpc: '2.0', id, method: i % 50 === 0 ? 'signalwire.ping' : 'webrtc.verto', params: { message: { jsonrpc: '2.0', id: id + 1e6, method: 'verto.info', params: { callID: 'call-' + (id % 7), body: 'x'.repeat(120) } } } })
      : JSON.stringify({ jsonrpc: '2.0', id, result: { code: '200', node_id: 'n', result: { jsonrpc: '2.0', id: id + 1e6, result: {} } } });
    out.push({ kind: 'ws.frame', t, id: sock, dir: i % 2 === 0 ? 'sent' : 'received', size: text.length, binary: false, text, doc: 'd' });
  }
  for (let k = 0; k < SAMPLES; k++) {
    for (let p = 0; p < PCS; p++) {
      const reports = {};
      for (const kind of ['audio', 'video']) {
        reports['in-' + kind] = { type: 'inbound-rtp', kind, bytesReceived: k * 40000, packetsReceived: k * 60, packetsLost: k, jitter: 0.01, framesPerSecond: 30, frameWidth: 640, frameHeight: 480, audioLevel: 0.2, timestamp: 0 };
        reports['out-' + kind] = { type: 'outbound-rtp', kind, bytesSent: k * 41000, packetsSent: k * 61, framesPerSecond: 30, frameWidth: 640, frameHeight: 480 };
        reports['rin-' + kind] = { type: 'remote-inbound-rtp', kind, roundTripTime: 0.03, fractionLost: 0.01 };
      }
      reports.cp = { type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: 0.03, localCandidateId: 'l', remoteCandidateId: 'r' };
      reports.tr = { type: 'transport', selectedCandidatePairId: 'cp' };
      reports.l = { type: 'local-candidate', candidateType: 'host', protocol: 'udp', address: '10.0.0.1', port: 1000 + p };
      reports.r = { type: 'remote-candidate', candidateType: 'relay', protocol: 'udp', address: '10.0.0.2', port: 2000 + p };
      out.push({ kind: 'pc.stats', t: t0 + 20 + k * 1000, id: 'd:pc-' + p, reports, doc: 'd' });
    }
  }
  out.sort((a, b) => a.t - b.t);
  return out;
}`;

test('100k frames and 10 peer connections: renders, filters and keeps streaming responsively', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await fakeWorker(page, SCALE_EVENTS);
  await page.setViewportSize({ width: 1200, height: 800 });
  await page.goto(`${base}/panel.html?tabId=9`);
  await page.getByRole('tab', { name: 'Signaling' }).click();
  const counter = page.getByText(/^\d+ of \d+ frames$/);
  await expect(counter).toHaveText('100000 of 100000 frames', { timeout: 120_000 });
  const loadMs = await page.evaluate(() => performance.now() - (window as unknown as { __subscribedAt: number }).__subscribedAt);

  // Virtualized: only the rows in view are in the DOM.
  const rowsInDom = await page.getByRole('listbox', { name: 'Frames' }).getByRole('option').count();
  expect(rowsInDom).toBeGreaterThan(10);
  expect(rowsInDom).toBeLessThan(150);

  // Filters over the whole list answer quickly.
  let t = Date.now();
  await page.getByRole('searchbox', { name: 'Filter frames' }).fill('call-3"');
  // The filter runs in one pass before the count renders, so a changed count means it finished.
  await expect(counter).not.toHaveText('100000 of 100000 frames');
  const textFilterMs = Date.now() - t;
  await page.getByRole('searchbox', { name: 'Filter frames' }).fill('');
  await expect(counter).toHaveText('100000 of 100000 frames');
  t = Date.now();
  await page.getByRole('combobox', { name: 'Method' }).selectOption('signalwire.ping');
  await page.getByRole('combobox', { name: 'Direction' }).selectOption('sent');
  await expect(counter).toHaveText('2000 of 100000 frames');
  const methodFilterMs = Date.now() - t;
  await page.getByRole('combobox', { name: 'Method' }).selectOption('');
  await page.getByRole('combobox', { name: 'Direction' }).selectOption('');
  t = Date.now();
  await page.getByRole('combobox', { name: 'Direction' }).selectOption('received');
  await expect(counter).toHaveText('50000 of 100000 frames');
  const dirFilterMs = Date.now() - t;
  await page.getByRole('combobox', { name: 'Direction' }).selectOption('');

  // Keyboard to the end of 100k rows and the detail follows.
  await page.getByRole('listbox', { name: 'Frames' }).focus();
  t = Date.now();
  await page.keyboard.press('End');
  await expect(page.getByRole('listbox', { name: 'Frames' }).getByRole('option', { selected: true })).toBeVisible();
  const endKeyMs = Date.now() - t;

  // Live: 20k more frames in worker-sized batches while the user clicks around.
  const streamed = page.evaluate(async () => {
    const w = window as unknown as { __emit: (m: unknown) => void };
    const t0 = Date.now();
    let longest = 0;
    let last = performance.now();
    let raf = 0;
    const loop = () => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      raf = requestAnimationFrame(loop);
    };
    raf = requestAnimationFrame(loop);
    for (let b = 0; b < 100; b++) {
      const events = [];
      for (let i = 0; i < 200; i++) {
        const n = b * 200 + i;
        const text = JSON.stringify({ jsonrpc: '2.0', method: 'live.event', params: { n } });
        events.push({ kind: 'ws.frame', t: t0 + n, id: 'd:ws-0', dir: 'received', size: text.length, binary: false, text, doc: 'd' });
      }
      w.__emit({ type: 'events', v: 1, tabId: 9, events, dropped: { events: 0, bytes: 0, byKind: {} } });
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 300));
    cancelAnimationFrame(raf);
    return { longestFrameGapMs: Math.round(longest) };
  });
  t = Date.now();
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.getByRole('tab', { name: 'Overview' })).toHaveAttribute('aria-selected', 'true');
  const tabSwitchWhileStreamingMs = Date.now() - t;
  const { longestFrameGapMs } = await streamed;
  await page.getByRole('tab', { name: 'Signaling' }).click();
  await expect(counter).toHaveText('120000 of 120000 frames', { timeout: 30_000 });

  t = Date.now();
  await page.getByRole('tab', { name: 'Media' }).click();
  // Every stream exists in this capture (audio and video, in and out): all eight quality charts.
  await expect(page.locator('[aria-label^="Charts for"] figure[data-chart]')).toHaveCount(8);
  await page.getByRole('combobox', { name: 'Peer connection' }).selectOption({ index: 9 });
  await expect(page.getByText('120 stats samples', { exact: false })).toBeVisible();
  const mediaMs = Date.now() - t;
  t = Date.now();
  await page.getByRole('tab', { name: 'Calls' }).click();
  await expect(page.getByRole('article').first()).toBeVisible();
  const callsMs = Date.now() - t;

  // What the worker had to drop at its cap is shown, not lost silently.
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'capture limit' })).toHaveCount(0);
  await page.evaluate(() =>
    (window as unknown as { __emit: (m: unknown) => void }).__emit({ type: 'events', v: 1, tabId: 9, events: [], dropped: { events: 1234, bytes: 5 * 1024 * 1024, byKind: { 'ws.frame': 1200, 'pc.stats': 34 } } }),
  );
  await expect(page.getByRole('status').filter({ hasText: 'capture limit' })).toHaveText(/1234 events \(5\.0 MB\) were dropped — ws\.frame 1200, pc\.stats 34/);

  const figures = { loadMs: Math.round(loadMs), rowsInDom, textFilterMs, methodFilterMs, dirFilterMs, endKeyMs, tabSwitchWhileStreamingMs, longestFrameGapMs, mediaMs, callsMs };
  console.log('panel at scale (100k frames, 10 pcs x 120 samples):', JSON.stringify(figures));
  testInfo.annotations.push({ type: 'figures', description: JSON.stringify(figures) });
  // Bounds generous enough for a loaded 2-core CI machine, tight enough to catch a per-event re-render.
  expect(textFilterMs).toBeLessThan(5000);
  expect(tabSwitchWhileStreamingMs).toBeLessThan(5000);
  expect(loadMs).toBeLessThan(60_000);
});
