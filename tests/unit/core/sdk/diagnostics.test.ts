import { describe, expect, it } from 'vitest';
import { collectSdkDiagnostics, diagnosticsTargets } from '../../../../core/sdk/diagnostics.js';
import type { CaptureEvent } from '../../../../core/capture/events.js';

const found = (id: string, sdk: string, commands: string[], extra: Record<string, unknown> = {}): CaptureEvent =>
  ({ kind: 'sdk.found', t: 1, id, sdk, version: '4.0.0', via: 'constructor', detail: { commands, ...extra } }) as CaptureEvent;

describe('ask the SDK before export', () => {
  it('targets the clients that offer exportDiagnostics(), not libraries, not destroyed ones', () => {
    const events: CaptureEvent[] = [
      found('sdk-a-1', 'signalwire', ['preflight', 'exportDiagnostics']),
      found('sdk-a-2', 'telnyx', ['preflight']),
      found('sdk-a-3', 'signalwire', ['exportDiagnostics']),
      { kind: 'sdk.event', t: 2, id: 'sdk-a-3', name: 'destroyed', data: null } as CaptureEvent,
      found('sdk-a-4', 'signalwire', ['exportDiagnostics'], { library: true }),
    ];
    expect(diagnosticsTargets(events)).toEqual([{ id: 'sdk-a-1', sdk: 'signalwire' }]);
  });

  it('keeps an answer, and turns a throw, a failure and a hang into notes while the others still arrive', async () => {
    const targets = ['ok', 'throws', 'fails', 'hangs'].map((id) => ({ id, sdk: 'signalwire' }));
    const started = Date.now();
    const out = await collectSdkDiagnostics(
      targets,
      async (t) => {
        if (t.id === 'ok') return { ok: true, value: { session: { events: [1, 2] } } };
        if (t.id === 'throws') throw new TypeError('client.exportDiagnostics is broken');
        if (t.id === 'fails') return { ok: false, error: { name: 'TimeoutError', message: 'exportDiagnostics gave no result in 20 s' } };
        return new Promise(() => undefined);
      },
      { timeoutMs: 200, now: () => 42 },
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(out[0]).toEqual({ sdk: 'signalwire', t: 42, data: { session: { events: [1, 2] } } });
    expect(out[1]!.data).toEqual({ note: expect.stringContaining('failed'), error: { name: 'TypeError', message: 'client.exportDiagnostics is broken' } });
    expect(out[2]!.data).toMatchObject({ error: { name: 'TimeoutError' } });
    expect(out[3]!.data).toEqual({ note: 'signalwire exportDiagnostics() gave no answer in 0.2 s; the bundle was exported without it.' });
  });
});
