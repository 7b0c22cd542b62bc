/**
 * The standalone bundle viewer (<RTC_DIST>/pages/viewer, relative assets) served by a plain static
 * server: opens a bundle exported by the same code the panel uses, a gzipped one, a real
 * chrome://webrtc-internals dump, and refuses a corrupt file with a clear message. No extension.
 */
import { expect, test, type Page } from '../support/fixture.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { CaptureEvent } from '../../core/capture/events.js';
import { buildBundleWithReport, serializeBundle } from '../../core/bundle/build.js';
import { createAnalyzer } from '../../core/protocol/analyzer.js';
import { BASE_ARGS, chromiumPath } from '../support/rig/browser.js';
import { type HttpRig } from '../support/rig/http.js';

test.use({ launchOptions: { executablePath: chromiumPath(), args: BASE_ARGS } });

const VIEWER = resolve(process.env.RTC_DIST || 'dist', 'pages', 'viewer');
const DUMP = resolve('tests/fixtures/bundle/webrtc-internals-dump.gz');
const HOSTILE = '<img src=x onerror="window.__pwned=1">';

let http: HttpRig;
let base = '';
const files = new Map<string, Buffer>();

/** A small call: signaling with a paired request, one peer connection with stats, devices with hostile labels. */
function captureEvents(): CaptureEvent[] {
  const t0 = Date.parse('2026-11-25T20:00:00Z');
  const ev: CaptureEvent[] = [
    { kind: 'ws.create', t: t0, id: 'd:ws-1', url: `wss://relay.example/${HOSTILE}`, protocols: [] },
    { kind: 'ws.open', t: t0 + 20, id: 'd:ws-1', protocol: '', extensions: '' },
    { kind: 'ws.frame', t: t0 + 30, id: 'd:ws-1', dir: 'sent', size: 90, binary: false, text: JSON.stringify({ jsonrpc: '2.0', id: 'a1', method: 'signalwire.connect', params: { authentication: { jwt_token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ2In0.c2ln' }, note: HOSTILE } }) },
    { kind: 'ws.frame', t: t0 + 70, id: 'd:ws-1', dir: 'received', size: 60, binary: false, text: JSON.stringify({ jsonrpc: '2.0', id: 'a1', result: { identity: 'x', protocol: 'signalwire_x' } }) },
    { kind: 'pc.create', t: t0 + 100, id: 'd:pc-1', config: { iceServers: [] } },
    { kind: 'pc.event', t: t0 + 400, id: 'd:pc-1', type: 'connectionstatechange', data: { state: 'connected' } },
    { kind: 'media.devices', t: t0 + 5, devices: [{ deviceId: 'default', groupId: 'g1', kind: 'audioinput', label: `Mic ${HOSTILE}` }] },
    {
      kind: 'media.devicechange',
      t: t0 + 3000,
      added: [{ deviceId: 'cam-2', groupId: 'g2', kind: 'videoinput', label: `Cam ${HOSTILE}` }],
      removed: [],
      devices: [
        { deviceId: 'default', groupId: 'g1', kind: 'audioinput', label: `Mic ${HOSTILE}` },
        { deviceId: 'cam-2', groupId: 'g2', kind: 'videoinput', label: `Cam ${HOSTILE}` },
      ],
    },
  ];
  for (let k = 0; k < 10; k++) {
    ev.push({
      kind: 'pc.stats',
      t: t0 + 500 + k * 1000,
      id: 'd:pc-1',
      reports: {
        ia: { type: 'inbound-rtp', kind: 'audio', bytesReceived: k * 5000, packetsReceived: k * 50, packetsLost: 0, jitter: 0.004, audioLevel: 0.1 },
        oa: { type: 'outbound-rtp', kind: 'audio', bytesSent: k * 5000, packetsSent: k * 50 },
        cp: { type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: 0.02, localCandidateId: 'l', remoteCandidateId: 'r' },
        tr: { type: 'transport', selectedCandidatePairId: 'cp' },
        l: { type: 'local-candidate', candidateType: 'relay', protocol: 'udp', address: '10.1.1.1', port: 3478 },
        r: { type: 'remote-candidate', candidateType: 'host', protocol: 'udp', address: '10.1.1.2', port: 5000 },
      },
    });
  }
  return ev.sort((a, b) => a.t - b.t);
}

test.beforeAll(async ({ rigs }) => {
  if (!existsSync(join(VIEWER, 'index.html'))) throw new Error(`No built viewer at ${VIEWER}: run npm run build (same RTC_DIST) first`);
  const events = captureEvents();
  const analyzer = createAnalyzer();
  for (const e of events) analyzer.push(e);
  const { bundle } = buildBundleWithReport({ events, environment: { userAgent: 'test-agent' }, analysis: analyzer.snapshot() });
  const text = serializeBundle(bundle);
  files.set('/files/capture.json', Buffer.from(text));
  files.set('/files/capture.json.gz', gzipSync(text));
  files.set('/files/broken.json', Buffer.from(text.slice(0, Math.floor(text.length / 2))));
  files.set('/files/dump.gz', readFileSync(DUMP));
  for (const name of ['signalwire-v4-ext-call', 'telnyx-drop-attach']) {
    const rec = JSON.parse(readFileSync(resolve(`tests/fixtures/protocol/recorded/${name}.events.json`), 'utf8')) as CaptureEvent[];
    const an = createAnalyzer();
    for (const e of rec) an.push(e);
    const built = buildBundleWithReport({ events: rec, environment: { userAgent: 'recorded' }, analysis: an.snapshot() });
    files.set(`/files/${name}.json`, Buffer.from(serializeBundle(built.bundle)));
  }
  http = await rigs.serve({ mounts: { '/viewer/': VIEWER } });
  http.addRoute((req, res) => {
    const blob = files.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!blob) return false;
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(blob);
    return true;
  });
  base = http.url;
});

async function openFile(page: Page, name: string, testInfo: { outputPath(n: string): string }): Promise<void> {
  const path = testInfo.outputPath(name);
  writeFileSync(path, files.get(`/files/${name}`)!);
  await page.getByLabel('Open bundle or webrtc-internals dump').setInputFiles(path);
}

async function showTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await expect(page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
}

test('opens an exported bundle from the file picker into every view', async ({ page }, testInfo) => {
  await page.goto(`${base}/viewer/`);
  await expect(page.getByRole('tab', { name: 'Export / Import' })).toHaveAttribute('aria-selected', 'true');
  await openFile(page, 'capture.json', testInfo);

  await expect(page.getByRole('toolbar', { name: 'Capture' })).toContainText('capture.json');
  await expect(page.locator('tr[data-socket]')).toContainText(`wss://relay.example/${HOSTILE}`);
  await expect(page.locator('tr[data-pc]')).toContainText('connected');
  await expect(page.getByText('signalwire', { exact: false }).first()).toBeVisible();

  await showTab(page, 'Signaling');
  const rows = page.getByRole('listbox', { name: 'Frames' }).getByRole('option');
  await expect(rows).toHaveCount(2);
  await rows.first().click();
  // Secrets stay redacted in the bundle, and the pairing is rebuilt from it.
  await page.getByRole('button', { name: 'Expand authentication' }).click();
  await expect(page.getByRole('group', { name: 'Frame JSON' })).toContainText('jwt_token: "[redacted]"');
  await page.getByRole('button', { name: 'Go to reply' }).click();
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(rows.nth(1)).toContainText('40 ms');

  await showTab(page, 'Media');
  await expect(page.locator('figure[data-chart="bitrate"]')).toBeVisible();
  await expect(page.getByText(/relay udp 10\.1\.1\.1:3478 ⇄ host udp 10\.1\.1\.2:5000/)).toBeVisible();

  await showTab(page, 'Devices');
  await expect(page.getByRole('table', { name: /Devices now/ })).toContainText(`Cam ${HOSTILE}`);
  await expect(page.getByText(`+ added videoinput "Cam ${HOSTILE}"`)).toBeVisible();
  expect(await page.locator('img').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

  // The viewer re-exports what it shows.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export diagnostics' }).click()]);
  const again = JSON.parse(readFileSync(await download.path(), 'utf8'));
  expect(again.format).toBe('rtc-devtools-bundle');
  expect(again.sockets[0].frames).toHaveLength(2);
});

test('opens a gzipped bundle by URL (?src=) and a real webrtc-internals dump by drag and drop', async ({ page }) => {
  await page.goto(`${base}/viewer/index.html?src=${encodeURIComponent('/files/capture.json.gz')}`);
  await expect(page.locator('tr[data-pc]')).toContainText('connected');

  await showTab(page, 'Export / Import');
  // Drag and drop: a DataTransfer with the file, dropped on the drop zone.
  const dump = readFileSync(DUMP).toString('base64');
  const dt = await page.evaluateHandle((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const d = new DataTransfer();
    d.items.add(new File([bytes], 'webrtc_internals_dump.gz', { type: 'application/gzip' }));
    return d;
  }, dump);
  await page.locator('.dropzone').dispatchEvent('drop', { dataTransfer: dt });
  await expect(page.getByRole('toolbar', { name: 'Capture' })).toContainText('webrtc_internals_dump.gz');
  await expect(page.locator('tr[data-pc]')).toHaveCount(2);
  await showTab(page, 'Media');
  await expect(page.locator('figure[data-chart="bitrate"]')).toBeVisible();
  await expect(page.getByRole('figure', { name: /Bitrate \(kbps\): .*[1-9]/ })).toBeVisible();
});

test('a corrupt file gets a clear message and the current capture stays', async ({ page }, testInfo) => {
  await page.goto(`${base}/viewer/`);
  await openFile(page, 'capture.json', testInfo);
  await expect(page.locator('tr[data-pc]')).toHaveCount(1);
  await showTab(page, 'Export / Import');
  await openFile(page, 'broken.json', testInfo);
  await expect(page.getByRole('alert')).toContainText('broken.json');
  await expect(page.getByRole('toolbar', { name: 'Capture' })).toContainText('capture.json');

  await page.goto(`${base}/viewer/?src=${encodeURIComponent('/files/missing.json')}`);
  await expect(page.getByRole('alert')).toContainText('404');
});

test('a real SignalWire 4.0 call (recorded with the extension) reads as one call with its timeline and SDP', async ({ page }, testInfo) => {
  await page.goto(`${base}/viewer/`);
  await openFile(page, 'signalwire-v4-ext-call.json', testInfo);
  await expect(page.getByText('@signalwire/js 4.0.0')).toBeVisible();
  // Found by its global, its constructor and its connect frame: one SDK, in the file and on screen.
  const written = JSON.parse(files.get('/files/signalwire-v4-ext-call.json')!.toString('utf8')) as { sdks: { id?: string; name: string; family?: string }[] };
  expect(written.sdks.filter((s) => s.id === undefined).map((s) => s.name)).toEqual(['@signalwire/js']);
  expect(written.sdks.filter((s) => s.id !== undefined).map((s) => [s.name, s.family])).toEqual([
    ['signalwire', '@signalwire/js'],
    ['signalwire', '@signalwire/js'],
  ]);
  const sdkLines = page.getByRole('region', { name: 'SDKs' }).getByRole('listitem');
  await expect(sdkLines).toHaveCount(1);
  await expect(sdkLines).toContainText(/^@signalwire\/js 4\.0\.0 — /);
  await showTab(page, 'Calls');
  const call = page.getByRole('article', { name: /^Call a02c738c/ });
  await expect(call).toContainText('hangup');
  const timeline = call.getByRole('list', { name: /timeline$/ });
  await expect(timeline).toContainText('[state] call requesting');
  await expect(timeline).toContainText('[state] call active');
  await expect(timeline).toContainText('verto.invite');
  await expect(timeline).toContainText('[pc] connection → connected');
  await expect(call.getByRole('list', { name: 'Offer m-lines' })).toContainText('m=audio');
  await expect(call.getByRole('list', { name: 'Answer m-lines' })).toContainText('m=audio');
  await showTab(page, 'Signaling');
  await page.getByRole('combobox', { name: 'Method' }).selectOption('verto.invite');
  await expect(page.getByRole('listbox', { name: 'Frames' }).getByRole('option').first()).toContainText('verto.invite');
});

test('a real Telnyx drop and re-attach shows the reconnect in the connection timeline and the call', async ({ page }, testInfo) => {
  await page.goto(`${base}/viewer/`);
  await openFile(page, 'telnyx-drop-attach.json', testInfo);
  await expect(page.getByText('@telnyx/webrtc 2.27.10')).toBeVisible();
  await expect(page.getByRole('listitem', { name: /^telnyx ws-1: / })).toBeVisible();
  await showTab(page, 'Calls');
  await expect(page.getByRole('article', { name: /^Call b4016ab1/ }).getByRole('list', { name: /timeline$/ })).toContainText('[state] call recovering');
});
