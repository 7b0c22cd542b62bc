import { describe, expect, it } from 'vitest';
import { buildCaptureModel } from '../../../../core/capture/model.js';
import { buildBundle } from '../../../../core/bundle/build.js';
import { eventsFromBundle } from '../../../../core/bundle/to-events.js';
import { armedFaults, applyFaultEvent, createFaultLog, MAX_APPLIED } from '../../../../core/simulate/record.js';
import type { CaptureEvent, DocInfo } from '../../../../core/capture/events.js';

const armed = (id: string, t: number, doc = 'd1'): CaptureEvent & { doc: string } => ({ kind: 'fault.armed', t, id, fault: { kind: 'drop-connection', params: { offlineS: 3 } }, doc });

describe('fault log', () => {
  it('keeps what was armed, what it did, and when it stopped', () => {
    const log = createFaultLog();
    applyFaultEvent(log, armed('f1', 10));
    applyFaultEvent(log, { kind: 'fault.applied', t: 11, id: 'f1', target: 'd1:ws-1', action: 'dropped' });
    expect(armedFaults(log)).toHaveLength(1);
    applyFaultEvent(log, { kind: 'fault.ended', t: 3010, id: 'f1', reason: 'expired' });
    expect(log.faults).toEqual([{ id: 'f1', t: 10, kind: 'drop-connection', params: { offlineS: 3 }, doc: 'd1', applied: [{ t: 11, target: 'd1:ws-1', action: 'dropped' }], appliedMore: 0, until: 3010, reason: 'expired' }]);
    expect(armedFaults(log)).toEqual([]);
  });

  it('caps what a hostile page can make it keep', () => {
    const log = createFaultLog();
    applyFaultEvent(log, armed('f1', 1));
    for (let i = 0; i < MAX_APPLIED + 5; i++) applyFaultEvent(log, { kind: 'fault.applied', t: i, id: 'f1', target: 'x', action: 'delayed' });
    expect(log.faults[0]!.applied).toHaveLength(MAX_APPLIED);
    expect(log.faults[0]!.appliedMore).toBe(5);
  });

  it('a reload disarms: a fault of an earlier load ends when the next load starts', () => {
    const docs: DocInfo[] = [
      { docId: 'd1', url: 'http://a/', top: true, loadId: 'l1', startedAt: 0 },
      { docId: 'd2', url: 'http://a/', top: true, loadId: 'l2', startedAt: 500 },
    ];
    const m = buildCaptureModel([armed('f1', 10)], docs);
    expect(m.faultLog.faults[0]).toMatchObject({ until: 500, reason: 'unloaded' });
  });

  it('the bundle lists faults[] {t, kind, params, until?} and reads them back', () => {
    const events = [armed('f1', 10), { kind: 'fault.ended', t: 20, id: 'f1', reason: 'stopped', doc: 'd1' } as CaptureEvent, { ...armed('f2', 30), fault: { kind: 'withhold-replies', params: { method: 'signalwire.ping' } } } as CaptureEvent];
    const bundle = buildBundle({ events, environment: { userAgent: 'test' } });
    expect(bundle.faults).toEqual([
      { t: 10, kind: 'drop-connection', params: { offlineS: 3 }, until: 20, reason: 'stopped' },
      { t: 30, kind: 'withhold-replies', params: { method: 'signalwire.ping' } },
    ]);
    const back = eventsFromBundle({ ...bundle, faults: [...bundle.faults!, { t: 40, kind: 'explode', params: {} }] });
    expect(back.filter((e) => e.kind.startsWith('fault.'))).toEqual([
      { kind: 'fault.armed', t: 10, id: 'bundle-fault-1', fault: { kind: 'drop-connection', params: { offlineS: 3 } } },
      { kind: 'fault.ended', t: 20, id: 'bundle-fault-1', reason: 'stopped' },
      { kind: 'fault.armed', t: 30, id: 'bundle-fault-2', fault: { kind: 'withhold-replies', params: { method: 'signalwire.ping' } } },
    ]);
  });
});
