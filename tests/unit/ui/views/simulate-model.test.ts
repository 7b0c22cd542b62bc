import { describe, expect, it } from 'vitest';
import { bannerText, FIELDS, faultRows, formToFault, KIND_OPTIONS } from '../../../../ui/views/simulate-model.js';
import { faultSpans } from '../../../../ui/views/timeline-model.js';
import { applyFaultEvent, createFaultLog } from '../../../../core/simulate/record.js';

describe('Simulate view model', () => {
  it('offers every fault by the issue\'s name with its fields', () => {
    expect(KIND_OPTIONS.map((k) => k.label)).toContain('Mute microphone at source');
    expect(FIELDS['drop-connection'].map((f) => f.label)).toEqual(['Offline for (s)', 'Socket']);
    expect(FIELDS['withhold-replies'].map((f) => f.label)).toEqual(['Method', 'Only the next (requests)']);
  });

  it('turns the form\'s text into a fault, or the validator\'s sentence', () => {
    expect(formToFault('drop-connection', { offlineS: '3' })).toEqual({ ok: true, fault: { kind: 'drop-connection', params: { offlineS: 3 } } });
    expect(formToFault('drop-connection', { offlineS: ' ' })).toEqual({ ok: true, fault: { kind: 'drop-connection', params: { offlineS: 0 } } });
    expect(formToFault('drop-connection', { offlineS: 'three' })).toMatchObject({ ok: false, error: 'Offline for (s) must be a number' });
    expect(formToFault('drop-connection', { offlineS: '-2' })).toMatchObject({ ok: false, error: expect.stringMatching(/at least 0/) });
    expect(formToFault('withhold-replies', { method: 'verto.(' })).toMatchObject({ ok: false, error: expect.stringMatching(/not a valid pattern/) });
    expect(formToFault('delay-frames', { delayMs: '250' })).toEqual({ ok: true, fault: { kind: 'delay-frames', params: { dir: 'received', delayMs: 250 } } });
  });

  it('lists faults newest first; the banner names what is armed, and nothing once all stopped', () => {
    const log = createFaultLog();
    expect(bannerText(log)).toBeUndefined();
    applyFaultEvent(log, { kind: 'fault.armed', t: 1, id: 'a', fault: { kind: 'withhold-replies', params: { method: 'signalwire.ping' } } });
    expect(bannerText(log)).toBe('Simulating: Withhold replies · Method signalwire.ping');
    applyFaultEvent(log, { kind: 'fault.armed', t: 2, id: 'b', fault: { kind: 'force-relay', params: {} } });
    expect(bannerText(log)).toBe('Simulating 2 faults: Withhold replies, Force relay');
    expect(faultRows(log).map((r) => r.record.id)).toEqual(['b', 'a']);
    applyFaultEvent(log, { kind: 'fault.ended', t: 3, id: 'a', reason: 'stopped' });
    applyFaultEvent(log, { kind: 'fault.ended', t: 3, id: 'b', reason: 'stopped' });
    expect(bannerText(log)).toBeUndefined();
  });

  it('draws each fault on the timeline axis from arming to its end, or to now while armed', () => {
    const log = createFaultLog();
    applyFaultEvent(log, { kind: 'fault.armed', t: 100, id: 'a', fault: { kind: 'drop-connection', params: { offlineS: 3 } } });
    applyFaultEvent(log, { kind: 'fault.ended', t: 3100, id: 'a', reason: 'expired' });
    applyFaultEvent(log, { kind: 'fault.armed', t: 5000, id: 'b', fault: { kind: 'block-udp', params: {} } });
    expect(faultSpans(log, 0, 9000)).toEqual([
      { id: 'a', from: 100, to: 3100, text: 'Drop connection · Offline for (s) 3' },
      { id: 'b', from: 5000, to: 9000, text: 'Block UDP' },
    ]);
  });
});
