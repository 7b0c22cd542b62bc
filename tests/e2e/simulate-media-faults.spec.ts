/**
 * Simulate's media and network faults (issue 18) on real calls and real devices: the built extension
 * in Chromium with its fake camera and microphone, the real Telnyx SDK against the fake server, a
 * far end in its own plain Chromium, and coturn on loopback. Faults are armed the way the panel,
 * the fixture and the MCP server arm them: a `fault.arm` message on the panel port from an
 * extension page, naming the tab.
 *
 * Needs the build: `RTC_DIST=... npm run build` (same RTC_DIST as the test run).
 */
import { test, expect, type Page } from '../support/fixture.js';
import { join } from 'node:path';
import type { StoredEvent } from '../../core/capture/events.js';
import type { Fault } from '../../core/simulate/faults.js';
import { captureUntil, openPanel, tabIdOf, type ExtensionHandle } from '../support/rig/extension.js';
import type { TurnServer } from '../support/rig/coturn.js';
import { armFault, stopFaults } from '../support/rig/faults.js';
import type { HttpRig } from '../support/rig/http.js';
import type { TelnyxCallRig } from '../support/rig/telnyx-call.js';

test.describe.configure({ mode: 'serial' });
test.setTimeout(90_000);

let ext: ExtensionHandle;
let rig: TelnyxCallRig;
let turn: TurnServer;
let pages: HttpRig;

test.beforeAll(async ({ rigs }) => {
  ext = await rigs.extension();
  rig = await rigs.telnyx();
  turn = await rigs.turn({ user: 'rig', pass: 'turn-secret' });
  pages = await rigs.serve({ mounts: { '/': join(import.meta.dirname, '../fixtures/pages/simulate') } });
});

test.afterEach(async () => {
  rig.server.control.reset();
  for (const p of ext.context.pages()) if (!p.url().startsWith('chrome-extension://')) await p.close();
});

async function arm(tabId: number, fault: Fault): Promise<string> {
  const reply = await armFault(ext, tabId, fault);
  expect(reply, `arming ${fault.kind}`).toMatchObject({ ok: true });
  return reply.faultId!;
}

async function stop(tabId: number, faultId?: string): Promise<void> {
  expect(await stopFaults(ext, tabId, faultId)).toMatchObject({ ok: true });
}

function ofKind<K extends StoredEvent['kind']>(events: StoredEvent[], kind: K): Extract<StoredEvent, { kind: K }>[] {
  return events.filter((e): e is Extract<StoredEvent, { kind: K }> => e.kind === kind);
}

/** The fault.* events of one fault as "kind target action" lines. */
function faultLines(events: StoredEvent[], faultId: string): string[] {
  return events
    .filter((e) => e.kind.startsWith('fault.') && (e as { id?: string }).id === faultId)
    .map((e) => {
      const x = e as { kind: string; target?: string; action?: string; reason?: string };
      return [x.kind, x.target, x.action, x.reason].filter((v) => v !== undefined).join(' ');
    });
}

/** The local candidate of the selected pair in the last stats sample of a peer connection. */
function selectedLocalCandidate(events: StoredEvent[], pcId: string): Record<string, unknown> | undefined {
  const samples = ofKind(events, 'pc.stats').filter((s) => s.id === pcId);
  for (let i = samples.length - 1; i >= 0; i--) {
    const reports = Object.values(samples[i]!.reports) as Record<string, unknown>[];
    const transport = reports.find((r) => r.type === 'transport' && r.selectedCandidatePairId);
    const pair = transport && samples[i]!.reports[transport.selectedCandidatePairId as string];
    const local = pair && samples[i]!.reports[pair.localCandidateId as string];
    if (local) return local;
  }
  return undefined;
}

/** The Telnyx demo with its client logged in and no call yet, so a fault can be armed before the call. */
async function readyDemo(extra: Record<string, string>): Promise<{ app: Page; tabId: number }> {
  const app = await ext.context.newPage();
  await app.goto(rig.demoUrl({ autocall: '0', ...extra }));
  await expect(app.locator('#client-state')).toHaveText('ready', { timeout: 20_000 });
  return { app, tabId: await tabIdOf(ext, app) };
}

const iceWith = (credential: string) => JSON.stringify([{ urls: turn.urls, username: turn.username, credential }]);
/** Candidate types in an SDP ("host", "relay", ...), sorted and unique. */
const candidateTypes = (sdp: string) => [...new Set([...sdp.matchAll(/ typ (\w+)/g)].map((m) => m[1]!))].sort();

