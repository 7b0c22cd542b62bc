/**
 * The media and network faults against stand-ins for the browser objects they act on (the real
 * browser runs them in tests/e2e/simulate-media-faults.spec.ts): what the page sees while a fault is
 * armed, and that Stop gives everything back.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { forcedIceConfig, iceUrls, installMediaFaults, isTcpTurnUrl, mediaGates, reopenConstraints, visibleList } from '../../../../../extension/hook/faults/media.js';
import { armFault, installFaultListener, stopFaults } from '../../../../../extension/hook/faults/index.js';
import type { Emitter } from '../../../../../extension/hook/emitter.js';
import type { CaptureEvent } from '../../../../../core/capture/events.js';
import type { Fault } from '../../../../../core/simulate/faults.js';

const TURN = { urls: ['turn:t.example:3478?transport=udp', 'turn:t.example:3478?transport=tcp', 'turns:t.example:443'], username: 'u', credential: 'p' };

describe('forcedIceConfig', () => {
  it('Force relay: relay policy, the page object untouched, every server kept', () => {
    const page = { iceServers: [{ urls: 'stun:s.example' }, TURN], bundlePolicy: 'max-bundle' };
    const out = forcedIceConfig(page, false);
    expect(out).toEqual({ iceServers: page.iceServers, bundlePolicy: 'max-bundle', iceTransportPolicy: 'relay' });
    expect(page).not.toHaveProperty('iceTransportPolicy');
  });

  it('Block UDP: only TCP and TLS TURN URLs survive; STUN and UDP-only servers go', () => {
    const out = forcedIceConfig({ iceServers: [{ urls: 'stun:s.example' }, TURN, { urls: 'turn:udp.example' }], iceTransportPolicy: 'all' }, true);
    expect(out.iceTransportPolicy).toBe('relay');
    expect(out.iceServers).toEqual([{ urls: ['turn:t.example:3478?transport=tcp', 'turns:t.example:443'], username: 'u', credential: 'p' }]);
    expect(iceUrls(out)).toBe('turn:t.example:3478?transport=tcp turns:t.example:443');
  });

  it('reads hostile or missing configurations without throwing', () => {
    expect(forcedIceConfig(undefined, true)).toEqual({ iceTransportPolicy: 'relay', iceServers: [] });
    expect(forcedIceConfig({ iceServers: [null, 7, { urls: [1, 'turns:x'] }] }, true).iceServers).toEqual([{ urls: ['turns:x'] }]);
    expect(iceUrls({})).toBe('none');
  });

  it('knows a TCP TURN URL from a UDP one', () => {
    expect(isTcpTurnUrl('turn:h:3478?transport=tcp')).toBe(true);
    expect(isTcpTurnUrl('TURNS:h:5349')).toBe(true);
    expect(isTcpTurnUrl('turn:h:3478')).toBe(false);
    expect(isTcpTurnUrl('turn:h:3478?transport=tcpx')).toBe(false);
    expect(isTcpTurnUrl('stun:h?transport=tcp')).toBe(false);
  });

  it('reopenConstraints: asks again on another device, keeps the other constraints, refuses an exact ask', () => {
    expect(reopenConstraints({ audio: true, video: { width: 640 } }, ['video'], { video: 'cam2' })).toEqual({ audio: true, video: { width: 640, deviceId: { exact: 'cam2' } } });
    expect(reopenConstraints({ audio: true }, ['audio'], {})).toBe('NotFoundError');
    expect(reopenConstraints({ video: { deviceId: { exact: 'cam' } } }, ['video'], { video: 'cam2' })).toBe('OverconstrainedError');
  });

  it('visibleList leaves out unplugged devices', () => {
    expect(visibleList([{ deviceId: 'a' }, { deviceId: 'b' }], (id) => id !== 'a')).toEqual([{ deviceId: 'b' }]);
  });
});

// ---- stand-ins for the browser objects -----------------------------------------------------

class FakePC {
  config: Record<string, unknown>;
  setCalls: Record<string, unknown>[] = [];
  closed = false;
  constructor(config: Record<string, unknown> = {}) {
    this.config = { ...config };
  }
  getConfiguration() {
    return { ...this.config };
  }
  setConfiguration(c: Record<string, unknown>) {
    if (this.closed) throw new Error('InvalidStateError');
    this.setCalls.push(c);
    this.config = { ...c };
  }
}

class FakeTrack extends EventTarget {
  #enabled = true;
  readyState = 'live';
  label: string;
  constructor(
    readonly id: string,
    readonly kind: string,
    readonly deviceId: string,
  ) {
    super();
    this.label = `${kind} ${id}`;
  }
  get enabled() {
    return this.#enabled;
  }
  set enabled(v: boolean) {
    this.#enabled = v;
  }
  /** What the track really sends, whatever the page is told. */
  get sends() {
    return this.#enabled;
  }
  stop() {
    this.readyState = 'ended';
  }
  getSettings() {
    return { deviceId: this.deviceId };
  }
}

