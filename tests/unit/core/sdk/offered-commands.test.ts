import { describe, expect, it } from 'vitest';
import type { SdkEvent } from '../../../../core/capture/events.js';
import { commandOffers } from '../../../../core/sdk/offers.js';
import { deriveSdkStates } from '../../../../core/sdk/summary.js';
import { flushMicrotasks, found, install, makeWindow, sdkEvents, type FakeWindow } from '../../extension/hook/sdk/fakeWindow.js';

/** The part of TelnyxRTC the hook needs to recognise a client; diagnostics methods are added per test. */
class BareTelnyx {
  calls: Record<string, unknown> = {};
  connected = false;
  on(): this {
    return this;
  }
  newCall(): void {}
}
class TelnyxWithPreCall extends BareTelnyx {
  async runPreCall(o: unknown): Promise<unknown> {
    return { preCall: o };
  }
  async runNetworkCheck(o: unknown): Promise<unknown> {
    return { network: o };
  }
  async getDevices(): Promise<unknown> {
    return [{ deviceId: 'cam-1', kind: 'videoinput' }];
  }
  async getDeviceResolutions(id: string): Promise<unknown> {
    return [{ width: 640, height: 480, deviceId: id }];
  }
}
class TelnyxDevicesOnly extends BareTelnyx {
  async getDevices(): Promise<unknown> {
    return [];
  }
}
class TelnyxResolutionsOnly extends BareTelnyx {
  async getDeviceResolutions(id: string): Promise<unknown> {
    return [{ width: 320, height: 240, deviceId: id }];
  }
}
class TelnyxPreCallOnly extends BareTelnyx {
  async runPreCall(o: unknown): Promise<unknown> {
    return { preCall: o };
  }
}

class SignalWire4 {
  async preflight(dest: string): Promise<unknown> {
    return { dest };
  }
  async getDeviceCapabilities(): Promise<unknown> {
    return {};
  }
  exportDiagnostics(): unknown {
    return { events: [] };
  }
}
/** A 4.x build without a capabilities API (the command path calls client.getDeviceCapabilities). */
class SignalWire4NoCapabilities {
  async preflight(dest: string): Promise<unknown> {
    return { dest };
  }
  exportDiagnostics(): unknown {
    return { events: [] };
  }
}

type Hook = { register(c: unknown, i?: unknown): string };
const hookOf = (win: FakeWindow) => win.__RTC_DEVTOOLS_HOOK__ as Hook;

function commandsOf(win: FakeWindow, id: string): unknown {
  const f = found(win).find((e) => e.id === id)!;
  return (f.detail as { commands?: unknown }).commands;
}

/** The buttons the panel's Preflight view lays out for this capture. */
function buttons(win: FakeWindow) {
  const events = sdkEvents(win) as SdkEvent[];
  return commandOffers(deriveSdkStates(found(win).map((f) => ({ ...f, events: events.filter((e) => e.id === f.id) }))));
}

async function run(win: FakeWindow, sdkId: string, command: string, args: unknown[] = []) {
  const reqId = `q-${Math.random().toString(36).slice(2)}`;
  win.post({ source: 'rtc-devtools-bridge', command: { v: 1, type: 'sdk.command', reqId, sdkId, command, args } });
  for (let i = 0; i < 200; i++) {
    const r = sdkEvents(win, 'command.result').find((e) => (e.data as { reqId: string }).reqId === reqId);
    if (r) return r.data as { ok: boolean; value?: unknown; error?: { name: string; message: string } };
    await new Promise((res) => setTimeout(res, 5));
  }
  throw new Error(`no result for ${command}`);
}

