/**
 * What a user reads in the RTC panel when the real SignalWire SDKs (3.x, 4.0 beta) meet a
 * misbehaving relay: the connection lane with its reconnect, and the findings with their advice
 * and evidence. The SDK-level side of the same scenarios is in signalwire-sdk-calls.spec.ts.
 *
 * Needs the build: `RTC_DIST=... npm run build` (same RTC_DIST as the test run).
 */
import { test, expect, type Browser, type Page } from '../support/fixture.js';
import { openPanel, tabIdOf, type ExtensionHandle } from '../support/rig/extension.js';
import { routeFabricApi } from '../support/servers/signalwire-fabric-api.js';
import { dialAndConnect, demoUrl, hangUp, startSwCall, type SwCall, type SwRig } from '../support/servers/signalwire-e2e.js';

test.describe.configure({ mode: 'serial' });
test.setTimeout(60_000);

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

/** The demo page for `sdk` against a fresh relay (set up by `arrange`), with the RTC panel open on its tab. */
async function start(sdk: 'v3' | 'v4', query: Record<string, string>, arrange: (c: SwCall) => void = () => undefined): Promise<{ app: Page; panel: Page; relay: SwCall }> {
  const relay = (call = await startSwCall(rig, farBrowser, { pingIntervalMs: null }));
  arrange(relay);
  const app = await ext.context.newPage();
  if (sdk === 'v4') await routeFabricApi(app);
  await app.goto(demoUrl(rig, sdk, relay.server, query));
  const panel = await openPanel(ext, await tabIdOf(ext, app));
  return { app, panel, relay };
}

const findingsList = (panel: Page) => panel.getByRole('region', { name: 'Findings' });
const findingButtons = (panel: Page) => findingsList(panel).getByRole('button');
const findingItem = (panel: Page, text: string) => findingsList(panel).getByRole('listitem').filter({ hasText: text });
const lane = (panel: Page) => panel.getByRole('list', { name: 'Connection timeline' }).getByRole('listitem', { name: /^signalwire / });
const selectedFrame = (panel: Page) => panel.getByRole('listbox', { name: 'Frames' }).getByRole('option', { selected: true });

test('4.0 beta, a normal call: Calls shows new → … → active → hangup with its setup time, the lane stays connected, no findings', async () => {
  const { app, panel, relay } = await start('v4', {});
  await dialAndConnect(app);
  await hangUp(app);
  const [callId] = [...relay.server.calls.keys()];

  await panel.getByRole('tab', { name: 'Calls' }).click();
  const call = panel.getByRole('article', { name: new RegExp(`^Call ${callId} · signalwire outbound · hangup · (ringing after [\\d.]+ m?s · )?answered after [\\d.]+ m?s · length [\\d.]+ m?s`) });
  await expect(call).toBeVisible();
  const story = call.getByRole('list', { name: /timeline$/ });
  await expect(story).toContainText('verto.invite');
  await expect(story).toContainText('[pc] connection → connected');
  const states = (await story.getByRole('listitem').allTextContents()).map((t) => /\[state\] call (\w+)/.exec(t)?.[1]).filter(Boolean);
  expect(states[0]).toBe('new');
  expect(states).toContain('active');
  expect(states.at(-1)).toBe('hangup');

  await panel.getByRole('tab', { name: 'Overview' }).click();
  await expect(lane(panel)).toHaveAccessibleName(/: connected$/);
  await expect(panel.getByText('No active call.')).toBeVisible();
  await expect(panel.getByText('No findings.')).toBeVisible();
  await app.close();
  await panel.close();
});

