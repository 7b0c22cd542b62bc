/**
 * Real Chromium with the built extension (<RTC_DIST or dist>/chrome), for end-to-end tests.
 *
 *   const ext = await launchWithExtension();
 *   const page = await ext.context.newPage(); await page.goto(url);
 *   const tabId = await tabIdOf(ext, page);
 *   const events = await readCapture(ext, tabId);      // what a panel would receive
 *   await stopServiceWorker(ext);                      // the worker really stops; it restarts on demand
 *   await ext.close();
 *
 * Build first (`npm run build`, same RTC_DIST): this module never builds.
 */
import { chromium, expect, type BrowserContext, type CDPSession, type Page, type Worker } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import WebSocket from 'ws';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent } from '../../../core/capture/events.js';
import type { WorkerToPanel } from '../../../core/messages/panel-worker.js';
import { extensionDir, requireBuiltExtension } from '../../../automation/chromium.js';
import { BASE_ARGS, chromiumPath, fakeMediaArgs, remoteDebuggingPort, type FakeMedia } from './browser.js';
import { collectSnapshot, type CaptureSnapshot } from './snapshot.js';

/** The few extension APIs the evaluated snippets below use (no @types/chrome in this project). */
interface ChromePort {
  postMessage(m: unknown): void;
  disconnect(): void;
  onMessage: { addListener(fn: (m: WorkerToPanel) => void): void };
  onDisconnect: { addListener(fn: () => void): void };
}
declare const chrome: {
  runtime: { connect(info: { name: string }): ChromePort; sendMessage(m: unknown): Promise<unknown> };
};

export interface ExtensionHandle {
  context: BrowserContext;
  /** '' when launched with withExtension: false. */
  extensionId: string;
  /** The worker at launch; after stopServiceWorker use waitForServiceWorker() for the new one. */
  serviceWorker: Worker | undefined;
  userDataDir: string;
  close(): Promise<void>;
}

export interface LaunchOptions {
  headless?: boolean;
  extraArgs?: string[];
  /** false: the same browser and flags without the extension (for "works without it too"). */
  withExtension?: boolean;
  /** Default 'devices-and-permission' (browser.ts). */
  media?: FakeMedia;
  /**
   * true: keep the back/forward cache on. Playwright turns it off by default
   * (--disable-back-forward-cache); real users have it.
   */
  bfcache?: boolean;
  /** Runs on the fresh profile directory before Chromium starts (preferences a test needs). */
  prepareProfile?(userDataDir: string): void;
}

export { extensionDir };

export async function launchWithExtension(opts: LaunchOptions = {}): Promise<ExtensionHandle> {
  const withExtension = opts.withExtension ?? true;
  const dir = withExtension ? requireBuiltExtension() : extensionDir();
  const userDataDir = mkdtempSync(join(tmpdir(), 'rtc-ext-profile-'));
  opts.prepareProfile?.(userDataDir);
  const args = [...BASE_ARGS, ...fakeMediaArgs(opts.media), ...(opts.extraArgs ?? [])];
  if (withExtension) args.push(`--disable-extensions-except=${dir}`, `--load-extension=${dir}`);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: opts.headless ?? true,
    args,
    ...(opts.bfcache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}),
  });
  let serviceWorker: Worker | undefined;
  let extensionId = '';
  if (withExtension) {
    serviceWorker = context.serviceWorkers().find(isExtensionWorker) ?? (await context.waitForEvent('serviceworker', { predicate: isExtensionWorker, timeout: 15_000 }));
    extensionId = new URL(serviceWorker.url()).host;
  }
  return {
    context,
    extensionId,
    serviceWorker,
    userDataDir,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

function isExtensionWorker(w: Worker): boolean {
  return w.url().startsWith('chrome-extension://') && w.url().endsWith('/background.js');
}

/**
 * Wakes the extension's service worker if it is stopped (a runtime message from an extension page,
 * as a panel would send) and returns it once it answers. Chromium reuses the worker's DevTools
 * target across restarts, so the returned Worker is usually the same object as before a stop.
 */
export async function waitForServiceWorker(ext: ExtensionHandle, timeout = 15_000): Promise<Worker> {
  await debugRequest(ext, { op: 'ping' }, timeout);
  const isOurs = (w: Worker) => isExtensionWorker(w) && w.url().includes(ext.extensionId);
  return ext.context.serviceWorkers().find(isOurs) ?? (await ext.context.waitForEvent('serviceworker', { predicate: isOurs, timeout }));
}

async function debugRequest<T>(ext: ExtensionHandle, req: { op: string; url?: string }, timeout = 15_000): Promise<T> {
  const page = await helperPage(ext);
  return page.evaluate(
    ({ req, timeout }) =>
      Promise.race([
        chrome.runtime.sendMessage({ type: 'rtc-devtools/debug', ...req }),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`worker did not answer ${req.op}`)), timeout)),
      ]),
    { req, timeout },
  ) as Promise<T>;
}

