/**
 * Reliability against the page itself: the extension must be invisible to page script (no window
 * message of ours reaches a page listener), and page script that forges hook messages by the
 * million cannot break capture of the real traffic, nor another tab, nor get anything stored;
 * page script that changes the built-in prototypes does not change what is captured.
 * Also: the extension makes no network request of its own (Chromium's NetLog sees every request).
 */
import { test, expect, type Page, testPages } from '../support/fixture.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent } from '../../core/capture/events.js';
import type { WsFrame } from '../../core/capture/events.js';
import { makeCommand } from '../../core/messages/sdk-commands.js';
import { RUNTIME_COMMAND_TYPE, SDK_COMMAND_VERSION } from '../../core/messages/versions.js';
import { type HttpRig } from '../support/rig/http.js';
import { captureUntil, openPanel, readSnapshot, tabIdOf, type ExtensionHandle } from '../support/rig/extension.js';

const FIXTURES = testPages('reliability');

let http: HttpRig;
/** Text frames the echo server received, per connection. */
const serverLog: string[][] = [];

test.beforeAll(async ({ rigs }) => {
  http = await rigs.serve({
    mounts: { '/': FIXTURES },
    ws: {
      '/echo': (ws) => {
        const log: string[] = [];
        serverLog.push(log);
        ws.on('message', (data, isBinary) => {
          if (!isBinary) log.push(data.toString());
          ws.send(data, { binary: isBinary });
        });
      },
    },
  });
});

let uniq = 0;
async function open(ext: ExtensionHandle, fixture: string): Promise<{ page: Page; tabId: number }> {
  const page = await ext.context.newPage();
  await page.goto(`${http.url}/${fixture}?n=${++uniq}`);
  return { page, tabId: await tabIdOf(ext, page) };
}

const sentTexts = (evs: StoredEvent[]) => evs.filter((e): e is WsFrame & { doc: string } => e.kind === 'ws.frame' && e.dir === 'sent').map((f) => f.text);

