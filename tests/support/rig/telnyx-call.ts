/**
 * A Telnyx call as the specs, the demo and the manual server set it up: the fake Telnyx server
 * (serving tests/demo and node_modules on its own port) and a real far end answering its invites
 * from a plain Chromium of its own, so the extension under test never sees the far end.
 */
import { join, resolve } from 'node:path';
import type { Browser } from '@playwright/test';
import { DEMO_USER, telnyxDemoUrl } from '../servers/telnyx-demo.js';
import { startTelnyxServer, type TelnyxServer, type TelnyxServerOptions } from '../servers/telnyx.js';
import { launchPlainChromium } from './browser.js';
import { startFarEnd, type FarEnd } from './farend.js';
import { Teardown } from './teardown.js';

const ROOT = resolve(import.meta.dirname, '../../..');

export interface TelnyxUser {
  login: string;
  passwd: string;
}

export interface TelnyxCallRigOptions extends Omit<TelnyxServerOptions, 'users' | 'mounts' | 'farEnd'> {
  /** The one account the server accepts. Default: the demo's (alice / secret-pw). */
  user?: TelnyxUser;
  /**
   * Host the far end in this browser instead of a new plain Chromium, so a caller running many
   * rigs in a row pays for one launch. The caller owns it: `close()` leaves it running.
   */
  browser?: Browser;
}

export interface TelnyxCallRig {
  server: TelnyxServer;
  /** The plain Chromium that hosts the far end; free for other pages the extension must not see. */
  browser: Browser;
  farEnd: FarEnd;
  user: TelnyxUser;
  /** ws:// signaling URL (the demo's `host`, with a trailing slash). */
  url: string;
  /** http:// base of the same port: /telnyx/index.html is the demo, /node_modules/ the SDK. */
  httpUrl: string;
  /** The demo page logged in as `user`, unique per call; `extra` adds or overrides query options. */
  demoUrl(extra?: Record<string, string>): string;
  /**
   * Closes the far end, its browser (unless the caller passed it in), then the server; every step
   * runs even when one fails. Idempotent.
   */
  close(): Promise<void>;
}

export async function startTelnyxCallRig(opts: TelnyxCallRigOptions = {}): Promise<TelnyxCallRig> {
  const { user = DEMO_USER, browser: given, ...serverOpts } = opts;
  const teardown = new Teardown();
  try {
    const server = await startTelnyxServer({
      ...serverOpts,
      users: { [user.login]: user.passwd },
      // /dist/recorder/: the in-app recorder's script-tag build, for the demo's ?recorder=1.
      mounts: { '/': join(ROOT, 'tests/demo'), '/node_modules/': join(ROOT, 'node_modules'), '/dist/recorder/': resolve(process.env.RTC_DIST || 'dist', 'recorder') },
    });
    teardown.add(() => server.close());
    const browser = given ?? (await launchPlainChromium());
    if (!given) teardown.add(() => browser.close());
    const farEnd = await startFarEnd(server.farEndUrl, { browser });
    teardown.add(() => farEnd.close());
    return {
      server,
      browser,
      farEnd,
      user: { ...user },
      url: server.url,
      httpUrl: server.httpUrl,
      demoUrl: (extra = {}) => telnyxDemoUrl(server, { login: user.login, passwd: user.passwd, ...extra }),
      close: () => teardown.close(),
    };
  } catch (e) {
    // A failed start must not leave the steps that did start running; its own error is the one to see.
    await teardown.close().catch(() => undefined);
    throw e;
  }
}
