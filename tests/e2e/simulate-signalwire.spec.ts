/**
 * Simulate against the real SignalWire SDKs and the fake relay: faults provoked by the page hook,
 * the SDK's reaction judged by core/simulate/verdict.ts on the capture, as the panel judges it.
 * - 4.x SignalWire client: a drop mid-call -> reconnect with the same protocol (resumed) -> call kept.
 * - 3.x: Withhold replies on signalwire.ping (the server's pings never reach the page) -> the SDK's
 *   15 s watchdog reconnects; the verdict names the watchdog.
 */
import { test, expect, type Browser } from '../support/fixture.js';
import { analyzeEvents } from '../../core/api.js';
import { buildCaptureModel } from '../../core/capture/model.js';
import { verdictFor } from '../../core/simulate/verdict.js';
import type { StoredEvent } from '../../core/capture/events.js';
import { captureUntil, tabIdOf, type ExtensionHandle } from '../support/rig/extension.js';
import { armFault, stopFaults } from '../support/rig/faults.js';
import { routeFabricApi } from '../support/servers/signalwire-fabric-api.js';
import { dialAndConnect, demoUrl, startSwCall, type SwRig } from '../support/servers/signalwire-e2e.js';

test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);

let rig: SwRig;
let farBrowser: Browser;
let ext: ExtensionHandle;
test.beforeAll(async ({ rigs }) => {
  rig = await rigs.signalwire();
  farBrowser = await rigs.plainChromium();
  ext = await rigs.extension();
});

function judge(evs: StoredEvent[], now = Date.now()) {
  const f = buildCaptureModel(evs).faultLog.faults.at(-1);
  // Until fault.armed has reached the capture there is nothing to judge yet.
  if (!f) return { status: 'waiting', headline: '', facts: [] as string[], findings: [], measured: {} } as unknown as ReturnType<typeof verdictFor>;
  return verdictFor(f, analyzeEvents(evs, now), now);
}

test('4.x SignalWire client: Drop connection mid-call -> reconnect with the same protocol (resumed), the call stays', async () => {
  const call = await startSwCall(rig, farBrowser, { pingIntervalMs: null });
  try {
    const page = await ext.context.newPage();
    await routeFabricApi(page);
    await page.goto(demoUrl(rig, 'v4', call.server, { run: `sim-drop-${Date.now()}` }));
    await dialAndConnect(page);
    const tabId = await tabIdOf(ext, page);
    expect((await armFault(ext, tabId, { kind: 'drop-connection', params: { offlineS: 0 } })).ok).toBe(true);
    await expect.poll(() => call.server.control.resumedConnects(), { timeout: 15_000 }).toBe(1);
    const evs = await captureUntil(ext, tabId, (evs) => judge(evs).status !== 'waiting', 20_000);
    const v = judge(evs);
    console.log('MEASURE sw4 drop', JSON.stringify(v));
    expect(v.status).toBe('as-documented');
    expect(v.measured).toMatchObject({ resumed: true, callsKept: 1, callsLost: 0 });
    expect(v.facts.join('\n')).toMatch(/Session resumed \(signalwire\.connect with the same protocol\)/);
    expect(v.facts.join('\n')).toMatch(/documented: first retry after 0\.1 s, doubling up to 3 s/);
    await expect(page.locator('#status')).toHaveText('in-call');
    const before = Number(await page.locator('#bytes-received').textContent());
    await expect.poll(async () => Number(await page.locator('#bytes-received').textContent()), { timeout: 10_000 }).toBeGreaterThan(before);
    // The SDK tells the app about the lost socket on errors$ (the demo shows the last one), then carries on.
    await expect(page.locator('#error')).toHaveText(/WebSocketConnectionError/);
    await page.locator('#hangup').click();
    await expect(page.locator('#status')).toHaveText('hungup', { timeout: 10_000 });
    await page.close();
  } finally {
    await call.close();
  }
});

test('3.x: Withhold replies on signalwire.ping -> the SDK\'s 15 s watchdog reconnects; the verdict names the watchdog', async () => {
  const call = await startSwCall(rig, farBrowser, { pingIntervalMs: 1000 });
  try {
    const page = await ext.context.newPage();
    await page.goto(demoUrl(rig, 'v3', call.server, { client: 'video', run: `sim-ping-${Date.now()}` }));
    await dialAndConnect(page);
    const tabId = await tabIdOf(ext, page);
    // The SDK only watches pings once it has seen one.
    await call.server.waitForFrame((f) => f.dir === 'sent' && f.kind === 'response' && f.method === 'signalwire.ping');
    expect((await armFault(ext, tabId, { kind: 'withhold-replies', params: { method: '^signalwire\\.ping$' } })).ok).toBe(true);
    // The SDK's own watchdog: a second signalwire.connect on a new socket, some 15 s later.
    await call.server.waitForFrame((f) => f.conn === 2 && f.dir === 'sent' && f.method === 'signalwire.connect', 40_000).catch(async (e) => {
      console.log('DEBUG frames', JSON.stringify(call.server.frames.map((f) => `${f.conn} ${f.dir} ${f.method ?? f.kind}`)));
      console.log('DEBUG capture', JSON.stringify((await captureUntil(ext, tabId, () => true)).filter((e) => e.kind.startsWith('fault.'))));
      throw e;
    });
    const evs = await captureUntil(ext, tabId, (evs) => judge(evs).status !== 'waiting', 20_000);
    const v = judge(evs);
    console.log('MEASURE sw3 ping', JSON.stringify(v));
    expect(v.facts.join('\n')).toMatch(/The SDK's 15 s ping watchdog fired: it reconnected \d+(\.\d)? s after the last signalwire\.ping it received/);
    expect(v.measured.watchdogMs).toBeGreaterThan(13_000);
    expect(v.measured.watchdogMs).toBeLessThan(19_000);
    await stopFaults(ext, tabId);
    await page.close();
  } finally {
    await call.close();
  }
});
