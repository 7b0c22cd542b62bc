/**
 * What a user reads in the RTC panel when the real Telnyx SDK meets a misbehaving server: the
 * connection lane, the call's story and the findings (with their advice and evidence), read by
 * role and accessible name. The SDK-level and raw-capture side of the same scenarios is in
 * telnyx-fault-scenarios.spec.ts; here only the panel's verdict is checked.
 *
 * Needs the build: `RTC_DIST=... npm run build` (same RTC_DIST as the test run).
 */
import { test, expect, type Page } from '../support/fixture.js';
import { openPanel, tabIdOf, type ExtensionHandle } from '../support/rig/extension.js';
import { type TelnyxCallRig } from '../support/rig/telnyx-call.js';
import { telnyxDemoUrl } from '../support/servers/telnyx-demo.js';
import type { TelnyxServer } from '../support/servers/telnyx.js';

test.describe.configure({ mode: 'serial' });
test.setTimeout(60_000);

let rig: TelnyxCallRig;
let srv: TelnyxServer;
let ext: ExtensionHandle;

test.beforeAll(async ({ rigs }) => {
  rig = await rigs.telnyx();
  srv = rig.server;
  ext = await rigs.extension();
});

test.afterEach(() => {
  srv.control.reset();
});

const callIdOf = (page: Page) => page.evaluate(() => (window as unknown as { demo: { call: { id: string } | null } }).demo.call?.id ?? '');

/** The demo page with a call up (unless autocall=0) and the RTC panel open on its tab. */
async function start(extra: Record<string, string> = {}): Promise<{ app: Page; panel: Page; callId: string }> {
  const app = await ext.context.newPage();
  await app.goto(telnyxDemoUrl(srv, extra));
  let callId = '';
  if (extra.autocall !== '0' && extra.passwd === undefined) {
    await expect(app.locator('#call-state')).toHaveText('active', { timeout: 20_000 });
    await expect(app.locator('#pc-state')).toHaveText('connected');
    callId = await callIdOf(app);
  }
  const panel = await openPanel(ext, await tabIdOf(ext, app));
  return { app, panel, callId };
}

const findingsList = (panel: Page) => panel.getByRole('region', { name: 'Findings' });
const activeCalls = (panel: Page) => panel.getByRole('region', { name: 'Active calls' });
const findingButtons = (panel: Page) => findingsList(panel).getByRole('button');
/** The finding's list item: its button and its advice. */
const findingItem = (panel: Page, text: string) => findingsList(panel).getByRole('listitem').filter({ hasText: text });
const timelineLane = (panel: Page, sdk: string) => panel.getByRole('list', { name: 'Connection timeline' }).getByRole('listitem', { name: new RegExp(`^${sdk} `) });
/** State segments of a lane in order, as their hover titles read ("reconnecting from 21:10:03.120"). */
const laneStates = async (panel: Page, sdk: string) =>
  (await timelineLane(panel, sdk).locator('.seg').evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''))).map((t) => t.split(' from ')[0]);

async function closeAll(...pages: Page[]): Promise<void> {
  for (const p of pages) await p.close();
}

