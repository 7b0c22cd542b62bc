/**
 * Real @telnyx/webrtc calls across page loads, with Preserve log: the last frames before a reload
 * are kept (the bye and close() sent in the same task as location.reload()), what the unloaded page
 * owned reads closed as "page unloaded", ids of two loads are told apart in the panel, and a peer
 * connection the SDK closed reads closed in the Overview and in the exported bundle.
 */
import { readFileSync } from 'node:fs';
import { test, expect, type Page } from '../support/fixture.js';
import type { DocInfo, StoredEvent } from '../../core/capture/events.js';
import { buildCaptureModel } from '../../core/capture/model.js';
import { openPanel, panelRequest, readSnapshot, tabIdOf, type ExtensionHandle } from '../support/rig/extension.js';
import { type TelnyxCallRig } from '../support/rig/telnyx-call.js';

test.describe.configure({ mode: 'serial' });
test.setTimeout(150_000);

let rig: TelnyxCallRig;

test.beforeAll(async ({ rigs }) => {
  rig = await rigs.telnyx();
});

async function activeCall(page: Page): Promise<void> {
  await expect(page.locator('#call-state')).toHaveText('active', { timeout: 30_000 });
  await expect(page.locator('#pc-state')).toHaveText('connected', { timeout: 30_000 });
}

/** A call on the demo page with Preserve log on for its tab. */
async function callWithPreserveLog(ext: ExtensionHandle): Promise<{ page: Page; tabId: number }> {
  const page = await ext.context.newPage();
  await page.goto(rig.demoUrl());
  const tabId = await tabIdOf(ext, page);
  await panelRequest(ext, { type: 'preserve-log', preserve: true }, tabId);
  await activeCall(page);
  return { page, tabId };
}

/** Hangs up and reloads in one task, as an app's "leave" button might: nothing runs in between. */
async function hangUpAndReload(page: Page): Promise<void> {
  await page
    .evaluate(() => {
      (window as unknown as { demo: { call: { hangup(): void } } }).demo.call.hangup();
      location.reload();
    })
    // The reload may tear the evaluation's context down before it answers.
    .catch(() => undefined);
}

const topDocs = (docs: DocInfo[]) => docs.filter((d) => d.top);
const isBye = (e: StoredEvent) => e.kind === 'ws.frame' && e.dir === 'sent' && (e.text ?? '').includes('"telnyx_rtc.bye"');

test('hang-up and an immediate reload with Preserve log: the bye and close() are kept, the old socket and peer connection read closed', async ({ launchExtension }) => {
  const ext = await launchExtension();
  const { page, tabId } = await callWithPreserveLog(ext);
  const byesBefore = rig.server.frames.filter((f) => f.dir === 'in' && f.method === 'telnyx_rtc.bye').length;
  await hangUpAndReload(page);
  // The server really got the bye: the question is whether the capture has it too.
  await expect.poll(() => rig.server.frames.filter((f) => f.dir === 'in' && f.method === 'telnyx_rtc.bye').length, { timeout: 30_000 }).toBeGreaterThan(byesBefore);
  await activeCall(page);

  let snap = await readSnapshot(ext, tabId);
  await expect.poll(async () => topDocs((snap = await readSnapshot(ext, tabId)).docs).length, { timeout: 30_000 }).toBe(2);
  const [first, second] = topDocs(snap.docs) as [DocInfo, DocInfo];
  await expect
    .poll(async () => (snap = await readSnapshot(ext, tabId)).events.some((e) => e.doc === first.docId && isBye(e)), {
      timeout: 30_000,
      message: 'the bye sent right before the reload is in the capture',
    })
    .toBe(true);
  const old = snap.events.filter((e) => e.doc === first.docId);
  const oldPcs = [...new Set(old.filter((e) => e.kind === 'pc.create').map((e) => (e as { id: string }).id))];
  expect(oldPcs).toHaveLength(1);
  expect(old.some((e) => e.kind === 'pc.call' && e.method === 'close' && e.id === oldPcs[0])).toBe(true);

  // What every consumer (panel, bundle, viewer) builds from this capture.
  const model = buildCaptureModel(snap.events, snap.docs);
  const oldSockets = [...model.sockets.values()].filter((s) => s.id.startsWith(`${first.docId}:`));
  expect(oldSockets.length).toBeGreaterThan(0);
  for (const s of oldSockets) expect(s, s.id).toMatchObject({ state: 'closed', closedBy: 'unloaded' });
  expect(model.peerConnections.get(oldPcs[0]!)).toMatchObject({ connectionState: 'closed', iceConnectionState: 'closed', closedBy: 'page' });
  // The new load's call is live.
  const newSockets = [...model.sockets.values()].filter((s) => s.id.startsWith(`${second.docId}:`));
  expect(newSockets.some((s) => s.state === 'open')).toBe(true);

  // The panel says so: the unloaded page's socket is not "open" forever, its peer connection is closed.
  const panel = await openPanel(ext, tabId);
  const firstSocket = panel.locator(`tr[data-socket="${oldSockets[0]!.id}"]`);
  await expect(firstSocket.locator('td').nth(2)).toHaveText(/^closed.*unloaded/, { timeout: 30_000 });
  await expect(panel.locator(`tr[data-pc="${oldPcs[0]}"] td`).nth(2)).toHaveText('closed');
  await panel.close();
  // The hook said its document went away (not into the back/forward cache).
  expect(old.some((e) => e.kind === 'page.hide' && !e.persisted)).toBe(true);
  await page.close();
});

