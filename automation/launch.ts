/**
 * Chromium with the built extension, for the Playwright fixture and the MCP server: launched on a fresh
 * profile (the extension loads only in a persistent context), or attached over CDP to one already running.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { BASE_ARGS, chromiumPath, extensionArgs, fakeMediaArgs, requireBuiltExtension, type FakeMedia } from './chromium.js';
import { linkToExtension, type ExtensionLink } from './link.js';

export interface RtcLaunchOptions {
  /** Default true. */
  headless?: boolean;
  /** Default 'devices-and-permission': fake camera and microphone, permission granted. */
  media?: FakeMedia;
  extraArgs?: string[];
  /** The built extension; default <RTC_DIST or dist>/chrome. */
  extensionDir?: string;
}

export interface RtcBrowser {
  context: BrowserContext;
  link: ExtensionLink;
  /** Closes what this process launched; an attached browser is only disconnected from. */
  close(): Promise<void>;
}

export async function launchRtcBrowser(opts: RtcLaunchOptions = {}): Promise<RtcBrowser> {
  const dir = requireBuiltExtension(opts.extensionDir);
  const userDataDir = mkdtempSync(join(tmpdir(), 'rtc-devtools-profile-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath(),
      headless: opts.headless ?? true,
      args: [...BASE_ARGS, ...fakeMediaArgs(opts.media), ...(opts.extraArgs ?? []), ...extensionArgs(dir)],
    });
    const link = await linkToExtension(context);
    const ctx = context;
    return {
      context: ctx,
      link,
      async close() {
        await ctx.close().catch(() => undefined);
        rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await context?.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }
}

/** A Chromium started with --remote-debugging-port and the extension loaded; `url` like http://127.0.0.1:9222. */
export async function attachRtcBrowser(url: string): Promise<RtcBrowser> {
  const browser = await chromium.connectOverCDP(url);
  try {
    const context = browser.contexts()[0];
    if (!context) throw new Error(`the browser at ${url} has no default context`);
    const link = await linkToExtension(context);
    return { context, link, close: async () => void (await browser.close().catch(() => undefined)) };
  } catch (e) {
    await browser.close().catch(() => undefined);
    throw e;
  }
}
