/**
 * Simulate against the real @telnyx/webrtc 2.27.10 and the fake Telnyx server: faults provoked by
 * the page hook (not by the server), and the SDK's reaction measured from the capture.
 */
import { test, expect, type Page } from '../support/fixture.js';
import { analyzeEvents } from '../../core/api.js';
import type { StoredEvent } from '../../core/capture/events.js';
import { captureUntil, tabIdOf } from '../support/rig/extension.js';
import { armFault, stopFaults } from '../support/rig/faults.js';
import { type TelnyxCallRig } from '../support/rig/telnyx-call.js';
import { telnyxDemoUrl } from '../support/servers/telnyx-demo.js';

test.describe.configure({ mode: 'serial' });
test.setTimeout(90_000);

let rig: TelnyxCallRig;
test.beforeAll(async ({ rigs }) => {
  rig = await rigs.telnyx();
});
test.afterEach(() => rig.server.control.reset());

interface DemoWindow {
  demo: { call: { id: string; hold(): Promise<unknown> } | null; callStates: string[]; log?: unknown[] };
}
const callStates = (page: Page) => page.evaluate(() => [...(window as unknown as DemoWindow).demo.callStates]);

async function activeCall(page: Page): Promise<void> {
  await expect(page.locator('#call-state')).toHaveText('active', { timeout: 20_000 });
  await expect(page.locator('#pc-state')).toHaveText('connected');
}

for (const keepAlive of [false, true]) {
  test(`mid-call Drop connection, Offline for (s) 3, keepConnectionAliveOnSocketClose ${keepAlive ? 'on' : 'off'}: measured reaction`, async ({ launchExtension }) => {
    const ext = await launchExtension();
    const page = await ext.context.newPage();
    await page.goto(telnyxDemoUrl(rig.server, keepAlive ? { keepAlive: '1' } : {}));
    await activeCall(page);
    const tabId = await tabIdOf(ext, page);
    const r = await armFault(ext, tabId, { kind: 'drop-connection', params: { offlineS: 3 } });
    expect(r.ok).toBe(true);
    const evs = await captureUntil(
      ext,
      tabId,
      (evs) => {
        const a = analyzeEvents(evs);
        return a.connections.some((c) => c.reconnects.some((e) => e.outcome !== 'ongoing'));
      },
      40_000,
    );
    const a = analyzeEvents(evs);
    console.log('MEASURE telnyx keepAlive', keepAlive, JSON.stringify(a.connections.map((c) => c.reconnects)), JSON.stringify(await callStates(page)), JSON.stringify(a.calls.map((c) => ({ state: c.state, attaches: c.attaches, hangup: c.hangup }))));
    console.log('MEASURE faults', JSON.stringify(evs.filter((e: StoredEvent) => e.kind.startsWith('fault.'))));
    await stopFaults(ext, tabId);
  });
}

test('Withhold replies on telnyx_rtc.modify (hold): measured', async ({ launchExtension }) => {
  const ext = await launchExtension();
  const page = await ext.context.newPage();
  await page.goto(telnyxDemoUrl(rig.server));
  await activeCall(page);
  const tabId = await tabIdOf(ext, page);
  expect((await armFault(ext, tabId, { kind: 'withhold-replies', params: { method: 'telnyx_rtc.modify' } })).ok).toBe(true);
  const t0 = Date.now();
  const outcome = await page.evaluate(async () => {
    try {
      await (window as unknown as DemoWindow).demo.call!.hold();
      return 'resolved';
    } catch (e) {
      return 'rejected ' + String((e as Error)?.message ?? e);
    }
  });
  console.log('MEASURE hold outcome', outcome, Date.now() - t0, 'ms', JSON.stringify(await callStates(page)));
  const evs = await captureUntil(ext, tabId, (evs) => analyzeEvents(evs, Date.now()).findings.some((f) => f.rule === 'rpc-timeout'), 20_000);
  console.log('MEASURE hold findings', JSON.stringify(analyzeEvents(evs, Date.now()).findings.map((f) => f.message)));
});