/**
 * The tab id the extension sees for a Playwright page. The extension has no "tabs" permission, so
 * the worker matches the URL its bridges reported; waits until the page's document said hello.
 */
export async function tabIdOf(ext: ExtensionHandle, page: Page, timeout = 15_000): Promise<number> {
  const url = page.url();
  const deadline = Date.now() + timeout;
  for (;;) {
    const ids = await debugRequest<number[]>(ext, { op: 'tabsWithUrl', url }, timeout);
    if (ids.length === 1) return ids[0]!;
    if (ids.length > 1) throw new Error(`tabIdOf: ${ids.length} tabs have URL ${url}; give each test page a unique URL`);
    if (Date.now() > deadline) throw new Error(`tabIdOf: no tab reported URL ${url} (is the page http(s) and the extension built?)`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Opens the panel for a tab as a normal extension page (panel.html?tabId=N). */
export async function openPanel(ext: ExtensionHandle, tabId: number): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/panel.html?tabId=${tabId}`);
  return page;
}

const helpers = new WeakMap<ExtensionHandle, Page>();

/** A background extension page (devtools.html, which does nothing outside DevTools) to talk to the worker from. */
export async function helperPage(ext: ExtensionHandle): Promise<Page> {
  const existing = helpers.get(ext);
  if (existing && !existing.isClosed()) return existing;
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/devtools.html`);
  helpers.set(ext, page);
  return page;
}

export type { CaptureSnapshot };

/** The tab's whole capture, read exactly as a panel reads it (PANEL_PORT subscribe + snapshot chunks). */
export async function readSnapshot(ext: ExtensionHandle, tabId: number, timeout = 15_000): Promise<CaptureSnapshot> {
  const page = await helperPage(ext);
  return page.evaluate(collectSnapshot, { tabId, timeout });
}

export async function readCapture(ext: ExtensionHandle, tabId: number): Promise<StoredEvent[]> {
  return (await readSnapshot(ext, tabId)).events;
}

/**
 * Polls the capture (as a panel reads it) until `done` holds, and returns what was read last.
 * Without `timeout`, the expect timeout of the Playwright config applies.
 */
export async function captureUntil(
  ext: ExtensionHandle,
  tabId: number,
  done: (evs: StoredEvent[]) => boolean,
  timeout?: number,
): Promise<StoredEvent[]> {
  let events: StoredEvent[] = [];
  await expect
    .poll(async () => {
      events = await readCapture(ext, tabId);
      return done(events);
    }, timeout === undefined ? {} : { timeout })
    .toBe(true);
  return events;
}

/** Sends a panel request (clear / preserve-log) for a tab, as the panel would. */
export async function panelRequest(ext: ExtensionHandle, msg: { type: 'clear' } | { type: 'preserve-log'; preserve: boolean }, tabId: number): Promise<void> {
  const page = await helperPage(ext);
  await page.evaluate(
    ({ msg, tabId }) => {
      const port = chrome.runtime.connect({ name: 'rtc-devtools/panel' });
      port.postMessage({ ...msg, v: 1, tabId });
      // The worker handles messages in order per tab; a subscribe round-trip confirms it was applied.
      return new Promise<void>((resolve) => {
        port.onMessage.addListener((m: WorkerToPanel) => {
          if (m.type === 'snapshot' && m.done) {
            port.disconnect();
            resolve();
          }
        });
        port.postMessage({ type: 'subscribe', v: 1, tabId });
      });
    },
    { msg, tabId },
  );
}

const cdp = new WeakMap<ExtensionHandle, CDPSession>();

/**
 * Really stops the extension's service worker (CDP ServiceWorker.stopWorker, what the Stop button
 * of chrome://serviceworker-internals does) and waits until Chromium reports it stopped. Ports from
 * bridges and panels disconnect; the next event (a bridge reconnecting, a panel) starts a new worker.
 */
export async function stopServiceWorker(ext: ExtensionHandle, timeout = 15_000): Promise<void> {
  let session = cdp.get(ext);
  if (!session) {
    session = await ext.context.newCDPSession(await helperPage(ext));
    cdp.set(ext, session);
  }
  const s = session;
  const scope = `chrome-extension://${ext.extensionId}/`;
  const registrations = new Map<string, string>();
  const versions = new Map<string, { registrationId: string; runningStatus: string }>();
  let sent = false;
  let settle: (err?: Error) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    settle = (err) => (err ? reject(err) : resolve());
  });
  // Checked after either kind of update: each is sent once per change, and a version reported
  // before its registration must not be passed over (nothing would report it again).
  const check = () => {
    const ours = [...versions].filter(([, v]) => registrations.get(v.registrationId) === scope);
    const live = ours.find(([, v]) => v.runningStatus === 'running' || v.runningStatus === 'starting');
    if (live && !sent) {
      sent = true;
      s.send('ServiceWorker.stopWorker', { versionId: live[0] }).catch((e: Error) => settle(e));
    } else if (ours.length > 0 && ours.every(([, v]) => v.runningStatus === 'stopped')) settle();
  };
  const onReg = (e: { registrations: { registrationId: string; scopeURL: string }[] }) => {
    for (const r of e.registrations) registrations.set(r.registrationId, r.scopeURL);
    check();
  };
  const onVer = (e: { versions: { versionId: string; registrationId: string; runningStatus: string }[] }) => {
    for (const v of e.versions) versions.set(v.versionId, { registrationId: v.registrationId, runningStatus: v.runningStatus });
    check();
  };
  s.on('ServiceWorker.workerRegistrationUpdated', onReg);
  s.on('ServiceWorker.workerVersionUpdated', onVer);
  const timer = setTimeout(() => settle(new Error(`stopServiceWorker: worker not stopped within ${timeout} ms`)), timeout);
  try {
    await s.send('ServiceWorker.enable');
    await done;
  } finally {
    clearTimeout(timer);
    s.off('ServiceWorker.workerRegistrationUpdated', onReg);
    s.off('ServiceWorker.workerVersionUpdated', onVer);
    await s.send('ServiceWorker.disable').catch(() => undefined);
  }
}

