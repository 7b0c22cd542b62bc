import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BehaviorSubject, ReplaySubject, Subject } from 'rxjs';
import { found, flushMicrotasks, install, makeWindow, sdkEvents, type FakeWindow } from './fakeWindow.js';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLXNlY3JldA';

class FakeTelnyx {
  static SOME_CONSTANT = 42;
  static webRTCInfo(): string {
    return 'supported';
  }
  handlers = new Map<string, ((p: unknown) => void)[]>();
  calls: Record<string, { id: string; state: string; direction: string }> = {};
  connected = false;
  options: unknown;
  constructor(opts: { explode?: boolean } & Record<string, unknown>) {
    if (opts?.explode) throw new TypeError('bad options');
    this.options = opts;
  }
  on(name: string, fn: (p: unknown) => void): this {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), fn]);
    return this;
  }
  newCall(): void {}
  fire(name: string, payload?: unknown): void {
    for (const fn of this.handlers.get(name) ?? []) fn(payload);
  }
  async runNetworkCheck(opts: unknown): Promise<unknown> {
    return { ok: true, checked: opts };
  }
}

/** What a UMD bundle does: assign an empty exports object, then fill it. */
async function loadTelnyxUmd(win: FakeWindow): Promise<typeof FakeTelnyx> {
  const ns: Record<string, unknown> = {};
  win.TelnyxWebRTC = ns;
  ns.TelnyxRTC = FakeTelnyx;
  await flushMicrotasks();
  return (win.TelnyxWebRTC as { TelnyxRTC: typeof FakeTelnyx }).TelnyxRTC;
}

class FakeSignalWire4 {
  preferences = { relayHost: '', iceServers: [{ urls: 'turn:127.0.0.1:3478', username: 'u', credential: 'turn-secret' }] };
  private connected$ = new BehaviorSubject(false);
  private err$ = new ReplaySubject<Error>(1);
  private destroyed = new Subject<void>();
  constructor(
    public provider: unknown,
    public opts: unknown,
  ) {}
  get isConnected$() {
    return this.connected$.asObservable();
  }
  get errors$() {
    return this.err$.asObservable();
  }
  get destroyed$() {
    return this.destroyed.asObservable();
  }
  get audioInputDevices$() {
    return new BehaviorSubject([{ deviceId: 'mic-1', kind: 'audioinput', label: 'Mic', groupId: 'g' }]).asObservable();
  }
  get audioInputDevices() {
    return [{ deviceId: 'mic-1', kind: 'audioinput', label: 'Mic', groupId: 'g' }];
  }
  get videoInputDevices() {
    return [];
  }
  setConnected(v: boolean): void {
    this.connected$.next(v);
  }
  fail(e: Error): void {
    this.err$.next(e);
  }
  async preflight(dest: string, options: unknown): Promise<unknown> {
    return { ok: true, dest, options, token: JWT };
  }
  async getDeviceCapabilities(d: { deviceId: string }): Promise<unknown> {
    return { deviceId: d.deviceId, sampleRate: { min: 8000, max: 48000 } };
  }
  exportDiagnostics(): unknown {
    throw new Error('diagnostics exploded');
  }
}
class StaticCredentialProvider {
  constructor(public credentials: unknown) {}
}

async function loadSignalWire4Umd(win: FakeWindow): Promise<typeof FakeSignalWire4> {
  const ns: Record<string, unknown> = {};
  win.SignalWire = ns;
  // The 4.0 beta bundle announces itself before filling its exports, and reports 3.30.0.
  win.dispatchEvent(new Event('signalwire:js:ready'));
  ns.SignalWire = FakeSignalWire4;
  ns.StaticCredentialProvider = StaticCredentialProvider;
  ns.version = '3.30.0';
  ns.ready = true;
  await flushMicrotasks();
  return (win.SignalWire as { SignalWire: typeof FakeSignalWire4 }).SignalWire;
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}

