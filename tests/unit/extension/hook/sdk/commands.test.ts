import { describe, expect, it } from 'vitest';
import { makeCommand } from '../../../../../core/messages/sdk-commands.js';
import { BRIDGE_MESSAGE_SOURCE } from '../../../../../core/messages/versions.js';
import { install, makeWindow, sdkEvents } from './fakeWindow.js';

describe("the hook's command listener reads events through getters saved at install (issue 17)", () => {
  it('a getter a page later puts on MessageEvent.prototype.data never sees a command, and the command still runs', async () => {
    const win = install(makeWindow());
    const hook = win.__RTC_DEVTOOLS_HOOK__ as { register(c: object, i: object): string };
    const id = hook.register({ preflight: async () => ({ ok: 'real' }), exportDiagnostics: () => ({}), getDeviceCapabilities: async () => null }, { sdk: 'signalwire', version: '4.0.0' });
    // Page script, after the hook: spy on every message event's data and source.
    const proto = (win.MessageEvent as unknown as { prototype: object }).prototype;
    const data = Object.getOwnPropertyDescriptor(proto, 'data')!;
    const source = Object.getOwnPropertyDescriptor(proto, 'source')!;
    const seen: unknown[] = [];
    Object.defineProperty(proto, 'data', { configurable: true, get() { const v = data.get!.call(this); seen.push(v); return v; } });
    Object.defineProperty(proto, 'source', { configurable: true, get() { seen.push('source'); return source.get!.call(this); } });
    const cmd = makeCommand(id, 'preflight', []);
    win.post({ source: BRIDGE_MESSAGE_SOURCE, command: cmd });
    await expect.poll(() => sdkEvents(win, 'command.result').length).toBe(1);
    expect(sdkEvents(win, 'command.result')[0]!.data).toMatchObject({ reqId: cmd.reqId, ok: true, value: { ok: 'real' } });
    expect(seen).toEqual([]);
  });
});