class FakeStream {
  constructor(private readonly list: FakeTrack[]) {}
  getTracks() {
    return this.list;
  }
}
const streamOf = (...t: FakeTrack[]) => new FakeStream(t) as unknown as MediaStream;

function setup() {
  const events: CaptureEvent[] = [];
  const em = { emit: (e: CaptureEvent) => events.push(e), now: () => 1 } as unknown as Emitter;
  const mediaDevices = new EventTarget();
  class FakeMediaDevices {
    enumerateDevices() {
      return Promise.resolve([
        { kind: 'videoinput', deviceId: 'cam', label: 'Camera' },
        { kind: 'audioinput', deviceId: 'default', label: 'Mic' },
      ]);
    }
  }
  const win = {
    MediaStream: FakeStream,
    MediaDevices: FakeMediaDevices,
    DOMException,
    RTCPeerConnection: FakePC,
    MediaStreamTrack: FakeTrack,
    EventTarget,
    Event,
    navigator: { mediaDevices: Object.assign(mediaDevices, { enumerateDevices: FakeMediaDevices.prototype.enumerateDevices }) },
    addEventListener() {},
  } as unknown as Window & typeof globalThis;
  (win as unknown as { top: unknown }).top = win;
  const pcs: { pc: object; id: string }[] = [];
  const tracks: FakeTrack[] = [];
  installFaultListener(win, em);
  installMediaFaults(win, { pcs: () => pcs, tracks: () => tracks as unknown as MediaStreamTrack[] });
  let n = 0;
  const arm = (fault: Fault) => {
    const id = `f-${++n}`;
    armFault({ id, t: 0, fault });
    return id;
  };
  const applied = () => events.filter((e) => e.kind === 'fault.applied').map((e) => `${(e as { target: string }).target} ${(e as { action: string }).action}`);
  return { events, pcs, tracks, mediaDevices, arm, applied };
}