test('a normal call: Calls shows new → … → active → hangup with its setup time, and Overview has no findings', async () => {
  const { app, panel, callId } = await start();
  await app.click('#hangup');
  await expect(app.locator('#call-state')).toHaveText('destroy');

  await panel.getByRole('tab', { name: 'Calls' }).click();
  const call = panel.getByRole('article', { name: new RegExp(`^Call ${callId} · telnyx outbound · hangup`) });
  await expect(call).toBeVisible();
  // Unambiguous figures: ringing and answer apart, the length, who hung up and the cause.
  await expect(call).toHaveAccessibleName(/ · ringing after [\d.]+ m?s · answered after [\d.]+ m?s · length [\d.]+ m?s · hung up by this page \(local\) · .*NORMAL_CLEARING 16/);
  const states = (await call.getByRole('list', { name: /timeline$/ }).getByRole('listitem').allTextContents())
    .map((t) => /\[state\] call (\w+)/.exec(t)?.[1])
    .filter(Boolean);
  expect(states[0]).toBe('new');
  expect(states.at(-1)).toBe('hangup');
  expect(states).toContain('active');
  expect(states.indexOf('active')).toBeLessThan(states.indexOf('hangup'));
  // The hook saw the SDK's peer connection and the analyzer tied it to this call.
  await expect(call.getByRole('list', { name: /timeline$/ })).toContainText('[pc] connection → connected');

  await panel.getByRole('tab', { name: 'Overview' }).click();
  await expect(timelineLane(panel, 'telnyx')).toHaveAccessibleName(/: connected$/);
  await expect(panel.getByText('No active call.')).toBeVisible();
  await expect(panel.getByText('No findings.')).toBeVisible();
  await closeAll(panel, app);
});

test('socket dropped mid-call: the lane goes reconnecting → connected (1 attempt, session resumed), the call recovers by attach and stays active, no false finding', async () => {
  const { app, panel, callId } = await start();
  await expect(activeCalls(panel)).toContainText(`${callId} · outbound · active`);

  srv.control.dropSockets();
  await expect(timelineLane(panel, 'telnyx')).toHaveAccessibleName(/: connected · 1 reconnect: recovered after 1 attempt, session resumed$/, { timeout: 20_000 });
  await expect.poll(() => laneStates(panel, 'telnyx')).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
  // The reconnect's socket is part of the session's lane, not a lane of its own.
  await expect(panel.getByRole('list', { name: 'Connection timeline' }).getByRole('listitem', { name: /^ws / })).toHaveCount(0);
  await expect(app.locator('#call-state')).toHaveText('active', { timeout: 15_000 });
  await expect(activeCalls(panel)).toContainText(`${callId} · outbound · active`);
  // The attach re-negotiates media on a new peer connection, and that one is up.
  const pcRows = panel.getByRole('table', { name: 'Peer connections' }).getByRole('row').filter({ has: panel.getByRole('cell') });
  await expect(pcRows).toHaveCount(2);
  await expect(pcRows.last().getByRole('cell').nth(1)).toHaveText('connected');

  await panel.getByRole('tab', { name: 'Calls' }).click();
  const call = panel.getByRole('article', { name: new RegExp(`^Call ${callId} · telnyx outbound · active`) });
  const story = call.getByRole('list', { name: /timeline$/ });
  await expect(story).toContainText('[state] call recovering');
  await expect(story).toContainText('telnyx_rtc.attach');
  const states = (await story.getByRole('listitem').allTextContents()).map((t) => /\[state\] call (\w+)/.exec(t)?.[1]).filter(Boolean);
  expect(states.slice(-2)).toEqual(['recovering', 'active']);

  await panel.getByRole('tab', { name: 'Overview' }).click();
  // A recovered drop with the call intact is not a problem to report: no ICE, timeout or call finding.
  await expect(panel.getByText('No findings.')).toBeVisible();
  await app.click('#hangup');
  await expect(app.locator('#call-state')).toHaveText('destroy');
  await expect(panel.getByText('No active call.')).toBeVisible();
  await expect(panel.getByText('No findings.')).toBeVisible();
  await closeAll(panel, app);
});

