/**
 * Real Firefox ESR for end-to-end tests, driven by puppeteer-core over WebDriver BiDi (Playwright
 * cannot drive a stock Firefox).
 *
 *   const ff = await launchFirefox({ extensionDir: await buildTestExtension() });
 *   const page = await ff.browser.newPage(); await page.goto(url);
 *   const tabId = await ff.tabIdOf(page.url());           // asks the background script
 *   const panel = await ff.openPanel(tabId);              // panel.html?tabId=N as a tab
 *   const snap = await ff.readSnapshot(tabId);            // what a panel receives, over its port
 *   await ff.close();
 *
 * Why a test build: Firefox refuses BiDi navigation to moz-extension:// URLs ("not allowed in this
 * context"), but a web page may navigate its own tab to a web-accessible extension page, and that
 * tab is then the extension's page, with its APIs, and scriptable. Builds with RTC_TEST_HOOKS=1 list
 * panel.html as web-accessible (scripts/build.ts withTestHarness); the rig pins the extension's
 * moz-extension UUID through a pref, so it knows the URL, and opens that tab on demand. Store builds
 * list no page (checked by tests/unit/scripts/package.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { collectSnapshot, type CaptureSnapshot } from './snapshot.js';
import { GECKO_ID } from '../../../scripts/build.js';
import { TEST_HARNESS_PAGE } from '../../../extension/shared/test-harness.js';

const ROOT = resolve(import.meta.dirname, '../../..');

export function firefoxPath(): string {
  return process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
}

/** Keeps Firefox off the network (only loopback exists here) and gives it fake, permitted media. */
export const FIREFOX_PREFS: Record<string, unknown> = {
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
  // Firefox leaves loopback addresses out of ICE unless told; every peer here is on 127.0.0.1.
  'media.peerconnection.ice.loopback': true,
};

/**
 * Builds the extension with the test hook into a fresh temp RTC_DIST (about 10 s) and returns
 * its firefox directory. The caller removes `root` when done.
 */
export function buildTestExtension(): { root: string; firefox: string; pages: string } {
  const root = mkdtempSync(join(tmpdir(), 'rtc-ff-dist-'));
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/build.ts')], {
    cwd: ROOT,
    env: { ...process.env, RTC_DIST: root, RTC_TEST_HOOKS: '1' },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`test build failed (exit ${r.status}): ${r.stderr || r.stdout}`);
  return { root, firefox: join(root, 'firefox'), pages: join(root, 'pages') };
}

export type { CaptureSnapshot };

export interface FirefoxHandle {
  browser: Browser;
  /** Where Firefox saves downloads (the panel's "Export diagnostics" lands here). */
  downloadDir: string;
  /** The extension's own tab (after openPanel: the panel for that tab id). Undefined without the extension. */
  extensionPage(): Promise<Page>;
  tabIdOf(url: string, timeout?: number): Promise<number>;
  openPanel(tabId: number): Promise<Page>;
  readSnapshot(tabId: number, timeout?: number): Promise<CaptureSnapshot>;
  close(): Promise<void>;
}

export interface FirefoxOptions {
  /** A built Firefox extension directory (with RTC_TEST_HOOKS=1 for extensionPage/openPanel). */
  extensionDir?: string;
  prefs?: Record<string, unknown>;
}

/** Fixed, so the rig knows the extension's origin without asking Firefox. */
const EXTENSION_UUID = '5b0c9d2e-4f61-4a8e-9c3d-7e2a1f0b6c41';
const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

/**
 * Opens the extension's harness page in a new tab: a data: page navigates itself there (a BiDi
 * navigate would be refused). Waits until the tab's document is the extension's and loaded.
 */