test.describe('Force relay and Block UDP (coturn on loopback)', () => {
  test('Force relay: only relay candidates reach the SDK and the far end, and the call connects through TURN', async () => {
    const { app, tabId } = await readyDemo({ ice: iceWith(turn.credential) });
    const faultId = await arm(tabId, { kind: 'force-relay', params: {} });
    await app.click('#call');
    await expect(app.locator('#call-state')).toHaveText('active', { timeout: 30_000 });
    await expect(app.locator('#pc-state')).toHaveText('connected');
    await expect(app.locator('#route')).toContainText('local relay');

    // The invite the server got carries relay candidates only: nothing else reached the far end.
    const invite = rig.server.frames.findLast((f) => f.dir === 'in' && f.method === 'telnyx_rtc.invite')!;
    expect(candidateTypes(JSON.parse(invite.text).params.sdp)).toEqual(['relay']);

    const events = await captureUntil(ext, tabId, (evs) => ofKind(evs, 'pc.create').length > 0 && !!selectedLocalCandidate(evs, ofKind(evs, 'pc.create')[0]!.id));
    const pc = ofKind(events, 'pc.create')[0]!;
    // The record shows the configuration the connection ran with, and the fault that set it.
    expect(pc.config).toMatchObject({ iceTransportPolicy: 'relay' });
    expect(faultLines(events, faultId)).toEqual(['fault.armed', `fault.applied ${pc.id} relay only`]);
    // Every candidate the SDK was handed is a relay one.
    const gathered = ofKind(events, 'pc.event').filter((e) => e.id === pc.id && e.type === 'icecandidate' && (e.data as { candidate: unknown }).candidate);
    expect(gathered.length).toBeGreaterThan(0);
    expect(gathered.map((e) => candidateTypes(String((e.data as { candidate: { candidate?: string } }).candidate.candidate ?? '')))).toEqual(gathered.map(() => ['relay']));
    expect(selectedLocalCandidate(events, pc.id)).toMatchObject({ candidateType: 'relay' });

    await stop(tabId, faultId);
    await captureUntil(ext, tabId, (evs) => faultLines(evs, faultId).includes('fault.ended stopped'));
    await app.click('#hangup');
    await expect(app.locator('#call-state')).toHaveText('destroy');
  });

  test('Force relay with a wrong TURN password: no media path, and the panel names TURN authentication', async () => {
    const { app, tabId } = await readyDemo({ ice: iceWith('wrong-turn-password') });
    await arm(tabId, { kind: 'force-relay', params: {} });
    const earlier = new Set(rig.server.frames);
    await app.click('#call');
    const panel = await openPanel(ext, tabId);
    const findings = panel.getByRole('region', { name: 'Findings' });
    await expect(findings).toContainText('no relay candidate: TURN authentication failed (401', { timeout: 30_000 });
    await expect(findings).toContainText('refused the credentials');
    // No other way was left open: the invite went out with no candidate at all (no relay could be
    // allocated, and host ones were never gathered), so the connection cannot connect.
    const invite = await rig.server.waitForFrame((f) => !earlier.has(f) && f.dir === 'in' && f.method === 'telnyx_rtc.invite', 20_000);
    expect(candidateTypes(JSON.parse(invite.text).params.sdp)).toEqual([]);
    expect(await app.locator('#pc-state').textContent()).not.toBe('connected');
    await stop(tabId);
    await panel.close();
  });

  test('Block UDP: only TCP relay is left, and the call connects over it', async () => {
    const { app, tabId } = await readyDemo({ ice: iceWith(turn.credential) });
    const faultId = await arm(tabId, { kind: 'block-udp', params: {} });
    await app.click('#call');
    await expect(app.locator('#call-state')).toHaveText('active', { timeout: 30_000 });
    await expect(app.locator('#pc-state')).toHaveText('connected');

    const invite = rig.server.frames.findLast((f) => f.dir === 'in' && f.method === 'telnyx_rtc.invite')!;
    expect(candidateTypes(JSON.parse(invite.text).params.sdp)).toEqual(['relay']);
    const events = await captureUntil(ext, tabId, (evs) => ofKind(evs, 'pc.create').length > 0 && !!selectedLocalCandidate(evs, ofKind(evs, 'pc.create')[0]!.id));
    const pc = ofKind(events, 'pc.create')[0]!;
    const tcpUrl = turn.urls.find((u) => u.endsWith('transport=tcp'))!;
    expect(pc.config).toMatchObject({ iceTransportPolicy: 'relay', iceServers: [{ urls: [tcpUrl] }] });
    const applied = ofKind(events, 'fault.applied').find((e) => e.id === faultId)!;
    expect(applied).toMatchObject({ target: pc.id, action: 'tcp relay only', detail: `ICE servers: ${tcpUrl}` });
    expect(selectedLocalCandidate(events, pc.id)).toMatchObject({ candidateType: 'relay', relayProtocol: 'tcp' });

    await stop(tabId, faultId);
    await app.click('#hangup');
    await expect(app.locator('#call-state')).toHaveText('destroy');
  });
});

