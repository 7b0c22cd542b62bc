/**
 * `rtc-devtools/playwright`: a Playwright test fixture whose `page` runs in Chromium with the built RTC
 * DevTools extension, and an `rtc` fixture that reads what the panel knows about that page as data.
 *
 *   import { test, expect } from 'rtc-devtools/playwright';
 *   test('call connects cleanly', async ({ page, rtc }) => {
 *     await page.goto('https://app.example/call');
 *     await rtc.waitForCall(page, { state: 'active' });
 *     await expect(rtc.for(page)).toHaveNoFindings({ minSeverity: 'warning' });
 *     await rtc.exportBundle(page, 'diagnostics.json.gz');
 *   });
 *
 * Each test gets a fresh profile (a persistent context, the only kind an extension loads in). When a
 * test fails, the bundle of every open page is attached to the report, gzipped as the panel exports it.
 * Needs the built extension (<RTC_DIST or dist>/chrome: `npm run build`) and Debian's Chromium
 * (CHROMIUM_PATH for another). Documented in docs/automation.md.
 */
import { test as base, expect as baseExpect, type Page, type TestInfo } from '@playwright/test';
import { gzip } from '../core/bundle/gzip.js';
import { serializeBundle } from '../core/bundle/build.js';
import { captureHostOf, type RedactChoices } from '../core/bundle/capture-bundle.js';
import type { Bundle } from '../core/bundle/types.js';
import type { Finding } from '../core/protocol/types.js';
import { writeBundleFile, type WrittenBundle } from './bundle-file.js';
import {
  callMatches,
  captureView,
  describeCalls,
  describeFindings,
  findingMatches,
  findingsAtLeast,
  type CallMatch,
  type FindingMatch,
  type RtcCall,
  type RtcCapture,
  type Severity,
} from './capture.js';
import { launchRtcBrowser, type RtcBrowser, type RtcLaunchOptions } from './launch.js';
import { simulateFault, stopFaults, type ArmedResult } from './simulate.js';

export type { ArmedResult, CallMatch, FindingMatch, RtcCall, RtcCapture, RtcLaunchOptions, Severity };

/** What `rtc.for(page)` hands `expect`: the page and the fixture that reads it. */
export interface RtcTarget {
  readonly page: Page;
  readonly rtc: Rtc;
}

export interface WaitOptions {
  /** ms; default 30 s. */
  timeout?: number;
}

export interface Rtc {
  /** The extension's tab id for `page` (waits until the page's document reported to the extension). */
  tabId(page: Page): Promise<number>;
  /** The live analysis as plain data: SDKs, connections, calls, findings, sockets, peer connections. */
  capture(page: Page): Promise<RtcCapture>;
  /** Waits until a call matches (`{ state: 'active' }`), and returns it; the error lists the calls seen. */
  waitForCall(page: Page, match?: CallMatch & WaitOptions): Promise<RtcCall>;
  /** Waits until a finding matches (`{ rule }`, `{ minSeverity }`, `{ message }`), and returns it. */
  waitForFinding(page: Page, match?: FindingMatch & WaitOptions): Promise<Finding>;
  /** Writes the panel's "Export diagnostics" bundle (gzipped when `path` ends in .gz). */
  exportBundle(page: Page, path: string, opts?: { redact?: RedactChoices }): Promise<WrittenBundle & { bundle: Bundle }>;
  /**
   * Arms a fault in the page (core/simulate/faults.ts: `{ kind: 'drop-connection', params: { offlineS: 3 } }`);
   * resolves once the extension accepted it, with its id. A bad fault rejects with why.
   */
  simulate(page: Page, fault: unknown): Promise<ArmedResult>;
  /** Stops one armed fault (by the id `simulate` gave), or all of the page's. */
  stopSimulating(page: Page, faultId?: string): Promise<void>;
  /** For the matchers: `await expect(rtc.for(page)).toHaveNoFindings()`. */
  for(page: Page): RtcTarget;
}

interface RtcFixtures {
  /** How the fixture launches Chromium; set with `test.use({ rtcLaunch: { … } })`. */
  rtcLaunch: RtcLaunchOptions;
  rtcBrowser: RtcBrowser;
  rtc: Rtc;
}

const POLL_MS = 250;

