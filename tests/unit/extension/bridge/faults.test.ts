import { describe, expect, it } from 'vitest';
import { installFaultRelay } from '../../../../extension/bridge/faults.js';

describe('bridge hop of fault orders', () => {
  it('hands a valid order to its page hook as a tagged window message and tells the worker it arrived', async () => {
    let listener: ((m: unknown) => unknown) | undefined;
    const posted: unknown[] = [];
    const browser = { runtime: { onMessage: { addListener: (fn: (m: unknown) => unknown) => (listener = fn) } } };
    installFaultRelay(browser as never, { postMessage: (m: unknown) => posted.push(m) } as never);
    const order = { op: 'stop', faultId: 'f1' };
    expect(await listener!({ type: 'rtc-devtools/fault', v: 1, order })).toEqual({ ok: true });
    expect(posted).toEqual([{ source: 'rtc-devtools-fault', v: 1, order }]);
    // Not a fault order (another relay's message, or a malformed one): left to other listeners.
    expect(listener!({ type: 'rtc-devtools/sdk-command', v: 1 })).toBeUndefined();
    expect(listener!({ type: 'rtc-devtools/fault', v: 1, order: { op: 'arm', armed: { id: 'x', t: 0, fault: { kind: 'nope' } } } })).toBeUndefined();
    expect(posted).toHaveLength(1);
  });
});