describe('a page without an SDK', () => {
  it('sees no globals of ours but the documented hook, and assignments behave as plain properties', () => {
    const win = install(makeWindow());
    expect(Object.keys(win)).not.toContain('SignalWire');
    expect(Object.keys(win)).not.toContain('TelnyxWebRTC');
    expect(win.SignalWire).toBeUndefined();
    win.SignalWire = 5;
    expect(win.SignalWire).toBe(5);
    expect(Object.keys(win)).toContain('SignalWire');
    win.SignalWire = 'other';
    expect(win.SignalWire).toBe('other');
    expect(found(win)).toHaveLength(0);
  });
});

describe('Telnyx through its UMD global', () => {
  let win: FakeWindow;
  beforeEach(() => {
    win = install(makeWindow());
  });

  it('reports the library and each client, with options summarised and no secret', async () => {
    const Ctor = await loadTelnyxUmd(win);
    const client = new Ctor({ login_token: JWT, debug: true, iceServers: [{ urls: 'turn:x', username: 'u', credential: 'p4ss' }] });
    const f = found(win);
    expect(f.map((e) => e.via)).toEqual(['global', 'constructor']);
    expect(f[1]).toMatchObject({ sdk: 'telnyx', version: '2.x', detail: { options: { auth: 'login_token', debug: true } } });
    const all = JSON.stringify(win.events);
    expect(all).not.toContain(JWT);
    expect(all).not.toContain('p4ss');
    expect(client).toBeInstanceOf(FakeTelnyx);
  });

  it('keeps instanceof, statics, name, length and source text of the wrapped constructor', async () => {
    const Ctor = await loadTelnyxUmd(win);
    expect(Ctor).not.toBe(FakeTelnyx);
    expect(Ctor.name).toBe('FakeTelnyx');
    expect(Ctor.length).toBe(FakeTelnyx.length);
    expect(Ctor.SOME_CONSTANT).toBe(42);
    expect(Ctor.webRTCInfo()).toBe('supported');
    expect(Ctor.prototype).toBe(FakeTelnyx.prototype);
    expect(String(Ctor)).toBe(String(FakeTelnyx));
    expect(Ctor.toString()).toBe(FakeTelnyx.toString());
    const c = new Ctor({});
    expect(c instanceof Ctor).toBe(true);
    expect(Object.getPrototypeOf(c)).toBe(FakeTelnyx.prototype);
    // Reading the global twice gives the same wrapper.
    expect((win.TelnyxWebRTC as { TelnyxRTC: unknown }).TelnyxRTC).toBe(Ctor);
  });

  it('sees subclass instances and passes the SDK constructor errors through unchanged', async () => {
    const Ctor = await loadTelnyxUmd(win);
    class Mine extends Ctor {
      extra = 1;
    }
    const m = new Mine({});
    expect(m).toBeInstanceOf(Mine);
    expect(m).toBeInstanceOf(FakeTelnyx);
    expect(m.extra).toBe(1);
    expect(found(win).filter((e) => e.via === 'constructor')).toHaveLength(1);
    expect(() => new Ctor({ explode: true })).toThrow(new TypeError('bad options'));
  });

  it('relays the client events and call state changes', async () => {
    vi.useFakeTimers();
    try {
      win = install(makeWindow());
      const Ctor = await loadTelnyxUmd(win);
      const c = new Ctor({ login: 'alice', password: 'hunter2' });
      let pageSaw = 0;
      c.on('telnyx.ready', () => (pageSaw += 1));
      c.fire('telnyx.ready');
      c.fire('telnyx.error', { error: { code: 46001, name: 'LOGIN_FAILED', message: 'Login failed' }, sessionId: 's1' });
      c.fire('telnyx.notification', { type: 'callUpdate', call: { id: 'call-1', state: 'ringing', direction: 'outbound', peer: { huge: true } } });
      expect(pageSaw).toBe(1);
      c.connected = true;
      c.calls['call-1'] = { id: 'call-1', state: 'active', direction: 'outbound' };
      vi.advanceTimersByTime(1100);
      c.calls['call-1'].state = 'hangup';
      vi.advanceTimersByTime(1000);
      delete c.calls['call-1'];
      vi.advanceTimersByTime(1000);
      const names = sdkEvents(win).map((e) => e.name);
      expect(names).toEqual(['telnyx.ready', 'telnyx.error', 'telnyx.notification', 'connected', 'call.added', 'call.state', 'call.removed']);
      expect(sdkEvents(win, 'telnyx.notification')[0]!.data).toEqual({ type: 'callUpdate', call: { id: 'call-1', state: 'ringing', direction: 'outbound' } });
      expect(sdkEvents(win, 'call.state')[0]!.data).toMatchObject({ id: 'call-1', state: 'hangup', from: 'active' });
      expect(JSON.stringify(win.events)).not.toContain('hunter2');
    } finally {
      vi.useRealTimers();
    }
  });

  it('runs the SDK preflight on command and ignores commands from other windows', async () => {
    const Ctor = await loadTelnyxUmd(win);
    new Ctor({});
    const id = found(win)[1]!.id;
    const cmd = { source: 'rtc-devtools-bridge', command: { v: 1, type: 'sdk.command', reqId: 'r1', sdkId: id, command: 'preflight', args: [{}] } };
    win.post(cmd, {});
    win.post({ ...cmd, command: { ...cmd.command, reqId: 'r2' } });
    await until(() => sdkEvents(win, 'command.result').length > 0);
    const results = sdkEvents(win, 'command.result');
    expect(results).toHaveLength(1);
    expect(results[0]!.data).toMatchObject({ reqId: 'r2', ok: true, value: { ok: true } });
  });
});

