/**
 * P3: how many frames per second the capture pipeline carries from a page to the service worker
 * with nothing lost, against how fast the same page sends them with no extension; and what the
 * worker holds at the per-tab cap, with the dropped count.
 */
import type { Page } from '@playwright/test';
import type { WorkerToPanel } from '../../core/messages/panel-worker.js';
import { tabIdOf, type ExtensionHandle } from '../../tests/support/rig/extension.js';
import type { Figure } from '../types.js';
import { startPair } from './browser.js';

declare const chrome: {
  runtime: { connect(i: { name: string }): { postMessage(m: unknown): void; disconnect(): void; onMessage: { addListener(f: (m: WorkerToPanel) => void): void } } };
};

/** Page side: opens a socket to a sink and sends `n` frames of `size` bytes as fast as it can. */
async function flood(args: { url: string; n: number; size: number }): Promise<{ sendMs: number; t0: number }> {
  const ws = new WebSocket(args.url);
  await new Promise<void>((ok, fail) => {
    ws.onopen = () => ok();
    ws.onerror = () => fail(new Error('sink socket failed'));
  });
  const payload = 'x'.repeat(args.size);
  const t0 = Date.now();
  const p0 = performance.now();
  for (let i = 0; i < args.n; i++) ws.send(payload);
  return { sendMs: performance.now() - p0, t0 };
}

/** Extension page side: subscribes like a panel and resolves when `n` frames of the tab have arrived. */
function countFrames(args: { tabId: number; n: number; timeoutMs: number }): Promise<{ doneAt: number; frames: number; dropped: number; droppedBytes: number; storedBytes: number }> {
  return new Promise((resolve, reject) => {
    const port = chrome.runtime.connect({ name: 'rtc-devtools/panel' });
    let frames = 0;
    let storedBytes = 0;
    let dropped = 0;
    let droppedBytes = 0;
    const timer = setTimeout(() => {
      port.disconnect();
      reject(new Error(`only ${frames} of ${args.n} frames reached the worker in ${args.timeoutMs} ms`));
    }, args.timeoutMs);
    port.onMessage.addListener((m) => {
      if (m.tabId !== args.tabId || (m.type !== 'snapshot' && m.type !== 'events')) return;
      for (const ev of m.events) {
        storedBytes += JSON.stringify(ev).length;
        if (ev.kind === 'ws.frame') frames++;
      }
      dropped = m.dropped.events;
      droppedBytes = m.dropped.bytes;
      if (frames + dropped >= args.n) {
        clearTimeout(timer);
        port.disconnect();
        resolve({ doneAt: Date.now(), frames, dropped, droppedBytes, storedBytes });
      }
    });
    port.postMessage({ type: 'subscribe', v: 1, tabId: args.tabId });
  });
}

async function extensionPage(ext: ExtensionHandle): Promise<Page> {
  const p = await ext.context.newPage();
  await p.goto(`chrome-extension://${ext.extensionId}/devtools.html`);
  return p;
}

export const p3: Figure = {
  id: 'P3',
  title: 'Capture throughput page → service worker, and memory at the per-tab cap',
  async run({ smoke }) {
    const n = smoke ? 1_000 : 50_000;
    const size = 230;
    const pair = await startPair();
    pair.http.addWs('/sink', () => undefined);
    const sink = `${pair.http.wsUrl}/sink`;
    try {
      // Baseline: the same page and sends without the extension.
      const plain = await pair.without.context.newPage();
      await plain.goto(`${pair.http.url}/bench`);
      const base = await plain.evaluate(flood, { url: sink, n, size });

      const page = await pair.withExt.context.newPage();
      await page.goto(`${pair.http.url}/bench`);
      const tabId = await tabIdOf(pair.withExt, page);
      const watcher = await extensionPage(pair.withExt);
      const counted = watcher.evaluate(countFrames, { tabId, n, timeoutMs: 300_000 });
      const sent = await page.evaluate(flood, { url: sink, n, size });
      const got = await counted;
      const carriedMs = got.doneAt - sent.t0;

      // The cap: 64 KiB frames until well past the per-tab cap; the worker must count what it refused.
      const bigN = smoke ? 40 : 1_400;
      const big = 64 * 1024;
      const capPage = await pair.withExt.context.newPage();
      await capPage.goto(`${pair.http.url}/bench?cap`);
      const capTab = await tabIdOf(pair.withExt, capPage);
      const capCount = watcher.evaluate(countFrames, { tabId: capTab, n: bigN, timeoutMs: 300_000 });
      await capPage.evaluate(flood, { url: sink, n: bigN, size: big });
      const cap = await capCount;

      return {
        id: 'P3',
        title: this.title,
        values: {
          frames: n,
          'frames lost': n - got.frames - got.dropped,
          'frames/s carried to the worker': Math.round((n / carriedMs) * 1000),
          'frames/s page send without extension': Math.round((n / base.sendMs) * 1000),
          'frames/s page send with extension': Math.round((n / sent.sendMs) * 1000),
          'cap flood frames (64 KiB)': bigN,
          'cap flood stored MiB': Number((cap.storedBytes / 2 ** 20).toFixed(1)),
          'cap flood dropped frames': cap.dropped,
          'cap flood dropped MiB': Number((cap.droppedBytes / 2 ** 20).toFixed(1)),
        },
        ratio: base.sendMs / sent.sendMs,
        target: 'no frame lost; every frame over the cap counted',
        met: got.frames === n && cap.frames + cap.dropped === bigN,
        notes: ['ratio = page send rate with extension / without (higher is better, 1 = no cost)'],
      };
    } finally {
      await pair.close();
    }
  },
};
