/**
 * Issue 15, "a phone number survives redaction when URL-encoded": the Telnyx demo page is opened
 * with `destination=%2B15550100200` in its URL (as URLSearchParams writes "+"), and a real
 * @telnyx/webrtc 2.27.10 call dials it. With "Phone numbers: remove" (the default) the number must be
 * in none of the three files the panel exports — the bundle (environment.pageUrl, documents, the
 * invite frame), the HAR and the webrtc-internals dump (its `url`) — and neither may the account's
 * password. With "keep", the page URL keeps it as it was.
 *
 * Needs the build: `RTC_DIST=... npm run build` (same RTC_DIST as the test run).
 */
import { test, expect, type Page } from '../support/fixture.js';
import { readFileSync } from 'node:fs';
import { openPanel, readCapture, tabIdOf, type ExtensionHandle } from '../support/rig/extension.js';
import { type TelnyxCallRig } from '../support/rig/telnyx-call.js';
import { telnyxDemoUrl } from '../support/servers/telnyx-demo.js';

test.setTimeout(120_000);

let rig: TelnyxCallRig;
let ext: ExtensionHandle;

test.beforeAll(async ({ rigs }) => {
  rig = await rigs.telnyx();
  ext = await rigs.extension();
});

const DIGITS = '15550100200';

async function download(panel: Page, button: string): Promise<string> {
  const [file] = await Promise.all([panel.waitForEvent('download'), panel.getByRole('button', { name: button }).click()]);
  return readFileSync((await file.path())!, 'utf8');
}

test('a URL-encoded phone number leaves in no exported file with "Phone numbers: remove", and stays with "keep"', async () => {
  const app = await ext.context.newPage();
  const url = telnyxDemoUrl(rig.server, { destination: `+${DIGITS}` });
  expect(url).toContain(`destination=%2B${DIGITS}`);
  await app.goto(url);
  const tabId = await tabIdOf(ext, app);
  const panel = await openPanel(ext, tabId);
  await expect(app.locator('#call-state')).toHaveText('active', { timeout: 30_000 });
  // The invite that dialled the number is in the capture, unredacted, before anything is exported.
  await expect
    .poll(async () => (await readCapture(ext, tabId)).some((e) => e.kind === 'ws.frame' && !!e.text?.includes('telnyx_rtc.invite') && e.text.includes(DIGITS)), { timeout: 20_000 })
    .toBe(true);

  const bundleText = await download(panel, 'Export diagnostics');
  const bundle = JSON.parse(bundleText);
  expect(bundle.redaction).toMatchObject({ applied: true, phoneNumbers: 'remove' });
  expect(bundle.environment.pageUrl).toContain('destination=[redacted]');
  expect(bundleText).not.toContain(DIGITS);
  expect(bundleText).not.toContain(rig.user.passwd);

  await panel.getByRole('tab', { name: 'Export / Import' }).click();
  const har = await download(panel, 'Export HAR');
  expect(JSON.parse(har).log.entries.length).toBeGreaterThan(0);
  expect(har).not.toContain(DIGITS);
  expect(har).not.toContain(rig.user.passwd);
  const dump = await download(panel, 'Export webrtc-internals dump');
  expect(Object.keys(JSON.parse(dump).PeerConnections).length).toBeGreaterThan(0);
  expect(dump).not.toContain(DIGITS);

  // "keep" is the user's choice: the page URL keeps the number as it was written, secrets still go.
  await panel.getByRole('combobox', { name: 'Phone numbers' }).selectOption('keep');
  const keptText = await download(panel, 'Export diagnostics');
  const kept = JSON.parse(keptText);
  expect(kept.redaction.phoneNumbers).toBe('keep');
  expect(kept.environment.pageUrl).toContain(`destination=%2B${DIGITS}`);
  expect(keptText).not.toContain(rig.user.passwd);

  await app.click('#hangup');
  await Promise.all([app.close(), panel.close()]);
});
