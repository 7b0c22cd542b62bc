/**
 * Simulate against the real @telnyx/webrtc 2.27.10 and the fake Telnyx server: faults provoked by
 * the page hook (not by the server), and the SDK's reaction measured from the capture.
 */
import { test, expect, type Page } from '../support/fixture.js';
import { analyzeEvents } from '../../core/api.js';
import { buildCaptureModel } from '../../core/capture/model.js';
import { verdictFor } from '../../core/simulate/verdict.js';
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
function judge(evs: StoredEvent[], now = Date.now()) {
  const f = buildCaptureModel(evs).faultLog.faults.at(-1);
  // Until fault.armed has reached the capture there is nothing to judge yet.
  if (!f) return { status: 'waiting', headline: '', facts: [] as string[], findings: [], measured: {} } as unknown as ReturnType<typeof verdictFor>;
  return verdictFor(f, analyzeEvents(evs, now), now);
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
    // Judged as the panel judges it: attempts, delays against the documented back-off, resumed, the call.
    // Until the re-attach has reached the capture too: the socket is back a moment before the server's attach.
    const settled = (evs: StoredEvent[]) => {
      const v = judge(evs);
      return v.status !== 'waiting' && v.facts.some((f) => f.includes('re-attached'));
    };
    const evs = await captureUntil(ext, tabId, settled, 40_000);
    const v = judge(evs);
    console.log('MEASURE telnyx keepAlive', keepAlive, JSON.stringify(v), JSON.stringify(await callStates(page)));
    expect(v.status).toBe('as-documented');
    // Offline for 3 s: the first attempt (after ~1 s) is refused, so at least two; the back-off (1 s, 2 s, 4 s) gets through by the third.
    expect(v.measured.attempts).toBeGreaterThanOrEqual(2);
    expect(v.measured.attempts).toBeLessThanOrEqual(3);
    expect(v.measured).toMatchObject({ resumed: true, callsKept: 1, callsLost: 0 });
    expect(v.measured.recoveredMs).toBeGreaterThan(3000);
    const facts = v.facts.join('\n');
    expect(facts).toMatch(/Telnyx reconnected with [23] attempts, after \d(\.\d)? s, \d(\.\d)? s.* refused while offline\); documented: 1 s x 2\^\(n-1\) \+-25 %/);
    expect(facts).toMatch(/Session resumed \(login with reconnection:true and the same sessid\)/);
    expect(facts).toMatch(/Call \w+ kept \(re-attached \+\d+(\.\d)? s after the fault\), now active/);
    expect(await callStates(page)).toEqual(expect.arrayContaining(['recovering']));
    await expect(page.locator('#call-state')).toHaveText('active');
    await page.click('#hangup');
    await expect(page.locator('#call-state')).toHaveText('destroy');
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
  const waited = Date.now() - t0;
  console.log('MEASURE hold outcome', outcome, waited, 'ms', JSON.stringify(await callStates(page)));
  // The SDK gives up at its 10 s request time-out (and resolves hold() without the call going on hold).
  expect(waited).toBeGreaterThan(9000);
  const evs = await captureUntil(ext, tabId, (evs) => analyzeEvents(evs, Date.now()).findings.some((f) => f.rule === 'rpc-timeout'), 20_000);
  const a = analyzeEvents(evs, Date.now());
  expect(a.findings.filter((f) => f.rule === 'rpc-timeout').map((f) => f.message)).toEqual(['RPC `telnyx_rtc.modify` got no answer in 10 s']);
  const v = judge(evs);
  expect(v.headline).toBe('The SDK timed out telnyx_rtc.modify.');
  expect(v.measured.timeoutMs).toBe(10_000);
  await stopFaults(ext, tabId);
});
