/**
 * Node's line to the extension inside a Chromium that Playwright drives: it reads a tab's capture
 * the way a panel does (from an extension page, over the panel port), finds the extension's tab id
 * of a Playwright page, runs the in-page preflight, and builds the bundle "Export diagnostics" writes.
 * Shared by the Playwright fixture (automation/playwright.ts) and the MCP server (node/mcp/).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { buildCaptureBundle, DEFAULT_REDACT_CHOICES, type BuiltBundle, type RedactChoices } from '../core/bundle/capture-bundle.js';
import { browserEnvironment } from '../core/bundle/environment.js';
import type { Environment } from '../core/bundle/types.js';
import { parsePreflightReply, relayMessage, startMessage } from '../core/messages/preflight.js';
import { DEBUG_MESSAGE, PANEL_PORT, PREFLIGHT_PORT } from '../core/messages/versions.js';
import { makeSdkDiagnosticsRequest, parseSdkDiagnosticsReply } from '../core/messages/sdk-diagnostics.js';
import { EXPORT_DIAGNOSTICS_TIMEOUT_MS, type SdkDiagnosticsEntry } from '../core/sdk/diagnostics.js';
import { newRunId, toWireConfig } from '../core/preflight/remote.js';
import type { PreflightConfig, PreflightResult } from '../core/preflight/types.js';
import { analyzeSnapshot, type AnalyzedCapture } from './capture.js';
import { collectSnapshot, exchangeOnPort, requestOnPort, sendRuntimeMessage, type CaptureSnapshot } from './in-extension-page.js';

export class ExtensionLink {
  private helper: Page | undefined;
  private helperOpening: Promise<Page> | undefined;
  private env: Partial<Environment> | undefined;

  constructor(
    readonly context: BrowserContext,
    readonly extensionId: string,
  ) {}

  /** An idle extension page (devtools.html does nothing outside DevTools) to talk to the worker from. */
  async helperPage(): Promise<Page> {
    if (this.helper && !this.helper.isClosed()) return this.helper;
    this.helperOpening ??= (async () => {
      const page = await this.context.newPage();
      await page.goto(`chrome-extension://${this.extensionId}/devtools.html`);
      this.helper = page;
      return page;
    })().finally(() => (this.helperOpening = undefined));
    return this.helperOpening;
  }

  /** Pages of the browser that are not the extension's own. */
  appPages(): Page[] {
    return this.context.pages().filter((p) => !p.url().startsWith('chrome-extension://') && !p.url().startsWith('devtools://'));
  }

  async tabsWithUrl(url: string, timeout = 15_000): Promise<number[]> {
    const page = await this.helperPage();
    const ids = await page.evaluate(sendRuntimeMessage, { message: { type: DEBUG_MESSAGE, op: 'tabsWithUrl', url }, timeout });
    return Array.isArray(ids) ? ids.filter((x): x is number => Number.isInteger(x)) : [];
  }

  /**
   * The extension's tab id for a page. The extension has no "tabs" permission, so the worker matches
   * the URL its bridges reported; this waits until the page's document said hello.
   */
  async tabIdOf(page: Page, timeout = 15_000): Promise<number> {
    const deadline = Date.now() + timeout;
    for (;;) {
      if (page.isClosed()) throw new Error('the page was closed');
      const url = page.url();
      const ids = await this.tabsWithUrl(url, timeout);
      if (ids.length === 1) return ids[0]!;
      if (ids.length > 1) throw new Error(`${ids.length} tabs show ${url}: the extension tells tabs apart by URL, give each page a unique one (a query string will do)`);
      if (Date.now() > deadline) throw new Error(`the extension never heard from ${url} (only http(s) pages are captured; is the page loaded and the extension built?)`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The tab's whole capture, as a panel receives it. */
  async snapshot(tabId: number, timeout = 15_000): Promise<CaptureSnapshot> {
    const page = await this.helperPage();
    return page.evaluate(collectSnapshot, { tabId, timeout });
  }

  async analyze(tabId: number, timeout?: number): Promise<AnalyzedCapture> {
    return analyzeSnapshot(await this.snapshot(tabId, timeout));
  }

  /** What the browser says about itself, read in an extension page as the panel reads it. */
  async environment(): Promise<Partial<Environment>> {
    if (!this.env) {
      const page = await this.helperPage();
      this.env = await page.evaluate(browserEnvironment);
    }
    return this.env;
  }

  /**
   * The SDKs' own exportDiagnostics() for this tab, asked as the panel asks before an export
   * (core/messages/sdk-diagnostics.ts). Never throws: a worker that does not answer gives a note.
   */
  async sdkDiagnostics(tabId: number): Promise<SdkDiagnosticsEntry[]> {
    const note = (why: string): SdkDiagnosticsEntry[] => [{ sdk: 'unknown', t: Date.now(), data: { note: `The SDKs' own diagnostics could not be collected (${why}); the bundle was exported without them.` } }];
    try {
      const page = await this.helperPage();
      // The worker bounds each client by EXPORT_DIAGNOSTICS_TIMEOUT_MS; the relay gets a margin.
      const reply = await page.evaluate(sendRuntimeMessage, { message: makeSdkDiagnosticsRequest(tabId), timeout: EXPORT_DIAGNOSTICS_TIMEOUT_MS + 4_000 });
      return parseSdkDiagnosticsReply(reply)?.entries ?? note('the extension sent an answer this tool cannot read');
    } catch (e) {
      return note(e instanceof Error ? e.message : String(e));
    }
  }

  /** The bundle the panel's "Export diagnostics" writes for this tab (core/bundle/capture-bundle.ts), the SDKs' own diagnostics included. */
  async bundle(tabId: number, choices: RedactChoices = DEFAULT_REDACT_CHOICES): Promise<BuiltBundle & { analyzed: AnalyzedCapture }> {
    // Asked first, as the panel does, so the capture read next holds whatever asking it produced.
    const sdkDiagnostics = await this.sdkDiagnostics(tabId);
    const analyzed = await this.analyze(tabId);
    const { snapshot, analysis } = analyzed;
    const top = [...snapshot.docs].reverse().find((d) => d.top);
    const built = buildCaptureBundle(
      {
        events: snapshot.events,
        analysis,
        dropped: snapshot.dropped,
        environment: { ...(await this.environment()), source: 'extension', ...(top ? { pageUrl: top.url } : {}) },
        docs: snapshot.docs,
        ...(sdkDiagnostics.length ? { sdkDiagnostics } : {}),
      },
      choices,
    );
    return { ...built, analyzed };
  }

  /** Sends one message on the panel port, as a panel would, and returns the reply of `replyType` that carries `reqId`. */
  async panelRequest(message: { reqId: string; [key: string]: unknown }, replyType: string, timeout = 15_000): Promise<unknown> {
    const page = await this.helperPage();
    return page.evaluate(requestOnPort, { name: PANEL_PORT, message, replyType, reqId: message.reqId, timeout });
  }

  /** Runs the preflight inside the tab's page (its origin, permissions, devices), as the panel's Preflight view does. */
  async preflight(tabId: number, config: PreflightConfig, timeout = 120_000): Promise<PreflightResult> {
    const runId = newRunId();
    const page = await this.helperPage();
    const { replies, ended } = await page.evaluate(exchangeOnPort, {
      name: PREFLIGHT_PORT,
      message: relayMessage(tabId, startMessage(runId, toWireConfig(config))),
      endOps: ['error'],
      endEvents: ['done'],
      timeout,
    });
    for (const raw of replies) {
      const reply = parsePreflightReply(raw, runId);
      if (reply?.op === 'error') throw new Error(`preflight: ${reply.message}`);
      if (reply?.op === 'event' && reply.event.type === 'done') return reply.event.result;
    }
    throw new Error(ended === 'timeout' ? `preflight: no result within ${Math.round(timeout / 1000)} s` : 'preflight: the extension stopped relaying it (the page went away or the worker restarted)');
  }
}

/**
 * The link to our extension in a browser context: its id from its service worker (background.js).
 * A worker stopped for idleness is not listed; an open http(s) page keeps it running, so this waits.
 */
export async function linkToExtension(context: BrowserContext, timeout = 15_000): Promise<ExtensionLink> {
  const isOurs = (url: string) => url.startsWith('chrome-extension://') && url.endsWith('/background.js');
  const found = context.serviceWorkers().find((w) => isOurs(w.url()));
  const worker = found ?? (await context.waitForEvent('serviceworker', { predicate: (w) => isOurs(w.url()), timeout }).catch(() => undefined));
  if (!worker) throw new Error('the RTC DevTools extension is not running in this browser (start Chromium with --load-extension=<dist>/chrome, and open a page so its worker wakes)');
  return new ExtensionLink(context, new URL(worker.url()).host);
}
