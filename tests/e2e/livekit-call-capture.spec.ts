/**
 * The real livekit-client 2.23.0 (two peer connections, the `/rtc` path) in real Chromium with the
 * built extension joins a room on the fake LiveKit server (@livekit/protocol's own classes), publishes
 * microphone and camera, receives participant bob's audio and video from a real far-end page, survives
 * a dropped socket with a resume, gets a refreshed token and leaves. The capture must decode every
 * binary frame as LiveKit, model the room, tracks, peer connection roles and the resume, and a bundle
 * made from it must hold no token, and still decode.
 *
 * Needs the built extension (`npm run build`, same RTC_DIST).
 */
import { test, expect, type Page } from '../support/fixture.js';
import type { StoredEvent } from '../../core/capture/events.js';
import { createAnalyzer } from '../../core/protocol/analyzer.js';
import { buildBundle, serializeBundle } from '../../core/bundle/build.js';
import { eventsFromBundle } from '../../core/bundle/to-events.js';
import { openPanel, readCapture, tabIdOf } from '../support/rig/extension.js';
import { startLiveKitRoomRig, type LiveKitRoomRig } from '../support/rig/livekit-room.js';
import { BOB } from '../support/servers/livekit.js';

test.describe.configure({ mode: 'serial' });
test.setTimeout(90_000);

let rig: LiveKitRoomRig;

test.beforeAll(async ({ rigs }) => {
  rig = await startLiveKitRoomRig({ browser: await rigs.plainChromium() });
});
test.afterAll(async () => {
  await rig?.close();
});

interface DemoWindow {
  demo: { state: string; events: string[]; published: string[]; subscribed: string[]; reconnects: number };
}
const demo = (page: Page) => page.evaluate(() => (window as unknown as DemoWindow).demo);

const ACCESS_SECRET = 'LKSIGNATURE-access-7f3a';
const REFRESH_SECRET = 'LKSIGNATURE-refresh-91bc';

function ofKind<K extends StoredEvent['kind']>(events: StoredEvent[], kind: K): Extract<StoredEvent, { kind: K }>[] {
  return events.filter((e): e is Extract<StoredEvent, { kind: K }> => e.kind === kind);
}

/** Joins, publishes, receives bob, drops the socket (resume), refreshes the token, sees bob leave, leaves. */
async function roomLife(page: Page): Promise<void> {
  const srv = rig.server;
  await page.goto(rig.demoUrl('alice', ACCESS_SECRET));
  await expect.poll(async () => (await demo(page)).published.length, { timeout: 30_000 }).toBe(2);
  await expect.poll(async () => (await demo(page)).subscribed.sort()).toEqual([`bob:audio:${BOB.audio}`, `bob:video:${BOB.video}`]);
  await expect(page.locator('#error')).toHaveText('none');
  const conns = srv.connections.length;
  srv.dropSockets();
  await expect.poll(async () => (await demo(page)).reconnects, { timeout: 30_000 }).toBe(1);
  expect(srv.connections.slice(conns).map((c) => c.resume)).toEqual([true]);
  srv.refreshToken(rig.token('alice', REFRESH_SECRET));
  srv.remoteLeaves();
  await expect(page.locator('#participants')).toHaveText('none');
  await page.click('#leave');
  await expect(page.locator('#room-state')).toHaveText('disconnected');
  await srv.waitFor((e) => e.dir === 'in' && e.case === 'leave');
}

test('without the extension: livekit-client joins, publishes, subscribes, resumes and leaves', async ({ launchExtension }) => {
  const ext = await launchExtension({ withExtension: false });
  const page = await ext.context.newPage();
  await roomLife(page);
  expect((await demo(page)).events).toEqual(expect.arrayContaining(['connected', 'signal-reconnecting', 'reconnected', 'participant-disconnected bob']));
});

