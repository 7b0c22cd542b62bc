/**
 * The failure path on the real @telnyx/webrtc 2.27.10: the fake server never answers telnyx_rtc.invite.
 * The SDK itself puts no time-out on an invite, so the call just sits in "requesting"; before issue 15 the
 * panel then said "No findings" even after the hang-up. What the panel and the capture must say instead:
 * the invite pending (with how long), an unanswered-invite error after 10 s, and after the hang-up a
 * call that ended before any media flowed, because its invite never got a reply.
 *
 * Needs the build: `RTC_DIST=... npm run build` (same RTC_DIST as the test run).
 */
import { test, expect, type Page } from '../support/fixture.js';
import { readFileSync } from 'node:fs';
import { createAnalyzer } from '../../core/protocol/analyzer.js';
import { pendingAge } from '../../core/protocol/pending.js';
import { openPanel, readCapture, tabIdOf, type ExtensionHandle } from '../support/rig/extension.js';
import { type TelnyxCallRig } from '../support/rig/telnyx-call.js';
import { telnyxDemoUrl } from '../support/servers/telnyx-demo.js';

test.describe.configure({ mode: 'serial' });
test.setTimeout(120_000);

let rig: TelnyxCallRig;
let ext: ExtensionHandle;

test.beforeAll(async ({ rigs }) => {
  rig = await rigs.telnyx();
  ext = await rigs.extension();
});

test.afterEach(() => {
  rig.server.control.reset();
});

const findings = (panel: Page) => panel.getByRole('region', { name: 'Findings' }).getByRole('button');

test('telnyx_rtc.invite never answered: pending, then an unanswered-invite error, then after hang-up a call that ended before media', async () => {
  const srv = rig.server;
  srv.control.withhold('telnyx_rtc.invite');
  const app = await ext.context.newPage();
  const before = srv.frames.length;
  await app.goto(telnyxDemoUrl(srv, { destination: '4242' }));
  const tabId = await tabIdOf(ext, app);
  const panel = await openPanel(ext, tabId);
  const invite = await srv.waitForFrame((f) => f.method === 'telnyx_rtc.invite' && srv.frames.indexOf(f) >= before, 20_000);
  await expect(app.locator('#call-state')).toHaveText('requesting');

  // While it waits: the capture analysed by core lists the invite as pending and the call as awaiting it.
  await expect
    .poll(async () => {
      const a = createAnalyzer();
      for (const ev of await readCapture(ext, tabId)) a.push(ev);
      const an = a.snapshot();
      const p = an.pending.find((x) => x.method === 'telnyx_rtc.invite');
      const call = an.calls.find((c) => c.destination === '4242');
      return p && call ? `${call.state} awaiting ${call.awaiting?.method} ${p.overdueMs} ${/^no reply for [\d.]+ s$/.test(pendingAge(p, p.t + 1500).text)}` : 'none';
    }, { timeout: 15_000 })
    .toBe('requesting awaiting telnyx_rtc.invite 10000 true');

  // The panel's own clock (no new frame arrives) turns it into an error 10 s after the invite.
  const unanswered = findings(panel).filter({ hasText: 'got no reply in 10 s' });
  await expect(unanswered).toHaveAccessibleName(/^error: Invite `telnyx_rtc\.invite` for the call to 4242 got no reply in 10 s: the call cannot ring/, { timeout: 30_000 });
  await expect(app.locator('#call-state')).toHaveText('requesting');

  await app.click('#hangup');
  await expect(app.locator('#call-state')).toHaveText('destroy', { timeout: 20_000 });
  const ended = findings(panel).filter({ hasText: 'ended before any media flowed' });
  await expect(ended).toHaveAccessibleName(
    /^error: Call to 4242 ended before any media flowed: it was never answered: its invite \(`telnyx_rtc\.invite`\) got no reply in the \d+(\.\d)? s before it was hung up here/,
    { timeout: 20_000 },
  );
  await expect(panel.getByText('No findings.')).toHaveCount(0);

  // The bundle exported from the panel carries the same two findings and the call's summary: never answered,
  // hung up here, no length and no ring (the cause Telnyx sends for it, USER_BUSY, is not read as the far end's).
  const bundle = await exportBundle(panel);
  const rules = bundle.findings.map((f: { rule: string }) => f.rule);
  expect(rules).toContain('invite-unanswered');
  expect(rules).toContain('call-ended-before-media');
  const call = bundle.calls.find((c: { id: string }) => invite.text.includes(c.id));
  expect(call.summary).toMatchObject({ outcome: 'never-answered', outcomeText: 'never answered: hung up here', hungUpBy: 'local', quality: [] });
  expect(call.summary.lengthMs).toBeUndefined();
  expect(call.summary.timeToRingMs).toBeUndefined();
  await app.close();
  await panel.close();
});

test('a healthy call: the exported summary has ring ≤ answer ≤ first media, a length, quality in and out, and none of the failure findings', async () => {
  const srv = rig.server;
  const app = await ext.context.newPage();
  await app.goto(telnyxDemoUrl(srv, { destination: '5151' }));
  const tabId = await tabIdOf(ext, app);
  const panel = await openPanel(ext, tabId);
  await expect(app.locator('#call-state')).toHaveText('active', { timeout: 20_000 });
  await expect(app.locator('#pc-state')).toHaveText('connected');
  // A few seconds of stats so quality has numbers.
  await expect.poll(async () => (await readCapture(ext, tabId)).filter((e) => e.kind === 'pc.stats').length, { timeout: 20_000 }).toBeGreaterThanOrEqual(5);
  await app.click('#hangup');
  await expect(app.locator('#call-state')).toHaveText('destroy', { timeout: 20_000 });
  await expect(panel.getByText('No findings.')).toBeVisible({ timeout: 10_000 });

  const bundle = await exportBundle(panel);
  const [call] = bundle.calls;
  const s = call.summary;
  expect(s).toMatchObject({ outcome: 'answered', outcomeText: 'answered, hung up here', hungUpBy: 'local', cause: { name: 'NORMAL_CLEARING', code: 16, kind: 'normal' } });
  expect(s.timeToRingMs).toBeGreaterThanOrEqual(0);
  expect(s.timeToAnswerMs).toBeGreaterThanOrEqual(s.timeToRingMs);
  expect(s.timeToMediaMs).toBeGreaterThanOrEqual(s.timeToAnswerMs);
  expect(s.lengthMs).toBeGreaterThan(2000);
  const keys = s.quality.map((q: { key: string }) => q.key);
  expect(keys).toEqual(expect.arrayContaining(['mos-in', 'bitrate-in', 'bitrate-out', 'rtt']));
  for (const q of s.quality) expect(q.min).toBeLessThanOrEqual(q.max);
  expect(bundle.findings).toEqual([]);
  await app.close();
  await panel.close();
});

/** Clicks the panel's "Export diagnostics" and reads the bundle it saved. */
async function exportBundle(panel: Page) {
  const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByRole('button', { name: 'Export diagnostics' }).click()]);
  return JSON.parse(readFileSync((await download.path())!, 'utf8'));
}