describe('media faults in the page', () => {
  beforeEach(() => stopFaults());

  it('Force relay: existing connections get the relay policy, new ones are created relay-only, Stop gives back the page config', () => {
    const { pcs, arm, applied } = setup();
    const old = new FakePC({ iceServers: [TURN] });
    pcs.push({ pc: old, id: 'pc-1' });
    expect(mediaGates.net).toBeNull();
    const id = arm({ kind: 'force-relay', params: {} });
    expect(old.config.iceTransportPolicy).toBe('relay');
    // A connection constructed while armed: the capture records what it runs with.
    const fresh = new FakePC({ iceServers: [TURN] });
    const recorded = mediaGates.net!.created(fresh, { iceServers: [TURN] });
    mediaGates.net!.recorded(fresh, 'pc-2');
    expect(recorded.iceTransportPolicy).toBe('relay');
    expect(fresh.config.iceTransportPolicy).toBe('relay');
    // The page sets its own configuration while forced: relay stays, the page's is kept for Stop.
    expect(mediaGates.net!.pageSets(old, { iceServers: [], iceTransportPolicy: 'all' })).toMatchObject({ iceTransportPolicy: 'relay' });
    expect(applied()).toEqual(['pc-1 relay only', 'pc-2 relay only']);
    stopFaults(id);
    expect(mediaGates.net).toBeNull();
    expect(old.config).toEqual({ iceServers: [], iceTransportPolicy: 'all' });
    expect(fresh.config).toEqual({ iceServers: [TURN] });
  });

  it('Block UDP over Force relay: TCP wins while both hold; stopping it leaves relay with every server', () => {
    const { pcs, arm } = setup();
    const pc = new FakePC({ iceServers: [TURN] });
    pcs.push({ pc, id: 'pc-1' });
    const relay = arm({ kind: 'force-relay', params: {} });
    const udp = arm({ kind: 'block-udp', params: {} });
    expect(pc.config.iceServers).toEqual([{ ...TURN, urls: ['turn:t.example:3478?transport=tcp', 'turns:t.example:443'] }]);
    stopFaults(udp);
    expect(pc.config).toMatchObject({ iceTransportPolicy: 'relay', iceServers: [TURN] });
    stopFaults(relay);
    expect(pc.config).toEqual({ iceServers: [TURN] });
  });

  it('a closed connection does not stop the fault from applying to the others', () => {
    const { pcs, arm, applied } = setup();
    const closed = new FakePC();
    closed.closed = true;
    pcs.push({ pc: closed, id: 'pc-1' }, { pc: new FakePC(), id: 'pc-2' });
    arm({ kind: 'force-relay', params: {} });
    expect(applied()).toEqual(['pc-2 relay only']);
  });

  it('Mute microphone at source: the track sends nothing, the page still reads what it set, Stop restores the page value', () => {
    const { tracks, arm, applied } = setup();
    const mic = new FakeTrack('a1', 'audio', 'default');
    const cam = new FakeTrack('v1', 'video', 'cam');
    tracks.push(mic, cam);
    const id = arm({ kind: 'mute-microphone', params: {} });
    expect(mic.sends).toBe(false);
    expect(mic.enabled).toBe(true);
    expect(mic.readyState).toBe('live');
    expect(cam.sends).toBe(true);
    // The page mutes and unmutes itself while the fault holds the track: it reads its own value.
    mic.enabled = false;
    expect(mic.enabled).toBe(false);
    expect(mic.sends).toBe(false);
    // A microphone the page opens while armed is silenced too.
    const later = new FakeTrack('a2', 'audio', 'x');
    mediaGates.track!(later as unknown as MediaStreamTrack);
    expect(later.sends).toBe(false);
    expect(applied()).toEqual(['a1 silenced', 'a2 silenced']);
    stopFaults(id);
    expect(mediaGates.track).toBeNull();
    expect(mic.sends).toBe(false); // the page's own last word
    expect(later.sends).toBe(true);
    expect(later.enabled).toBe(true);
  });

  it('Mute microphone at source on one named track leaves the others alone', () => {
    const { tracks, arm } = setup();
    const a = new FakeTrack('a1', 'audio', 'd1');
    const b = new FakeTrack('a2', 'audio', 'd2');
    tracks.push(a, b);
    arm({ kind: 'mute-microphone', params: { track: 'a2' } });
    expect([a.sends, b.sends]).toEqual([true, false]);
  });

  it('End camera track: the camera track ends with an ended event; the microphone stays; the fault ends itself', () => {
    const { tracks, arm, events } = setup();
    const mic = new FakeTrack('a1', 'audio', 'default');
    const cam = new FakeTrack('v1', 'video', 'cam');
    tracks.push(mic, cam);
    let heard = 0;
    cam.addEventListener('ended', () => heard++);
    arm({ kind: 'end-camera-track', params: {} });
    expect(cam.readyState).toBe('ended');
    expect(heard).toBe(1);
    expect(mic.readyState).toBe('live');
    expect(events.find((e) => e.kind === 'fault.ended')).toMatchObject({ reason: 'done' });
  });

  it('End camera track with no camera says so and ends', () => {
    const { arm, applied, events } = setup();
    arm({ kind: 'end-camera-track', params: {} });
    expect(applied()).toEqual(['page not applied']);
    expect(events.some((e) => e.kind === 'fault.ended')).toBe(true);
  });

  it('Unplug device: hidden from the list, its tracks end, a devicechange each way', async () => {
    const { tracks, arm, mediaDevices } = setup();
    const cam = new FakeTrack('v1', 'video', 'cam');
    const mic = new FakeTrack('a1', 'audio', 'default');
    tracks.push(cam, mic);
    let changes = 0;
    mediaDevices.addEventListener('devicechange', () => changes++);
    let ended = 0;
    cam.addEventListener('ended', () => ended++);
    const id = arm({ kind: 'unplug-device', params: { deviceId: 'cam' } });
    expect(changes).toBe(1);
    expect([cam.readyState, ended, mic.readyState]).toEqual(['ended', 1, 'live']);
    expect(mediaGates.devices!.visible('cam')).toBe(false);
    expect(mediaGates.devices!.visible('default')).toBe(true);
    // A getUserMedia that lands on it is made again on another camera; with none left it fails.
    const landed = new FakeTrack('v2', 'video', 'cam');
    const asked: unknown[] = [];
    const again = mediaGates.devices!.reopen(streamOf(landed), { video: { width: 640 } }, (c) => {
      asked.push(c);
      return Promise.resolve({} as MediaStream);
    });
    expect(landed.readyState).toBe('ended');
    await expect(again).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(asked).toEqual([]);
    expect(mediaGates.devices!.reopen(streamOf(mic), { audio: true }, () => Promise.reject(new Error('not asked again')))).toBeNull();
    stopFaults(id);
    expect(changes).toBe(2);
    expect(mediaGates.devices).toBeNull();
  });
});
