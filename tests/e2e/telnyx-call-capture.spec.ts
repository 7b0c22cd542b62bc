/**
 * The real @telnyx/webrtc 2.27.10 in real Chromium places a call through the fake Telnyx server
 * to a real far-end RTCPeerConnection, with and without the extension. With it, the capture must
 * hold exactly what crossed the wire (compared with the server's own frame log), live stats, and
 * the media-device calls.
 *
 * Needs the built extension (`npm run build`, same RTC_DIST) for the capture test.
 */
import { test, expect, type Page } from '../support/fixture.js';
import type { StoredEvent } from '../../core/capture/events.js';
import { readCapture, tabIdOf } from '../support/rig/extension.js';
import { type TelnyxCallRig } from '../support/rig/telnyx-call.js';
import { TELNYX_CALL_SEQUENCE as CALL_SEQUENCE, frameSequence, telnyxDemoUrl } from '../support/servers/telnyx-demo.js';
import type { TelnyxFrame, TelnyxServer } from '../support/servers/telnyx.js';

test.describe.configure({ mode: 'serial' });
test.setTimeout(60_000);

let rig: TelnyxCallRig;
let srv: TelnyxServer;

test.beforeAll(async ({ rigs }) => {
  rig = await rigs.telnyx();
  srv = rig.server;
});

interface DemoWindow {
  demo: { call: { id: string } | null; pcState(): string };
}

/** Loads the demo, waits for a connected call, runs `whileActive`, hangs up with the button. */
async function callAndHangUp(page: Page, whileActive?: () => Promise<void>): Promise<{ conn: number; callId: string }> {
  const before = srv.connections.length;
  await page.goto(telnyxDemoUrl(srv));
  await expect(page.locator('#call-state')).toHaveText('active', { timeout: 20_000 });
  await expect.poll(() => page.evaluate(() => (window as unknown as DemoWindow).demo.pcState())).toBe('connected');
  await expect(page.locator('#pc-state')).toHaveText('connected');
  const callId = await page.evaluate(() => (window as unknown as DemoWindow).demo.call!.id);
  await srv.hub.waitForState(callId, 'connected');
  await whileActive?.();
  await page.click('#hangup');
  await expect(page.locator('#call-state')).toHaveText('destroy');
  expect(srv.calls.get(callId)).toMatchObject({ state: 'ended', endedBy: 'client', cause: 'NORMAL_CLEARING', destination: '+15557654321' });
  await srv.hub.waitForState(callId, 'closed');
  await expect(page.locator('#error')).toHaveText('none');
  expect(srv.connections.length).toBe(before + 1);
  return { conn: srv.connections[before]!.conn, callId };
}

/** Whether the extension's MAIN-world hook runs in this page. */
const hooked = (page: Page) => page.evaluate(() => (window as unknown as Record<symbol, unknown>)[Symbol.for('rtc-devtools.hook')] === true);

function framesOf(conn: number): TelnyxFrame[] {
  return srv.frames.filter((f) => f.conn === conn);
}

let plainSequence: string[] = [];

test('without the extension: login, invite, answer and bye succeed and media connects', async ({ launchExtension }) => {
  const ext = await launchExtension({ withExtension: false });
  const page = await ext.context.newPage();
  const { conn, callId } = await callAndHangUp(page);
  expect(await hooked(page)).toBe(false);
  plainSequence = frameSequence(framesOf(conn));
  expect(plainSequence).toEqual(CALL_SEQUENCE);
  const bye = framesOf(conn).find((f) => f.method === 'telnyx_rtc.bye')!;
  expect(JSON.parse(bye.text).params).toMatchObject({ cause: 'NORMAL_CLEARING', causeCode: 16 });
  expect(srv.hub.states(callId)).toEqual(expect.arrayContaining(['connected', 'closed']));
});

function ofKind<K extends StoredEvent['kind']>(events: StoredEvent[], kind: K): Extract<StoredEvent, { kind: K }>[] {
  return events.filter((e): e is Extract<StoredEvent, { kind: K }> => e.kind === kind);
}

