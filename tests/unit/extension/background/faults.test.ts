import { describe, expect, it } from 'vitest';
import { handleFaultMessage } from '../../../../extension/background/faults.js';
import type { PanelArmFault } from '../../../../core/messages/faults.js';

function fakeBrowser(opts: { tabs?: number[]; answer?: unknown; reject?: string }) {
  const sent: unknown[] = [];
  const browser = {
    tabs: {
      get: async (id: number) => {
        if (!(opts.tabs ?? []).includes(id)) throw new Error('No tab with id');
        return { id };
      },
      sendMessage: async (_id: number, msg: unknown) => {
        sent.push(msg);
        if (opts.reject) throw new Error(opts.reject);
        return opts.answer;
      },
    },
  };
  return { browser: browser as never, sent };
}

const arm: PanelArmFault = { type: 'fault.arm', v: 1, tabId: 4, reqId: 'r', fault: { kind: 'drop-connection', params: { offlineS: 3 } } };

describe('worker hop of fault orders', () => {
  it('hands an armed fault with a fresh id to the tab and answers ok with that id', async () => {
    const { browser, sent } = fakeBrowser({ tabs: [4], answer: { ok: true } });
    const reply = await handleFaultMessage(browser, arm, 1000);
    expect(reply).toMatchObject({ type: 'fault.reply', tabId: 4, reqId: 'r', ok: true });
    expect(sent).toEqual([{ type: 'rtc-devtools/fault', v: 1, order: { op: 'arm', armed: { id: reply.faultId, t: 1000, fault: arm.fault } } }]);
  });

  it('a tab whose page has gone: a clear message, nothing armed', async () => {
    expect(await handleFaultMessage(fakeBrowser({ tabs: [] }).browser, arm)).toMatchObject({ ok: false, error: expect.stringMatching(/tab 4 is gone/) });
    expect(await handleFaultMessage(fakeBrowser({ tabs: [4], reject: 'Receiving end does not exist.' }).browser, arm)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/cannot be reached \(Receiving end does not exist\.\): nothing was armed/),
    });
  });

  it('answers a refused fault with its reason', async () => {
    const reply = await handleFaultMessage(fakeBrowser({ tabs: [4] }).browser, { type: 'fault.invalid', v: 1, tabId: 4, reqId: 'q', error: 'Method is not a valid pattern' });
    expect(reply).toMatchObject({ ok: false, reqId: 'q', error: 'Method is not a valid pattern' });
  });
});
