/**
 * Page compatibility and awkward input, on one SDK-like page served under a strict
 * Content-Security-Policy: binary frames (Blob and ArrayBuffer), listener options (once, signal,
 * handleEvent, onmessage reassignment), invalid / 100,000-deep JSON, a lone surrogate, a 16 MB frame,
 * an RTCPeerConnection subclass through an adapter-like shim with legacy callbacks, WebSocket replaced
 * after load, a same-origin child frame and a dedicated worker. The page must get identical results
 * with and without the extension; with it, everything reachable is captured and the panel copes.
 */
import { test, expect, testPages } from '../support/fixture.js';
import type { StoredEvent } from '../../core/capture/events.js';
import type { WsFrame } from '../../core/capture/events.js';
import { type HttpRig } from '../support/rig/http.js';
import { openPanel, readCapture, readSnapshot, tabIdOf } from '../support/rig/extension.js';
import type { Bundle } from '../../core/bundle/types.js';
import { resolve } from 'node:path';

const FIXTURES = testPages('reliability');
const CSP = "default-src 'none'; script-src 'self'; connect-src 'self' ws://127.0.0.1:*; worker-src 'self'; frame-src 'self'; style-src 'self'; base-uri 'none'; form-action 'none'";
const MB16 = 16 * 1024 * 1024;

let http: HttpRig;
/** Text frames (first 40 chars) and binary sizes the server received, in arrival order. */
let serverLog: string[] = [];

test.beforeAll(async ({ rigs }) => {
  http = await rigs.serve({
    // The recorder's script-tag build and the demo loader (?recorder=1), same origin as CSP wants.
    mounts: { '/': FIXTURES, '/dist/recorder/': resolve(process.env.RTC_DIST || 'dist', 'recorder'), '/demo-recorder/': resolve(import.meta.dirname, '../demo/recorder') },
    headers: { 'content-security-policy': CSP },
    ws: {
      '/echo': (ws) => {
        ws.on('message', (data, isBinary) => {
          serverLog.push(isBinary ? `bin:${(data as Buffer).length}` : data.toString().slice(0, 40));
          ws.send(data, { binary: isBinary });
        });
      },
    },
  });
});

