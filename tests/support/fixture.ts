/**
 * The one Playwright fixture every e2e spec imports `test` and `expect` from.
 *
 * It hands a spec what each spec used to start by hand in beforeAll/afterAll: the built extension
 * in Chromium, the fake Telnyx and SignalWire servers with their far-end peers, coturn, the echo
 * server, static servers for test pages, plain Chromium, and the Firefox rig. The rigs themselves
 * stay in tests/support/rig and tests/support/servers; this module only decides how long each one
 * lives and tears it down, so a spec says what it needs instead of how to start and stop it.
 *
 * Lifetimes (docs/testing.md has the table):
 * - worker: `rigs.firefoxBuild()` (a Vite build of the test extension, ~20 s, read-only afterwards).
 * - spec file: everything costly and shared by a file's tests (`ext`, `telnyx`, `signalwire`,
 *   `farBrowser`, `turn`, `echo`, `firefox`, servers from `rigs.serve`). One per file, as the
 *   beforeAll/afterAll pairs they replace had it: a browser never carries another file's tabs,
 *   captures or stopped worker into the next file. They are cached in the worker and closed when the
 *   worker reaches the next file (or ends), so they can be used from tests and from beforeAll (via
 *   the worker fixture `rigs`).
 * - test: `launchExtension`/`startSwCall`, for state that must be fresh; closed after the test.
 *
 *   import { test, expect } from '../support/fixture.js';
 *   test('captures the call', async ({ ext, telnyx, openPanelFor }) => {
 *     const app = await ext.context.newPage();
 *     await app.goto(telnyx.demoUrl());
 *     const panel = await openPanelFor(app);               // panel.html?tabId=N for that tab
 *   });
 */
import { test as base, expect } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchPlainChromium, type FakeMedia } from './rig/browser.js';
import { startTurn, type TurnOptions, type TurnServer } from './rig/coturn.js';
import { startEchoServer, type EchoServer } from './rig/echo-server.js';
import { launchWithExtension, openPanel, tabIdOf, type ExtensionHandle, type LaunchOptions } from './rig/extension.js';
import { buildTestExtension, launchFirefox, type FirefoxHandle, type FirefoxOptions } from './rig/firefox.js';
import { startHttp, type HttpOptions, type HttpRig } from './rig/http.js';
import { Teardown } from './rig/teardown.js';
import { startTelnyxCallRig, type TelnyxCallRig, type TelnyxCallRigOptions } from './rig/telnyx-call.js';
import { startSwCall, startSwRig, type SwCall, type SwRig } from './servers/signalwire-e2e.js';
import type { SignalWireServerOptions } from './servers/signalwire.js';

export { expect };
export type { Browser, Page };

/** Test pages served by specs (tests/fixtures/pages/<group>/…). */
export const TEST_PAGES = resolve(import.meta.dirname, '..', 'fixtures', 'pages');
export const testPages = (group: 'pipeline' | 'reliability'): string => join(TEST_PAGES, group);

/** The Firefox extension and standalone pages built for tests (buildTestExtension). */
export type FirefoxBuild = ReturnType<typeof buildTestExtension>;

/**
 * Rigs that live as long as one spec file. Each getter starts its rig on first use in a file and
 * returns the same one for the rest of the file; the first use in another file closes the previous
 * file's rigs first. Keyed by options, so two calls with different options get two rigs.
 */
export interface SpecRigs {
  /**
   * Chromium with the built extension (<RTC_DIST or dist>/chrome). Cached by its JSON options, so
   * a `prepareProfile` callback belongs with `launchExtension`, which never shares a browser.
   */
  extension(opts?: LaunchOptions): Promise<ExtensionHandle>;
  /** Fake Telnyx server + demo pages + far-end peer in a plain Chromium (tests/support/rig/telnyx-call.ts). */
  telnyx(opts?: Omit<TelnyxCallRigOptions, 'browser'>): Promise<TelnyxCallRig>;
  /** coturn + the SignalWire demo pages; calls on it come from `startSwCall`. */
  signalwire(): Promise<SwRig>;
  /** A plain Chromium (no extension) for far ends and pages the extension must not see. */
  plainChromium(extraArgs?: string[]): Promise<Browser>;
  turn(opts?: TurnOptions): Promise<TurnServer>;
  echo(): Promise<EchoServer>;
  /** Stock Firefox ESR with the test build of the extension (pass `extensionDir: ''` for none). */
  firefox(opts?: FirefoxOptions): Promise<FirefoxHandle>;
  /** The Firefox extension and pages built for tests, made once per worker and shared by its Firefox specs. */
  firefoxBuild(): Promise<FirefoxBuild>;
  /** A new static/WebSocket server (tests/support/rig/http.ts) each call, closed when the file ends. */
  serve(opts?: HttpOptions): Promise<HttpRig>;
}

interface WorkerFixtures {
  rigs: SpecRigs;
}