/** Energy and duration of the audio the far end has received on a call (its inbound-rtp). */
async function farAudio(callId: string): Promise<{ energy: number; seconds: number }> {
  return rig.farEnd.page.evaluate(async (id) => {
    const call = (window as unknown as { farend: { calls: Map<string, { pc: RTCPeerConnection }> } }).farend.calls.get(id);
    if (!call) return { energy: 0, seconds: 0 };
    let out = { energy: 0, seconds: 0 };
    (await call.pc.getStats()).forEach((r) => {
      if (r.type === 'inbound-rtp' && r.kind === 'audio') out = { energy: r.totalAudioEnergy ?? 0, seconds: r.totalSamplesDuration ?? 0 };
    });
    return out;
  }, callId);
}

/**
 * Polls until the mean power (mean square, per second of audio) the far end received over its last
 * second or more of audio satisfies `ok`. Each poll adds a sample; the window is measured in audio
 * seconds, so a slow machine waits longer instead of judging less audio.
 */
async function expectFarPower(callId: string, ok: (power: number) => boolean, what: string): Promise<number> {
  const samples: { energy: number; seconds: number }[] = [];
  let power = NaN;
  await expect
    .poll(
      async () => {
        const now = await farAudio(callId);
        samples.push(now);
        const base = samples.findLast((s) => now.seconds - s.seconds >= 1);
        if (!base) return false;
        power = (now.energy - base.energy) / (now.seconds - base.seconds);
        return ok(power);
      },
      { message: `far-end audio ${what}`, timeout: 20_000 },
    )
    .toBe(true);
  return power;
}

test('Mute microphone at source: the track stays live and enabled for the page, the far end hears silence, Stop brings the sound back', async () => {
  const app = await ext.context.newPage();
  await app.goto(rig.demoUrl());
  await expect(app.locator('#call-state')).toHaveText('active', { timeout: 20_000 });
  await expect(app.locator('#pc-state')).toHaveText('connected');
  const callId = await app.evaluate(() => (window as unknown as { demo: { call: { id: string } } }).demo.call.id);
  const tabId = await tabIdOf(ext, app);
  // The far end plays what it receives: Chromium measures received audio only for audio played out.
  await rig.farEnd.page.evaluate(async (id) => {
    const call = (window as unknown as { farend: { calls: Map<string, { pc: RTCPeerConnection }> } }).farend.calls.get(id)!;
    const el = new Audio();
    el.srcObject = new MediaStream(call.pc.getReceivers().flatMap((r) => (r.track?.kind === 'audio' ? [r.track] : [])));
    await el.play();
  }, callId);
  const mic = () =>
    app.evaluate(() => {
      const pc = (window as unknown as { demo: { call: { peer: { instance: RTCPeerConnection } } } }).demo.call.peer.instance;
      const t = pc.getSenders().find((s) => s.track?.kind === 'audio')!.track!;
      return { readyState: t.readyState, enabled: t.enabled, muted: t.muted, label: t.label };
    });

  const before = await expectFarPower(callId, (p) => p > 1e-3, 'audible before the fault');
  const faultId = await arm(tabId, { kind: 'mute-microphone', params: {} });
  await expectFarPower(callId, (p) => p < before / 1000, 'silent while muted at source');
  expect(await mic()).toEqual({ readyState: 'live', enabled: true, muted: false, label: 'Fake Default Audio Input' });

  const events = await captureUntil(ext, tabId, (evs) => faultLines(evs, faultId).length >= 2);
  const micTrack = ofKind(events, 'media.gum.result').flatMap((r) => (r.ok ? r.tracks : [])).find((t) => t?.kind === 'audio')!;
  expect(faultLines(events, faultId)).toEqual(['fault.armed', `fault.applied ${micTrack.id} silenced`]);

  // The silent-microphone finding names the page's own microphone: stats still carry its track.
  const panel = await openPanel(ext, tabId);
  await expect(panel.getByRole('region', { name: 'Findings' })).toContainText(/Microphone silent at the source on .*"Fake Default Audio Input"/, { timeout: 30_000 });
  await panel.close();

  await stop(tabId, faultId);
  await expectFarPower(callId, (p) => p > before / 10, 'audible again after Stop');
  expect(await mic()).toMatchObject({ readyState: 'live', enabled: true });
  await app.click('#hangup');
  await expect(app.locator('#call-state')).toHaveText('destroy');
});

interface DevWindow {
  dev: {
    ended: string[];
    changes: string[][];
    list(): Promise<{ kind: string; label: string; deviceId: string }[]>;
    open(c?: MediaStreamConstraints): Promise<{ kind: string; label: string; id: string }[]>;
    tryOpen(c: MediaStreamConstraints): Promise<string>;
    states(): string[];
  };
}

