/**
 * SDK discovery with the real SDK packages in real Chromium and the built extension:
 * - loaded as UMD globals (bundles served from node_modules), the clients are found by their
 *   wrapped constructors and their own state streams into the capture;
 * - bundled by Vite into an app (tests/demo/sdk-bundled, built here into a temp dir) that
 *   registers its clients through window.__RTC_DEVTOOLS_HOOK__;
 * - the SDK's own preflight / getDeviceCapabilities / exportDiagnostics run on request from an
 *   extension page and their results come back through worker, bridge and hook.
 * Servers: the fake Telnyx and SignalWire relays on 127.0.0.1; the 4.x Fabric REST call is
 * answered with page.route. Needs a build (`npm run build`, or RTC_DIST=<dir>).
 */
import { test, expect, type Page } from '../support/fixture.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import type { SdkEvent, SdkFound } from '../../core/capture/events.js';
import type { StoredEvent } from '../../core/capture/events.js';
import { makeCommand, type SdkCommandResult } from '../../core/messages/sdk-commands.js';
import { RUNTIME_COMMAND_TYPE, SDK_COMMAND_VERSION } from '../../core/messages/versions.js';
import type { SdkCommandName } from '../../core/sdk/commands.js';
import { openPanel, readCapture, tabIdOf, type ExtensionHandle } from '../support/rig/extension.js';
import { type HttpRig } from '../support/rig/http.js';
import { buildSdkBundledDemo } from '../demo/sdk-bundled/build.js';
import { routeFabricApi } from '../support/servers/signalwire-fabric-api.js';
import { makeTestJwt } from '../support/servers/signalwire-jwt.js';
import { startSignalWireServer, type SignalWireServer } from '../support/servers/signalwire.js';
import { startTelnyxServer, type TelnyxServer } from '../support/servers/telnyx.js';

test.describe.configure({ mode: 'serial' });
test.setTimeout(90_000);

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TELNYX_PASSWORD = 'umd-secret-pw-42';

let tmp: string;
let http: HttpRig;
let telnyx: TelnyxServer;
let relay: SignalWireServer;
let ext: ExtensionHandle;
let sender: Page | undefined;

// The 4.0 beta UMD wrapper takes node:crypto as an external global; pages using it supply one.
const CRYPTO_SHIM = `window.node_crypto = { randomUUID: () => crypto.randomUUID(), randomFillSync: (b) => crypto.getRandomValues(b) };`;

const PAGES: Record<string, string> = {
  'telnyx.html': `<!doctype html><meta charset="utf-8"><title>Telnyx UMD</title><p id="state">idle</p>
<script src="/node_modules/@telnyx/webrtc/lib/bundle.js"></script>
<script>
  const q = new URLSearchParams(location.search);
  const client = new TelnyxWebRTC.TelnyxRTC({ login: 'umd-user', password: '${TELNYX_PASSWORD}', host: q.get('host'), iceServers: [], debug: false });
  window.client = client;
  const C = TelnyxWebRTC.TelnyxRTC;
  window.compat = { isInstance: client instanceof C, name: C.name, length: C.length, source: String(C), statics: Object.getOwnPropertyNames(C).sort(),
    protoIsShared: Object.getPrototypeOf(client) === C.prototype, staticWorks: typeof C.webRTCSupportedBrowserList() };
  client.on('telnyx.ready', () => { document.getElementById('state').textContent = 'ready'; });
  client.connect();
</script>`,
  'sw4.html': `<!doctype html><meta charset="utf-8"><title>SignalWire 4 UMD</title><p id="state">idle</p>
<script>${CRYPTO_SHIM}</script>
<script src="/node_modules/@signalwire/js-v4/dist/browser.umd.js"></script>
<script>
  const q = new URLSearchParams(location.search);
  const client = new SignalWire.SignalWire(new SignalWire.StaticCredentialProvider({ token: q.get('token') }), { skipRegister: true });
  client.preferences.relayHost = q.get('host');
  window.client = client;
  const C = SignalWire.SignalWire;
  window.compat = { isInstance: client instanceof C, name: C.name, length: C.length, source: String(C), statics: Object.getOwnPropertyNames(C).sort(),
    protoIsShared: Object.getPrototypeOf(client) === C.prototype, exportKeys: Object.keys(SignalWire).sort().join() };
  client.isConnected$.subscribe((c) => { document.getElementById('state').textContent = c ? 'connected' : 'disconnected'; });
</script>`,
  'sw3.html': `<!doctype html><meta charset="utf-8"><title>SignalWire 3 UMD</title><p id="state">idle</p>
<script src="/node_modules/@signalwire/js-v3/dist/index.umd.js"></script>
<script>
  const q = new URLSearchParams(location.search);
  const room = new SignalWire.Video.RoomSession({ host: q.get('host'), token: q.get('vrt'), rootElement: document.body });
  window.compat = { frozen: Object.isFrozen(SignalWire.Video), stable: SignalWire.Video === SignalWire.Video,
    keys: Object.keys(SignalWire.Video).sort().join(), roomHasJoin: typeof room.join, fabricSame: SignalWire.Fabric.SignalWire === SignalWire.SignalWire };
  SignalWire.SignalWire({ host: q.get('host'), token: q.get('sat') }).then(
    (c) => { window.fabric = c; document.getElementById('state').textContent = 'fabric ready'; },
    (e) => { document.getElementById('state').textContent = 'fabric error: ' + e.message; });
</script>`,
};