// ---------- the real DevTools window ----------

/** Launch flags that make Chromium open DevTools for every tab and expose CDP over HTTP. */
export const REAL_DEVTOOLS_ARGS = ['--auto-open-devtools-for-tabs', '--remote-debugging-port=0'];

/** A raw CDP connection to one target (DevTools pages are invisible to Playwright). */
export interface CdpTarget {
  url: string;
  evaluate<T = unknown>(expression: string): Promise<T>;
  close(): void;
}

async function cdpTargets(ext: ExtensionHandle, timeout: number): Promise<{ type: string; url: string; webSocketDebuggerUrl: string }[]> {
  const port = await remoteDebuggingPort(ext.userDataDir, timeout);
  const res = await fetch(`http://127.0.0.1:${port}/json/list`);
  return (await res.json()) as { type: string; url: string; webSocketDebuggerUrl: string }[];
}

async function connectTarget(url: string, wsUrl: string): Promise<CdpTarget> {
  const ws = new WebSocket(wsUrl);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 0;
  const waiting = new Map<number, (m: { result?: { result?: { value?: unknown }; exceptionDetails?: { text: string } } }) => void>();
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as { id?: number };
    if (m.id !== undefined) waiting.get(m.id)?.(m as never);
  });
  return {
    url,
    evaluate<T>(expression: string) {
      const id = ++next;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, (m) => {
          waiting.delete(id);
          const ex = m.result?.exceptionDetails;
          if (ex) reject(new Error(ex.text));
          else resolve(m.result?.result?.value as T);
        });
        ws.send(JSON.stringify({ id, method: 'Runtime.evaluate', params: { expression, awaitPromise: true, returnByValue: true } }));
      });
    },
    close: () => ws.close(),
  };
}

/**
 * Selects the extension's "RTC" panel in the real DevTools window of `page` and returns the
 * panel's frame (panel.html?tabId=N inside DevTools). Launch with extraArgs: REAL_DEVTOOLS_ARGS.
 * DevTools' internal module paths change between Chromium versions: this is the one place that
 * knows them.
 */
export async function openRealDevtoolsPanel(ext: ExtensionHandle, page: Page, timeout = 20_000): Promise<CdpTarget> {
  const deadline = Date.now() + timeout;
  const pageUrl = page.url();
  const tabId = await tabIdOf(ext, page, timeout);
  for (;;) {
    if (Date.now() > deadline) throw new Error(`openRealDevtoolsPanel: no DevTools window with the RTC panel for ${pageUrl}`);
    for (const t of await cdpTargets(ext, Math.max(0, deadline - Date.now()))) {
      if (t.type !== 'page' || !t.url.startsWith('devtools://')) continue;
      const dt = await connectTarget(t.url, t.webSocketDebuggerUrl);
      try {
        const panelId = await dt.evaluate<string | null>(`(async () => {
          const SDK = await import('./core/sdk/sdk.js');
          const target = SDK.TargetManager.TargetManager.instance().primaryPageTarget();
          if (!target || target.inspectedURL() !== ${JSON.stringify(pageUrl)}) return null;
          const UI = await import('./ui/legacy/legacy.js');
          const iv = UI.InspectorView.InspectorView.instance();
          const id = iv.tabbedPane.tabIds().find((t) => t.startsWith('chrome-extension://'));
          if (!id) return null;
          await iv.showPanel(id);
          return id;
        })()`);
        if (panelId) {
          for (;;) {
            const frame = (await cdpTargets(ext, Math.max(0, deadline - Date.now()))).find((x) => x.type === 'iframe' && x.url.endsWith(`/panel.html?tabId=${tabId}`));
            if (frame) return connectTarget(frame.url, frame.webSocketDebuggerUrl);
            if (Date.now() > deadline) throw new Error('openRealDevtoolsPanel: the RTC panel frame did not appear');
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      } catch {
        // DevTools still loading (its settings or modules not ready): try again below.
      } finally {
        dt.close();
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
