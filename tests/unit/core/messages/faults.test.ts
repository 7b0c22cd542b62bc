import { describe, expect, it } from 'vitest';
import { parseFaultTabMessage, parseFaultWindowMessage } from '../../../../core/messages/faults.js';
import { parsePanelMessage } from '../../../../core/messages/panel-worker.js';
import { FAULT_MESSAGE_SOURCE, FAULT_MESSAGE_TYPE, FAULT_PROTOCOL_VERSION, PORT_PROTOCOL_VERSION, PROTOCOLS } from '../../../../core/messages/versions.js';

const armed = { id: 'fault-1', t: 1, fault: { kind: 'withhold-replies', params: { method: 'signalwire.ping' } } };

describe('fault messages', () => {
  it('is in the one table of protocols', () => {
    expect(PROTOCOLS.fault).toMatchObject({ channel: FAULT_MESSAGE_TYPE, windowSource: FAULT_MESSAGE_SOURCE, version: FAULT_PROTOCOL_VERSION });
  });

  it('the panel port carries arm and stop orders naming a tab, from any extension page', () => {
    const arm = parsePanelMessage({ type: 'fault.arm', v: PORT_PROTOCOL_VERSION, tabId: 3, reqId: 'r1', fault: { kind: 'drop-connection', params: { offlineS: 3 } } });
    expect(arm).toEqual({ type: 'fault.arm', v: 1, tabId: 3, reqId: 'r1', fault: { kind: 'drop-connection', params: { offlineS: 3 } } });
    expect(parsePanelMessage({ type: 'fault.stop', v: 1, tabId: 3, reqId: 'r2' })).toEqual({ type: 'fault.stop', v: 1, tabId: 3, reqId: 'r2' });
    expect(parsePanelMessage({ type: 'fault.stop', v: 1, tabId: 3, reqId: 'r2', faultId: 'f' })).toMatchObject({ faultId: 'f' });
  });

  it('a bad fault on the panel port comes back as a reason to tell the sender, not silence', () => {
    expect(parsePanelMessage({ type: 'fault.arm', v: 1, tabId: 3, reqId: 'r1', fault: { kind: 'withhold-replies', params: { method: '(' } } })).toMatchObject({
      type: 'fault.invalid',
      reqId: 'r1',
      error: expect.stringMatching(/not a valid pattern/),
    });
    // Without a reqId there is nobody to answer.
    expect(parsePanelMessage({ type: 'fault.arm', v: 1, tabId: 3, fault: { kind: 'force-relay' } })).toBeUndefined();
  });

  it('each hop validates the order again; forged window messages are refused', () => {
    const tab = { type: FAULT_MESSAGE_TYPE, v: FAULT_PROTOCOL_VERSION, order: { op: 'arm', armed } };
    expect(parseFaultTabMessage(tab)).toEqual(tab);
    expect(parseFaultTabMessage({ ...tab, v: 99 })).toBeNull();
    expect(parseFaultWindowMessage({ source: FAULT_MESSAGE_SOURCE, v: 1, order: { op: 'stop' } })).toEqual({ op: 'stop' });
    // The hook's check is a light one (size budget): known kind, id, params of short strings and numbers.
    expect(parseFaultWindowMessage({ source: FAULT_MESSAGE_SOURCE, v: 1, order: { op: 'arm', armed: { ...armed, fault: { kind: 'explode', params: {} } } } })).toBeNull();
    expect(parseFaultWindowMessage({ source: FAULT_MESSAGE_SOURCE, v: 1, order: { op: 'arm', armed: { ...armed, fault: { kind: 'withhold-replies', params: { method: 'x', junk: { a: 1 }, n: NaN } } } } })).toEqual({
      op: 'arm',
      armed: { ...armed, fault: { kind: 'withhold-replies', params: { method: 'x' } } },
    });
    expect(parseFaultWindowMessage({ source: 'page', v: 1, order: { op: 'stop' } })).toBeNull();
    expect(parseFaultWindowMessage(null)).toBeNull();
  });
});
