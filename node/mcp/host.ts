/**
 * The browser behind the MCP server: Chromium with the extension, launched on first use (or attached
 * over CDP), and the tabs in it by the extension's own tab ids. A tab that was closed, or an id the
 * extension never gave, is an error naming it: never an empty capture that reads like a quiet page.
 */
import type { Page } from 'playwright-core';
import { attachRtcBrowser, launchRtcBrowser, type RtcBrowser, type RtcLaunchOptions } from '../../automation/launch.js';
import type { TabListing } from './format.js';

export interface HostOptions {
  /** Attach to this Chromium (http://127.0.0.1:9222) instead of launching one. */
  cdp?: string;
  launch?: RtcLaunchOptions;
  /** How long open_page waits for the page's load event, ms. */
  loadTimeoutMs?: number;
}

export class BrowserHost {
  private browser: Promise<RtcBrowser> | undefined;
  private readonly tabs = new Map<number, Page>();

  constructor(private readonly opts: HostOptions = {}) {}

  rtc(): Promise<RtcBrowser> {
    if (!this.browser) {
      const started = this.opts.cdp ? attachRtcBrowser(this.opts.cdp) : launchRtcBrowser(this.opts.launch);
      // A failed start (no build, no Chromium, nothing at the CDP URL) is tried again on the next call.
      this.browser = started.catch((err: unknown) => {
        this.browser = undefined;
        throw err;
      });
    }
    return this.browser;
  }

  async openPage(url: string): Promise<{ tabId: number; url: string; title: string }> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`"${url.slice(0, 200)}" is not a URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`only http(s) pages are captured; "${parsed.protocol}" is not one`);
    const { context, link } = await this.rtc();
    const page = await context.newPage();
    const timeout = this.opts.loadTimeoutMs ?? 30_000;
    try {
      await page.goto(parsed.href, { timeout, waitUntil: 'load' });
    } catch (err) {
      await page.close().catch(() => undefined);
      throw new Error(`the page never loaded: ${firstLine((err as Error).message)}`);
    }
    try {
      const tabId = await link.tabIdOf(page);
      this.tabs.set(tabId, page);
      return { tabId, url: page.url(), title: await page.title().catch(() => '') };
    } catch (err) {
      await page.close().catch(() => undefined);
      throw err;
    }
  }

  /** Every web page of the browser with its tab id (pages opened elsewhere too, when attached). */
  async listTabs(): Promise<TabListing[]> {
    const { link } = await this.rtc();
    const out: TabListing[] = [];
    for (const page of link.appPages()) {
      const url = page.url();
      if (!/^https?:/.test(url)) continue;
      const title = await page.title().catch(() => '');
      try {
        const tabId = await link.tabIdOf(page, 3_000);
        this.tabs.set(tabId, page);
        out.push({ tabId, url, title });
      } catch (err) {
        out.push({ url, title, problem: firstLine((err as Error).message) });
      }
    }
    return out;
  }

  /** The page of a tab id this server gave (or list_tabs found), checked to be still open. */
  async tab(tabId: number): Promise<{ tabId: number; page: Page; browser: RtcBrowser }> {
    if (!Number.isInteger(tabId)) throw new Error(`tab must be a tab id (an integer) from open_page or list_tabs`);
    const browser = await this.rtc();
    let page = this.tabs.get(tabId);
    if (!page || page.isClosed()) {
      this.tabs.delete(tabId);
      await this.listTabs();
      page = this.tabs.get(tabId);
    }
    if (!page || page.isClosed()) throw new Error(`tab ${tabId} does not exist (closed, or never opened); list_tabs shows the open ones`);
    return { tabId, page, browser };
  }

  async close(): Promise<void> {
    const b = this.browser;
    this.browser = undefined;
    if (b) await (await b.catch(() => undefined))?.close();
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 300);
}