test.describe('with the extension', () => {
  let ext: ExtensionHandle;
  test.beforeAll(async ({ rigs }) => {
    ext = await rigs.extension();
  });

  test('a page listening to every window message sees only its own, while its traffic is captured', async () => {
    const { page, tabId } = await open(ext, 'quiet.html');
    expect(await page.evaluate(() => (window as unknown as { run(): Promise<number> }).run())).toBe(3);
    await captureUntil(ext, tabId, (evs) => evs.filter((e) => e.kind === 'ws.frame').length >= 6 && evs.some((e) => e.kind === 'pc.result' && e.method === 'close'), 30_000);
    const seen = await page.evaluate(() => (window as unknown as { seen: { how: string; own: boolean; what: string }[] }).seen);
    // Exactly the page's own control message, once per listener style.
    expect(seen.filter((s) => !s.own)).toEqual([]);
    expect(seen.map((s) => s.how).sort()).toEqual(['bubble', 'capture', 'onmessage']);
    await page.close();
  });

  test('a page that puts toJSON on Object.prototype and Array.prototype is captured exactly, nothing refused', async () => {
    const { page, tabId } = await open(ext, 'prototypes.html');
    expect(await page.evaluate(() => (window as unknown as { run(): Promise<string> }).run())).toBe('offer made');
    const events = await captureUntil(ext, tabId, (evs) => evs.filter((e) => e.kind === 'ws.frame').length >= 6 && evs.some((e) => e.kind === 'pc.result' && e.method === 'setLocalDescription'), 30_000);
    expect(sentTexts(events)).toEqual(['{"jsonrpc":"2.0","id":1,"method":"login","params":{"a":[1,2]}}', 'plain text', '[1,"two",{"three":3}]']);
    const offer = events.find((e) => e.kind === 'pc.result' && e.method === 'createOffer');
    expect(offer && 'value' in offer && JSON.stringify(offer.value)).toContain('"type":"offer"');
    expect(JSON.stringify(events)).not.toContain('page-object');
    expect(JSON.stringify(events)).not.toContain('page-array');
    expect((await readSnapshot(ext, tabId)).dropped.byKind.invalid ?? 0).toBe(0);
    await page.close();
  });

  test('a page that replaces every built-in method never has its replacements called by the capture code, and its traffic is captured in full', async () => {
    const { page, tabId } = await open(ext, 'builtins.html');
    expect(await page.evaluate(() => (window as unknown as { run(): Promise<string> }).run())).toBe('done');
    // Stats sampling runs on the hook's own timer while the connection is open.
    await captureUntil(ext, tabId, (evs) => evs.some((e) => e.kind === 'pc.stats'), 30_000);
    await page.evaluate(() => (window as unknown as { hangUp(): void }).hangUp());
    const events = await captureUntil(ext, tabId, (evs) => evs.filter((e) => e.kind === 'ws.frame').length >= 8 && evs.some((e) => e.kind === 'pc.result' && e.method === 'close'), 30_000);
    const calls = await page.evaluate(() => (window as unknown as { extensionCalls: string[] }).extensionCalls);
    expect([...new Set(calls)]).toEqual([]);
    expect(sentTexts(events)).toEqual(['{"jsonrpc":"2.0","id":1,"method":"login","params":{"a":[1,2]}}', 'plain text', undefined, 'caf\u00e9 \u{1F600}']);
    await page.close();
  });

  test('a page with accessors on Object.prototype and MessageEvent.prototype learns no batch and no command, and cannot answer the SDK command itself', async () => {
    const { page, tabId } = await open(ext, 'forger.html');
    const sdkId = await page.evaluate(() => (window as unknown as { sdkId: string }).sdkId);
    await captureUntil(ext, tabId, (evs) => evs.some((e) => e.kind === 'sdk.found'), 15_000);
    // The command as the panel sends it: runtime.sendMessage from an extension page.
    const sender = await ext.context.newPage();
    await sender.goto(`chrome-extension://${ext.extensionId}/devtools.html`);
    const msg: unknown = JSON.parse(JSON.stringify({ type: RUNTIME_COMMAND_TYPE, v: SDK_COMMAND_VERSION, tabId, command: makeCommand(sdkId, 'preflight', []) }));
    const reply = await sender.evaluate((m: unknown) => (globalThis as unknown as { chrome: { runtime: { sendMessage(x: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(m), msg);
    expect(reply).toMatchObject({ ok: true, value: { real: true } });
    const seen = await page.evaluate(() => ({ stolen: (window as unknown as { stolen: string[] }).stolen, commands: (window as unknown as { commandsSeen: string[] }).commandsSeen }));
    expect(seen).toEqual({ stolen: [], commands: [] });
    await sender.close();
    await page.close();
  });

  test('a page posting our tags gets its own messages back: nothing vanishes that would tell it the extension is here', async () => {
    const { page } = await open(ext, 'quiet.html');
    const got = await page.evaluate(
      () =>
        new Promise<{ message: boolean; event: boolean }>((resolve) => {
          const out = { message: false, event: false };
          window.addEventListener('message', (e) => {
            const d = e.data as { probe?: string } | string | null;
            if (typeof d === 'object' && d?.probe === 'p1') out.message = true;
            // Window messages arrive in the order posted: once this one is here, the probe had its turn.
            if (d === 'after-probe') resolve(out);
          });
          window.addEventListener('rtc-devtools-hook-batch', () => {
            out.event = true;
          });
          // An event is dispatched synchronously: its listeners have run when dispatchEvent returns.
          window.dispatchEvent(new CustomEvent('rtc-devtools-hook-batch', { detail: { source: 'rtc-devtools-hook', v: 2, docId: 'guess', seq: 100, n: 0, json: '[]' } }));
          window.postMessage({ source: 'rtc-devtools-hook', v: 2, docId: 'guess', seq: 99, n: 0, json: '[]', probe: 'p1' }, '*');
          window.postMessage('after-probe', '*');
        }),
    );
    expect(got).toEqual({ message: true, event: true });
    await page.close();
  });

  test('a page that only forges, with no real batch after to carry the count, is still shown as forging', async () => {
    const { page, tabId } = await open(ext, 'flood.html');
    const flood = await page.evaluate(() => (window as unknown as { flood(n: number): { posted: number } }).flood(110_000));
    // No real batch follows: the count travels on its own report, not on the next batch.
    await expect.poll(async () => (await readSnapshot(ext, tabId)).dropped.byKind.invalid ?? 0, { timeout: 15_000 }).toBeGreaterThanOrEqual(flood.posted);
    expect((await readSnapshot(ext, tabId)).events.filter((e) => e.kind === 'ws.create')).toHaveLength(0);
    await page.close();
  });

  test('a million forged hook events: real frames all captured, nothing forged stored, another tab unaffected, drops counted', async () => {
    test.setTimeout(120_000);
    const a = await open(ext, 'flood.html');
    const b = await open(ext, 'flood.html');
    type W = { startStream(n: number, ms: number): Promise<number>; flood(n: number): { posted: number; messages: number; ms: number }; echoed: number };
    const streamB = b.page.evaluate(() => (window as unknown as W).startStream(60, 20));
    const streamA1 = a.page.evaluate(() => (window as unknown as W).startStream(30, 5));
    await streamA1;
    const t0 = Date.now();
    const flood = await a.page.evaluate(() => (window as unknown as W).flood(1_000_000));
    // Real traffic after the flood, on a new socket of the same page.
    await a.page.evaluate(() => (window as unknown as W).startStream(30, 5));
    await a.page.waitForFunction(() => (window as unknown as W).echoed === 60);
    const events = await captureUntil(ext, a.tabId, (evs) => evs.filter((e) => e.kind === 'ws.frame').length >= 120, 60_000);
    const settledMs = Date.now() - t0;
    await streamB;

    const want = Array.from({ length: 30 }, (_, i) => `frame ${i + 1}`);
    expect(sentTexts(events)).toEqual([...want, ...want]);
    expect(events.filter((e) => e.kind === 'ws.frame')).toHaveLength(120);
    expect(JSON.stringify(events)).not.toContain('evil.invalid');
    expect(events.filter((e) => e.kind === 'ws.create')).toHaveLength(2);
    const snap = await readSnapshot(ext, a.tabId);
    expect(new Set(snap.events.map((e) => e.doc)).size).toBe(1);
    // Every forged event is counted (an envelope with no valid event counts as one).
    expect(flood.posted).toBeGreaterThanOrEqual(1_000_000);
    expect(snap.dropped.byKind.invalid ?? 0).toBeGreaterThanOrEqual(1_000_000);

    await b.page.waitForFunction(() => (window as unknown as W).echoed === 60);
    const evB = await captureUntil(ext, b.tabId, (evs) => evs.filter((e) => e.kind === 'ws.frame').length >= 120, 30_000);
    expect(sentTexts(evB)).toEqual(Array.from({ length: 60 }, (_, i) => `frame ${i + 1}`));
    expect((await readSnapshot(ext, b.tabId)).dropped.byKind.invalid ?? 0).toBe(0);
    expect(JSON.stringify(evB)).not.toContain('evil.invalid');

    // The panel still opens on the flooded tab and lists its real frames.
    const panel = await openPanel(ext, a.tabId);
    await panel.getByRole('tab', { name: 'Signaling' }).click();
    await expect(panel.getByText('frame 30', { exact: true }).first()).toBeVisible();
    console.log(`[reliability] forged flood: ${flood.posted} events in ${flood.messages} messages posted in ${flood.ms} ms; capture complete ${settledMs} ms after the flood began; invalid counted ${snap.dropped.byKind.invalid}`);
    await panel.close();
    await a.page.close();
    await b.page.close();
  });
});

test('extension pages run under a strict CSP: no inline script, no script from elsewhere, both reported as violations', async ({ launchExtension }) => {
  const ext = await launchExtension();
  for (const name of ['panel.html?tabId=1', 'viewer.html', 'preflight.html']) {
    const p = await ext.context.newPage();
    await p.goto(`chrome-extension://${ext.extensionId}/${name}`);
    const r = await p.evaluate(async (remote) => {
      // (eval cannot be probed from here: code evaluated over CDP is exempt from the page's CSP.)
      const out: Record<string, string> = {};
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
      const w = window as unknown as { __inline?: number; __remote?: number };
      const inline = document.createElement('script');
      inline.textContent = 'window.__inline = 1';
      document.head.append(inline);
      out.inline = String(w.__inline);
      out.remote = await new Promise<string>((resolve) => {
        const s = document.createElement('script');
        s.src = remote;
        s.onload = () => resolve('loaded');
        s.onerror = () => resolve('blocked');
        document.head.append(s);
      });
      await new Promise((r) => setTimeout(r, 0));
      out.violations = [...new Set(violations)].sort().join(',');
      return out;
    }, `${http.url}/remote.js`);
    expect(r, name).toEqual({ inline: 'undefined', remote: 'blocked', violations: 'script-src-elem' });
    await p.close();
  }
});

test('the extension makes no network request of its own: every request made by any origin came from the test page, to the test server', async ({ launchExtension }) => {
  const dir = mkdtempSync(join(tmpdir(), 'rtc-netlog-'));
  const netlog = join(dir, 'net.json');
  const ext = await launchExtension({ extraArgs: [`--log-net-log=${netlog}`, '--net-log-capture-mode=Default'] });
  const { page, tabId } = await open(ext, 'quiet.html');
  await page.evaluate(() => (window as unknown as { run(): Promise<number> }).run());
  await page.evaluate(() => fetch('/quiet.html?control').then((r) => r.text()));
  await captureUntil(ext, tabId, (evs) => evs.filter((e) => e.kind === 'ws.frame').length >= 6, 30_000);
  const panel = await openPanel(ext, tabId);
  await panel.getByRole('tab', { name: 'Signaling' }).click();
  await expect(panel.getByText('three', { exact: true }).first()).toBeVisible();
  for (const p of ['viewer.html', 'preflight.html']) {
    const pg = await ext.context.newPage();
    await pg.goto(`chrome-extension://${ext.extensionId}/${p}`);
    await pg.waitForLoadState('load');
    await pg.close();
  }
  await ext.close();
  // NetLog is written out completely when the browser exits. Each request's start records its
  // initiator: an origin for requests made by a page, worker or extension, "not an origin" for the
  // browser's own (Chromium's updater and account checks, which are not the extension's).
  const log = JSON.parse(readFileSync(netlog, 'utf8')) as { constants: { logEventTypes: Record<string, number> }; events: { type: number; params?: { url?: string; initiator?: string } }[] };
  rmSync(dir, { recursive: true, force: true });
  const start = log.constants.logEventTypes['URL_REQUEST_START_JOB'];
  const byInitiator = new Map<string, string[]>();
  for (const e of log.events) {
    if (e.type !== start || typeof e.params?.url !== 'string') continue;
    const who = e.params.initiator ?? 'none';
    byInitiator.set(who, [...(byInitiator.get(who) ?? []), e.params.url]);
  }
  const fromOrigins = [...byInitiator.entries()].filter(([who]) => who !== 'not an origin' && who !== 'none');
  // Control: the page's own fetch is seen with the page's origin, so a request by the extension would be too.
  expect(byInitiator.get(http.url)).toContain(`${http.url}/quiet.html?control`);
  expect(fromOrigins.map(([who]) => who)).toEqual([http.url]);
  expect(byInitiator.get(http.url)!.filter((u) => !u.startsWith(`${http.url}/`) && !u.startsWith(`${http.wsUrl}/`))).toEqual([]);
  expect([...byInitiator.keys()].some((who) => who.startsWith('chrome-extension://'))).toBe(false);
});
