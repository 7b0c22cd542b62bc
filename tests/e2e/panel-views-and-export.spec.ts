/**
 * The DevTools panel with the built extension, against a plain page: a WebSocket to a small
 * JSON-RPC echo server and two RTCPeerConnections connected over loopback with fake media.
 * Checks what a user sees in each view, the exported bundle's stable fields, that hostile page
 * text stays text, and saves screenshots of every view in both themes.
 *
 * Needs the build: `RTC_DIST=... npm run build` (same RTC_DIST as the test run).
 */
import { expect, test, type Page } from '../support/fixture.js';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { WebSocket } from 'ws';
import { openPanel, tabIdOf, type ExtensionHandle } from '../support/rig/extension.js';
import { type HttpRig } from '../support/rig/http.js';

const SECRET = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwYW5lbC10ZXN0In0.c2lnbmF0dXJlLXNlY3JldA';
const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

/** JSON for inside an inline <script>: '<' escaped so the hostile text cannot close the script element. */
const js = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

const PAGE = `<!doctype html><meta charset="utf-8"><title>panel test page</title>
<body><p id="status">starting</p><script>
(async () => {
  const status = (s) => (document.getElementById('status').textContent = s);
  const ws = new WebSocket('ws://' + location.host + '/rpc/' + encodeURIComponent(${js(HOSTILE)}));
  await new Promise((r) => ws.addEventListener('open', r, { once: true }));
  let id = 0;
  window.rpc = (method, params) => ws.send(JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }));
  rpc('test.hello', { note: ${js(HOSTILE)} });
  rpc('test.login', { token: ${js(SECRET)} });
  rpc('test.fail', {});
  ws.send('plain text ' + ${js(HOSTILE)});
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
  await navigator.mediaDevices.enumerateDevices();
  const a = new RTCPeerConnection(), b = new RTCPeerConnection();
  a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
  b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
  for (const t of stream.getTracks()) a.addTrack(t, stream);
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription);
  window.pcs = [a, b];
  status('ready');
})().catch((e) => (document.getElementById('status').textContent = 'error ' + e));
</script>`;

let http: HttpRig;
let base = '';
let ext: ExtensionHandle;

/** JSON-RPC echo: replies to each request (after 15 ms), errors for test.fail, echoes anything else. */
function rpcEcho(ws: WebSocket): void {
  ws.on('message', (data, isBinary) => {
    if (isBinary) return void ws.send(data, { binary: true });
    const text = data.toString();
    let msg: { id?: number; method?: string } | undefined;
    try {
      msg = JSON.parse(text);
    } catch {
      return void ws.send(text);
    }
    if (msg?.method === 'test.fail') ws.send(JSON.stringify({ jsonrpc: '2.0', id: msg.id, error: { code: -32001, message: 'refused on purpose' } }));
    else if (msg?.id !== undefined) setTimeout(() => ws.send(JSON.stringify({ jsonrpc: '2.0', id: msg!.id, result: { ok: true, echo: msg!.method } })), 15);
  });
}

test.beforeAll(async ({ rigs }) => {
  http = await rigs.serve({ ws: { '*': rpcEcho } });
  http.addRoute((req, res) => {
    if (!req.url?.startsWith('/app')) return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE);
    return true;
  });
  base = http.url;
  ext = await rigs.extension();
});

async function openApp(name: string): Promise<{ app: Page; panel: Page; tabId: number }> {
  const app = await ext.context.newPage();
  await app.goto(`${base}/app-${name}?q=${encodeURIComponent('<b>bold</b>')}`);
  await expect(app.locator('#status')).toHaveText('ready', { timeout: 20_000 });
  const tabId = await tabIdOf(ext, app);
  const panel = await openPanel(ext, tabId);
  return { app, panel, tabId };
}

