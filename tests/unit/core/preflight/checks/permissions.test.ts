import { afterEach, describe, expect, it, vi } from 'vitest';
import { BROWSER_ANSWER_LIMIT_MS, NO_ANSWER_TO_REQUEST, requestAccess } from '../../../../../core/preflight/checks/permissions.js';

type Gum = (c: MediaStreamConstraints) => Promise<MediaStream>;

function stubGum(gum: Gum) {
  vi.stubGlobal('navigator', { mediaDevices: { getUserMedia: vi.fn(gum) } });
  return (globalThis.navigator as unknown as { mediaDevices: { getUserMedia: ReturnType<typeof vi.fn> } }).mediaDevices.getUserMedia;
}
const stream = () => ({ getTracks: () => [{ stop: vi.fn() }] }) as unknown as MediaStream;
const refuse = (name: string) => Promise.reject(new DOMException('no', name));

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('asking for camera and microphone', () => {
  it('asks once when both are allowed', async () => {
    const gum = stubGum(async () => stream());
    const r = await requestAccess({}, new AbortController().signal, () => {});
    expect(r.access).toEqual({ audio: 'granted', video: 'granted' });
    expect(gum).toHaveBeenCalledTimes(1);
  });

  it('when the joint request fails, asks for each alone to tell which one was refused', async () => {
    const gum = stubGum((c) => (c.video ? refuse('NotAllowedError') : Promise.resolve(stream())));
    const r = await requestAccess({ audioInputId: 'mic-2' }, new AbortController().signal, () => {});
    expect(r.access).toEqual({ audio: 'granted', video: 'denied' });
    expect(r.errors.video).toMatch(/^NotAllowedError/);
    expect(gum).toHaveBeenCalledTimes(3);
    // The chosen device is asked for exactly, not "any microphone".
    expect(gum.mock.calls[1]![0]).toEqual({ audio: { deviceId: { exact: 'mic-2' } } });
  });

  it('tells a missing camera from a refused one', async () => {
    stubGum((c) => (c.video ? refuse('NotFoundError') : Promise.resolve(stream())));
    const r = await requestAccess({}, new AbortController().signal, () => {});
    expect(r.access).toEqual({ audio: 'granted', video: 'missing' });
  });

  it('says it is waiting for the prompt, and gives up when the browser does not answer in time', async () => {
    vi.useFakeTimers();
    stubGum(() => new Promise<MediaStream>(() => {}));
    const waiting = vi.fn();
    let settled = false;
    const p = requestAccess({}, new AbortController().signal, waiting).finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(2000);
    expect(waiting).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(BROWSER_ANSWER_LIMIT_MS - 2001);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const r = await p;
    expect(r.access).toEqual({ audio: 'unanswered', video: 'unanswered' });
    expect(r.errors.audio).toBe(NO_ANSWER_TO_REQUEST);
  });

  it('shares one deadline between the joint request and the per-device ones', async () => {
    vi.useFakeTimers();
    // The joint request is refused after 15 s (a prompt dismissed late); the retry is never answered.
    stubGum((c) => (c.video && c.audio ? new Promise<MediaStream>((_, no) => setTimeout(() => no(new DOMException('no', 'NotAllowedError')), 15_000)) : new Promise<MediaStream>(() => {})));
    const t0 = Date.now();
    let settledAt = 0;
    const p = requestAccess({}, new AbortController().signal, () => {}).finally(() => (settledAt = Date.now()));
    await vi.advanceTimersByTimeAsync(BROWSER_ANSWER_LIMIT_MS + 5000);
    const r = await p;
    // Not 15 s plus another full limit per device.
    expect(settledAt - t0).toBeGreaterThanOrEqual(BROWSER_ANSWER_LIMIT_MS);
    expect(settledAt - t0).toBeLessThan(BROWSER_ANSWER_LIMIT_MS + 50);
    expect(r.access).toEqual({ audio: 'unanswered', video: 'unanswered' });
  });

  it('stops waiting at once when the run is cancelled', async () => {
    stubGum(() => new Promise<MediaStream>(() => {}));
    const abort = new AbortController();
    const p = requestAccess({}, abort.signal, () => {});
    abort.abort(new Error('cancelled'));
    await expect(p).rejects.toThrow('cancelled');
  });
});
