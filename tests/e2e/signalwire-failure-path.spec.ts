/**
 * The failure path on the real SignalWire SDKs (4.0 beta and 3.x) against the fake relay:
 * - the relay never answers verto.invite: the SDK fails the dial at its own time-out (5 s / 10 s), and the
 *   call must read as over and never answered, not stay "requesting" for good;
 * - ICE never connects: the far end answers, but neither side learns an address of the other (the relay
 *   strips every candidate from the offer and the answer), so the peer connection stays "checking".
 * Asserted on what the RTC panel (panel.html?tabId=N) shows in its Findings list.
 *
 * Needs the build: `RTC_DIST=... npm run build` (same RTC_DIST as the test run).
 */
import { test, expect, type Browser, type Page } from '../support/fixture.js';
import { openPanel, tabIdOf, type ExtensionHandle } from '../support/rig/extension.js';
import { routeFabricApi } from '../support/servers/signalwire-fabric-api.js';
import { demoUrl, startSwCall, type SwCall, type SwRig } from '../support/servers/signalwire-e2e.js';
import type { FarEnd } from '../support/servers/signalwire.js';

test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);

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

async function start(sdk: 'v3' | 'v4', arrange: (c: SwCall) => void): Promise<{ app: Page; panel: Page; relay: SwCall }> {
  const relay = (call = await startSwCall(rig, farBrowser, { pingIntervalMs: null }));
  arrange(relay);
  const app = await ext.context.newPage();
  if (sdk === 'v4') await routeFabricApi(app);
  await app.goto(demoUrl(rig, sdk, relay.server, { to: '/public/failure-room' }));
  const panel = await openPanel(ext, await tabIdOf(ext, app));
  return { app, panel, relay };
}

const findingButtons = (panel: Page) => panel.getByRole('region', { name: 'Findings' }).getByRole('button');

/** No address of either side reaches the other: no candidate lines, no usable default address. */
function withoutAddresses(sdp: string): string {
  return sdp
    .split(/\r\n/)
    .filter((l) => !l.startsWith('a=candidate:') && l !== 'a=end-of-candidates')
    .map((l) => l.replace(/^c=IN IP4 .*/, 'c=IN IP4 0.0.0.0').replace(/^(m=\w+) \d+ /, '$1 9 '))
    .join('\r\n');
}
function unreachable(hub: SwCall['hub']): FarEnd {
  return {
    answer: async (callId, offer, ice) => withoutAddresses(await hub.answer(callId, withoutAddresses(offer), ice)),
    hangup: (callId) => hub.hangup(callId),
  };
}

for (const [sdk, timeout] of [['v4', '5 s'], ['v3', '10 s']] as const) {
  test(`${sdk}: verto.invite never answered: the SDK's ${timeout} time-out, then the call reads as never answered, ended by the SDK`, async () => {
    const { app, panel } = await start(sdk, (c) => c.server.control.withhold('verto.invite'));
    await app.locator('#dial').click();
    const timedOut = findingButtons(panel).filter({ hasText: 'got no answer' });
    await expect(timedOut).toHaveAccessibleName(new RegExp(`^error: RPC \`verto\\.invite\` got no answer in ${timeout}`), { timeout: 30_000 });
    const ended = findingButtons(panel).filter({ hasText: 'ended before any media flowed' });
    await expect(ended).toHaveAccessibleName(
      new RegExp(`^error: Call (to )?\\S+ ended before any media flowed: it was never answered: its invite \\(\`verto\\.invite\`\\) got no reply and the SDK gave up after ${timeout}`),
      { timeout: 15_000 },
    );
    // The generic "call failed" rule stays quiet: the two findings above already say it.
    await expect(findingButtons(panel).filter({ hasText: 'INVITE_TIMEOUT' })).toHaveCount(0);
    await app.close();
    await panel.close();
  });

  test(`${sdk}: ICE never connects (no address of either side reaches the other): an ICE error after 10 s, then a call that ended without media`, async () => {
    const { app, panel, relay } = await start(sdk, (c) => c.server.control.setFarEnd(unreachable(c.hub)));
    await app.locator('#dial').click();
    await expect.poll(() => [...relay.server.calls.values()].map((c) => c.state), { timeout: 30_000 }).toContain('answered');
    await expect(app.locator('#ice')).toHaveText(/^(new|checking)$/);

    const stuck = findingButtons(panel).filter({ hasText: 'ICE has not connected' });
    await expect(stuck).toHaveAccessibleName(/^error: ICE has not connected on \S+ \(call .+\) 10 s after the remote description: ICE is still (new|checking), no media can flow/, { timeout: 30_000 });
    await expect(app.locator('#ice')).not.toHaveText(/^(connected|completed)$/);

    await app.locator('#hangup').click();
    const ended = findingButtons(panel).filter({ hasText: 'ended before any media flowed' });
    await expect(ended).toHaveAccessibleName(/^error: Call (to )?\S+ ended before any media flowed: it was answered but ended after \d+(\.\d)? s without media: its peer connection never connected/, { timeout: 20_000 });
    await app.close();
    await panel.close();
  });
}
