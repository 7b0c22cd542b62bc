/**
 * P5: the built RTC panel at scale. The panel page is served over http with a stand-in worker port
 * (`chrome.runtime.connect` replaced before it loads) that answers its subscribe with a generated
 * capture: N frames on two SignalWire-like sockets and 10 peer connections with stats. Measured in
 * the page with performance.now(), so Playwright round trips do not count:
 *  - first render: snapshot sent → first frame row on screen in Signaling;
 *  - full load: snapshot sent → the counter reads "N of N frames";
 *  - text filter: typing a call id → the counter changes (median of 3);
 *  - JS heap after a forced GC (CDP): empty panel, loaded.
 * The same at 1,000 frames in the same run is the baseline; ratio = first render at 100k / at 1k.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_ARGS, chromiumPath } from '../../tests/support/rig/browser.js';
import { startHttp } from '../../tests/support/rig/http.js';
import type { Figure, FigureResult } from '../types.js';
import { median } from './browser.js';

const PCS = 10;

/** Runs in the page: installs the fake worker port; `__start()` later answers the subscribe. */
function fakeWorkerScript(frames: number, statsSamples: number): string {
  return `(() => {
  const listeners = [];
  let tabId = 0;
  const emit = (m) => listeners.forEach((l) => l(m));
  const generate = (t0) => {
    const out = [];
    for (let s = 0; s < 2; s++) {
      out.push({ kind: 'ws.create', t: t0, id: 'd:ws-' + s, url: 'wss://relay.example/api/' + s, protocols: [], doc: 'd' });
      out.push({ kind: 'ws.open', t: t0 + 1, id: 'd:ws-' + s, protocol: '', extensions: '', doc: 'd' });
    }
    for (let p = 0; p < ${PCS}; p++) out.push({ kind: 'pc.create', t: t0 + 2, id: 'd:pc-' + p, config: {}, doc: 'd' });
    // Requests and their replies, alternating, spread over ten minutes.
    const step = 600000 / ${frames};
    for (let i = 0; i < ${frames}; i++) {
      const rpc = i >> 1;
      const call = 'call-' + (rpc % 9);
      const text = i % 2 === 0
        ? JSON.stringify({ jsonrpc: '2.0', id: 'r' + rpc, method: 'webrtc.verto', params: { callID: call, message: { jsonrpc: '2.0', id: rpc, method: 'verto.info', params: { callID: call, dtmf: String(rpc % 10) } } } })
        : JSON.stringify({ jsonrpc: '2.0', id: 'r' + rpc, result: { code: '200', node_id: 'node-1', result: { jsonrpc: '2.0', id: rpc, result: { message: 'SENT' } } } });
      out.push({ kind: 'ws.frame', t: t0 + 10 + i * step, id: 'd:ws-' + ((i >> 1) % 2), dir: i % 2 === 0 ? 'sent' : 'received', size: text.length, binary: false, text, doc: 'd' });
    }
    for (let k = 0; k < ${statsSamples}; k++) {
      for (let p = 0; p < ${PCS}; p++) {
        const reports = {
          ia: { type: 'inbound-rtp', kind: 'audio', bytesReceived: k * 8000, packetsReceived: k * 50, packetsLost: 0, jitter: 0.004 },
          oa: { type: 'outbound-rtp', kind: 'audio', bytesSent: k * 8000, packetsSent: k * 50 },
          iv: { type: 'inbound-rtp', kind: 'video', bytesReceived: k * 60000, packetsReceived: k * 70, packetsLost: 0, framesPerSecond: 30, frameWidth: 640, frameHeight: 360 },
          cp: { type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: 0.02, localCandidateId: 'l', remoteCandidateId: 'r' },
          tr: { type: 'transport', selectedCandidatePairId: 'cp' },
          l: { type: 'local-candidate', candidateType: 'host', protocol: 'udp', address: '192.0.2.1', port: 4000 + p },
          r: { type: 'remote-candidate', candidateType: 'relay', protocol: 'udp', address: '192.0.2.2', port: 5000 + p },
        };
        out.push({ kind: 'pc.stats', t: t0 + 20 + k * 1000, id: 'd:pc-' + p, reports, doc: 'd' });
      }
    }
    return out.sort((a, b) => a.t - b.t);
  };
  window.__start = () => {
    const events = generate(Date.now() - 600000);
    const docs = [{ docId: 'd', url: 'https://app.example/', top: true, loadId: 'l', startedAt: Date.now() }];
    const dropped = { events: 0, bytes: 0, byKind: {} };
    window.__sentAt = performance.now();
    let i = 0;
    const next = () => {
      const part = events.slice(i, i + 5000);
      i += 5000;
      const done = i >= events.length;
      emit({ type: 'snapshot', v: 1, tabId, docs, events: part, dropped, preserveLog: false, done });
      if (!done) setTimeout(next, 0);
    };
    next();
  };
  // The Signaling counter ("N of M frames"); the header has a .counts of its own.
  const counts = () => ([...document.querySelectorAll('.counts')].map((e) => e.textContent || '').find((t) => / frames$/.test(t)) || '');
  window.__measureLoad = (total, timeout) => new Promise((resolve, reject) => {
    const want = total + ' of ' + total + ' frames';
    let first = -1;
    const started = performance.now();
    const poll = () => {
      const now = performance.now();
      if (first < 0 && document.querySelector('[role="listbox"][aria-label="Frames"] [role="option"]')) first = now - window.__sentAt;
      if (counts() === want) return resolve({ first, full: now - window.__sentAt });
      if (now - started > timeout) return reject(new Error('panel stuck at "' + counts() + '"'));
      requestAnimationFrame(poll);
    };
    window.__start();
    requestAnimationFrame(poll);
  });
  window.__measureFilter = (value) => new Promise((resolve) => {
    const input = document.querySelector('input[aria-label="Filter frames"]');
    const before = counts();
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    const t0 = performance.now();
    setValue.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const poll = () => (counts() !== before ? resolve(performance.now() - t0) : requestAnimationFrame(poll));
    poll();
  });
  const port = {
    postMessage(m) { if (m.type === 'subscribe') tabId = m.tabId; },
    disconnect() {},
    onMessage: { addListener: (f) => listeners.push(f) },
    onDisconnect: { addListener() {} },
  };
  const runtime = { id: 'bench-extension', connect: () => port, sendMessage: async () => ({ ok: false }), getURL: (p) => p };
  globalThis.chrome = { runtime };
  globalThis.browser = { runtime };
})()`;
}