describe('SignalWire 4.x through its UMD global', () => {
  it('reports the 4.x shape despite the bundle saying 3.30.0, and streams observables', async () => {
    const win = install(makeWindow());
    const Ctor = await loadSignalWire4Umd(win);
    const client = new Ctor(new StaticCredentialProvider({ token: JWT }), { skipRegister: true });
    client.preferences.relayHost = 'ws://127.0.0.1:1234';
    const f = found(win);
    expect(f[0]).toMatchObject({ via: 'global', version: '4.x', detail: { reportedVersion: '3.30.0', generation: 4 } });
    expect(f[1]).toMatchObject({ via: 'constructor', sdk: 'signalwire', detail: { options: { credentialProvider: 'StaticCredentialProvider', skipRegister: true } } });
    client.setConnected(true);
    client.fail(Object.assign(new Error(`auth failed for ${JWT}`), { name: 'InvalidCredentialsError' }));
    await until(() => sdkEvents(win, 'errors$').length > 0 && sdkEvents(win, 'preferences').length > 0);
    expect(sdkEvents(win, 'isConnected$').map((e) => e.data)).toEqual([false, true]);
    expect(sdkEvents(win, 'errors$')[0]!.data).toEqual({ name: 'InvalidCredentialsError', message: 'auth failed for [redacted]' });
    expect(sdkEvents(win, 'audioInputDevices$')[0]!.data).toEqual([{ deviceId: 'mic-1', kind: 'audioinput', label: 'Mic', groupId: 'g' }]);
    const prefs = sdkEvents(win, 'preferences').at(-1)!.data;
    expect(prefs).toMatchObject({ relayHost: 'ws://127.0.0.1:1234', iceServers: [{ urls: ['turn:127.0.0.1:3478'], hasCredentials: true }] });
    expect(JSON.stringify(win.events)).not.toContain('turn-secret');
    expect(JSON.stringify(win.events)).not.toContain(JWT);
  });

  it('runs preflight, getDeviceCapabilities and exportDiagnostics, reporting SDK errors as results', async () => {
    const win = install(makeWindow());
    const Ctor = await loadSignalWire4Umd(win);
    new Ctor(undefined, {});
    const id = found(win)[1]!.id;
    const send = (reqId: string, command: string, args: unknown[] = []) =>
      win.post({ source: 'rtc-devtools-bridge', command: { v: 1, type: 'sdk.command', reqId, sdkId: `frame-7:${id}`, command, args } });
    send('a', 'preflight');
    send('b', 'getDeviceCapabilities', [{ deviceId: 'mic-1' }]);
    send('c', 'exportDiagnostics');
    send('d', 'getDeviceCapabilities', [{ deviceId: 'nope' }]);
    await until(() => sdkEvents(win, 'command.result').length === 4);
    const byReq = Object.fromEntries(sdkEvents(win, 'command.result').map((e) => [(e.data as { reqId: string }).reqId, e.data]));
    expect(byReq.a).toMatchObject({ ok: true, value: { ok: true, dest: '', options: { skipMediaTest: true }, token: '[redacted]' } });
    expect(byReq.b).toMatchObject({ ok: true, value: [{ device: { deviceId: 'mic-1' }, capabilities: { sampleRate: { max: 48000 } } }] });
    expect(byReq.c).toMatchObject({ ok: false, error: { name: 'Error', message: 'diagnostics exploded' } });
    expect(byReq.d).toMatchObject({ ok: false, error: { name: 'NotFoundError' } });
  });
});

