/**
 * "SDK diagnostics in every export": on a page with the SignalWire 4.x client, the panel's Export
 * diagnostics asks the client's own exportDiagnostics() first and puts it in sdkDiagnostics[]
 * (redacted) with no other click; the same step is one runtime message any extension page can send
 * (the Playwright fixture, the MCP helper). A client that never answers leaves a note, and the
 * export still happens.
 *
 * Needs the build: `npm run build` (same RTC_DIST).
 */
import { readFileSync } from 'node:fs';
import { test, expect, type Browser, type Page } from '../support/fixture.js';
import { openPanel, tabIdOf, type ExtensionHandle } from '../support/rig/extension.js';
import { routeFabricApi } from '../support/servers/signalwire-fabric-api.js';
import { dialAndConnect, demoUrl, startSwCall, type SwCall, type SwRig } from '../support/servers/signalwire-e2e.js';
import type { Bundle } from '../../core/bundle/types.js';

test.describe.configure({ mode: 'serial' });
test.setTimeout(90_000);

let rig: SwRig;
let farBrowser: Browser;
let ext: ExtensionHandle;
let call: SwCall | undefined;

test.beforeAll(async ({ rigs }) => {
  rig = await rigs.signalwire();
  farBrowser = await rigs.plainChromium();
  ext = await rigs.extension();
});

test.afterEach(async () => {
  await call?.close();
  call = undefined;
});

async function inCallWithPanel(): Promise<{ app: Page; panel: Page; tabId: number }> {
  call = await startSwCall(rig, farBrowser, { pingIntervalMs: null });
  const app = await ext.context.newPage();
  await routeFabricApi(app);
  await app.goto(demoUrl(rig, 'v4', call.server, {}));
  await dialAndConnect(app);
  const tabId = await tabIdOf(ext, app);
  const panel = await openPanel(ext, tabId);
  await expect(panel.getByText(/@signalwire\/js 4/).first()).toBeVisible({ timeout: 15_000 });
  return { app, panel, tabId };
}

async function exportBundle(panel: Page): Promise<Bundle> {
  const [download] = await Promise.all([panel.waitForEvent('download', { timeout: 30_000 }), panel.getByRole('button', { name: 'Export diagnostics' }).click()]);
  return JSON.parse(readFileSync((await download.path())!, 'utf8')) as Bundle;
}

test('Export diagnostics holds the client’s own exportDiagnostics() without any other click', async () => {
  const { app, panel, tabId } = await inCallWithPanel();
  const ownKeys = await app.evaluate(async () => {
    const d = await (window as unknown as { demo: { client: { exportDiagnostics(): Promise<object> } } }).demo.client.exportDiagnostics();
    return Object.keys(d).sort();
  });
  const b = await exportBundle(panel);
  const diag = b.sdkDiagnostics.filter((d) => d.sdk === 'signalwire');
  expect(diag, JSON.stringify(b.sdkDiagnostics).slice(0, 400)).toHaveLength(1);
  expect(Object.keys(diag[0]!.data as object).sort()).toEqual(ownKeys);
  // The relay token the client was given never reaches the file.
  expect(JSON.stringify(b)).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);

  // The same step from any extension page: one runtime message, answered by the worker.
  const reply = await panel.evaluate(
    (tab) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'rtc-devtools/sdk-diagnostics', v: 1, tabId: tab }),
    tabId,
  );
  expect(reply).toMatchObject({ type: 'rtc-devtools/sdk-diagnostics', v: 1, tabId, entries: [{ sdk: 'signalwire', data: expect.any(Object) }] });
});

test('a client whose exportDiagnostics() never answers: a note in its place, and the export still happens', async () => {
  const { app, panel } = await inCallWithPanel();
  await app.evaluate(() => {
    (window as unknown as { demo: { client: Record<string, unknown> } }).demo.client.exportDiagnostics = () => new Promise(() => undefined);
  });
  const started = Date.now();
  const b = await exportBundle(panel);
  expect(Date.now() - started).toBeLessThan(20_000);
  expect(b.sdkDiagnostics).toEqual([expect.objectContaining({ sdk: 'signalwire', data: { note: expect.stringMatching(/gave no answer in 8 s; the bundle was exported without it/) } })]);
  expect(b.sockets.some((s) => s.frames.length > 0)).toBe(true);
});
