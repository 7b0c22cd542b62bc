/**
 * A browser that never answers the permission step (Firefox holds getUserMedia and the device list
 * of a hidden tab; a prompt may be left open): the step ends after BROWSER_ANSWER_LIMIT_MS with a
 * warning that says so, the device checks skip instead of waiting again, and the run finishes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig, runBrowserPreflight, type CheckResult, type PreflightEvent } from '../../../../../core/preflight/index.js';
import { BROWSER_ANSWER_LIMIT_MS, NO_ANSWER_TO_LIST, NO_ANSWER_TO_REQUEST } from '../../../../../core/preflight/checks/permissions.js';

const never = <T,>() => new Promise<T>(() => {});
const granted = () => Promise.resolve({ getTracks: () => [{ stop() {} }] } as unknown as MediaStream);
const devices = [
  { deviceId: 'a1', kind: 'audioinput', label: 'Mic', groupId: 'g' },
  { deviceId: 'v1', kind: 'videoinput', label: 'Cam', groupId: 'g' },
] as MediaDeviceInfo[];

function stubMedia(getUserMedia: () => Promise<MediaStream>, enumerateDevices: () => Promise<MediaDeviceInfo[]>) {
  const md = { getUserMedia: vi.fn(getUserMedia), enumerateDevices: vi.fn(enumerateDevices) };
  vi.stubGlobal('navigator', { mediaDevices: md, permissions: { query: async () => ({ state: 'prompt' }) } });
  return md;
}

const DEVICE_CHECKS = ['microphone', 'camera', 'capabilities', 'speakers'] as const;

function start() {
  const events: PreflightEvent[] = [];
  const t0 = Date.now();
  let doneAt: number | null = null;
  const sub = runBrowserPreflight(defaultConfig({ only: ['permissions', ...DEVICE_CHECKS] })).subscribe((e) => {
    events.push(e);
    if (e.type === 'done') doneAt = Date.now() - t0;
  });
  const results = () => new Map(events.flatMap((e) => (e.type === 'check-done' ? [[e.result.id, e.result] as const] : [])));
  return { events, sub, results, doneAfter: () => doneAt };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('a permission step the browser never answers', () => {
  it('ends as a warning saying why after the limit, and the run moves on without waiting again', async () => {
    vi.useFakeTimers();
    const md = stubMedia(never, async () => devices);
    const run = start();
    await vi.advanceTimersByTimeAsync(BROWSER_ANSWER_LIMIT_MS - 100);
    expect(run.results().has('permissions')).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    const perm = run.results().get('permissions') as CheckResult;
    expect(perm.status).toBe('warn');
    expect(perm.summary).toBe(`${NO_ANSWER_TO_REQUEST.charAt(0).toUpperCase()}${NO_ANSWER_TO_REQUEST.slice(1)}.`);
    expect(perm.advice.join(' ')).toMatch(/Show the tab being checked/);
    expect(perm.metrics).toMatchObject({ microphone: 'unanswered', camera: 'unanswered', devicesListed: false });
    for (const id of DEVICE_CHECKS) {
      expect(run.results().get(id), id).toMatchObject({ status: 'skip', summary: expect.stringMatching(/did not answer the camera and microphone request/) });
    }
    expect(run.doneAfter()).not.toBeNull();
    expect(run.doneAfter()!).toBeLessThan(BROWSER_ANSWER_LIMIT_MS + 1000);
    // Nothing asked the stalled browser a second time.
    expect(md.getUserMedia).toHaveBeenCalledTimes(1);
    expect(md.enumerateDevices).not.toHaveBeenCalled();
  });

  it('also bounds the device list when access was granted but the list never comes', async () => {
    vi.useFakeTimers();
    const md = stubMedia(granted, never);
    const run = start();
    await vi.advanceTimersByTimeAsync(BROWSER_ANSWER_LIMIT_MS + 100);
    const perm = run.results().get('permissions') as CheckResult;
    expect(perm.status).toBe('warn');
    expect(perm.summary.toLowerCase()).toContain(NO_ANSWER_TO_LIST);
    expect(perm.metrics).toMatchObject({ microphone: 'granted', camera: 'granted', devicesListed: false, audioInputs: null });
    for (const id of DEVICE_CHECKS) expect(run.results().get(id)?.status, id).toBe('skip');
    expect(run.doneAfter()).not.toBeNull();
    expect(md.enumerateDevices).toHaveBeenCalledTimes(1);
  });

  it('passes as before when the browser answers', async () => {
    stubMedia(granted, async () => devices);
    const run = start();
    await vi.waitFor(() => expect(run.results().has('permissions')).toBe(true));
    expect(run.results().get('permissions')).toMatchObject({ status: 'pass', metrics: { devicesListed: true, audioInputs: 1, videoInputs: 1 } });
    run.sub.unsubscribe();
  });

  it('can still be cancelled while it waits: nothing more is reported', async () => {
    vi.useFakeTimers();
    stubMedia(never, async () => devices);
    const run = start();
    await vi.advanceTimersByTimeAsync(5000);
    run.sub.unsubscribe();
    const seen = run.events.length;
    await vi.advanceTimersByTimeAsync(BROWSER_ANSWER_LIMIT_MS * 2);
    expect(run.events.length).toBe(seen);
    expect(run.results().has('permissions')).toBe(false);
  });
});