describe('sdk.found lists the commands the instance really has', () => {
  it('Telnyx with the pre-call API and device methods (like 2.27.10) offers preflight and getDeviceCapabilities', async () => {
    const win = install(makeWindow());
    const ns: Record<string, unknown> = {};
    win.TelnyxWebRTC = ns;
    ns.TelnyxRTC = TelnyxWithPreCall;
    await flushMicrotasks();
    const Ctor = (win.TelnyxWebRTC as { TelnyxRTC: typeof TelnyxWithPreCall }).TelnyxRTC;
    new Ctor();
    const [lib, client] = found(win);
    expect((lib!.detail as { commands?: unknown }).commands).toBeUndefined();
    expect(commandsOf(win, client!.id)).toEqual(['preflight', 'getDeviceCapabilities']);
    expect(buttons(win).rows).toEqual([expect.objectContaining({ id: client!.id, commands: ['preflight', 'getDeviceCapabilities'] })]);
    expect(await run(win, client!.id, 'preflight', [{}])).toMatchObject({ ok: true, value: { network: {} } });
  });

  it('Telnyx without runPreCall and runNetworkCheck offers only getDeviceCapabilities, and refuses preflight', async () => {
    const win = install(makeWindow());
    const id = hookOf(win).register(new TelnyxDevicesOnly(), { sdk: 'telnyx', version: '2.9.0' });
    expect(commandsOf(win, id)).toEqual(['getDeviceCapabilities']);
    expect(buttons(win)).toEqual({ rows: [expect.objectContaining({ commands: ['getDeviceCapabilities'] })], note: '' });
    expect(await run(win, id, 'preflight', [{}])).toMatchObject({ ok: false, error: { name: 'NotSupported' } });
    expect(await run(win, id, 'getDeviceCapabilities', [{}])).toMatchObject({ ok: true, value: { devices: [] } });
  });

  it('Telnyx with only getDeviceResolutions offers getDeviceCapabilities and says it needs a camera id', async () => {
    const win = install(makeWindow());
    const id = hookOf(win).register(new TelnyxResolutionsOnly(), { sdk: 'telnyx' });
    expect(commandsOf(win, id)).toEqual(['getDeviceCapabilities']);
    expect(await run(win, id, 'getDeviceCapabilities', [{}])).toMatchObject({ ok: false, error: { name: 'NotSupported', message: expect.stringContaining('deviceId') } });
    expect(await run(win, id, 'getDeviceCapabilities', [{ deviceId: 'cam-2' }])).toMatchObject({ ok: true, value: { deviceId: 'cam-2', resolutions: [{ width: 320 }] } });
  });

  it('Telnyx with only runPreCall offers preflight, which dials when given a destination', async () => {
    const win = install(makeWindow());
    const id = hookOf(win).register(new TelnyxPreCallOnly(), { sdk: 'telnyx' });
    expect(commandsOf(win, id)).toEqual(['preflight']);
    expect(await run(win, id, 'preflight', [{ destinationNumber: 'echo' }])).toMatchObject({ ok: true, value: { preCall: { destinationNumber: 'echo' } } });
    expect(await run(win, id, 'preflight', [{}])).toMatchObject({ ok: false, error: { name: 'NotSupported', message: expect.stringContaining('destinationNumber') } });
  });

  it('a Telnyx client with no diagnostics at all gets no button, only the sentence', () => {
    const win = install(makeWindow());
    const id = hookOf(win).register(new BareTelnyx(), { sdk: 'telnyx', version: '2.1.0' });
    expect(commandsOf(win, id)).toEqual([]);
    expect(buttons(win)).toEqual({ rows: [], note: 'This SDK (@telnyx/webrtc 2.1.0) offers no self-test; use the checks above.' });
  });

  it('SignalWire 4.x offers each command whose client method exists', async () => {
    const win = install(makeWindow());
    const full = hookOf(win).register(new SignalWire4(), { sdk: 'signalwire' });
    const partial = hookOf(win).register(new SignalWire4NoCapabilities(), { sdk: 'signalwire' });
    expect(commandsOf(win, full)).toEqual(['preflight', 'getDeviceCapabilities', 'exportDiagnostics']);
    expect(commandsOf(win, partial)).toEqual(['preflight', 'exportDiagnostics']);
    expect(buttons(win).rows.map((r) => r.commands)).toEqual([
      ['preflight', 'getDeviceCapabilities', 'exportDiagnostics'],
      ['preflight', 'exportDiagnostics'],
    ]);
    expect(await run(win, partial, 'getDeviceCapabilities', [{}])).toMatchObject({ ok: false, error: { name: 'NotSupported' } });
    expect(await run(win, partial, 'exportDiagnostics')).toMatchObject({ ok: true, value: { events: [] } });
  });

  it('keeps the app-given label and options next to the list, and survives getters that throw', () => {
    const win = install(makeWindow());
    const id = hookOf(win).register(new TelnyxWithPreCall(), { sdk: 'telnyx', name: 'line 2' });
    expect(found(win)[0]!.detail).toMatchObject({ name: 'line 2', options: {}, commands: ['preflight', 'getDeviceCapabilities'] });
    const hostile = new Proxy({}, { get: () => { throw new Error('gotcha'); } });
    const hid = hookOf(win).register(hostile, { sdk: 'telnyx' });
    expect(commandsOf(win, hid)).toEqual([]);
    expect(id).not.toBe(hid);
  });
});