async function devicesPage(): Promise<{ page: Page; tabId: number; tracks: { kind: string; label: string; id: string }[] }> {
  const page = await ext.context.newPage();
  await page.goto(`${pages.url}/devices.html?run=${Math.random()}`);
  const tracks = await page.evaluate(() => (window as unknown as DevWindow).dev.open());
  return { page, tabId: await tabIdOf(ext, page), tracks };
}

test('End camera track: the camera track ends as an unplugged camera ends it, the page hears `ended`, the microphone stays', async () => {
  const { page, tabId, tracks } = await devicesPage();
  const camera = tracks.find((t) => t.kind === 'video')!;
  const faultId = await arm(tabId, { kind: 'end-camera-track', params: {} });
  await expect.poll(() => page.evaluate(() => (window as unknown as DevWindow).dev.ended)).toEqual(['video']);
  expect(await page.evaluate(() => (window as unknown as DevWindow).dev.states())).toEqual(['audio live', 'video ended']);
  // A one-shot fault: it ends by itself, and the capture tells the ending apart from a page stop.
  const events = await captureUntil(ext, tabId, (evs) => faultLines(evs, faultId).includes('fault.ended done'));
  expect(faultLines(events, faultId)).toEqual(['fault.armed', `fault.applied ${camera.id} ended`, 'fault.ended done']);
  expect(ofKind(events, 'media.track').filter((e) => e.event === 'ended').map((e) => e.trackId)).toEqual([camera.id]);
});

test('Unplug device: the device leaves enumerateDevices with a devicechange, its track ends, a new request lands on another device or fails when none is left; Stop brings it back', async () => {
  const { page, tabId } = await devicesPage();
  const dev = () => page.evaluate(() => ({ ended: (window as unknown as DevWindow).dev.ended, changes: (window as unknown as DevWindow).dev.changes }));
  const list = await page.evaluate(() => (window as unknown as DevWindow).dev.list());
  const camera = list.find((d) => d.kind === 'videoinput')!;
  const faultId = await arm(tabId, { kind: 'unplug-device', params: { deviceId: camera.deviceId } });

  await expect.poll(async () => (await dev()).changes.length).toBe(1);
  const seen = await dev();
  expect(seen.ended).toEqual(['video']);
  expect(seen.changes[0]).not.toContain(`videoinput ${camera.label}`);
  expect(seen.changes[0]).toContain('audioinput Fake Default Audio Input');
  expect(await page.evaluate(() => (window as unknown as DevWindow).dev.tryOpen({ video: true }))).toBe('NotFoundError');
  expect(await page.evaluate(() => (window as unknown as DevWindow).dev.tryOpen({ audio: true }))).toBe('Fake Default Audio Input');

  await stop(tabId, faultId);
  await expect.poll(async () => (await dev()).changes.length).toBe(2);
  expect((await dev()).changes[1]).toContain(`videoinput ${camera.label}`);
  expect(await page.evaluate(() => (window as unknown as DevWindow).dev.tryOpen({ video: true }))).toBe(camera.label);

  // The capture shows the device going and coming back as the page saw it, beside the fault.
  const events = await captureUntil(ext, tabId, (evs) => ofKind(evs, 'media.devicechange').length >= 2);
  const changes = ofKind(events, 'media.devicechange').map((c) => `${c.removed.map((d) => `-${d.label}`).join(' ')}${c.added.map((d) => `+${d.label}`).join(' ')}`);
  expect(changes).toEqual([`-${camera.label}`, `+${camera.label}`]);
  expect(faultLines(events, faultId)).toEqual(expect.arrayContaining([`fault.applied ${camera.deviceId} unplugged`, `fault.applied ${camera.deviceId} plugged back`, 'fault.ended stopped']));

  // The default microphone unplugged: its track ends, and a new request lands on another
  // microphone, as a browser picks one; asking for exactly the unplugged one cannot be met.
  const micId = await arm(tabId, { kind: 'unplug-device', params: { deviceId: 'default' } });
  await expect.poll(async () => (await dev()).ended).toEqual(['video', 'audio']);
  expect(await page.evaluate(() => (window as unknown as DevWindow).dev.tryOpen({ audio: true }))).toBe('Fake Audio Input 1');
  expect(await page.evaluate(() => (window as unknown as DevWindow).dev.tryOpen({ audio: { deviceId: { exact: 'default' } } }))).toBe('OverconstrainedError');
  await stop(tabId, micId);
  expect(await page.evaluate(() => (window as unknown as DevWindow).dev.tryOpen({ audio: true }))).toBe('Fake Default Audio Input');
});
