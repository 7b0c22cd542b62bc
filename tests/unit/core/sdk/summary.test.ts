import { describe, expect, it } from 'vitest';
import type { SdkEvent, SdkFound } from '../../../../core/capture/events.js';
import { deriveSdkState, deriveSdkStates } from '../../../../core/sdk/summary.js';

const lib: SdkFound = { kind: 'sdk.found', t: 1, id: 'sdk-a-1', sdk: 'telnyx', version: '2.x', via: 'global', detail: { library: true } };
const tx: SdkFound = { kind: 'sdk.found', t: 2, id: 'sdk-a-2', sdk: 'telnyx', version: '2.x', via: 'constructor', detail: { library: 'sdk-a-1' } };
const sw: SdkFound = { kind: 'sdk.found', t: 3, id: 'sdk-a-3', sdk: 'signalwire', version: '4.x', via: 'register', detail: { generation: 4, name: 'line 2' } };
const ev = (id: string, name: string, data: SdkEvent['data'], t = 10): SdkEvent => ({ kind: 'sdk.event', t, id, name, data });

describe('deriveSdkState', () => {
  it('folds Telnyx events and sampled call states into the state now', () => {
    const s = deriveSdkState(tx, [
      ev('sdk-a-2', 'connected', { connected: true }),
      ev('sdk-a-2', 'telnyx.ready', null),
      ev('sdk-a-2', 'call.added', { id: 'c1', state: 'trying' }),
      ev('sdk-a-2', 'call.state', { id: 'c1', state: 'active', from: 'trying' }),
      ev('sdk-a-2', 'call.added', { id: 'c2', state: 'ringing' }),
      ev('sdk-a-2', 'call.removed', { id: 'c2', state: 'hangup' }),
      ev('sdk-a-2', 'telnyx.warning', { warning: { code: 31001 } }),
      ev('sdk-a-2', 'telnyx.error', { error: { code: 46001 } }, 20),
      ev('sdk-other', 'telnyx.error', { error: { code: 1 } }),
    ]);
    expect(s).toMatchObject({ connected: true, ready: true, registered: true, calls: { c1: 'active' }, errors: 1, warnings: 1, lastError: { error: { code: 46001 } }, lastEventAt: 20, libraryId: 'sdk-a-1', library: false });
    expect(s.commands).toEqual(['preflight', 'getDeviceCapabilities']);
  });

  it('folds SignalWire 4.x observables, and lists clients before libraries', () => {
    const states = deriveSdkStates([
      { ...lib, events: [] },
      { ...sw, events: [ev('sdk-a-3', 'isConnected$', false), ev('sdk-a-3', 'isConnected$', true), ev('sdk-a-3', 'ready$', true), ev('sdk-a-3', 'audioInputDevices$', [{}, {}]), ev('sdk-a-3', 'command.result', { reqId: 'r', ok: true })] },
    ]);
    expect(states.map((s) => s.id)).toEqual(['sdk-a-3', 'sdk-a-1']);
    expect(states[0]).toMatchObject({ connected: true, ready: true, name: 'line 2', devices: { audioInput: 2, videoInput: null }, commandResults: 1 });
    expect(states[0]!.commands).toContain('exportDiagnostics');
    expect(states[1]).toMatchObject({ library: true, commands: [] });
  });
});