describe('the __RTC_DEVTOOLS_HOOK__ registration', () => {
  afterEach(() => vi.useRealTimers());

  it('registers entries queued before the hook was installed, and pushes made after', () => {
    const early = new FakeTelnyx({ login_token: JWT });
    const win = makeWindow({ __RTC_DEVTOOLS_HOOK__: { queue: [{ client: early, sdk: 'telnyx', version: '2.27.10' }] } });
    install(win);
    expect(found(win)).toMatchObject([{ sdk: 'telnyx', version: '2.27.10', via: 'register', detail: { options: { auth: 'login_token' } } }]);
    const hook = win.__RTC_DEVTOOLS_HOOK__ as { queue: unknown[]; register(c: unknown, i?: unknown): string };
    const late = new FakeSignalWire4(undefined, {});
    hook.queue.push([late, { sdk: 'signalwire', version: '4.0.0-beta.12', name: 'agent line' }]);
    expect(found(win)[1]).toMatchObject({ sdk: 'signalwire', version: '4.0.0-beta.12', via: 'register', detail: { name: 'agent line', generation: 4 } });
    // The same client registered twice keeps one id.
    expect(hook.register(late)).toBe(found(win)[1]!.id);
    expect(found(win)).toHaveLength(2);
  });

  it('works with the `??=` pattern after install, and with an app that assigns a fresh hook object', () => {
    const win = install(makeWindow());
    const w = win as unknown as { __RTC_DEVTOOLS_HOOK__?: { queue: unknown[] } };
    (w.__RTC_DEVTOOLS_HOOK__ ??= { queue: [] }).queue.push({ client: new FakeTelnyx({}) });
    w.__RTC_DEVTOOLS_HOOK__ = { queue: [{ client: new FakeTelnyx({}), sdk: 'telnyx' }] };
    expect(found(win).map((e) => e.sdk)).toEqual(['telnyx', 'telnyx']);
  });

  it('survives hostile clients whose every property throws', () => {
    const win = install(makeWindow());
    const hostile = new Proxy({}, { get: () => { throw new Error('gotcha'); }, ownKeys: () => { throw new Error('gotcha'); } });
    const hook = win.__RTC_DEVTOOLS_HOOK__ as { register(c: unknown, i?: unknown): string | undefined };
    expect(() => hook.register(hostile, { sdk: 'telnyx' })).not.toThrow();
    expect(() => hook.register(hostile)).not.toThrow();
  });
});

