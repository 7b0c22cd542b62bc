/**
 * The in-app recorder in plain Chromium, no extension: a demo app on the real @telnyx/webrtc (and
 * on the SignalWire 4.x client) loads the recorder's script-tag build before its SDK, places a
 * call, and its "Report a problem" button uploads the bundle to a loopback receiver. The bundle
 * must hold every frame the fake server saw, the call, the peer connection with stats, no secret,
 * and open in the viewer; on SignalWire 4.x it also holds the SDK's own exportDiagnostics().
 *
 * Needs `npm run build` (same RTC_DIST): dist/recorder and dist/pages/viewer.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test, expect, type Page } from '../support/fixture.js';
import { startUploadReceiver, type ReceivedUpload, type UploadReceiver } from '../support/rig/upload-receiver.js';
import type { TelnyxCallRig } from '../support/rig/telnyx-call.js';
import { frameSequence } from '../support/servers/telnyx-demo.js';
import { routeFabricApi } from '../support/servers/signalwire-fabric-api.js';
import { demoUrl } from '../support/servers/signalwire-e2e.js';
import type { Bundle } from '../../core/bundle/types.js';

test.describe.configure({ mode: 'serial' });
test.setTimeout(90_000);

const DIST = resolve(process.env.RTC_DIST || 'dist');
const VIEWER = join(DIST, 'pages', 'viewer');

let rig: TelnyxCallRig;
let rx: UploadReceiver;

test.beforeAll(async ({ rigs }) => {
  if (!existsSync(join(DIST, 'recorder', 'rtc-devtools-recorder.js'))) throw new Error(`No recorder build in ${DIST}: run npm run build first`);
  rig = await rigs.telnyx();
  rx = await startUploadReceiver();
});

test.afterAll(async () => {
  await rx?.close();
});

/** The server log's '<dir> <method>' line for a bundle frame (the server logs from its side). */
function lineOf(f: { dir: string; text?: string }): string {
  const m = JSON.parse(f.text ?? '{}') as { method?: string; result?: unknown; error?: unknown };
  const kind = m.method ?? (m.result !== undefined ? 'result' : m.error !== undefined ? 'error' : '?');
  return `${f.dir === 'sent' ? 'in' : 'out'} ${kind}`;
}

async function statsSamples(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const b = (await (window as unknown as { rec: { exportBundle(): Promise<Bundle> } }).rec.exportBundle()) as Bundle;
    return b.peerConnections[0]?.stats.count ?? 0;
  });
}

async function report(page: Page, count: number): Promise<ReceivedUpload> {
  await page.click('#report');
  await expect(page.locator('#report-result')).toHaveText(`Sent, reference ref-${count}`, { timeout: 30_000 });
  return rx.waitForUpload(count);
}