test('with the extension: every frame decoded as LiveKit, the room modelled, the resume an episode, no secret in the bundle', async ({ launchExtension }) => {
  const ext = await launchExtension();
  const page = await ext.context.newPage();
  const srv = rig.server;
  const firstConn = srv.connections.length + 1;
  await roomLife(page);
  const tabId = await tabIdOf(ext, page);
  const fromServer = srv.log.filter((e) => e.conn >= firstConn);

  let events: StoredEvent[] = [];
  await expect
    .poll(async () => {
      events = await readCapture(ext, tabId);
      return ofKind(events, 'ws.frame').filter((f) => f.binary).length;
    }, { message: 'every frame the server logged is captured' })
    .toBe(fromServer.length);

  const analyzer = createAnalyzer();
  for (const ev of events) analyzer.push(ev);
  const a = analyzer.snapshot();
  const lk = a.messages.filter((m) => m.sdk === 'livekit');
  // Every frame decoded, none left as binary, each with the method the server logged, in order per direction.
  expect(lk).toHaveLength(fromServer.length);
  expect(lk.filter((m) => m.protocol !== 'livekit' || m.parseError)).toEqual([]);
  expect(lk.filter((m) => m.dir === 'sent').map((m) => m.method)).toEqual(fromServer.filter((e) => e.dir === 'in').map((e) => `livekit.${e.case}`));
  expect(lk.filter((m) => m.dir === 'received').map((m) => m.method)).toEqual(fromServer.filter((e) => e.dir === 'out').map((e) => `livekit.${e.case}`));
  // Pairs: every addTrack answered by trackPublished, every publisher offer by an answer.
  for (const m of lk.filter((x) => x.method === 'livekit.addTrack' || (x.method === 'livekit.offer' && x.dir === 'sent'))) {
    expect(a.messages[m.pairedWith!]?.method, m.summary).toBe(m.method === 'livekit.addTrack' ? 'livekit.trackPublished' : 'livekit.answer');
  }
  expect(a.sdks.map((s) => [s.name, s.version])).toContainEqual(['livekit-client', '2.23.0']);

  // The room model.
  expect(a.rooms).toHaveLength(1);
  const room = a.rooms[0]!;
  expect(room).toMatchObject({ name: 'demo-room', serverVersion: '1.9.0', sdkName: 'livekit-client', sdkVersion: '2.23.0', state: 'disconnected' });
  expect(room.local?.identity).toBe('alice');
  const published = (await demo(page)).published.map((p) => p.split(':')[1]).sort();
  expect(room.local!.tracks.map((t) => t.sid).sort()).toEqual(published);
  expect(room.local!.tracks.map((t) => `${t.kind}/${t.source}`).sort()).toEqual(['audio/microphone', 'video/camera']);
  expect(room.participants.map((p) => [p.identity, p.state, p.leftT !== undefined])).toEqual([['bob', 'disconnected', true]]);
  expect(room.participants[0]!.tracks.map((t) => t.sid).sort()).toEqual([BOB.audio, BOB.video]);
  const pcIds = ofKind(events, 'pc.create').map((p) => p.id);
  expect(pcIds).toHaveLength(2);
  expect([room.pcs.publisher, room.pcs.subscriber].sort()).toEqual([...pcIds].sort());
  expect(room.reconnects).toHaveLength(1);
  expect(room.reconnects[0]).toMatchObject({ kind: 'resume', outcome: 'recovered', fellBack: false });
  expect(room.reconnects[0]!.attempts).toEqual([expect.objectContaining({ resume: true, answer: 'reconnect' })]);
  expect(room.reconnects[0]!.durationMs).toBeGreaterThan(0);
  expect(room.tokenRefreshes).toBe(1);
  expect(room.leave).toMatchObject({ by: 'client', reason: 'CLIENT_INITIATED' });
  expect(a.findings.filter((f) => f.rule.startsWith('livekit-'))).toEqual([]);

  // Secrets: the capture holds the tokens (the URL and the refresh frame), the bundle neither, and it still decodes.
  const raw = JSON.stringify(events);
  const hex = (s: string) => (Buffer.from(s).toString('hex').match(/../g) ?? []).join(' ');
  expect(raw).toContain(ACCESS_SECRET);
  expect(raw).toContain(hex(REFRESH_SECRET));
  const bundle = buildBundle({ events, environment: {} });
  const text = serializeBundle(bundle);
  expect(text).not.toContain(ACCESS_SECRET);
  expect(text.toLowerCase()).not.toContain(hex(REFRESH_SECRET));
  expect(text).not.toContain(Buffer.from(REFRESH_SECRET).toString('hex'));
  const again = createAnalyzer();
  for (const ev of eventsFromBundle(JSON.parse(text))) again.push(ev);
  const back = again.snapshot();
  expect(back.messages.filter((m) => m.sdk === 'livekit' && !m.parseError)).toHaveLength(fromServer.length);
  expect(back.rooms[0]!.reconnects[0]!.kind).toBe('resume');

  // The panel's Overview shows the room; its Signaling rows the decoded messages, not hex.
  const panel = await openPanel(ext, tabId);
  const rooms = panel.locator('section[aria-labelledby="ov-rooms"]');
  await expect(rooms).toContainText('Room "demo-room"');
  await expect(rooms).toContainText('"alice"');
  await expect(rooms).toContainText('"bob"');
  await expect(rooms).toContainText(`publisher ${room.pcs.publisher}`);
  await expect(rooms).toContainText('resumed in');
  await expect(rooms).toContainText('The client left: CLIENT_INITIATED');
});