test('4.0 beta, verto.invite withheld: an RPC time-out error after the SDK\'s 5 s with advice, and its click selects the unanswered invite', async () => {
  const { app, panel } = await start('v4', {}, (c) => c.server.control.withhold('verto.invite'));
  await app.locator('#dial').click();
  await expect(app.locator('#status')).toHaveText('error', { timeout: 20_000 });

  const finding = findingButtons(panel).filter({ hasText: 'got no answer' });
  await expect(finding).toHaveAccessibleName(/^error: RPC `verto\.invite` got no answer in 5 s — show evidence$/, { timeout: 10_000 });
  await expect(findingItem(panel, 'got no answer')).toContainText('The SDK gives up on this request and rejects it');
  // The dial failed on the page, but the connection itself is fine.
  await expect(lane(panel)).toHaveAccessibleName(/: connected$/);
  await finding.click();
  await expect(panel.getByRole('tab', { name: 'Signaling' })).toHaveAttribute('aria-selected', 'true');
  await expect(selectedFrame(panel)).toContainText('verto.invite');
  // The detail shows the envelope the invite travelled in.
  await expect(panel.getByRole('group', { name: 'Frame JSON' })).toContainText('method: "webrtc.verto"');
  await app.close();
  await panel.close();
});

for (const sdk of ['v3', 'v4'] as const) {
  test(`${sdk}: the relay refusing the token is a login-failure error with the relay's code and message`, async () => {
    const { app, panel } = await start(sdk, {}, (c) => c.server.control.failConnect());
    await app.locator('#dial').click();
    await expect(app.locator('#status')).toHaveText('error', { timeout: 20_000 });

    const finding = findingButtons(panel).filter({ hasText: 'Login failed' });
    await expect(finding).toHaveAccessibleName(/^error: Login failed \(`signalwire\.connect`\): -32002 .*401 Unauthorized/);
    await expect(findingItem(panel, 'Login failed')).toContainText('SignalWire refused the token');
    await expect(findingButtons(panel)).toHaveCount(1);
    await finding.click();
    await expect(selectedFrame(panel)).toContainText('signalwire.connect');
    await panel.getByRole('button', { name: 'Go to reply' }).click();
    await expect(selectedFrame(panel)).toContainText('signalwire.connect: error -32002 Authentication service failed');
    await app.close();
    await panel.close();
  });
}

test('4.0 beta, socket dropped mid-call: the lane shows reconnecting → connected with the session resumed, the call stays active, no finding', async () => {
  const { app, panel, relay } = await start('v4', {});
  await dialAndConnect(app);
  relay.server.control.dropConnections();
  await expect(lane(panel)).toHaveAccessibleName(/: connected · 1 reconnect: recovered after 1 attempt, session resumed$/, { timeout: 15_000 });
  const states = await lane(panel).locator('.seg').evaluateAll((els) => els.map((e) => (e.getAttribute('title') ?? '').split(' from ')[0]));
  expect(states).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
  await expect(panel.getByRole('region', { name: 'Active calls' })).toContainText('active');
  await expect(app.locator('#status')).toHaveText('in-call');
  await hangUp(app);
  await expect(panel.getByText('No active call.')).toBeVisible();
  await expect(panel.getByText('No findings.')).toBeVisible();
  await app.close();
  await panel.close();
});

test('3.x with the relay no longer pinging: a missed-keepalive warning, then the reconnect (session resumed) in the lane', async () => {
  // The SDK's own timer: it gives up ~15 s after the last ping it saw.
  test.setTimeout(90_000);
  const { app, panel, relay } = await start('v3', { client: 'video' });
  relay.server.control.setPingInterval(1000);
  await dialAndConnect(app);
  await relay.server.waitForFrame((f) => f.dir === 'sent' && f.kind === 'response' && f.method === 'signalwire.ping');
  relay.server.control.stopPinging();

  const finding = findingButtons(panel).filter({ hasText: 'signalwire.ping' });
  await expect(finding).toHaveAccessibleName(/^warning: No `signalwire\.ping` from the server for \d+(\.\d)? s: the SDK treats the connection as dead and reconnects/, { timeout: 30_000 });
  await expect(findingItem(panel, 'signalwire.ping')).toContainText('Expect a reconnect next');
  await expect(lane(panel)).toHaveAccessibleName(/: connected · 1 reconnect: recovered after 1 attempt, session resumed$/, { timeout: 30_000 });
  await expect(app.locator('#status')).toHaveText('in-call');
  // Only the silence is reported; the reconnect that cured it is no second problem.
  await expect(findingButtons(panel)).toHaveCount(1);
  await hangUp(app);
  await app.close();
  await panel.close();
});