test('an SDK-like page under strict CSP behaves identically with the extension, and all it can reach is captured', async ({ launchExtension }) => {
  test.setTimeout(120_000);
  const results: Record<string, unknown>[] = [];
  for (const mode of ['none', 'extension', 'recorder'] as const) {
    serverLog = [];
    const withExtension = mode === 'extension';
    const ext = await launchExtension({ withExtension });
    const page = await ext.context.newPage();
    await page.goto(`${http.url}/compat.html?with=${withExtension}${mode === 'recorder' ? '&recorder=1' : ''}`);
    results.push(await page.evaluate(() => (window as unknown as { runCompat(): Promise<Record<string, unknown>> }).runCompat()));
    expect(serverLog).toContain('from-worker');
    if (mode === 'recorder') {
      // The recorder records the document that loaded it (not the child frame, which did not).
      const b = await page.evaluate(async () => (await (window as unknown as { rec: { exportBundle(): Promise<Bundle> } }).rec.exportBundle()) as Bundle);
      const first = b.sockets.find((s) => s.url.endsWith('/echo') && s.frames.length >= 16)!;
      for (const dir of ['sent', 'received'] as const) {
        expect(first.frames.filter((x) => x.dir === dir).map((x) => [x.binary === true, x.size])).toEqual([[true, 3], [true, 2], [false, 1], [false, 1], [false, 33], [false, 200_000], [false, 5], [false, MB16]]);
      }
      expect(first.close).toMatchObject({ code: 4000, reason: 'done' });
      expect(first.closedBy).toBe('page');
      expect(b.peerConnections).toHaveLength(2);
      expect(b.notices.find((n) => n.code === 'worker-sockets-unseen')).toMatchObject({ level: 'warn' });
      expect(JSON.stringify(b)).not.toContain('from-worker');
      continue;
    }
    if (!withExtension) continue;

    const tabId = await tabIdOf(ext, page);
    let events: StoredEvent[] = [];
    await expect
      .poll(async () => {
        events = await readCapture(ext, tabId);
        return events.some((e) => e.kind === 'ws.frame' && e.dir === 'received' && e.text === 'from-child-frame') && events.some((e) => e.kind === 'hook.notice') && events.some((e) => e.kind === 'ws.close');
      })
      .toBe(true);
    const snap = await readSnapshot(ext, tabId);
    const top = snap.docs.find((d) => d.top)!;
    const child = snap.docs.find((d) => !d.top && d.url.includes('child.html'));
    expect(child).toBeTruthy();

    const first = events.find((e) => e.kind === 'ws.create' && e.doc === top.docId)!;
    const frames = events.filter((e): e is WsFrame & { doc: string } => e.kind === 'ws.frame' && e.id === (first as { id: string }).id);
    for (const dir of ['sent', 'received'] as const) {
      const f = frames.filter((x) => x.dir === dir);
      // Blob / ArrayBuffer sizes, the two listener probes, invalid JSON, deep JSON, lone surrogate (3 UTF-8 bytes), 16 MB.
      expect(f.map((x) => [x.binary, x.size])).toEqual([[true, 3], [true, 2], [false, 1], [false, 1], [false, 33], [false, 200_000], [false, 5], [false, MB16]]);
      expect(f[4]!.text).toBe('{"jsonrpc":"2.0","id":1,"result":');
      expect(f[5]!.text).toHaveLength(200_000);
      const huge = f[7]!;
      expect(huge.truncated).toBe(true);
      expect(huge.text).toHaveLength(256 * 1024);
    }
    expect(frames.find((x) => x.dir === 'received' && x.size === 5)!.text).toBe('a\uFFFDb');
    expect(events.find((e) => e.kind === 'ws.close' && e.id === (first as { id: string }).id)).toMatchObject({ code: 4000, reason: 'done', initiator: 'page' });

    // The child frame's socket belongs to the child document; the worker's socket is not seen, and the page is told.
    expect(events.filter((e) => e.kind === 'ws.frame' && e.text === 'from-child-frame').map((e) => e.doc)).toEqual([child!.docId, child!.docId]);
    expect(JSON.stringify(events)).not.toContain('from-worker');
    expect(events.find((e) => e.kind === 'hook.notice')).toMatchObject({ code: 'worker-sockets-unseen', level: 'warn' });

    // Peer connections built through the shim and the subclass are both captured, legacy-callback offer included.
    expect(events.filter((e) => e.kind === 'pc.create')).toHaveLength(2);
    expect(events.some((e) => e.kind === 'pc.result' && e.method === 'createOffer' && e.ok)).toBe(true);
    expect(events.some((e) => e.kind === 'pc.event' && e.type === 'datachannel')).toBe(true);

    // The panel says plainly that worker sockets are not captured, and the signaling view copes with it all.
    const panel = await openPanel(ext, tabId);
    await expect(panel.getByRole('status').filter({ hasText: 'inside workers are not captured' })).toBeVisible();
    await panel.getByRole('tab', { name: 'Signaling' }).click();
    await expect(panel.getByText('from-child-frame', { exact: true }).first()).toBeVisible();
    await panel.close();
  }
  const [without, withExt, withRecorder] = results;
  expect(without).toMatchObject({
    binaryTypeDefault: 'blob',
    appWrapped: true,
    blob: [true, 3, [1, 2, 3]],
    arraybuffer: [true, [4, 5]],
    listeners: { once: 1, signalled: 1, handlerObject: 2, assigned: ['second'] },
    deepLength: 200_000,
    lone: [97, 0xfffd, 98],
    bigLength: MB16,
    closed: [4000, 'done', true],
    dataChannel: 'over the data channel',
    adapterIceSeen: true,
    childEcho: 'from-child-frame',
    workerEcho: 'from-worker',
    replacedAfterLoad: true,
    cspViolations: [],
  });
  expect(withExt).toEqual(without);
  expect(withRecorder).toEqual(without);
});
