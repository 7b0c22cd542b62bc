import { describe, expect, it } from 'vitest';
import { evaluateBrowser, type BrowserFeatures } from '../../../../../core/preflight/checks/browser.js';
import { accessFromError, countDevices, evaluatePermissions, type PermissionFacts } from '../../../../../core/preflight/checks/permissions.js';
import { addWindow, emptyLevels, evaluateMicrophone } from '../../../../../core/preflight/checks/microphone.js';
import { evaluateCamera, meanLuma } from '../../../../../core/preflight/checks/camera.js';
import { evaluateSpeakers } from '../../../../../core/preflight/checks/speakers.js';
import { distinctInputs, evaluateCapabilities } from '../../../../../core/preflight/checks/capabilities.js';
import type { LadderStep } from '../../../../../core/preflight/checks/shared.js';

const modern: BrowserFeatures = {
  userAgent: 'UA',
  secureContext: true,
  rtcPeerConnection: true,
  getUserMedia: true,
  getDisplayMedia: true,
  setSinkId: true,
  encodedTransforms: 'RTCRtpScriptTransform',
  sendCodecs: { audio: ['audio/opus'], video: ['video/VP8', 'video/H264'] },
  receiveCodecs: { audio: ['audio/opus'], video: ['video/VP8'] },
};

describe('browser support', () => {
  it('passes a modern browser', () => {
    expect(evaluateBrowser(modern).status).toBe('pass');
  });
  it('fails an insecure page with https advice, and a browser without WebRTC', () => {
    const insecure = evaluateBrowser({ ...modern, secureContext: false });
    expect(insecure.status).toBe('fail');
    expect((insecure.advice ?? []).join(' ')).toMatch(/https:\/\//);
    expect(evaluateBrowser({ ...modern, rtcPeerConnection: false }).summary).toMatch(/lacks WebRTC/);
  });
  it('warns when speaker choice or a common video codec is missing', () => {
    const noSink = evaluateBrowser({ ...modern, setSinkId: false });
    expect(noSink.status).toBe('warn');
    expect(noSink.summary).toMatch(/choosing a speaker/);
    expect(evaluateBrowser({ ...modern, sendCodecs: { audio: ['audio/opus'], video: ['video/AV1'] } }).summary).toMatch(/VP8 or H.264/);
  });
});

const devices = { audioinput: 1, videoinput: 1, audiooutput: 1, labelsVisible: true };
const facts = (over: Partial<PermissionFacts>): PermissionFacts => ({
  before: { camera: 'prompt', microphone: 'prompt' },
  access: { audio: 'granted', video: 'granted' },
  errors: {},
  devices,
  ...over,
});

describe('permissions', () => {
  it('maps getUserMedia errors to what the user can do', () => {
    expect(accessFromError(new DOMException('x', 'NotAllowedError'))).toBe('denied');
    expect(accessFromError(new DOMException('x', 'NotFoundError'))).toBe('missing');
    expect(accessFromError(new DOMException('x', 'NotReadableError'))).toBe('error');
  });
  it('fails on a denied device and tells how to allow it', () => {
    const out = evaluatePermissions(facts({ access: { audio: 'denied', video: 'granted' } }));
    expect(out.status).toBe('fail');
    expect(out.summary).toMatch(/^Microphone access is blocked/);
    expect(out.advice?.[0]).toMatch(/Allow the microphone/);
  });
  it('warns when a device is missing, fails when one is busy', () => {
    expect(evaluatePermissions(facts({ access: { audio: 'granted', video: 'missing' } })).status).toBe('warn');
    const busy = evaluatePermissions(facts({ access: { audio: 'error', video: 'granted' }, errors: { audio: 'NotReadableError: in use' } }));
    expect(busy.status).toBe('fail');
    expect(busy.summary).toContain('NotReadableError: in use');
  });
  it('counts devices without the default/communications aliases', () => {
    const list = [
      { deviceId: 'default', kind: 'audioinput', label: 'Default', groupId: 'g' },
      { deviceId: 'a1', kind: 'audioinput', label: 'Mic', groupId: 'g' },
      { deviceId: 'v1', kind: 'videoinput', label: '', groupId: 'h' },
    ] as MediaDeviceInfo[];
    expect(countDevices(list)).toEqual({ audioinput: 1, videoinput: 1, audiooutput: 0, labelsVisible: true });
    expect(distinctInputs(list).map((d) => d.deviceId)).toEqual(['a1', 'v1']);
  });
});

function sine(amplitude: number, n = 2048): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => amplitude * Math.sin((2 * Math.PI * 440 * i) / 48000));
}

describe('microphone level', () => {
  it('measures a -23 dBFS tone as sound', () => {
    const s = emptyLevels();
    for (let i = 0; i < 20; i++) addWindow(s, sine(0.1));
    const out = evaluateMicrophone(s, 'Mic', 2000);
    expect(out.status).toBe('pass');
    expect(out.metrics!.rmsDbfs).toBeCloseTo(-23, 0);
  });
  it('fails silence below -60 dBFS with unmute advice', () => {
    const s = emptyLevels();
    for (let i = 0; i < 20; i++) addWindow(s, sine(0.0005));
    const out = evaluateMicrophone(s, 'Mic', 2000);
    expect(out.status).toBe('fail');
    expect((out.advice ?? []).join(' ')).toMatch(/not muted/);
    const zero = emptyLevels();
    addWindow(zero, new Float32Array(2048));
    expect(evaluateMicrophone(zero, 'Mic', 2000).summary).toMatch(/no signal at all/);
  });
  it('passes speech with pauses: one loud window is enough', () => {
    const s = emptyLevels();
    for (let i = 0; i < 19; i++) addWindow(s, new Float32Array(2048));
    addWindow(s, sine(0.05));
    expect(evaluateMicrophone(s, 'Mic', 2000).status).toBe('pass');
  });
  it('warns about clipping', () => {
    const s = emptyLevels();
    for (let i = 0; i < 10; i++) addWindow(s, sine(1.5).map((v) => Math.max(-1, Math.min(1, v))));
    const out = evaluateMicrophone(s, 'Mic', 1000);
    expect(out.status).toBe('warn');
    expect(out.summary).toMatch(/too loud/);
  });
});