test('server unreachable for a while after a drop: the lane counts the attempts while reconnecting, then reads recovered with the session resumed; the SDK\'s back-off raises no finding', async () => {
  const { app, panel, callId } = await start();
  srv.control.refuseConnections(true);
  srv.control.dropSockets();
  // Telnyx backs off 1 s, 2 s, ...: the second refused attempt shows while the server is still away.
  await expect(timelineLane(panel, 'telnyx')).toHaveAccessibleName(/: reconnecting · 1 reconnect: reconnecting, [2-9] attempts so far$/, { timeout: 15_000 });
  srv.control.refuseConnections(false);
  await expect(timelineLane(panel, 'telnyx')).toHaveAccessibleName(/: connected · 1 reconnect: recovered after [3-9] attempts, session resumed$/, { timeout: 20_000 });
  await expect(app.locator('#call-state')).toHaveText('active', { timeout: 15_000 });
  await expect(activeCalls(panel)).toContainText(`${callId} · outbound · active`);
  await expect(panel.getByText('No findings.')).toBeVisible();
  await app.click('#hangup');
  await expect(app.locator('#call-state')).toHaveText('destroy');
  await closeAll(panel, app);
});

test('refused login: an error finding with the code and message Telnyx sent, advice about the credentials, and a click shows the refused login and its error reply', async () => {
  srv.control.refuseLogin(true, { code: -32001, message: 'Authentication Required' });
  const { app, panel } = await start({ passwd: 'wrong' });
  await expect(app.locator('#client-state')).toHaveText('error');

  const finding = findingButtons(panel).filter({ hasText: 'Login failed' });
  await expect(finding).toHaveAccessibleName('error: Login failed (`login`): -32001 Authentication Required — show evidence');
  await expect(findingItem(panel, 'Login failed')).toContainText('check the SIP connection username/password');
  await expect(findingButtons(panel)).toHaveCount(1);
  await finding.click();
  await expect(panel.getByRole('tab', { name: 'Signaling' })).toHaveAttribute('aria-selected', 'true');
  // Evidence starts at the refused request; its reply is one click away.
  const selected = panel.getByRole('listbox', { name: 'Frames' }).getByRole('option', { selected: true });
  await expect(selected).toContainText('login');
  await panel.getByRole('button', { name: 'Go to reply' }).click();
  await expect(selected).toContainText('Authentication Required');
  await closeAll(panel, app);
});

test('PUNT: a warning finding naming the second login, the lane ends disconnected with no reconnect, the call is gone', async () => {
  const { app, panel, callId } = await start();
  srv.control.punt();

  const finding = findingButtons(panel).filter({ hasText: 'telnyx_rtc.punt' });
  await expect(finding).toHaveAccessibleName('warning: Telnyx ended this session (telnyx_rtc.punt): the same login connected from somewhere else — show evidence');
  await expect(findingItem(panel, 'telnyx_rtc.punt')).toContainText('Only one client per SIP credential stays connected');
  await expect(timelineLane(panel, 'telnyx')).toHaveAccessibleName(/: disconnected$/, { timeout: 15_000 });
  await expect(activeCalls(panel)).not.toContainText(callId);
  // The punt ends the session on purpose: nothing about time-outs or reconnects may follow from it.
  await expect(findingButtons(panel)).toHaveCount(1);

  await finding.click();
  await expect(panel.getByRole('listbox', { name: 'Frames' }).getByRole('option', { selected: true })).toContainText('telnyx_rtc.punt');
  await closeAll(panel, app);
});

test('bye withheld: after the SDK\'s 10 s the panel shows an RPC time-out error with advice; the click lands on the unanswered bye', async () => {
  const { app, panel } = await start();
  srv.control.withhold('telnyx_rtc.bye');
  await app.click('#hangup');

  const finding = findingButtons(panel).filter({ hasText: 'got no answer' });
  await expect(finding).toHaveAccessibleName(/^error: RPC `telnyx_rtc\.bye` got no answer in 10 s/, { timeout: 20_000 });
  await expect(findingItem(panel, 'got no answer')).toContainText('look for it in server logs by its id');
  await finding.click();
  await expect(panel.getByRole('tab', { name: 'Signaling' })).toHaveAttribute('aria-selected', 'true');
  await expect(panel.getByRole('listbox', { name: 'Frames' }).getByRole('option', { selected: true })).toContainText('telnyx_rtc.bye');
  await closeAll(panel, app);
});
