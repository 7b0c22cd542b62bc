import { describe, expect, it } from 'vitest';
import { askSdkDiagnostics } from '../../../../extension/panel-api/sdkDiagnostics.js';

describe('askSdkDiagnostics (panel side)', () => {
  it('passes the worker entries through', async () => {
    const entries = [{ sdk: 'signalwire', t: 1, data: { ok: true } }];
    const out = await askSdkDiagnostics(3, async (m) => ({ type: m.type, v: m.v, tabId: m.tabId, entries }));
    expect(out).toEqual(entries);
  });

  it('never rejects: a failed send, an unreadable answer and no answer each give one note', async () => {
    const failed = await askSdkDiagnostics(3, async () => {
      throw new Error('Could not establish connection');
    });
    expect(failed).toEqual([{ sdk: 'unknown', t: expect.any(Number), data: { note: expect.stringContaining('Could not establish connection') } }]);
    expect((await askSdkDiagnostics(3, async () => ({ nope: 1 })))[0]!.data).toEqual({ note: expect.stringContaining('cannot read') });
    const late = await askSdkDiagnostics(3, () => new Promise(() => undefined), 10);
    expect(late[0]!.data).toEqual({ note: expect.stringContaining('no answer') });
  }, 10_000);
});