function createRtc(browser: RtcBrowser): Rtc {
  const { link } = browser;
  const capture = async (page: Page) => captureView(await link.analyze(await link.tabIdOf(page)));
  const poll = async <T>(what: () => Promise<T | undefined>, timeout: number, fail: () => Promise<string>): Promise<T> => {
    const deadline = Date.now() + timeout;
    for (;;) {
      const found = await what();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(await fail());
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  };
  const rtc: Rtc = {
    tabId: (page) => link.tabIdOf(page),
    capture,
    async waitForCall(page, { timeout = 30_000, ...match } = {}) {
      let last: RtcCapture | undefined;
      return poll(
        async () => (last = await capture(page)).calls.find((c) => callMatches(c, match)),
        timeout,
        async () => `rtc.waitForCall: no call matched ${JSON.stringify(match)} within ${timeout} ms; seen:\n${describeCalls(last?.calls ?? [])}`,
      );
    },
    async waitForFinding(page, { timeout = 30_000, ...match } = {}) {
      let last: RtcCapture | undefined;
      return poll(
        async () => (last = await capture(page)).findings.find((f) => findingMatches(f, match)),
        timeout,
        async () => `rtc.waitForFinding: no finding matched ${String(match.message ?? '')}${JSON.stringify({ ...match, message: undefined })} within ${timeout} ms; seen:\n${describeFindings(last?.findings ?? [])}`,
      );
    },
    async exportBundle(page, path, opts = {}) {
      const { bundle, analyzed } = await link.bundle(await link.tabIdOf(page), opts.redact);
      const written = await writeBundleFile(bundle, path, { host: captureHostOf(analyzed.snapshot.docs) });
      return { ...written, bundle };
    },
    simulate: async (page, fault) => simulateFault(link, await link.tabIdOf(page), fault),
    stopSimulating: async (page, faultId) => stopFaults(link, await link.tabIdOf(page), faultId),
    for: (page) => ({ page, rtc }),
  };
  return rtc;
}

/** Attaches each open page's bundle to a failed test's report; a page that cannot be read is named instead. */
export async function attachRtcBundles(browser: RtcBrowser, testInfo: TestInfo): Promise<void> {
  // Only web pages report to the extension (the profile's first about:blank never does).
  for (const page of browser.link.appPages().filter((p) => /^https?:/.test(p.url()))) {
    try {
      const tabId = await browser.link.tabIdOf(page, 2_000);
      const { bundle } = await browser.link.bundle(tabId);
      await testInfo.attach(`rtc-diagnostics-tab${tabId}.json.gz`, { body: Buffer.from(await gzip(serializeBundle(bundle))), contentType: 'application/gzip' });
    } catch (e) {
      await testInfo.attach(`rtc-diagnostics-unavailable.txt`, { body: `${page.url()}: ${(e as Error).message}`, contentType: 'text/plain' });
    }
  }
}

export const test = base.extend<RtcFixtures>({
  rtcLaunch: [{}, { option: true }],
  rtcBrowser: async ({ rtcLaunch }, use) => {
    const browser = await launchRtcBrowser(rtcLaunch);
    await use(browser);
    await browser.close();
  },
  // The extension loads only in a persistent context: `context` and `page` are that browser's.
  context: async ({ rtcBrowser }, use) => use(rtcBrowser.context),
  page: async ({ context }, use) => {
    const page = await context.newPage();
    await use(page);
  },
  rtc: async ({ rtcBrowser }, use, testInfo) => {
    await use(createRtc(rtcBrowser));
    if (testInfo.status !== testInfo.expectedStatus) await attachRtcBundles(rtcBrowser, testInfo);
  },
});

function isTarget(x: unknown): x is RtcTarget {
  return typeof x === 'object' && x !== null && 'page' in x && 'rtc' in x;
}

export const expect = baseExpect.extend({
  /**
   * Passes when the page has no finding at `minSeverity` or above (default 'info': none at all).
   * `ignore`: rules to leave out, e.g. the timing rules a loaded CI machine can trip
   * (`slow-ice-gathering`, `slow-call-setup`).
   */
  async toHaveNoFindings(target: RtcTarget, opts: { minSeverity?: Severity; ignore?: readonly string[] } = {}) {
    const name = 'toHaveNoFindings';
    if (!isTarget(target)) return { pass: false, name, message: () => `${name}: expected rtc.for(page), got ${typeof target}` };
    const ignored = new Set(opts.ignore ?? []);
    const found = findingsAtLeast((await target.rtc.capture(target.page)).findings, opts.minSeverity ?? 'info').filter((f) => !ignored.has(f.rule));
    const at = opts.minSeverity ?? 'info';
    return {
      pass: found.length === 0,
      name,
      message: () =>
        found.length === 0 ? `expected findings at ${at} or above, there were none` : `expected no findings at ${at} or above, found ${found.length}:\n${describeFindings(found)}`,
    };
  },
  /** Passes once the page has a call matching `match` (polled until the expect timeout). */
  async toHaveCall(target: RtcTarget, match: CallMatch = {}, opts: { timeout?: number } = {}) {
    const name = 'toHaveCall';
    if (!isTarget(target)) return { pass: false, name, message: () => `${name}: expected rtc.for(page), got ${typeof target}` };
    const timeout = opts.timeout ?? this.timeout;
    const deadline = Date.now() + timeout;
    let calls: RtcCall[] = [];
    for (;;) {
      calls = (await target.rtc.capture(target.page)).calls;
      const pass = calls.some((c) => callMatches(c, match));
      // Poll toward the expected outcome: until a match (or, under .not, until none) or the deadline.
      if (pass !== this.isNot || Date.now() > deadline) {
        return {
          pass,
          name,
          message: () => `expected ${this.isNot ? 'no ' : ''}call matching ${JSON.stringify(match)}; calls:\n${describeCalls(calls)}`,
        };
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  },
});