async function openExtensionPage(pb: Browser, timeout: number): Promise<Page> {
  const url = `${EXTENSION_ORIGIN}/${TEST_HARNESS_PAGE}`;
  const page = await pb.newPage();
  await page.goto('data:text/html,<title>to the extension</title>');
  await page.evaluate((u) => {
    location.href = u;
  }, url);
  const deadline = Date.now() + timeout;
  let last = '';
  for (;;) {
    // A navigation in flight makes evaluate reject ("realm destroyed"); ask again.
    last = await page.evaluate(() => `${location.href} ${document.readyState}`).catch((e: Error) => `error: ${e.message}`);
    if (last === `${url} complete`) return page;
    if (Date.now() > deadline) {
      throw new Error(`the tab did not reach ${url} within ${timeout} ms (last seen: ${last}); was the extension built with RTC_TEST_HOOKS=1?`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function launchFirefox(opts: FirefoxOptions = {}): Promise<FirefoxHandle> {
  const downloadDir = mkdtempSync(join(tmpdir(), 'rtc-ff-downloads-'));
  const pb = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    extraPrefsFirefox: {
      ...FIREFOX_PREFS,
      'browser.download.folderList': 2,
      'browser.download.dir': downloadDir,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.manager.showWhenStarting': false,
      'browser.download.start_downloads_in_tmp_dir': false,
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      ...(opts.prefs ?? {}),
    },
  });
  if (opts.extensionDir) {
    if (!existsSync(join(opts.extensionDir, 'manifest.json'))) throw new Error(`no built Firefox extension at ${opts.extensionDir}`);
    await pb.installExtension(opts.extensionDir);
  }
  let ext: Promise<Page> | undefined;
  const extensionPage = () => (ext ??= openExtensionPage(pb, 15_000));
  // Open it before the test opens pages of its own, so those are the foreground tab: Firefox holds
  // back enumerateDevices in a background tab (a Telnyx getDeviceCapabilities then never answers).
  if (opts.extensionDir) await extensionPage();

  async function debugRequest<T>(req: { op: string; url?: string }, timeout: number): Promise<T> {
    const page = await extensionPage();
    return page.evaluate(
      (req, timeout) =>
        Promise.race([
          browser.runtime.sendMessage({ type: 'rtc-devtools/debug', ...req }),
          new Promise((_, reject) => setTimeout(() => reject(new Error(`background did not answer ${req.op}`)), timeout)),
        ]),
      req,
      timeout,
    ) as Promise<T>;
  }

  return {
    browser: pb,
    downloadDir,
    extensionPage,
    async tabIdOf(url, timeout = 15_000) {
      const deadline = Date.now() + timeout;
      for (;;) {
        const ids = await debugRequest<number[]>({ op: 'tabsWithUrl', url }, timeout);
        if (ids.length === 1) return ids[0]!;
        if (ids.length > 1) throw new Error(`tabIdOf: ${ids.length} tabs have URL ${url}; give each test page a unique URL`);
        if (Date.now() > deadline) throw new Error(`tabIdOf: no tab reported URL ${url}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async openPanel(tabId) {
      const page = await extensionPage();
      const want = `panel.html?tabId=${tabId}`;
      await page.evaluate((want) => {
        location.href = want;
      }, want);
      await page.waitForFunction((want) => location.href.endsWith(want) && document.readyState === 'complete' && document.querySelector('#app > *') !== null, { timeout: 15_000 }, want);
      return page;
    },
    async readSnapshot(tabId, timeout = 15_000) {
      return (await extensionPage()).evaluate(collectSnapshot, { tabId, timeout });
    },
    async close() {
      await pb.close().catch(() => undefined);
      rmSync(downloadDir, { recursive: true, force: true });
    },
  };
}

/** The `browser` namespace Firefox gives extension pages (only what the snippets above use). */
declare const browser: {
  runtime: {
    sendMessage(m: unknown): Promise<unknown>;
    connect(info: { name: string }): {
      postMessage(m: unknown): void;
      disconnect(): void;
      onMessage: { addListener(fn: (m: unknown) => void): void };
      onDisconnect: { addListener(fn: () => void): void };
    };
  };
};
