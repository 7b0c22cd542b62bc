/**
 * The same real SignalWire calls as signalwire-sdk-calls.spec.ts, now with the built extension loaded:
 * the call must still work, and the capture must hold every signaling frame the fake relay logged
 * (same text, same direction, same order, same count), the media-device calls, and stats samples
 * whose byte counters rise. Needs a build (`npm run build`, or RTC_DIST=<dir> for another output).
 */
import { test, expect, type Browser } from '../support/fixture.js';
import type { StoredEvent } from '../../core/capture/events.js';
import type { PcStats, WsFrame } from '../../core/capture/events.js';
import { readCapture, tabIdOf, type ExtensionHandle } from '../support/rig/extension.js';
import { routeFabricApi } from '../support/servers/signalwire-fabric-api.js';
import { dialAndConnect, demoUrl, hangUp, startSwCall, unansweredRequests, type SwRig } from '../support/servers/signalwire-e2e.js';

test.describe.configure({ mode: 'serial' });
test.setTimeout(90000);

let rig: SwRig;
let farEndBrowser: Browser;
let ext: ExtensionHandle;

test.beforeAll(async ({ rigs }) => {
  rig = await rigs.signalwire();
  // The far end lives in a browser of its own so the extension only ever sees the caller.
  farEndBrowser = await rigs.plainChromium();
  ext = await rigs.extension();
});

function of<K extends StoredEvent['kind']>(events: StoredEvent[], kind: K): Extract<StoredEvent, { kind: K }>[] {
  return events.filter((e): e is Extract<StoredEvent, { kind: K }> => e.kind === kind);
}

/** Bytes sent by the outbound RTP streams in one stats sample. */
function bytesSent(s: PcStats): number {
  let sum = 0;
  for (const r of Object.values(s.reports)) if (r.type === 'outbound-rtp' && typeof r.bytesSent === 'number') sum += r.bytesSent;
  return sum;
}

const CASES = [
  { name: '3.x Video RoomSession', sdk: 'v3' as const, query: { client: 'video' } },
  { name: '3.x Call Fabric client', sdk: 'v3' as const, query: { client: 'fabric' } },
  { name: '4.0 beta SignalWire client', sdk: 'v4' as const, query: {} as Record<string, string> },
];

for (const c of CASES) {
  test(`${c.name}: the call works with the extension and every frame, device call and stats sample is captured`, async () => {
    // No server pings: the frame counts must be stable once the call is over.
    const call = await startSwCall(rig, farEndBrowser, { pingIntervalMs: null });
    const page = await ext.context.newPage();
    try {
      await routeFabricApi(page);
      // A unique URL per test so tabIdOf finds exactly this tab.
      await page.goto(demoUrl(rig, c.sdk, call.server, { ...c.query, run: `${c.sdk}-${c.name.length}-${Date.now()}` }));
      await dialAndConnect(page);
      const tabId = await tabIdOf(ext, page);

      // Stats: the hook samples on its own; wait for three samples with rising bytes while in the call.
      await expect
        .poll(async () => {
          const samples = of(await readCapture(ext, tabId), 'pc.stats').filter((s) => bytesSent(s) > 0);
          return samples.length >= 3 && bytesSent(samples.at(-1)!) > bytesSent(samples[0]!);
        }, { timeout: 20000 })
        .toBe(true);

      await hangUp(page);
      await call.server.waitForFrame((f) => f.verto === 'verto.bye' && f.dir === 'sent');
      // Quiet socket (every request answered, e.g. the ack of call.left) before counting.
      await expect.poll(() => unansweredRequests(call.server.frames), { timeout: 5000 }).toEqual([]);
      const relayFrames = () => call.server.frames.filter((f) => f.conn === 1);

      // Frames: the capture of the relay socket equals the relay's own log, per direction, in order.
      let wsFrames: WsFrame[] = [];
      await expect
        .poll(async () => {
          const events = await readCapture(ext, tabId);
          const sockets = of(events, 'ws.create').filter((e) => e.url.startsWith(call.server.url));
          const ids = new Set(sockets.map((s) => s.id));
          wsFrames = of(events, 'ws.frame').filter((f) => ids.has(f.id));
          return wsFrames.length;
        }, { timeout: 10000 })
        .toBe(relayFrames().length);
      for (const dir of ['sent', 'received'] as const) {
        const captured = wsFrames.filter((f) => f.dir === dir).map((f) => f.text);
        const logged = relayFrames().filter((f) => f.dir === dir).map((f) => f.text);
        expect(captured, `${dir} frames`).toEqual(logged);
      }
      expect(wsFrames.every((f) => !f.truncated && !f.binary)).toBe(true);

      // The call's landmarks appear in the capture in call order.
      const order = ['"signalwire.connect"', '"verto.invite"', '"verto.answer"', '"verto.bye"'].map((needle) =>
        wsFrames.findIndex((f) => f.text !== undefined && f.text.includes(`"method":${needle}`)),
      );
      expect(order.every((i) => i >= 0), `landmarks found: ${order}`).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(wsFrames[order[1]!]!.dir).toBe('sent');
      expect(wsFrames[order[2]!]!.dir).toBe('received');

      const events = await readCapture(ext, tabId);
      // getUserMedia by the SDK, with a live audio track; enumerateDevices with the fake devices.
      const gum = of(events, 'media.gum.result').filter((g) => g.api === 'getUserMedia' && g.ok);
      expect(gum.length).toBeGreaterThanOrEqual(1);
      expect(gum.some((g) => (g.tracks ?? []).some((t) => t.kind === 'audio'))).toBe(true);
      const devices = of(events, 'media.devices');
      expect(devices.length).toBeGreaterThanOrEqual(1);
      expect(devices.some((d) => d.devices.some((x) => x.kind === 'audioinput'))).toBe(true);
      // The call's peer connection reached connected in the capture too.
      const stats = of(events, 'pc.stats');
      console.log(
        `[${c.name}] frames captured=${wsFrames.length} relay=${relayFrames().length}; stats samples=${stats.length}; ` +
          `gUM ok=${gum.length}; device lists=${devices.length}`,
      );
      const pcStates = of(events, 'pc.event').filter((e) => e.type === 'iceconnectionstatechange').map((e) => JSON.stringify(e.data));
      expect(pcStates.some((s) => s.includes('connected'))).toBe(true);
    } finally {
      await page.close();
      await call.close();
    }
  });
}