interface SizeResult {
  firstRenderMs: number;
  fullLoadMs: number;
  filterMs: number;
  heapEmptyMB: number;
  heapLoadedMB: number;
}

async function heapMB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usedSize / 2 ** 20;
}

async function measure(browser: Browser, url: string, frames: number, statsSamples: number): Promise<SizeResult> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(fakeWorkerScript(frames, statsSamples));
    await page.goto(url);
    await page.getByRole('tab', { name: 'Signaling' }).click();
    await page.getByRole('searchbox', { name: 'Filter frames' }).waitFor();
    const heapEmptyMB = await heapMB(page);
    const loadTimeout = 60_000 + frames;
    // Page-side helpers from the init script (strings: tsx would inject helpers a page does not have).
    const times = (await page.evaluate(`window.__measureLoad(${frames}, ${loadTimeout})`)) as { first: number; full: number };
    const heapLoadedMB = await heapMB(page);

    const filterRuns: number[] = [];
    for (const text of ['call-3"', 'call-5"', 'call-7"']) {
      filterRuns.push((await page.evaluate(`window.__measureFilter(${JSON.stringify(text)})`)) as number);
      // Back to every frame before the next run, so each filter starts from the full list.
      await page.getByRole('searchbox', { name: 'Filter frames' }).fill('');
      await page.getByText(`${frames} of ${frames} frames`).waitFor({ timeout: 30_000 });
    }
    return { firstRenderMs: times.first, fullLoadMs: times.full, filterMs: median(filterRuns), heapEmptyMB, heapLoadedMB };
  } finally {
    await context.close();
  }
}

const round = (v: number, digits = 1) => Number(v.toFixed(digits));

export const p5: Figure = {
  id: 'P5',
  title: 'Panel at scale: 100,000 frames + 10 peer connections (render, filter, heap)',
  async run({ smoke, dist }): Promise<FigureResult> {
    const chrome = join(dist, 'chrome');
    if (!existsSync(join(chrome, 'panel.html'))) throw new Error(`No built panel at ${chrome}: run npm run build (same RTC_DIST) first`);
    const [small, large] = smoke ? [100, 2_000] : [1_000, 100_000];
    const samples = smoke ? 5 : 120;
    const http = await startHttp({ mounts: { '/': chrome } });
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: BASE_ARGS });
    try {
      const url = `${http.url}/panel.html?tabId=5`;
      const base = await measure(browser, url, small, samples);
      const big = await measure(browser, url, large, samples);
      const ratio = big.firstRenderMs / Math.max(1, base.firstRenderMs);
      // A linear first render would cost 100× the baseline; virtualised rows and chunked snapshots should not.
      const met = ratio <= 10 && big.filterMs <= 1000;
      return {
        id: 'P5',
        title: this.title,
        values: {
          frames: large,
          'baseline frames': small,
          'stats samples per pc': samples,
          'first render ms': round(big.firstRenderMs),
          'first render ms (baseline)': round(base.firstRenderMs),
          'full load ms': round(big.fullLoadMs),
          'full load ms (baseline)': round(base.fullLoadMs),
          'text filter ms': round(big.filterMs),
          'text filter ms (baseline)': round(base.filterMs),
          'filter ratio': round(big.filterMs / Math.max(1, base.filterMs), 2),
          'JS heap MB loaded': round(big.heapLoadedMB),
          'JS heap MB loaded (baseline)': round(base.heapLoadedMB),
          'JS heap MB empty panel': round(big.heapEmptyMB),
          'heap KB per frame': round(((big.heapLoadedMB - base.heapLoadedMB) * 1024) / (large - small), 2),
        },
        ratio,
        target: 'first render at 100k ≤ 10× the 1k baseline and text filter ≤ 1 s',
        met,
        notes: [
          `ratio = first render at ${large.toLocaleString('en-US')} frames / at ${small.toLocaleString('en-US')}; ${PCS} peer connections with ${samples} stats samples each in both`,
          'times measured in the panel page (performance.now, rAF polling); heap after a forced GC via CDP',
        ],
      };
    } finally {
      await browser.close();
      await http.close();
    }
  },
};