test('a bye the app sends from its own pagehide handler, as the document goes, is kept', async ({ launchExtension }) => {
  const ext = await launchExtension();
  const { page, tabId } = await callWithPreserveLog(ext);
  const byesBefore = rig.server.frames.filter((f) => f.dir === 'in' && f.method === 'telnyx_rtc.bye').length;
  await page
    .evaluate(() => {
      const demo = (window as unknown as { demo: { client: { options: Record<string, unknown> }; call: { hangup(): void } } }).demo;
      // The SDK hangs up on beforeunload unless told not to: the app does it itself, later, on
      // pagehide, after the hook's own pagehide listener (registered first) has flushed.
      demo.client.options.hangupOnBeforeUnload = false;
      addEventListener('pagehide', () => demo.call.hangup());
      location.reload();
    })
    .catch(() => undefined);
  await expect.poll(() => rig.server.frames.filter((f) => f.dir === 'in' && f.method === 'telnyx_rtc.bye').length, { timeout: 30_000 }).toBeGreaterThan(byesBefore);
  await activeCall(page);
  let snap = await readSnapshot(ext, tabId);
  await expect.poll(async () => topDocs((snap = await readSnapshot(ext, tabId)).docs).length, { timeout: 30_000 }).toBe(2);
  const first = topDocs(snap.docs)[0]!;
  await expect
    .poll(async () => (snap = await readSnapshot(ext, tabId)).events.some((e) => e.doc === first.docId && isBye(e)), { timeout: 30_000 })
    .toBe(true);
  // The page.hide came first, the bye after it: order (seq) kept across the hand-offs.
  const old = snap.events.filter((e) => e.doc === first.docId);
  expect(old.findIndex((e) => e.kind === 'page.hide')).toBeLessThan(old.findIndex(isBye));
  await page.close();
});

test('after a reload with Preserve log, the two loads\' sockets and peer connections have different names in the panel', async ({ launchExtension }) => {
  const ext = await launchExtension();
  const { page, tabId } = await callWithPreserveLog(ext);
  await page.reload();
  await activeCall(page);
  await expect.poll(async () => topDocs((await readSnapshot(ext, tabId)).docs).length, { timeout: 30_000 }).toBe(2);
  // Each load is named by its page's title once the bridge read it, not only by a tab number.
  const title = await page.title();
  expect(title).not.toBe('');
  await expect.poll(async () => topDocs((await readSnapshot(ext, tabId)).docs).map((d) => d.title), { timeout: 30_000 }).toEqual([title, title]);

  const panel = await openPanel(ext, tabId);
  const socketNames = panel.locator('tr[data-socket] td:first-child');
  await expect(socketNames).toHaveCount(2, { timeout: 30_000 });
  await expect(socketNames).toHaveText(['ws-1', 'ws-1 · load 2']);
  const pcNames = panel.locator('tr[data-pc] td:first-child');
  await expect(pcNames).toHaveText(['pc-1', 'pc-1 · load 2'], { timeout: 30_000 });
  // The first load's connections went with it; the second's call is up.
  await expect(panel.locator('tr[data-pc]').first().locator('td').nth(2)).toHaveText('closed');

  await panel.getByRole('tab', { name: 'Media' }).click();
  const picker = panel.getByRole('combobox', { name: 'Peer connection' });
  await expect(picker.locator('option')).toHaveCount(2, { timeout: 30_000 });
  const options = await picker.locator('option').allTextContents();
  expect(new Set(options).size).toBe(2);
  expect(options.some((o) => o.startsWith('pc-1 · load 2'))).toBe(true);
  await panel.close();
  await page.close();
});

test('a peer connection the SDK closed at hang-up reads closed in the Overview and in the exported bundle', async ({ launchExtension }, testInfo) => {
  const ext = await launchExtension();
  const page = await ext.context.newPage();
  await page.goto(rig.demoUrl());
  const tabId = await tabIdOf(ext, page);
  await activeCall(page);
  const panel = await openPanel(ext, tabId);
  const row = panel.locator('tr[data-pc]');
  await expect(row).toHaveCount(1, { timeout: 30_000 });
  await expect(row.locator('td').nth(2)).toHaveText('connected', { timeout: 30_000 });

  await page.click('#hangup');
  await expect(page.locator('#call-state')).toHaveText('destroy', { timeout: 30_000 });
  // State and ICE columns: Chromium fires no state change on close(), the model knows it was closed.
  await expect(row.locator('td').nth(1)).toContainText('closed', { timeout: 30_000 });
  await expect(row.locator('td').nth(2)).toHaveText('closed');

  const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByRole('button', { name: 'Export diagnostics' }).click()]);
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const bundle = JSON.parse(readFileSync(file, 'utf8')) as {
    peerConnections: { closedAt?: number; closedBy?: string; state: { connection: string; iceConnection: string } }[];
  };
  expect(bundle.peerConnections).toHaveLength(1);
  const pc = bundle.peerConnections[0]!;
  expect(pc.state).toMatchObject({ connection: 'closed', iceConnection: 'closed' });
  expect(pc.closedBy).toBe('page');
  expect(typeof pc.closedAt).toBe('number');
  await panel.close();
  await page.close();
});