describe('edge cases', () => {
  it('wraps in place when the SDK global was already there before the hook (late install)', () => {
    const ns = { TelnyxRTC: FakeTelnyx };
    const win = install(makeWindow({ TelnyxWebRTC: ns }));
    const C = (win.TelnyxWebRTC as typeof ns).TelnyxRTC;
    expect(C).not.toBe(FakeTelnyx);
    new C({});
    expect(found(win).map((e) => e.via)).toEqual(['global', 'constructor']);
  });

  it('reports a command that never settles as a time-out, and refuses more than 4 at once', async () => {
    vi.useFakeTimers();
    try {
      const win = install(makeWindow());
      const hook = win.__RTC_DEVTOOLS_HOOK__ as { register(c: unknown, i?: unknown): string };
      const stuck = { preflight: () => new Promise(() => {}), exportDiagnostics: () => new Promise(() => {}) };
      const id = hook.register(stuck, { sdk: 'signalwire' });
      for (let i = 0; i < 5; i++) win.post({ source: 'rtc-devtools-bridge', command: { v: 1, type: 'sdk.command', reqId: `r${i}`, sdkId: id, command: 'exportDiagnostics', args: [] } });
      await vi.advanceTimersByTimeAsync(0);
      expect(sdkEvents(win, 'command.result').map((e) => e.data)).toMatchObject([{ reqId: 'r4', ok: false, error: { name: 'Busy' } }]);
      await vi.advanceTimersByTimeAsync(20_001);
      const results = sdkEvents(win, 'command.result').map((e) => e.data as { reqId: string; error?: { name: string } });
      expect(results).toHaveLength(5);
      expect(results.filter((r) => r.error?.name === 'TimeoutError').map((r) => r.reqId)).toEqual(['r0', 'r1', 'r2', 'r3']);
      // A replayed reqId is not run twice.
      win.post({ source: 'rtc-devtools-bridge', command: { v: 1, type: 'sdk.command', reqId: 'r0', sdkId: id, command: 'exportDiagnostics', args: [] } });
      await vi.advanceTimersByTimeAsync(20_001);
      expect(sdkEvents(win, 'command.result')).toHaveLength(5);
    } finally {
      vi.useRealTimers();
    }
  });

  it('ignores malformed and foreign window messages, and says when an instance lacks a command', async () => {
    const win = install(makeWindow());
    const hook = win.__RTC_DEVTOOLS_HOOK__ as { register(c: unknown, i?: unknown): string };
    const id = hook.register(new FakeTelnyx({}), { sdk: 'telnyx' });
    win.post({ source: 'rtc-devtools-bridge', command: { v: 1, type: 'sdk.command', reqId: 'x', sdkId: id, command: 'rm', args: [] } });
    win.post({ source: 'rtc-devtools-bridge', command: { v: 2, type: 'sdk.command', reqId: 'y', sdkId: id, command: 'preflight', args: [] } });
    win.post({ source: 'rtc-devtools-bridge', command: { v: 1, type: 'sdk.command', reqId: 'z', sdkId: 'sdk-other-1', command: 'preflight', args: [] } });
    win.post('just a string');
    win.post({ source: 'rtc-devtools-bridge', command: { v: 1, type: 'sdk.command', reqId: 'w', sdkId: id, command: 'exportDiagnostics', args: [] } });
    await until(() => sdkEvents(win, 'command.result').length > 0);
    await flushMicrotasks();
    expect(sdkEvents(win, 'command.result').map((e) => e.data)).toMatchObject([{ reqId: 'w', ok: false, error: { name: 'NotSupported' } }]);
  });
});

describe('an app global that happens to share an SDK name', () => {
  it('is returned unchanged, never reported, and no longer inspected after a few reads', async () => {
    const win = install(makeWindow());
    let reads = 0;
    const mine = { get Video() { reads += 1; return undefined; }, hello: () => 'hi' };
    win.SignalWire = mine;
    await flushMicrotasks();
    for (let i = 0; i < 1000; i++) expect(win.SignalWire).toBe(mine);
    expect(found(win)).toHaveLength(0);
    expect(reads).toBeLessThan(25);
  });
});
