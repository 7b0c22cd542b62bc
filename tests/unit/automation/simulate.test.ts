import { describe, expect, it } from 'vitest';
import type { ExtensionLink } from '../../../automation/link.js';
import { readFaultReply, simulateFault, stopFaults } from '../../../automation/simulate.js';

/** Stands in for the extension page's panel port: records each order and answers as told. */
function linkAnswering(reply: (msg: Record<string, unknown>) => unknown) {
  const sent: Record<string, unknown>[] = [];
  const link = {
    panelRequest: async (msg: Record<string, unknown>, replyType: string) => {
      expect(replyType).toBe('fault.reply');
      sent.push(msg);
      return reply(msg);
    },
  } as unknown as ExtensionLink;
  return { link, sent };
}

describe('simulate from automation', () => {
  it('refuses a bad fault with the vocabulary\'s reason before sending anything', async () => {
    const { link, sent } = linkAnswering(() => ({}));
    await expect(simulateFault(link, 7, { kind: 'ws-drop' })).rejects.toThrow(/^not a fault: /);
    await expect(simulateFault(link, 7, 'drop')).rejects.toThrow(/^not a fault: a fault must be an object/);
    expect(sent).toEqual([]);
  });

  it('sends a validated fault.arm for the tab and returns the id the worker gave', async () => {
    const { link, sent } = linkAnswering((m) => ({ type: 'fault.reply', v: 1, tabId: 7, reqId: m.reqId, ok: true, faultId: 'fault-1' }));
    const armed = await simulateFault(link, 7, { kind: 'drop-connection', params: { offlineS: 3, junk: 1 } });
    expect(armed).toMatchObject({ faultId: 'fault-1', fault: { kind: 'drop-connection', params: { offlineS: 3 } } });
    expect(armed.description).toMatch(/^Drop connection · .*3/);
    expect(sent[0]).toMatchObject({ type: 'fault.arm', v: 1, tabId: 7, fault: { kind: 'drop-connection', params: { offlineS: 3 } } });
    expect(sent[0]!.fault).not.toHaveProperty('params.junk');
  });

  it('reports the worker\'s refusal in its words, and stops one or every fault', async () => {
    const refused = linkAnswering((m) => ({ type: 'fault.reply', v: 1, tabId: 7, reqId: m.reqId, ok: false, error: 'tab 7 is gone' }));
    await expect(simulateFault(refused.link, 7, { kind: 'force-relay', params: {} })).rejects.toThrow('tab 7 is gone');
    const ok = linkAnswering((m) => ({ type: 'fault.reply', v: 1, tabId: 7, reqId: m.reqId, ok: true }));
    await stopFaults(ok.link, 7);
    await stopFaults(ok.link, 7, 'fault-1');
    expect(ok.sent.map((m) => [m.type, m.faultId])).toEqual([['fault.stop', undefined], ['fault.stop', 'fault-1']]);
    expect(() => readFaultReply({ type: 'other' })).toThrow('something else');
  });
});