/** RTP bytes moved (sent + received) in one stats sample. */
function rtpBytes(reports: Record<string, Record<string, unknown>>): number {
  let n = 0;
  for (const r of Object.values(reports)) {
    if (r.type === 'outbound-rtp' && typeof r.bytesSent === 'number') n += r.bytesSent;
    if (r.type === 'inbound-rtp' && typeof r.bytesReceived === 'number') n += r.bytesReceived;
  }
  return n;
}

/** The last three samples of the page's peer connection, when their byte counts strictly rise. */
function risingStats(events: StoredEvent[]): number[] | undefined {
  const pcs = ofKind(events, 'pc.create');
  if (pcs.length !== 1) return undefined;
  const bytes = ofKind(events, 'pc.stats')
    .filter((s) => s.id === pcs[0]!.id)
    .map((s) => rtpBytes(s.reports));
  const last = bytes.slice(-3);
  return last.length === 3 && last[0]! > 0 && last[0]! < last[1]! && last[1]! < last[2]! ? last : undefined;
}

test('with the extension: the same call succeeds, and the capture holds every frame, stats and device calls', async ({ launchExtension }) => {
  const ext = await launchExtension();
  const page = await ext.context.newPage();
  let tabId = -1;
  const { conn } = await callAndHangUp(page, async () => {
    tabId = await tabIdOf(ext, page);
    // ≥3 one-second samples while media flows, bytes rising in each.
    await expect.poll(async () => risingStats(await readCapture(ext, tabId)), { timeout: 15_000 }).toBeDefined();
  });

  expect(await hooked(page)).toBe(true);
  const server = framesOf(conn);
  expect(frameSequence(server)).toEqual(plainSequence.length ? plainSequence : CALL_SEQUENCE);

  const wsUrlPrefix = `ws://127.0.0.1:${srv.port}/`;
  let events: StoredEvent[] = [];
  let wsId = '';
  await expect
    .poll(async () => {
      events = await readCapture(ext, tabId);
      const sockets = ofKind(events, 'ws.create').filter((e) => e.url.startsWith(wsUrlPrefix));
      wsId = sockets.length === 1 ? sockets[0]!.id : '';
      return ofKind(events, 'ws.frame').filter((f) => f.id === wsId).length;
    }, { message: 'captured frame count reaches the server log count' })
    .toBe(server.length);

  // Same frames, same order, same direction, same bytes as the server logged.
  const captured = ofKind(events, 'ws.frame')
    .filter((f) => f.id === wsId)
    .map((f) => ({ dir: f.dir, text: f.text, truncated: !!f.truncated, binary: f.binary }));
  expect(captured).toEqual(server.map((f) => ({ dir: f.dir === 'in' ? 'sent' : 'received', text: f.text, truncated: false, binary: false })));
  expect(ofKind(events, 'ws.open').some((e) => e.id === wsId)).toBe(true);

  // getUserMedia with audio, granted with an audio track.
  const gum = ofKind(events, 'media.gum').filter((g) => g.api === 'getUserMedia');
  expect(gum.length).toBeGreaterThanOrEqual(1);
  const gumResults = ofKind(events, 'media.gum.result').filter((r) => gum.some((g) => g.id === r.id));
  expect(gumResults.some((r) => r.ok && r.tracks?.some((t) => t.kind === 'audio'))).toBe(true);

  // enumerateDevices: the fake microphone is listed.
  const lists = ofKind(events, 'media.devices');
  expect(lists.length).toBeGreaterThanOrEqual(1);
  expect(lists.some((l) => l.devices.some((d) => d.kind === 'audioinput'))).toBe(true);

  // The page's one peer connection reached connected in the capture, too.
  const pcId = ofKind(events, 'pc.create')[0]!.id;
  const states = ofKind(events, 'pc.event')
    .filter((e) => e.id === pcId && e.type === 'connectionstatechange')
    .map((e) => (e.data as { state?: string }).state);
  expect(states).toContain('connected');
});