interface TestFixtures {
  ext: ExtensionHandle;
  telnyx: TelnyxCallRig;
  signalwire: SwRig;
  farBrowser: Browser;
  turn: TurnServer;
  echo: EchoServer;
  firefox: FirefoxHandle;
  /** The extension's tab id for a page of `ext` (waits until the page's bridge said hello). */
  tabIdOf(page: Page): Promise<number>;
  /** Opens panel.html?tabId=N for the tab of `page`, as a normal extension page of `ext`. */
  openPanelFor(page: Page): Promise<Page>;
  /** A Chromium with the extension for this test alone (fresh profile), closed after it. */
  launchExtension(opts?: LaunchOptions): Promise<ExtensionHandle>;
  /** A plain Chromium (no extension) for this test alone, closed after it. */
  launchChromium(extraArgs?: string[], media?: FakeMedia): Promise<Browser>;
  /** A fake SignalWire relay with a far end in `farBrowser`, for this test alone, closed after it. */
  startSwCall(opts?: SignalWireServerOptions): Promise<SwCall>;
}

/** The cache behind SpecRigs: one spec file's rigs at a time, torn down newest first. */
class FileScope {
  private file: string | undefined;
  private rigs = new Map<string, Promise<unknown>>();
  private teardown = new Teardown();

  constructor(private readonly firefoxBuild: () => Promise<FirefoxBuild>) {}

  /** Closes the previous file's rigs when a test or hook of another file asks for one. */
  private async enter(): Promise<void> {
    const file = base.info().file;
    if (file === this.file) return;
    await this.close();
    this.file = file;
  }

  async close(): Promise<void> {
    const done = this.teardown;
    this.rigs = new Map();
    this.teardown = new Teardown();
    this.file = undefined;
    await done.close();
  }

  private async once<T>(key: string, start: () => Promise<T>, stop: (rig: T) => Promise<unknown>): Promise<T> {
    await this.enter();
    let rig = this.rigs.get(key) as Promise<T> | undefined;
    if (!rig) {
      rig = start();
      this.rigs.set(key, rig);
      // A failed start leaves nothing to stop; the next ask in this file tries again.
      rig.then(
        (r) => this.teardown.add(() => stop(r)),
        () => this.rigs.delete(key),
      );
    }
    return rig;
  }

  api(): SpecRigs {
    const key = (name: string, opts: unknown) => `${name} ${JSON.stringify(opts ?? {})}`;
    return {
      extension: (opts) => this.once(key('extension', opts), () => launchWithExtension(opts), (e) => e.close()),
      telnyx: (opts) => this.once(key('telnyx', opts), () => startTelnyxCallRig(opts), (r) => r.close()),
      signalwire: () => this.once('signalwire', startSwRig, (r) => r.close()),
      plainChromium: (extraArgs) => this.once(key('plainChromium', extraArgs), () => launchPlainChromium(extraArgs), (b) => b.close()),
      turn: (opts) => this.once(key('turn', opts), () => startTurn(opts), (t) => t.stop()),
      echo: () => this.once('echo', startEchoServer, (e) => e.close()),
      firefox: (opts) =>
        this.once(
          key('firefox', opts),
          // extensionDir '' (no extension) must not pay for the test build.
          async () => launchFirefox(opts?.extensionDir !== undefined ? opts : { ...opts, extensionDir: (await this.firefoxBuild()).firefox }),
          (f) => f.close(),
        ),
      serve: async (opts) => {
        await this.enter();
        const http = await startHttp(opts);
        this.teardown.add(() => http.close());
        return http;
      },
      firefoxBuild: () => this.firefoxBuild(),
    };
  }
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  rigs: [
    async ({}, use) => {
      // The Firefox test build is made once per worker, on first ask (a Vite build per browser,
      // ~20 s): Chromium-only runs never pay for it, and every Firefox spec reads it, none writes it.
      let build: FirefoxBuild | undefined;
      const scope = new FileScope(async () => (build ??= buildTestExtension()));
      await use(scope.api());
      await scope.close();
      if (build) rmSync(build.root, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  ext: async ({ rigs }, use) => use(await rigs.extension()),
  telnyx: async ({ rigs }, use) => use(await rigs.telnyx()),
  signalwire: async ({ rigs }, use) => use(await rigs.signalwire()),
  farBrowser: async ({ rigs }, use) => use(await rigs.plainChromium()),
  turn: async ({ rigs }, use) => use(await rigs.turn()),
  echo: async ({ rigs }, use) => use(await rigs.echo()),
  firefox: async ({ rigs }, use) => use(await rigs.firefox()),
  tabIdOf: async ({ ext }, use) => use((page) => tabIdOf(ext, page)),
  openPanelFor: async ({ ext }, use) => use(async (page) => openPanel(ext, await tabIdOf(ext, page))),
  launchExtension: async ({}, use) => {
    const launched = new Teardown();
    await use(async (opts) => {
      const ext = await launchWithExtension(opts);
      launched.add(() => ext.close());
      return ext;
    });
    await launched.close();
  },
  launchChromium: async ({}, use) => {
    const launched = new Teardown();
    await use(async (extraArgs, media) => {
      const browser = await launchPlainChromium(extraArgs, media);
      launched.add(() => browser.close());
      return browser;
    });
    await launched.close();
  },
  startSwCall: async ({ rigs }, use) => {
    const calls = new Teardown();
    await use(async (opts) => {
      const call = await startSwCall(await rigs.signalwire(), await rigs.plainChromium(), opts);
      calls.add(() => call.close());
      return call;
    });
    await calls.close();
  },
});
