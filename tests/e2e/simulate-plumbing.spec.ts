/**
 * Simulate's plumbing in the real extension: a fault armed from an extension page over the panel
 * port reaches the page hook of the tab it names, changes what the page's own socket sees while
 * armed, is recorded in the capture (fault.*), stops on request, and is gone after a reload.
 * Bad orders and a tab whose page has gone get a clear answer and arm nothing.
 */
import { test, expect, type Page } from '../support/fixture.js';
import type { StoredEvent } from '../../core/capture/events.js';
import { readFileSync } from 'node:fs';
import { captureUntil, openPanel, tabIdOf, type ExtensionHandle } from '../support/rig/extension.js';
import { armFault, stopFaults } from '../support/rig/faults.js';

test.describe.configure({ mode: 'serial' });

let base = '';
// A JSON-RPC server in miniature: every request gets its result back.
const PAGE = `<!doctype html><meta charset="utf-8"><title>simulate plumbing</title><script>
  window.log = [];
  window.connect = () => new Promise((resolve) => {
    const ws = new WebSocket('ws://' + location.host + '/rpc');
    window.ws = ws;
    ws.onmessage = (e) => window.log.push('message ' + e.data);
    ws.onerror = () => window.log.push('error');
    ws.onclose = (e) => window.log.push('close ' + e.code + ' ' + e.wasClean);
    ws.onopen = () => resolve();
  });
  window.rpc = (id, method) => window.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params: {} }));
</script>`;

test.beforeAll(async ({ rigs }) => {
  const http = await rigs.serve({
    ws: {
      '/rpc': (sock) => {
        sock.on('message', (data) => {
          const m = JSON.parse(data.toString()) as { id: number };
          sock.send(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: { ok: true } }));
        });
      },
    },
  });
  http.addRoute((req, res) => {
    if (!req.url?.startsWith('/page')) return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    return true;
  });
  base = http.url;
});

let uniq = 0;
async function open(ext: ExtensionHandle): Promise<{ page: Page; tabId: number }> {
  const page = await ext.context.newPage();
  await page.goto(`${base}/page?n=${++uniq}`);
  await page.evaluate(() => (window as unknown as { connect(): Promise<void> }).connect());
  return { page, tabId: await tabIdOf(ext, page) };
}
const log = (page: Page) => page.evaluate(() => [...(window as unknown as { log: string[] }).log]);
const rpc = (page: Page, id: number, method: string) => page.evaluate(([id, method]) => (window as unknown as { rpc(i: number, m: string): void }).rpc(id as number, method as string), [id, method] as const);
const faults = (evs: StoredEvent[]) => evs.filter((e) => e.kind.startsWith('fault.'));

test('Withhold replies armed over the panel port: the page gets no reply to that method until Stop; the capture says so', async ({ ext }) => {
  const { page, tabId } = await open(ext);
  const armed = await armFault(ext, tabId, { kind: 'withhold-replies', params: { method: '^app\\.slow$' } });
  expect(armed).toMatchObject({ ok: true, faultId: expect.stringMatching(/^fault-/) });
  await captureUntil(ext, tabId, (evs) => evs.some((e) => e.kind === 'fault.armed'));
  await rpc(page, 1, 'app.slow');
  await rpc(page, 2, 'app.fast');
  await expect.poll(() => log(page)).toContain('message {"jsonrpc":"2.0","id":2,"result":{"ok":true}}');
  let evs = await captureUntil(ext, tabId, (evs) => evs.some((e) => e.kind === 'fault.applied' && e.action === 'withheld'));
  expect(await log(page)).toEqual(['message {"jsonrpc":"2.0","id":2,"result":{"ok":true}}']);
  expect(faults(evs)).toMatchObject([
    { kind: 'fault.armed', id: armed.faultId, fault: { kind: 'withhold-replies', params: { method: '^app\\.slow$' } } },
    { kind: 'fault.applied', id: armed.faultId, action: 'watching', detail: 'app.slow' },
    { kind: 'fault.applied', id: armed.faultId, action: 'withheld', detail: 'reply 1' },
  ]);

  expect(await stopFaults(ext, tabId)).toMatchObject({ ok: true });
  evs = await captureUntil(ext, tabId, (evs) => evs.some((e) => e.kind === 'fault.ended'));
  expect(faults(evs).at(-1)).toMatchObject({ kind: 'fault.ended', id: armed.faultId, reason: 'stopped' });
  await rpc(page, 3, 'app.slow');
  await expect.poll(() => log(page)).toContain('message {"jsonrpc":"2.0","id":3,"result":{"ok":true}}');
});

