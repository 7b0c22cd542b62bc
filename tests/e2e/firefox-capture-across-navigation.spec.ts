/**
 * The synchronous hand-off at navigation in Firefox ESR (puppeteer-core over WebDriver BiDi): the
 * hook's last batches reach the bridge through a CustomEvent whose detail a Firefox content script
 * reads through Xray vision, which Chromium does not exercise. A real Telnyx call hung up and
 * reloaded in one task, with Preserve log on: the page.hide the hook reports from its pagehide
 * listener can only reach the capture by that hand-off, since no task of the page runs after it.
 */
import { test, expect } from '../support/fixture.js';
import type { Page } from 'puppeteer-core';
import type { StoredEvent } from '../../core/capture/events.js';
import { buildCaptureModel } from '../../core/capture/model.js';
import { buildTestExtension, launchFirefox, type FirefoxHandle } from '../support/rig/firefox.js';
import { type TelnyxCallRig } from '../support/rig/telnyx-call.js';

test.setTimeout(150_000);

let dist: ReturnType<typeof buildTestExtension>;
let rig: TelnyxCallRig;
let ff: FirefoxHandle | undefined;

test.beforeAll(async ({ rigs }) => {
  test.setTimeout(120_000);
  dist = await rigs.firefoxBuild();
  rig = await rigs.telnyx();
});

test.afterAll(async () => {
  await ff?.close();
});

const isBye = (e: StoredEvent) => e.kind === 'ws.frame' && e.dir === 'sent' && (e.text ?? '').includes('"telnyx_rtc.bye"');
const byes = () => rig.server.frames.filter((f) => f.dir === 'in' && f.method === 'telnyx_rtc.bye').length;

/**
 * Polled by fresh evaluations, not page.waitForFunction: across the reload puppeteer's BiDi wait task
 * can stay bound to the unloaded document's realm and time out while the new page is connected
 * (seen 1 run in 3). Each evaluation runs in whatever document is current; one that races the
 * navigation just reads as not yet connected.
 */
async function connected(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { demo?: { pcState(): string } }).demo?.pcState() ?? 'none').catch(() => 'navigating'), { timeout: 30_000 })
    .toBe('connected');
}

test('Firefox: hang-up and an immediate reload keep the bye and the page.hide handed over as the document went; the old socket reads closed', async () => {
  ff = await launchFirefox({ extensionDir: dist.firefox });
  const page = await ff.browser.newPage();
  await page.goto(rig.demoUrl());
  const tabId = await ff.tabIdOf(page.url());
  const panel = await ff.openPanel(tabId);
  await panel.waitForFunction(() => [...document.querySelectorAll('label')].some((l) => l.textContent?.includes('Preserve log')), { timeout: 30_000 });
  await panel.evaluate(() => {
    const label = [...document.querySelectorAll('label')].find((l) => l.textContent?.includes('Preserve log'))!;
    label.querySelector('input')!.click();
  });
  await expect.poll(async () => (await ff!.readSnapshot(tabId)).preserveLog, { timeout: 15_000 }).toBe(true);
  await connected(page);

  const before = byes();
  await page
    .evaluate(() => {
      (window as unknown as { demo: { call: { hangup(): void } } }).demo.call.hangup();
      location.reload();
    })
    .catch(() => undefined);
  await expect.poll(byes, { timeout: 30_000 }).toBeGreaterThan(before);
  await connected(page);

  let snap = await ff.readSnapshot(tabId);
  await expect.poll(async () => (snap = await ff!.readSnapshot(tabId)).docs.filter((d) => d.top).length, { timeout: 30_000 }).toBe(2);
  const first = snap.docs.filter((d) => d.top)[0]!;
  await expect
    .poll(async () => (snap = await ff!.readSnapshot(tabId)).events.some((e) => e.doc === first.docId && isBye(e)), { timeout: 30_000 })
    .toBe(true);
  const model = buildCaptureModel(snap.events, snap.docs);
  const oldSockets = [...model.sockets.values()].filter((s) => s.id.startsWith(`${first.docId}:`));
  expect(oldSockets.length).toBeGreaterThan(0);
  for (const s of oldSockets) expect(s.state, s.id).toBe('closed');
  expect(snap.events.some((e) => e.doc === first.docId && e.kind === 'page.hide' && !e.persisted)).toBe(true);
  const oldPc = snap.events.find((e) => e.doc === first.docId && e.kind === 'pc.create') as { id: string } | undefined;
  expect(model.peerConnections.get(oldPc!.id)!.connectionState).toBe('closed');
});