const step = (w: number, h: number, over: Partial<LadderStep> = {}): LadderStep => ({ width: w, height: h, ok: true, fps: 30, blackPercent: 0, frozenPercent: 0, ...over });

describe('camera ladder', () => {
  it('passes and lists what opened', () => {
    const out = evaluateCamera('Cam', [step(320, 240), step(640, 480), step(1920, 1080, { ok: false, error: 'OverconstrainedError', fps: undefined })]);
    expect(out.status).toBe('pass');
    expect(out.summary).toBe('Opens at 320x240, 640x480; 30 fps at 640x480.');
  });
  it('fails when nothing opens, when all black, when frames barely come', () => {
    expect(evaluateCamera('Cam', [step(320, 240, { ok: false, error: 'NotReadableError' })]).status).toBe('fail');
    const black = evaluateCamera('Cam', [step(320, 240, { blackPercent: 100 })]);
    expect(black.status).toBe('fail');
    expect((black.advice ?? []).join(' ')).toMatch(/shutter/);
    expect(evaluateCamera('Cam', [step(320, 240, { fps: 2 })]).status).toBe('fail');
  });
  it('warns on a low frame rate or some black frames', () => {
    expect(evaluateCamera('Cam', [step(320, 240, { fps: 9 })]).summary).toMatch(/only 9 fps/);
    const partlyBlack = evaluateCamera('Cam', [step(320, 240), step(640, 480, { blackPercent: 50 })]);
    expect(partlyBlack.status).toBe('warn');
    expect(partlyBlack.summary).toMatch(/black frames at 640x480/);
  });
  it('reports identical frames without judging them (a still scene looks the same)', () => {
    const out = evaluateCamera('Cam', [step(640, 480, { frozenPercent: 100 })]);
    expect(out.status).toBe('pass');
    expect(JSON.stringify(out.metrics)).toContain('"frozenPercent":100');
  });
  it('computes luma so black is dark and a grey picture is not', () => {
    expect(meanLuma([0, 0, 0, 255, 10, 10, 10, 255])).toBeLessThan(16);
    expect(meanLuma([128, 128, 128, 255])).toBeCloseTo(128, 0);
  });
});

describe('speakers', () => {
  it('passes when every output accepts setSinkId, warns on partial, fails on none', () => {
    expect(evaluateSpeakers(true, [{ label: 'A', deviceId: 'a', ok: true }], false).status).toBe('pass');
    const partial = evaluateSpeakers(true, [{ label: 'A', deviceId: 'a', ok: true }, { label: 'B', deviceId: 'b', ok: false, error: 'NotFoundError' }], false);
    expect(partial.status).toBe('warn');
    expect(partial.summary).toContain('"B"');
    expect(evaluateSpeakers(true, [{ label: 'B', deviceId: 'b', ok: false }], false).status).toBe('fail');
  });
  it('does not hold it against a browser that lists only speakers the user picked (Firefox)', () => {
    const out = evaluateSpeakers(true, [], false, true);
    expect(out.status).toBe('skip');
    expect(out.summary).toMatch(/after you pick it/);
  });
  it('explains a browser without speaker choice or without a speaker list', () => {
    expect(evaluateSpeakers(false, [], false).summary).toMatch(/cannot choose a speaker/);
    expect(evaluateSpeakers(true, [], true).summary).toMatch(/until camera or microphone access is allowed/);
  });
});

describe('device capabilities', () => {
  it('summarises the camera size range and audio processing, and shortens device ids', () => {
    const out = evaluateCapabilities(
      [
        { kind: 'videoinput', label: 'Cam', deviceId: 'abcdef0123456789', capabilities: { width: { max: 1920 }, height: { max: 1080 }, frameRate: { max: 30 } }, settings: null, probedResolutions: [{ width: 640, height: 480, fps: 30 }] },
        { kind: 'audioinput', label: 'Mic', deviceId: 'm1', capabilities: { echoCancellation: [true, false] }, settings: null },
      ],
      true,
    );
    expect(out.status).toBe('pass');
    expect(out.summary).toBe('Read 2 device(s): "Cam" up to 1920x1080 at 30 fps; "Mic" with echoCancellation.');
    expect(JSON.stringify(out.metrics)).not.toContain('abcdef0123456789');
    expect(JSON.stringify(out.metrics)).toContain('probedResolutions');
  });
  it('warns when a device cannot be opened', () => {
    const out = evaluateCapabilities(
      [
        { kind: 'audioinput', label: 'Mic', deviceId: 'm1', capabilities: {}, settings: null },
        { kind: 'videoinput', label: 'Cam', deviceId: 'c1', capabilities: null, settings: null, error: 'NotReadableError' },
      ],
      true,
    );
    expect(out.status).toBe('warn');
    expect(out.summary).toMatch(/"Cam" could not be opened \(NotReadableError\)/);
  });
});