test('Telnyx app: Report a problem uploads the whole call, redacted, and it opens in the viewer', async ({ launchChromium, rigs }) => {
  const browser = await launchChromium();
  const page = await browser.newPage();
  const srv = rig.server;
  const before = srv.connections.length;
  await page.goto(rig.demoUrl({ recorder: '1', report: rx.url, ticket: 'CASE-20' }));
  await expect(page.locator('#call-state')).toHaveText('active', { timeout: 20_000 });
  await expect.poll(() => page.evaluate(() => (window as unknown as { demo: { pcState(): string } }).demo.pcState()), { timeout: 20_000 }).toBe('connected');
  await expect.poll(() => statsSamples(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  await page.click('#hangup');
  await expect(page.locator('#call-state')).toHaveText('destroy');
  const conn = srv.connections[before]!.conn;
  await srv.waitForFrame((f) => f.conn === conn && f.dir === 'out' && f.kind === 'result' && srv.frames.some((b) => b.conn === conn && b.method === 'telnyx_rtc.bye'));

  const up = await report(page, 1);
  expect(up.headers['content-type']).toBe('application/gzip');
  expect(up.headers['x-rtc-devtools-ticket']).toBe('CASE-20');
  const b = up.bundle as unknown as Bundle;
  expect(b.format).toBe('rtc-devtools-bundle');
  expect(b.environment.source).toBe('recorder');
  // Every frame the server saw on the call's connection, in order.
  const serverLines = frameSequence(srv.frames.filter((f) => f.conn === conn));
  const socket = b.sockets.find((s) => s.frames.some((f) => (f.text ?? '').includes('telnyx_rtc.invite')))!;
  expect(socket.frames.map(lineOf)).toEqual(serverLines);
  expect(b.calls.length).toBe(1);
  expect(b.calls[0]).toMatchObject({ sdk: expect.stringMatching(/telnyx/i) });
  expect(b.peerConnections).toHaveLength(1);
  expect(b.peerConnections[0]!.stats.count).toBeGreaterThanOrEqual(2);
  expect(b.sdks.some((s) => /telnyx/i.test(s.name))).toBe(true);
  // No secret: the account's password (in the login frame and the page's own URL) never left.
  expect(up.text).not.toContain(rig.user.passwd);
  expect(b.redaction.applied).toBe(true);
  expect(b.dropped.events).toBe(0);

  // The received file opens in the standalone viewer.
  const http = await rigs.serve({ mounts: { '/viewer/': VIEWER } });
  http.addRoute((req, res) => {
    if (req.url !== '/files/report.json.gz') return false;
    res.writeHead(200, { 'content-type': 'application/gzip' });
    res.end(up.bytes);
    return true;
  });
  const viewer = await browser.newPage();
  await viewer.goto(`${http.url}/viewer/index.html?src=${encodeURIComponent('/files/report.json.gz')}`);
  await viewer.getByRole('tab', { name: 'Signaling' }).click();
  await expect(viewer.getByRole('listbox', { name: 'Frames' }).getByRole('option')).toHaveCount(serverLines.length);
  await expect(viewer.locator('body')).not.toContainText(rig.user.passwd);
});

test('SignalWire 4.x app: the report holds the SDK’s own exportDiagnostics() beside the capture', async ({ launchChromium, startSwCall, rigs }) => {
  const swRig = await rigs.signalwire();
  const call = await startSwCall();
  const browser = await launchChromium();
  const page = await browser.newPage();
  await routeFabricApi(page);
  await page.goto(demoUrl(swRig, 'v4', call.server, { autodial: '1', recorder: '1', report: rx.url }));
  await expect(page.locator('#call-status')).toHaveText('connected', { timeout: 30_000 });
  const own = await page.evaluate(async () => {
    const d = await (window as unknown as { demo: { client: { exportDiagnostics(): Promise<unknown> } } }).demo.client.exportDiagnostics();
    return Object.keys(d as object).sort();
  });
  const n = rx.uploads.length + 1;
  const up = await report(page, n);
  const b = up.bundle as unknown as Bundle;
  expect(b.environment.source).toBe('recorder');
  const diag = b.sdkDiagnostics.find((d) => d.sdk === 'signalwire');
  expect(diag, JSON.stringify(b.sdkDiagnostics).slice(0, 500)).toBeDefined();
  expect(Object.keys(diag!.data as object).sort()).toEqual(own);
  expect(b.sockets.some((s) => s.frames.length > 0)).toBe(true);
  expect(b.peerConnections.length).toBeGreaterThan(0);
  await page.click('#hangup');
});

test('one recorder per page, and stop() gives the page back its own WebSocket, RTCPeerConnection and media APIs', async ({ launchChromium }) => {
  const browser = await launchChromium();
  const page = await browser.newPage();
  // Any page of the rig's origin: a bare document with the script-tag build.
  await page.goto(`${rig.httpUrl}/dist/recorder/rtc-devtools-recorder.js`);
  await page.setContent('<!doctype html><title>blank</title>');
  await page.addScriptTag({ url: `${rig.httpUrl}/dist/recorder/rtc-devtools-recorder.js` });
  const r = await page.evaluate(async () => {
    const w = window as unknown as Record<string, unknown> & { RtcDevtoolsRecorder: { start(o?: unknown): { stop(): void; exportBundle(): Promise<Bundle>; recording: boolean } } };
    const natives = {
      ws: WebSocket,
      pc: RTCPeerConnection,
      send: WebSocket.prototype.send,
      setLocal: RTCPeerConnection.prototype.setLocalDescription,
      gum: MediaDevices.prototype.getUserMedia,
      worker: Worker,
    };
    const hadGlobal = Object.getOwnPropertyDescriptor(window, 'SignalWire') !== undefined;
    const rec = w.RtcDevtoolsRecorder.start();
    const wrapped = WebSocket !== natives.ws && RTCPeerConnection !== natives.pc;
    let second = '';
    try {
      w.RtcDevtoolsRecorder.start();
    } catch (e) {
      second = (e as Error).message;
    }
    let badCap = '';
    const pc = new RTCPeerConnection();
    pc.createDataChannel('x');
    await pc.setLocalDescription(await pc.createOffer());
    const bundle = await rec.exportBundle();
    pc.close();
    rec.stop();
    let afterStop = '';
    try {
      await rec.exportBundle();
    } catch (e) {
      afterStop = (e as Error).message;
    }
    const restored =
      WebSocket === natives.ws &&
      RTCPeerConnection === natives.pc &&
      WebSocket.prototype.send === natives.send &&
      RTCPeerConnection.prototype.setLocalDescription === natives.setLocal &&
      MediaDevices.prototype.getUserMedia === natives.gum &&
      Worker === natives.worker &&
      RTCPeerConnection.prototype.constructor === natives.pc &&
      (Object.getOwnPropertyDescriptor(window, 'SignalWire') !== undefined) === hadGlobal &&
      Object.getOwnPropertyDescriptor(window, '__RTC_DEVTOOLS_HOOK__') === undefined;
    // Started again after stop: a fresh recording.
    const again = w.RtcDevtoolsRecorder.start({ maxBytes: 1 });
    const againWrapped = WebSocket !== natives.ws;
    again.stop();
    try {
      w.RtcDevtoolsRecorder.start({ maxBytes: -5 });
    } catch (e) {
      badCap = (e as Error).message;
    }
    return { wrapped, second, pcs: bundle.peerConnections.length, afterStop, restored, againWrapped, badCap, recording: rec.recording };
  });
  expect(r.wrapped).toBe(true);
  expect(r.second).toMatch(/already recording/);
  expect(r.pcs).toBe(1);
  expect(r.afterStop).toMatch(/was stopped/);
  expect(r.restored).toBe(true);
  expect(r.recording).toBe(false);
  expect(r.againWrapped).toBe(true);
  expect(r.badCap).toMatch(/maxBytes must be a positive number/);
});
