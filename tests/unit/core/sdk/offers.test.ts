import { describe, expect, it } from 'vitest';
import type { SdkEvent, SdkFound } from '../../../../core/capture/events.js';
import { commandOffers } from '../../../../core/sdk/offers.js';
import { deriveSdkStates } from '../../../../core/sdk/summary.js';

const found = (id: string, sdk: string, version: string, via: string, detail: SdkFound['detail']): SdkFound & { events: [] } => ({
  kind: 'sdk.found',
  t: 1,
  id,
  sdk,
  version,
  via,
  detail,
  events: [],
});

const telnyxLib = found('sdk-1', 'telnyx', '2.x', 'global', { library: true });
const telnyxClient = found('sdk-2', 'telnyx', '2.x', 'constructor', { library: 'sdk-1' });
const sw4 = found('sdk-3', 'signalwire', '4.x', 'constructor', { generation: 4, name: 'line 2' });
const sw3 = found('sdk-4', 'signalwire', '3.30.0', 'constructor', { generation: 3 });
const telnyxFamily = { name: '@telnyx/webrtc', version: '2.27.10', via: 'global+constructor+traffic' };

describe('SDK command buttons offer only what the instance runs', () => {
  it('a Telnyx client gets preflight and getDeviceCapabilities, no exportDiagnostics; the library gets no row', () => {
    const { rows, note } = commandOffers(deriveSdkStates([telnyxLib, telnyxClient]), [telnyxFamily]);
    expect(rows).toEqual([{ id: 'sdk-2', sdk: 'telnyx', label: '@telnyx/webrtc 2.27.10', commands: ['preflight', 'getDeviceCapabilities'] }]);
    expect(note).toBe('');
  });

  it('a SignalWire 4.x client offers all three, labelled with the app-given name', () => {
    const { rows } = commandOffers(deriveSdkStates([sw4]));
    expect(rows).toEqual([{ id: 'sdk-3', sdk: 'signalwire', label: '@signalwire/js 4.x “line 2”', commands: ['preflight', 'getDeviceCapabilities', 'exportDiagnostics'] }]);
  });

  it('a client whose SDK offers no self-test gets no button and one line that says so', () => {
    const room = found('sdk-6', 'signalwire', '3.30.0', 'constructor', { generation: 3 });
    expect(commandOffers(deriveSdkStates([sw3, room]))).toEqual({ rows: [], note: 'This SDK (@signalwire/js 3.30.0) offers no self-test; use the checks above.' });
    expect(commandOffers(deriveSdkStates([sw3, found('sdk-7', 'acme', '1.0.0', 'register', {})])).note).toBe(
      'These SDKs (@signalwire/js 3.30.0 and acme 1.0.0) offer no self-test; use the checks above.',
    );
    const mixed = commandOffers(deriveSdkStates([sw3, telnyxClient]), [telnyxFamily]);
    expect(mixed.rows.map((r) => r.id)).toEqual(['sdk-2']);
    expect(mixed.note).toBe('@signalwire/js 3.30.0: no self-test offered.');
  });

  it('a library without a client, or no SDK at all, is said in one line', () => {
    expect(commandOffers(deriveSdkStates([telnyxLib]), [telnyxFamily])).toEqual({
      rows: [],
      note: '@telnyx/webrtc 2.27.10 is loaded but no client was created yet, so its own checks cannot run; use the checks above.',
    });
    expect(commandOffers([]).note).toBe('No SDK instance found in the page, so its own checks cannot run.');
  });

  it('a destroyed client offers nothing', () => {
    const destroyed: SdkEvent = { kind: 'sdk.event', t: 2, id: 'sdk-2', name: 'destroyed', data: null };
    const states = deriveSdkStates([{ ...telnyxClient, events: [destroyed] }]);
    expect(commandOffers(states).rows).toEqual([]);
  });

  it('follows the commands a hook lists on the instance when it lists them', () => {
    const old = found('sdk-5', 'telnyx', '2.x', 'constructor', { commands: ['getDeviceCapabilities', 'bogus'] });
    expect(commandOffers(deriveSdkStates([old])).rows[0]!.commands).toEqual(['getDeviceCapabilities']);
  });
});