test.beforeAll(async ({ rigs }) => {
  tmp = mkdtempSync(join(tmpdir(), 'rtc-sdk-e2e-'));
  for (const [name, html] of Object.entries(PAGES)) writeFileSync(join(tmp, name), html);
  await buildSdkBundledDemo(join(tmp, 'bundled'));
  http = await rigs.serve({ mounts: { '/umd/': tmp, '/node_modules/': resolve(ROOT, 'node_modules') } });
  telnyx = await startTelnyxServer();
  relay = await startSignalWireServer({ pingIntervalMs: null });
  ext = await rigs.extension();
});

test.afterAll(async () => {
  await relay?.close();
  await telnyx?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function sdkToken(): string {
  return makeTestJwt({ typ: 'SAT', sub: 'user-1', jti: randomUUID(), p: 'project-fake-1' });
}

function found(events: StoredEvent[]): SdkFound[] {
  return events.filter((e): e is StoredEvent & SdkFound => e.kind === 'sdk.found');
}
function sdkEvents(events: StoredEvent[], id: string, name?: string): SdkEvent[] {
  return events.filter((e): e is StoredEvent & SdkEvent => e.kind === 'sdk.event' && e.id === id && (name === undefined || e.name === name));
}

async function openTab(url: string): Promise<{ page: Page; tabId: number }> {
  const page = await ext.context.newPage();
  await routeFabricApi(page);
  await page.goto(url);
  return { page, tabId: await tabIdOf(ext, page) };
}

/** Sends a command exactly as the panel's runSdkCommand does: runtime.sendMessage from an extension page. */
async function runCommand(tabId: number, sdkId: string, command: SdkCommandName, args: unknown[] = []): Promise<SdkCommandResult> {
  if (!sender || sender.isClosed()) {
    sender = await ext.context.newPage();
    await sender.goto(`chrome-extension://${ext.extensionId}/devtools.html`);
  }
  // Plain JSON both ways (typed loosely: Playwright's serializable-type inference recurses on Json).
  const msg: unknown = JSON.parse(JSON.stringify({ type: RUNTIME_COMMAND_TYPE, v: SDK_COMMAND_VERSION, tabId, command: makeCommand(sdkId, command, args as never) }));
  const reply: unknown = await sender.evaluate(
    (m: unknown) => (globalThis as unknown as { chrome: { runtime: { sendMessage(x: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(m),
    msg,
  );
  return reply as SdkCommandResult;
}

test('Telnyx as a UMD global: library and client found, options summarised, live state captured, page unaffected', async () => {
  const { page, tabId } = await openTab(`${http.url}/umd/telnyx.html?host=${encodeURIComponent(telnyx.url)}&run=${Date.now()}`);
  await expect(page.locator('#state')).toHaveText('ready', { timeout: 20_000 });
  expect(await page.evaluate(() => (window as unknown as { compat: unknown }).compat)).toMatchObject({ isInstance: true, protoIsShared: true, staticWorks: 'object', source: expect.stringMatching(/^class /) });

  let client: SdkFound | undefined;
  await expect
    .poll(async () => {
      const events = await readCapture(ext, tabId);
      client = found(events).find((f) => f.via === 'constructor');
      return client ? sdkEvents(events, client.id).map((e) => e.name) : [];
    }, { timeout: 15_000 })
    .toEqual(expect.arrayContaining(['telnyx.ready', 'connected']));
  const events = await readCapture(ext, tabId);
  expect(found(events).map((f) => [f.sdk, f.via])).toEqual([['telnyx', 'global'], ['telnyx', 'constructor']]);
  expect(client).toMatchObject({ sdk: 'telnyx', version: '2.x', detail: { options: { auth: 'login+password', login: 'umd-user', iceServers: [] } } });
  // The real 2.27.10 client has runPreCall/runNetworkCheck and getDevices/getDeviceResolutions.
  expect((client!.detail as { commands?: unknown }).commands).toEqual(['preflight', 'getDeviceCapabilities']);
  expect(sdkEvents(events, client!.id, 'connected').at(-1)!.data).toEqual({ connected: true });
  const sdkText = JSON.stringify(events.filter((e) => e.kind.startsWith('sdk.')));
  expect(sdkText).not.toContain(TELNYX_PASSWORD);

  // A command the Telnyx SDK does not offer says so, through the whole path.
  const r = await runCommand(tabId, client!.id, 'exportDiagnostics');
  expect(r).toMatchObject({ ok: false, error: { name: 'NotSupported' } });

  // The panel lists Telnyx once, with the version its login carried, and offers no such button.
  const panel = await openPanel(ext, tabId);
  await expect(panel.locator('section[aria-labelledby="ov-sdks"] li')).toHaveText([
    '@telnyx/webrtc 2.27.10 — version from signaling; found by the page global, the client constructor and signaling',
  ]);
  await panel.getByRole('tab', { name: 'Preflight' }).click();
  const sdkSection = panel.locator('section[aria-labelledby="pf-sdk"]');
  await expect(sdkSection.getByRole('button')).toHaveText(['Run telnyx preflight()', 'Run telnyx getDeviceCapabilities()']);
  await panel.close();
  await page.close();
});

test('SignalWire 4.x as a UMD global: found as 4.x, observables streamed, its own diagnostics run on request', async () => {
  const token = sdkToken();
  const { page, tabId } = await openTab(`${http.url}/umd/sw4.html?host=${encodeURIComponent(relay.url)}&token=${encodeURIComponent(token)}&run=${Date.now()}`);
  await expect(page.locator('#state')).toHaveText('connected', { timeout: 30_000 });
  expect(await page.evaluate(() => (window as unknown as { compat: unknown }).compat)).toMatchObject({ isInstance: true, protoIsShared: true, source: expect.stringMatching(/^class /) });

  let client: SdkFound | undefined;
  await expect
    .poll(async () => {
      const events = await readCapture(ext, tabId);
      client = found(events).find((f) => f.via === 'constructor');
      return client ? sdkEvents(events, client.id, 'isConnected$').map((e) => e.data) : [];
    }, { timeout: 15_000 })
    .toContain(true);
  const events = await readCapture(ext, tabId);
  expect(found(events)[0]).toMatchObject({ sdk: 'signalwire', via: 'global', version: '4.x', detail: { reportedVersion: '3.30.0', generation: 4 } });
  expect(client).toMatchObject({ sdk: 'signalwire', version: '4.x', detail: { options: { credentialProvider: 'StaticCredentialProvider', skipRegister: true } } });
  expect((client!.detail as { commands?: unknown }).commands).toEqual(['preflight', 'getDeviceCapabilities', 'exportDiagnostics']);
  const names = new Set(sdkEvents(events, client!.id).map((e) => e.name));
  for (const n of ['isConnected$', 'isRegistered$', 'ready$', 'audioInputDevices$', 'videoInputDevices$', 'preferences']) expect(names).toContain(n);
  expect(sdkEvents(events, client!.id, 'preferences').at(-1)!.data).toMatchObject({ relayHost: relay.url });
  expect(JSON.stringify(events.filter((e) => e.kind.startsWith('sdk.')))).not.toContain(token);

  const diag = await runCommand(tabId, client!.id, 'exportDiagnostics');
  expect(diag.ok).toBe(true);
  expect(diag.value).toMatchObject({ userAgent: expect.stringContaining('Chrome'), events: expect.any(Array), devices: { audioInput: expect.any(Array) } });

  const caps = await runCommand(tabId, client!.id, 'getDeviceCapabilities', [{ kind: 'audioinput' }]);
  expect(caps.ok).toBe(true);
  expect(Array.isArray(caps.value) && caps.value.length).toBeGreaterThan(0);

  const pre = await runCommand(tabId, client!.id, 'preflight');
  expect(pre.ok, JSON.stringify(pre.error)).toBe(true);
  expect(pre.value).toMatchObject({ ok: expect.any(Boolean), signaling: { reachable: true }, connectivity: expect.any(Object), warnings: expect.any(Array) });

  // The results are recorded in the capture too (they go into exported bundles).
  await expect
    .poll(async () => sdkEvents(await readCapture(ext, tabId), client!.id, 'command.result').length, { timeout: 10_000 })
    .toBe(3);
  expect(await runCommand(tabId, 'sdk-nosuch-1', 'preflight')).toMatchObject({ ok: false, error: { name: 'NotFound' } });

  // One SignalWire entry: the wire's 4.0.0, with the bundle's 3.30.0 claim shown beside it; the
  // panel offers all three of the client's own checks, and its button runs one.
  const panel = await openPanel(ext, tabId);
  await expect(panel.locator('section[aria-labelledby="ov-sdks"] li')).toHaveText([
    '@signalwire/js 4.0.0 — version from signaling; the page global says 3.30.0; found by the page global, the client constructor and signaling',
  ]);
  await panel.getByRole('tab', { name: 'Preflight' }).click();
  const sdkSection = panel.locator('section[aria-labelledby="pf-sdk"]');
  await expect(sdkSection.getByRole('button')).toHaveText(['Run signalwire preflight()', 'Run signalwire getDeviceCapabilities()', 'Run signalwire exportDiagnostics()']);
  await sdkSection.getByRole('button', { name: 'Run signalwire exportDiagnostics()' }).click();
  await expect(sdkSection.getByRole('heading', { name: 'signalwire exportDiagnostics(): result' })).toBeVisible({ timeout: 30_000 });
  await panel.close();
  await page.close();
});

test('SignalWire 3.x as a UMD global: Video.RoomSession and the Fabric client are found, frozen namespaces stay frozen', async () => {
  const q = new URLSearchParams({ host: relay.url, vrt: makeTestJwt({ typ: 'VRT', r: 'demo-room', jti: randomUUID() }), sat: sdkToken(), run: String(Date.now()) });
  const { page, tabId } = await openTab(`${http.url}/umd/sw3.html?${q}`);
  await expect(page.locator('#state')).toHaveText('fabric ready', { timeout: 30_000 });
  expect(await page.evaluate(() => (window as unknown as { compat: unknown }).compat)).toMatchObject({ frozen: true, stable: true, roomHasJoin: 'function', fabricSame: true });
  await expect
    .poll(async () => found(await readCapture(ext, tabId)).map((f) => `${f.version} ${f.via} ${String((f.detail as { client?: string } | undefined)?.client ?? '')}`), { timeout: 15_000 })
    .toEqual(['3.x global ', '3.x constructor Video.RoomSession', '3.x constructor Fabric.SignalWire']);
  const events = await readCapture(ext, tabId);
  expect(found(events)[1]!.detail).toMatchObject({ generation: 3, options: { auth: 'token', host: relay.url } });
  expect(JSON.stringify(events.filter((e) => e.kind.startsWith('sdk.')))).not.toContain(q.get('sat')!);

  // Neither 3.x client has a self-test: no button, one line saying so.
  const panel = await openPanel(ext, tabId);
  await panel.getByRole('tab', { name: 'Preflight' }).click();
  const sdkSection = panel.locator('section[aria-labelledby="pf-sdk"]');
  await expect(sdkSection).toContainText(/This SDK \(@signalwire\/js 3\.[\dx.]+\) offers no self-test; use the checks above\./);
  await expect(sdkSection.getByRole('button')).toHaveCount(0);
  await panel.close();
  await page.close();
});

test('bundled SDKs registered through __RTC_DEVTOOLS_HOOK__: both found with the app-declared versions and live state', async () => {
  const q = new URLSearchParams({ sw: relay.url, swToken: sdkToken(), tx: telnyx.url, run: String(Date.now()) });
  const { page, tabId } = await openTab(`${http.url}/umd/bundled/index.html?${q}`);
  await expect(page.locator('#hook')).toHaveText('live');
  await expect(page.locator('#tx')).toHaveText('ready', { timeout: 20_000 });
  await expect(page.locator('#sw')).toHaveText('connected', { timeout: 30_000 });

  await expect
    .poll(async () => {
      const events = await readCapture(ext, tabId);
      return found(events).map((f) => `${f.sdk} ${f.version} ${f.via}`).sort();
    }, { timeout: 15_000 })
    .toEqual(['signalwire 4.0.0-beta.12 register', 'telnyx 2.27.10 register']);
  await expect
    .poll(async () => {
      const events = await readCapture(ext, tabId);
      const ids = Object.fromEntries(found(events).map((f) => [f.sdk, f.id]));
      return {
        tx: sdkEvents(events, ids.telnyx!, 'telnyx.ready').length > 0,
        sw: sdkEvents(events, ids.signalwire!, 'isConnected$').some((e) => e.data === true),
      };
    }, { timeout: 15_000 })
    .toEqual({ tx: true, sw: true });
  const events = await readCapture(ext, tabId);
  expect(found(events).find((f) => f.sdk === 'telnyx')!.detail).toMatchObject({ name: 'bundled telnyx client', options: { auth: 'login+password' }, commands: ['preflight', 'getDeviceCapabilities'] });
  expect(found(events).find((f) => f.sdk === 'signalwire')!.detail).toMatchObject({ commands: ['preflight', 'getDeviceCapabilities', 'exportDiagnostics'] });
  expect(JSON.stringify(events.filter((e) => e.kind.startsWith('sdk.')))).not.toContain('bundled-secret-pw');

  const swId = found(events).find((f) => f.sdk === 'signalwire')!.id;
  const diag = await runCommand(tabId, swId, 'exportDiagnostics');
  expect(diag).toMatchObject({ ok: true, value: { events: expect.any(Array) } });
  await page.close();
});

test('without the extension: the UMD constructors look identical and the bundled app works with its registration queued', async ({ launchExtension }) => {
  const plain = await launchExtension({ withExtension: false });
  for (const [key, url] of [
    ['telnyx', `${http.url}/umd/telnyx.html?host=${encodeURIComponent(telnyx.url)}`],
    ['sw4', `${http.url}/umd/sw4.html?host=${encodeURIComponent(relay.url)}&token=${encodeURIComponent(sdkToken())}`],
    ['sw3', `${http.url}/umd/sw3.html?${new URLSearchParams({ host: relay.url, vrt: makeTestJwt({ typ: 'VRT', r: 'demo-room' }), sat: sdkToken() })}`],
  ] as const) {
    // What the page sees of the SDK's constructor, with the extension and without: identical.
    const seen: unknown[] = [];
    for (const context of [ext.context, plain.context]) {
      const p = await context.newPage();
      await routeFabricApi(p);
      await p.goto(url);
      seen.push(await p.evaluate(() => (window as unknown as { compat: unknown }).compat));
      await p.close();
    }
    expect(seen[0], `${key}: the page sees a compat record`).toBeTruthy();
    expect(seen[1], key).toEqual(seen[0]);
  }
  const page = await plain.context.newPage();
  await routeFabricApi(page);
  const q = new URLSearchParams({ sw: relay.url, swToken: sdkToken(), tx: telnyx.url });
  await page.goto(`${http.url}/umd/bundled/index.html?${q}`);
  await expect(page.locator('#hook')).toHaveText('queue only');
  await expect(page.locator('#tx')).toHaveText('ready', { timeout: 20_000 });
  await expect(page.locator('#sw')).toHaveText('connected', { timeout: 30_000 });
  expect(await page.evaluate(() => (window as unknown as { __RTC_DEVTOOLS_HOOK__: { queue: unknown[] } }).__RTC_DEVTOOLS_HOOK__.queue.length)).toBe(2);
});