async function showTab(panel: Page, name: string): Promise<void> {
  await panel.getByRole('tab', { name }).click();
  await expect(panel.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
}

/** No element or script from page content may exist in the panel, and nothing it carried may have run. */
async function expectNoInjectedMarkup(panel: Page): Promise<void> {
  expect(await panel.locator('img, script:not([src]), b:text("bold")').count()).toBe(0);
  expect(await panel.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
}

test('each view shows the live capture of the page', async () => {
  test.setTimeout(90_000);
  const { app, panel } = await openApp('views');

  // Overview: the socket with its (hostile) URL as text, both peer connections connected, gUM.
  const socketRow = panel.locator('tr[data-socket]');
  await expect(socketRow).toHaveCount(1);
  await expect(socketRow).toContainText('/rpc/%3Cimg%20src%3Dx');
  await expect(socketRow).toContainText('open');
  await expect(panel.locator('tr[data-pc]')).toHaveCount(2);
  await expect(panel.locator('tr[data-pc]').first()).toContainText('connected', { timeout: 20_000 });
  await expect(panel.getByText(/getUserMedia → ok/)).toBeVisible();
  // The loopback's first connection only sends and the second only receives: each row names only the
  // directions its streams carry (no "audio in 0 kbps" on a sender, read as "I can't hear them").
  const [sender, receiver] = [panel.locator('tr[data-pc]').nth(0), panel.locator('tr[data-pc]').nth(1)];
  await expect(sender).toContainText(/audio out \d+ kbps/, { timeout: 20_000 });
  await expect(receiver).toContainText(/audio in \d+ kbps/, { timeout: 20_000 });
  await expect(sender).not.toContainText('audio in');
  await expect(receiver).not.toContainText('audio out');
  // The error reply is a finding with advice; clicking it shows its evidence: the error frame.
  const finding = panel.getByRole('button', { name: /test\.fail/ });
  await expect(finding).toBeVisible({ timeout: 15_000 });
  await finding.click();
  await expect(panel.getByRole('tab', { name: 'Signaling' })).toHaveAttribute('aria-selected', 'true');
  await expect(panel.getByRole('listbox', { name: 'Frames' }).getByRole('option', { selected: true })).toContainText('test.fail');
  await showTab(panel, 'Overview');

  // Signaling: frames, filters, pairing, JSON tree and raw view.
  await showTab(panel, 'Signaling');
  const frames = panel.getByRole('listbox', { name: 'Frames' });
  await expect(frames.getByRole('option')).toHaveCount(8);
  await panel.getByRole('searchbox', { name: 'Filter frames' }).fill('test.hello');
  await expect(frames.getByRole('option')).toHaveCount(2);
  await frames.getByRole('option').first().click();
  await expect(panel.getByRole('group', { name: 'Frame JSON' })).toContainText('"test.hello"');
  await panel.getByRole('button', { name: 'Go to reply' }).click();
  await expect(frames.getByRole('option', { selected: true })).toContainText('ms');
  await expect(panel.getByRole('group', { name: 'Frame JSON' })).toContainText('result');
  await panel.getByRole('searchbox', { name: 'Filter frames' }).fill('');
  await panel.getByRole('checkbox', { name: 'Errors only' }).check();
  await expect(frames.getByRole('option')).toHaveCount(1);
  await expect(frames.getByRole('option')).toContainText('refused on purpose');
  await panel.getByRole('checkbox', { name: 'Errors only' }).uncheck();
  await panel.getByRole('combobox', { name: 'Direction' }).selectOption('sent');
  await expect(frames.getByRole('option')).toHaveCount(4);
  await panel.getByRole('combobox', { name: 'Direction' }).selectOption('');
  // Keyboard: Home selects the first frame, ArrowDown the next, like the Network panel.
  await frames.focus();
  await panel.keyboard.press('Home');
  await expect(frames.getByRole('option').nth(0)).toHaveAttribute('aria-selected', 'true');
  await panel.keyboard.press('ArrowDown');
  await expect(frames.getByRole('option').nth(1)).toHaveAttribute('aria-selected', 'true');
  await panel.keyboard.press('End');
  await expect(frames.getByRole('option').last()).toHaveAttribute('aria-selected', 'true');
  await panel.getByRole('searchbox', { name: 'Filter frames' }).fill('plain text');
  await expect(frames.getByRole('option')).toHaveCount(2);
  await frames.getByRole('option').first().click();
  await panel.getByRole('button', { name: 'Raw' }).click();
  await expect(panel.getByLabel('Raw frame')).toContainText('plain text <img src=x onerror="window.__pwned=1"><script>');

  // Calls: the two peer connections with their SDP, read per m-line.
  await showTab(panel, 'Calls');
  await expect(panel.getByRole('article')).toHaveCount(2);
  await expect(panel.getByRole('list', { name: 'Offer (local) m-lines' }).first()).toContainText('m=audio');
  await expect(panel.getByRole('list', { name: 'Offer (local) m-lines' }).first()).toContainText('m=video');
  await expect(panel.getByRole('list', { name: 'Answer (remote) m-lines' }).first()).toContainText('opus');

  // Media: charts from the stats and the selected candidate pair.
  await showTab(panel, 'Media');
  // The sending pc of the loopback pair: video out is charted, and it has no MOS (it receives no audio).
  await expect(panel.locator('figure[data-chart="fps"]')).toHaveAttribute('data-lines', 'fps out', { timeout: 15_000 });
  await expect(panel.locator('figure[data-chart="mos"]')).toHaveCount(0);
  await expect(panel.getByText(/host udp .* ⇄ host udp .* succeeded/)).toBeVisible({ timeout: 15_000 });
  await expect(panel.getByRole('figure', { name: /Bitrate \(kbps\): .*video out [1-9]/ })).toBeVisible({ timeout: 15_000 });

  // Devices: the fake devices and the gUM call.
  await showTab(panel, 'Devices');
  await expect(panel.getByRole('table', { name: /Devices now/ })).toContainText('audioinput');
  await expect(panel.getByRole('table', { name: /Devices now/ })).toContainText('videoinput');
  await expect(panel.getByRole('table', { name: 'getUserMedia and getDisplayMedia' })).toContainText('ok in');

  await expectNoInjectedMarkup(panel);
  expect(await app.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await app.close();
  await panel.close();
});

test('Export diagnostics downloads a redacted bundle with the stable fields, which opens in the viewer', async ({}, testInfo) => {
  test.setTimeout(90_000);
  const { app, panel } = await openApp('export');
  await expect(panel.locator('tr[data-pc]').first()).toContainText('connected', { timeout: 20_000 });
  // Wait for a few stats samples so the bundle has some.
  await expect(panel.locator('tr[data-pc]').first()).toContainText(/[3-9] samples|\d\d samples/, { timeout: 20_000 });

  const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByRole('button', { name: 'Export diagnostics' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^rtc-diagnostics-127\.0\.0\.1-\d+-\d{8}-\d{6}\.json$/);
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const text = readFileSync(file, 'utf8');
  expect(text).not.toContain(SECRET);
  const b = JSON.parse(text);
  expect(b.format).toBe('rtc-devtools-bundle');
  expect(b.version).toBe(1);
  expect(typeof b.createdAt).toBe('string');
  expect(b.environment.userAgent).toContain('Chrome');
  expect(b.sockets).toHaveLength(1);
  const frames = b.sockets[0].frames as { t: number; dir: string; size: number; text?: string }[];
  expect(frames.length).toBeGreaterThanOrEqual(8);
  expect(frames.every((f) => typeof f.t === 'number' && (f.dir === 'sent' || f.dir === 'received') && f.size > 0)).toBe(true);
  expect(frames.some((f) => f.text?.includes('test.login') && f.text.includes('[redacted]'))).toBe(true);
  expect(b.peerConnections).toHaveLength(2);
  for (const pc of b.peerConnections) {
    expect(typeof pc.id).toBe('string');
    expect(pc).toHaveProperty('config');
    expect(pc.events.length).toBeGreaterThan(0);
    expect(pc.events.every((e: { t: unknown; type: unknown }) => typeof e.t === 'number' && typeof e.type === 'string')).toBe(true);
    expect(Array.isArray(pc.stats.samples)).toBe(true);
  }
  expect(b.peerConnections.some((pc: { stats: { samples: unknown[] } }) => pc.stats.samples.length >= 3)).toBe(true);
  expect(b.media.getUserMedia.length).toBe(1);
  expect(b.media.devices.length).toBeGreaterThan(0);
  expect(Array.isArray(b.media.deviceEvents)).toBe(true);
  expect(b.findings.some((f: { rule: string; severity: string; message: string }) => f.message.includes('test.fail'))).toBe(true);

  // .json.gz, the redaction review, and the two interop formats from the Export tab.
  await showTab(panel, 'Export / Import');
  await panel.getByRole('button', { name: 'Review redactions' }).click();
  await expect(panel.getByRole('region', { name: 'Redaction review' })).toContainText(/jwt|secret-field/);
  await panel.getByRole('combobox', { name: 'Format' }).selectOption('json.gz');
  const [gz] = await Promise.all([panel.waitForEvent('download'), panel.getByRole('button', { name: 'Export diagnostics' }).click()]);
  expect(gz.suggestedFilename()).toMatch(/\.json\.gz$/);
  const gzPath = testInfo.outputPath(gz.suggestedFilename());
  await gz.saveAs(gzPath);
  expect(JSON.parse(gunzipSync(readFileSync(gzPath)).toString('utf8')).format).toBe('rtc-devtools-bundle');

  const [dump] = await Promise.all([panel.waitForEvent('download'), panel.getByRole('button', { name: 'Export webrtc-internals dump' }).click()]);
  const dumpJson = JSON.parse(readFileSync(await dump.path(), 'utf8'));
  expect(Object.keys(dumpJson.PeerConnections)).toHaveLength(2);
  expect(dumpJson.UserAgentData).toBeDefined();
  const [har] = await Promise.all([panel.waitForEvent('download'), panel.getByRole('button', { name: 'Export HAR' }).click()]);
  const harJson = JSON.parse(readFileSync(await har.path(), 'utf8'));
  expect(harJson.log.entries[0]._webSocketMessages.length).toBeGreaterThanOrEqual(8);

  // The exported bundle opens again, offline, in the extension's viewer page.
  const viewer = await ext.context.newPage();
  await viewer.goto(`chrome-extension://${ext.extensionId}/viewer.html`);
  await viewer.getByLabel('Open bundle or webrtc-internals dump').setInputFiles(file);
  await expect(viewer.locator('tr[data-socket]')).toContainText('/rpc/%3Cimg%20src%3Dx');
  await expect(viewer.locator('tr[data-pc]')).toHaveCount(2);
  await showTab(viewer, 'Signaling');
  await expect(viewer.getByRole('listbox', { name: 'Frames' }).getByRole('option')).toHaveCount(frames.length);
  await showTab(viewer, 'Media');
  await expect(viewer.locator('figure[data-chart="fps"]')).toHaveAttribute('data-lines', 'fps out');
  await expectNoInjectedMarkup(viewer);
  await Promise.all([app.close(), panel.close(), viewer.close()]);
});

test('Clear empties the view; Preserve log keeps frames across a reload', async () => {
  test.setTimeout(90_000);
  const { app, panel } = await openApp('clear');
  await showTab(panel, 'Signaling');
  const frames = panel.getByRole('listbox', { name: 'Frames' }).getByRole('option');
  await expect(frames).toHaveCount(8);
  await panel.getByRole('button', { name: 'Clear' }).click();
  await expect(frames).toHaveCount(0);
  await app.evaluate(() => (window as unknown as { rpc: (m: string, p: object) => void }).rpc('after.clear', {}));
  await expect(frames).toHaveCount(2);

  await panel.getByRole('checkbox', { name: 'Preserve log' }).check();
  await app.reload();
  await expect(app.locator('#status')).toHaveText('ready', { timeout: 20_000 });
  await expect(panel.getByRole('listbox', { name: 'Frames' }).getByRole('option', { name: /after\.clear/ }).first()).toBeVisible();
  await expect(frames).toHaveCount(10);

  await panel.getByRole('checkbox', { name: 'Preserve log' }).uncheck();
  await app.reload();
  await expect(app.locator('#status')).toHaveText('ready', { timeout: 20_000 });
  await expect(frames).toHaveCount(8);
  await Promise.all([app.close(), panel.close()]);
});

test('screenshots of every view in the light and dark themes', async ({}, testInfo) => {
  test.setTimeout(120_000);
  const { app, panel } = await openApp('shots');
  await expect(panel.locator('tr[data-pc]').first()).toContainText(/[3-9] samples|\d\d samples/, { timeout: 20_000 });
  await panel.setViewportSize({ width: 1100, height: 760 });
  for (const scheme of ['light', 'dark'] as const) {
    await panel.emulateMedia({ colorScheme: scheme });
    const bg = await panel.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe(scheme === 'dark' ? 'rgb(32, 33, 36)' : 'rgb(255, 255, 255)');
    for (const name of ['Overview', 'Signaling', 'Calls', 'Media', 'Devices', 'Preflight', 'Export / Import']) {
      await showTab(panel, name);
      if (name === 'Signaling') await panel.getByRole('listbox', { name: 'Frames' }).getByRole('option').nth(1).click();
      if (name === 'Media') await expect(panel.locator('figure[data-chart="fps"]')).toBeVisible();
      const file = testInfo.outputPath(`panel-${name.replace(/\W+/g, '').toLowerCase()}-${scheme}.png`);
      await panel.screenshot({ path: file });
      await testInfo.attach(`${name} (${scheme})`, { path: file, contentType: 'image/png' });
    }
  }
  // Narrow: the DevTools drawer docked at the side.
  await panel.setViewportSize({ width: 420, height: 700 });
  await showTab(panel, 'Signaling');
  const overflow = await panel.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await panel.screenshot({ path: testInfo.outputPath('panel-signaling-narrow.png') });
  await Promise.all([app.close(), panel.close()]);
});

test('Preflight tab runs the preflight from the panel and the result goes into the exported bundle', async () => {
  test.setTimeout(120_000);
  const { app, panel } = await openApp('preflight');
  await showTab(panel, 'Preflight');
  await panel.getByRole('button', { name: 'Run preflight' }).click();
  await expect(panel.getByRole('status').filter({ hasText: /^(pass|warn|fail) / })).toBeVisible({ timeout: 60_000 });
  await expect(panel.getByRole('region', { name: 'Checks' }).locator('li[data-check]').first()).toHaveAttribute('data-state', /pass|warn|fail|skip/);
  const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByRole('button', { name: 'Export diagnostics' }).click()]);
  const b = JSON.parse(readFileSync(await download.path(), 'utf8'));
  expect(b.preflight.checks.length).toBeGreaterThan(3);
  expect(b.preflight.checks.every((c: { id: unknown; status: unknown }) => typeof c.id === 'string' && /^(pass|warn|fail|skip)$/.test(String(c.status)))).toBe(true);
  await Promise.all([app.close(), panel.close()]);
});