test('4.0 beta drop and resume mid-call: the capture shows the first socket closed by the remote end and the second socket frame for frame', async () => {
  const call = await startSwCall(rig, farEndBrowser, { pingIntervalMs: null });
  const page = await ext.context.newPage();
  try {
    await routeFabricApi(page);
    await page.goto(demoUrl(rig, 'v4', call.server, { run: `resume-${Date.now()}` }));
    await dialAndConnect(page);
    const tabId = await tabIdOf(ext, page);

    call.server.control.dropConnections();
    await call.server.waitForFrame((f) => f.conn === 2 && f.kind === 'response' && f.method === 'signalwire.connect', 10000);
    await hangUp(page);
    await call.server.waitForFrame((f) => f.conn === 2 && f.dir === 'sent' && f.verto === 'verto.bye');
    await expect.poll(() => unansweredRequests(call.server.frames.filter((f) => f.conn === 2)), { timeout: 5000 }).toEqual([]);

    let sockets: Extract<StoredEvent, { kind: 'ws.create' }>[] = [];
    let events: StoredEvent[] = [];
    await expect
      .poll(async () => {
        events = await readCapture(ext, tabId);
        sockets = of(events, 'ws.create').filter((e) => e.url.startsWith(call.server.url));
        const ids = new Set(sockets.map((s) => s.id));
        return of(events, 'ws.frame').filter((f) => ids.has(f.id)).length;
      }, { timeout: 10000 })
      .toBe(call.server.frames.length);
    expect(sockets).toHaveLength(2);
    const [first, second] = sockets as [(typeof sockets)[0], (typeof sockets)[0]];
    const close = of(events, 'ws.close').find((e) => e.id === first.id);
    expect(close?.initiator).toBe('remote');
    expect(close?.wasClean).toBe(false);
    for (const [socket, conn] of [[first, 1], [second, 2]] as const) {
      for (const dir of ['sent', 'received'] as const) {
        const captured = of(events, 'ws.frame').filter((f) => f.id === socket.id && f.dir === dir).map((f) => f.text);
        const logged = call.server.frames.filter((f) => f.conn === conn && f.dir === dir).map((f) => f.text);
        expect(captured, `socket ${conn} ${dir}`).toEqual(logged);
      }
    }
  } finally {
    await page.close();
    await call.close();
  }
});
