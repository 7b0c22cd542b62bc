/**
 * The panel inside the real Chromium DevTools (not opened as a tab): DevTools opens for the page,
 * the "RTC" panel is selected through the DevTools front end, and the panel's iframe is driven
 * over CDP. Checks that it shows the inspected tab's capture, follows the DevTools theme (dark and
 * light, set in the profile), and that "Export diagnostics" downloads from inside DevTools.
 */
import { expect, test } from '../support/fixture.js';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { remoteDebuggingPort } from '../support/rig/browser.js';
import { REAL_DEVTOOLS_ARGS, type ExtensionHandle, type LaunchOptions } from '../support/rig/extension.js';
import { type HttpRig } from '../support/rig/http.js';

interface Cdp {
  send(method: string, params?: Record<string, unknown>): Promise<{ result?: { result?: { value?: unknown } }; error?: unknown }>;
  close(): void;
}

function connectCdp(url: string): Promise<Cdp> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    let id = 0;
    const pending = new Map<number, (v: never) => void>();
    ws.on('message', (m) => {
      const d = JSON.parse(String(m)) as { id?: number };
      if (d.id !== undefined) pending.get(d.id)?.(d as never);
      if (d.id !== undefined) pending.delete(d.id);
    });
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        send: (method, params) =>
          new Promise((r) => {
            pending.set(++id, r);
            ws.send(JSON.stringify({ id, method, params }));
          }),
        close: () => ws.close(),
      }),
    );
  });
}

async function evaluate<T>(cdp: Cdp, expression: string): Promise<T | undefined> {
  const r = await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
  return r.result?.result?.value as T | undefined;
}

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeout = 30_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let http: HttpRig;
let pageUrl = '';

test.beforeAll(async ({ rigs }) => {
  http = await rigs.serve();
  http.addRoute((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<title>devtools host</title><script>new WebSocket("ws://127.0.0.1:9/devtools-test")</script>');
    return true;
  });
  pageUrl = `${http.url}/`;
});

async function withDevtools(
  launchExtension: (opts: LaunchOptions) => Promise<ExtensionHandle>,
  theme: 'dark' | 'light',
  body: (panel: Cdp, downloads: string) => Promise<void>,
): Promise<void> {
  let downloads = '';
  const ext = await launchExtension({
    media: 'none',
    extraArgs: REAL_DEVTOOLS_ARGS,
    prepareProfile(profile) {
      downloads = join(profile, 'downloads');
      mkdirSync(join(profile, 'Default'), { recursive: true });
      mkdirSync(downloads);
      // DevTools keeps its theme in the profile; the extension API reports it as panels.themeName.
      writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ devtools: { preferences: { 'ui-theme': JSON.stringify(theme === 'dark' ? 'dark' : 'default') } } }));
    },
  });
  const context = ext.context;
  const cdps: Cdp[] = [];
  try {
    const port = await remoteDebuggingPort(ext.userDataDir);
    const page = await context.newPage();
    await page.goto(pageUrl);
    const list = async () => (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { url: string; type: string; webSocketDebuggerUrl: string }[];
    const front = await until('the DevTools front end', async () => (await list()).find((t) => t.url.startsWith('devtools://') && t.url.includes('devtools_app')));
    const dt = await connectCdp(front.webSocketDebuggerUrl);
    cdps.push(dt);
    // Internal DevTools modules: the only way to pick a panel headless (see research/testing-in-chromium.md).
    await until('the RTC panel to be selectable', () =>
      evaluate<string>(
        dt,
        `(async()=>{if(!document.querySelector('.tabbed-pane'))return null;const UI=await import('./ui/legacy/legacy.js');const iv=UI.InspectorView.InspectorView.instance();const id=iv.tabbedPane.tabIds().find(t=>t.startsWith('chrome-extension://'));if(!id)return null;await iv.showPanel(id);return id})()`,
      ),
    );
    const frame = await until('the panel iframe', async () => (await list()).find((t) => t.url.includes('/panel.html?tabId=')));
    const panel = await connectCdp(frame.webSocketDebuggerUrl);
    cdps.push(panel);
    const browserWs = (await (await fetch(`http://127.0.0.1:${port}/json/version`)).json()) as { webSocketDebuggerUrl: string };
    const b = await connectCdp(browserWs.webSocketDebuggerUrl);
    cdps.push(b);
    await b.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    await body(panel, downloads);
  } finally {
    for (const c of cdps) c.close();
  }
}

for (const theme of ['dark', 'light'] as const) {
  test(`inside DevTools (${theme} theme): shows the inspected tab's capture in DevTools' theme and exports`, async ({ launchExtension }) => {
    test.setTimeout(90_000);
    await withDevtools(launchExtension, theme, async (panel, downloads) => {
      const text = await until('the capture in the panel', () =>
        evaluate<string>(panel, `document.querySelector('tr[data-socket]')?.textContent ?? ''`),
      );
      expect(text).toContain('ws://127.0.0.1:9/devtools-test');
      const look = await evaluate<{ theme: string; bg: string }>(panel, `({theme: document.documentElement.dataset.theme, bg: getComputedStyle(document.body).backgroundColor})`);
      expect(look).toEqual(theme === 'dark' ? { theme: 'dark', bg: 'rgb(32, 33, 36)' } : { theme: 'light', bg: 'rgb(255, 255, 255)' });

      await evaluate(panel, `[...document.querySelectorAll('button')].find(b => b.textContent === 'Export diagnostics').click()`);
      // Parsed inside the wait: a file seen while still being written is not the bundle yet.
      const bundle = await until('the exported bundle on disk', async () => {
        const file = readdirSync(downloads).find((f) => /^rtc-diagnostics-.*\.json$/.test(f));
        return file ? (JSON.parse(readFileSync(join(downloads, file), 'utf8')) as { format: string; sockets: { url: string }[] }) : undefined;
      });
      expect(bundle.format).toBe('rtc-devtools-bundle');
      expect(bundle.sockets[0]?.url).toBe('ws://127.0.0.1:9/devtools-test');
    });
  });
}
