/**
 * `rtc-devtools/playwright` used the way an app team would: imported by its package name, driving a real
 * Telnyx SDK call against our fake Telnyx server, asserting what the panel knows as data.
 */
import { mergeTests } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { readBundleFile } from '../../core/api.js';
import { attachRtcBundles, expect, test as rtcTest } from 'rtc-devtools/playwright';
import { test as rigTest } from '../support/fixture.js';

// The project's rigs (fake Telnyx server, far end) beside the shipped fixture's browser and `rtc`.
const test = mergeTests(rtcTest, rigTest);

test('a healthy Telnyx call: waitForCall, toHaveCall, capture, no findings ≥ warning, and the panel\'s own bundle', async ({ page, rtc, rtcBrowser, telnyx }, testInfo) => {
  await page.goto(telnyx.demoUrl({ destination: '5151' }));
  const call = await rtc.waitForCall(page, { state: 'active' });
  expect(call).toMatchObject({ direction: 'outbound', destination: '5151', sdk: 'telnyx' });
  expect(call).not.toHaveProperty('offerSdp');
  await expect(rtc.for(page)).toHaveCall({ state: 'active', destination: '5151' });

  // A few stats samples, so the peer connection has a last summary.
  await expect.poll(async () => (await rtc.capture(page)).peerConnections.find((p) => p.connectionState === 'connected')?.statsSamples ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
  const cap = await rtc.capture(page);
  expect(cap.sdks.map((s) => s.name)).toContain('@telnyx/webrtc');
  expect(cap.connections[0]).toMatchObject({ sdk: 'telnyx', state: 'connected', auth: { state: 'ok' } });
  const socket = cap.sockets.find((s) => s.url.startsWith(telnyx.url.replace(/\/$/, '')));
  expect(socket?.state).toBe('open');
  expect(socket?.sent).toBeGreaterThan(1);
  expect(socket?.received).toBeGreaterThan(1);
  const pc = cap.peerConnections.find((p) => p.connectionState === 'connected');
  expect(pc?.lastStats?.audio.inKbps).toBeGreaterThan(0);
  // Healthy: nothing at warning or above. The two timing rules are left out: on a loaded 2-core box ICE
  // gathering alone can pass their 3 s threshold (a true finding about that machine, not about the call).
  await expect(rtc.for(page)).toHaveNoFindings({ minSeverity: 'warning', ignore: ['slow-ice-gathering', 'slow-call-setup'] });
  await expect(rtc.for(page)).toHaveNoFindings({ minSeverity: 'error' });

  await page.click('#hangup');
  await rtc.waitForCall(page, { state: 'hangup' });
  await expect(rtc.for(page)).not.toHaveCall({ state: 'active' }, { timeout: 5_000 });

  // The fixture's bundle is the panel's "Export diagnostics" bundle: same calls, findings, frames, loads.
  const out = testInfo.outputPath('call.json.gz');
  const { bundle, path, gzip } = await rtc.exportBundle(page, out);
  expect(gzip).toBe(true);
  const fromDisk = await readBundleFile(await readFile(path));
  if (!fromDisk.ok) throw new Error(fromDisk.error);
  expect(fromDisk.problems).toEqual([]);
  expect(fromDisk.bundle.calls.map((c) => c.summary?.outcome)).toEqual(['answered']);
  const text = JSON.stringify(bundle);
  expect(text).not.toContain(telnyx.user.passwd);

  const tabId = await rtc.tabId(page);
  const panel = await rtcBrowser.context.newPage();
  await panel.goto(`chrome-extension://${rtcBrowser.link.extensionId}/panel.html?tabId=${tabId}`);
  const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByRole('button', { name: 'Export diagnostics' }).click()]);
  const fromPanel = JSON.parse(await readFile((await download.path())!, 'utf8'));
  const pick = (b: typeof bundle) => ({
    format: b.format,
    calls: b.calls,
    findings: b.findings.map((f) => [f.rule, f.severity, f.message]),
    messages: b.messages?.length,
    frames: b.sockets.map((s) => [s.url, s.frames.length]),
    pcs: b.peerConnections.map((p) => p.id),
    documents: b.documents,
    userAgent: b.environment.userAgent,
    source: b.environment.source,
  });
  expect(pick(bundle)).toEqual(pick(fromPanel));
  await panel.close();

  // Bad input: a path that cannot be written is a clear error naming it; nothing else breaks.
  const inFile = `${path}/cannot.json`;
  await expect(rtc.exportBundle(page, inFile)).rejects.toThrow(`cannot write the bundle to ${inFile}: a part of the path is a file (ENOTDIR)`);
  expect((await rtc.capture(page)).calls).toHaveLength(1);
});

test('a failed test gets each open page\'s bundle attached; bad pages are clear errors; simulate drops the socket', async ({ page, rtc, rtcBrowser, telnyx }, testInfo) => {
  await page.goto(telnyx.demoUrl({ destination: '5152' }));
  await rtc.waitForCall(page, { state: 'active' });
  const tabId = await rtc.tabId(page);
  // What the fixture runs when a test fails, run here so its result can be checked.
  await attachRtcBundles(rtcBrowser, testInfo);
  const att = testInfo.attachments.find((a) => a.name === `rtc-diagnostics-tab${tabId}.json.gz`);
  expect(att?.contentType).toBe('application/gzip');
  const read = await readBundleFile(att!.body!);
  if (!read.ok) throw new Error(read.error);
  expect(read.bundle.calls[0]?.destination).toBe('5152');
  testInfo.attachments.length = 0;

  // A page the extension never saw (about:blank) and a closed page: clear errors, not hangs.
  const blank = await rtcBrowser.context.newPage();
  await expect(rtc.tabId(blank)).rejects.toThrow(/never heard from about:blank/);
  await blank.close();
  await expect(rtc.capture(blank)).rejects.toThrow(/closed/);

  // Simulate: a bad fault is refused with why; a real one drops the signaling socket as a network
  // loss would, and the SDK's reconnect shows in the capture.
  await expect(rtc.simulate(page, { kind: 'ws-drop' })).rejects.toThrow(/^not a fault: /);
  const armed = await rtc.simulate(page, { kind: 'drop-connection', params: { offlineS: 0 } });
  expect(armed.faultId).toBeTruthy();
  expect(armed.description).toMatch(/^Drop connection/);
  await expect.poll(async () => (await rtc.capture(page)).connections[0]?.reconnects.length ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
  expect((await rtc.capture(page)).sockets.some((s) => s.close?.code === 1006)).toBe(true);
  await rtc.stopSimulating(page);
});