test('Drop connection: the page sees error and an abnormal close (1006, not clean), as a network loss gives', async ({ ext }) => {
  const { page, tabId } = await open(ext);
  expect(await armFault(ext, tabId, { kind: 'drop-connection', params: { offlineS: 0 } })).toMatchObject({ ok: true });
  await expect.poll(() => log(page)).toEqual(['error', 'close 1006 false']);
  const evs = await captureUntil(ext, tabId, (evs) => evs.some((e) => e.kind === 'ws.close') && evs.some((e) => e.kind === 'fault.ended'));
  expect(evs.filter((e) => e.kind === 'ws.close')).toMatchObject([{ code: 1006, wasClean: false, initiator: 'remote' }]);
  expect(faults(evs).map((e) => e.kind)).toEqual(['fault.armed', 'fault.applied', 'fault.ended']);
});

test('a reload disarms: the new document answers as if nothing was armed', async ({ ext }) => {
  const { page, tabId } = await open(ext);
  expect(await armFault(ext, tabId, { kind: 'withhold-replies', params: { method: 'app' } })).toMatchObject({ ok: true });
  await captureUntil(ext, tabId, (evs) => evs.some((e) => e.kind === 'fault.armed'));
  await page.reload();
  await page.evaluate(() => (window as unknown as { connect(): Promise<void> }).connect());
  await rpc(page, 9, 'app.slow');
  await expect.poll(() => log(page)).toEqual(['message {"jsonrpc":"2.0","id":9,"result":{"ok":true}}']);
});

test('bad orders and a gone tab: a clear answer, nothing armed', async ({ ext }) => {
  const { page, tabId } = await open(ext);
  expect(await armFault(ext, tabId, { kind: 'withhold-replies', params: { method: 'verto.(modify' } })).toMatchObject({
    ok: false,
    error: expect.stringMatching(/Method is not a valid pattern/),
  });
  expect(await armFault(ext, tabId, { kind: 'drop-connection', params: { offlineS: -3 } })).toMatchObject({ ok: false, error: expect.stringMatching(/at least 0/) });
  expect(await armFault(ext, tabId, { kind: 'drop-connection', params: { offlineS: 86400 } })).toMatchObject({ ok: false, error: expect.stringMatching(/at most 600/) });
  await page.close();
  expect(await armFault(ext, tabId, { kind: 'drop-connection', params: { offlineS: 1 } })).toMatchObject({ ok: false, error: expect.stringMatching(/tab \d+ is gone/) });
});

test('the Simulate view: a bad pattern is refused in words; an armed fault shows the banner on every view until Stop simulating; the exported bundle lists it in faults[] and the viewer shows it', async ({ ext }) => {
  const { page, tabId } = await open(ext);
  const panel = await openPanel(ext, tabId);
  await panel.getByRole('tab', { name: 'Simulate' }).click();
  await panel.getByLabel('Fault', { exact: true }).selectOption({ label: 'Withhold replies' });
  await panel.getByLabel('Method').fill('app.(slow');
  await panel.getByRole('button', { name: 'Arm' }).click();
  await expect(panel.getByRole('alert')).toContainText('Method is not a valid pattern');
  await expect(panel.locator('.sim-banner')).toHaveCount(0);

  await panel.getByLabel('Method').fill('^app\\.slow$');
  await panel.getByRole('button', { name: 'Arm' }).click();
  const banner = panel.locator('.sim-banner');
  await expect(banner).toContainText('Simulating: Withhold replies · Method ^app\\.slow$');
  await panel.getByRole('tab', { name: 'Signaling' }).click();
  await expect(banner).toBeVisible();
  await rpc(page, 1, 'app.slow');
  await expect.poll(() => captureUntil(ext, tabId, (evs) => evs.some((e) => e.kind === 'fault.applied' && e.action === 'withheld')).then(() => true)).toBe(true);
  await panel.getByRole('tab', { name: 'Simulate' }).click();
  await expect(panel.getByRole('listitem', { name: /Withhold replies · Method \^app\\\.slow\$/ })).toContainText('armed');
  await banner.getByRole('button', { name: 'Stop simulating' }).click();
  await expect(banner).toHaveCount(0);

  const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByRole('button', { name: 'Export diagnostics' }).click()]);
  const file = (await download.path())!;
  const bundle = JSON.parse(readFileSync(file, 'utf8'));
  expect(bundle.faults).toEqual([{ t: expect.any(Number), kind: 'withhold-replies', params: { method: '^app\\.slow$' }, until: expect.any(Number), reason: 'stopped' }]);
  expect(bundle.faults[0].until).toBeGreaterThan(bundle.faults[0].t);

  const viewer = await ext.context.newPage();
  await viewer.goto(`chrome-extension://${ext.extensionId}/viewer.html`);
  await viewer.getByLabel('Open bundle or webrtc-internals dump').setInputFiles(file);
  await viewer.getByRole('tab', { name: 'Simulate' }).click();
  await expect(viewer.getByRole('listitem', { name: /Withhold replies · Method/ })).toContainText('(stopped)');
  // Not live: nothing to arm, no banner.
  await expect(viewer.getByRole('button', { name: 'Arm' })).toHaveCount(0);
  await expect(viewer.locator('.sim-banner')).toHaveCount(0);
});
