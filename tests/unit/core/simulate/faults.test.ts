import { describe, expect, it } from 'vitest';
import { describeFault, FAULT_KINDS, FAULT_LABELS, parseArmedFault, parseFault } from '../../../../core/simulate/faults.js';

describe('parseFault', () => {
  it('accepts every kind of the issue with its params, and names each as the issue does', () => {
    expect(FAULT_KINDS.map((k) => FAULT_LABELS[k])).toEqual([
      'Drop connection',
      'Withhold replies',
      'Delay frames',
      'Force relay',
      'Block UDP',
      'Mute microphone at source',
      'End camera track',
      'Unplug device',
    ]);
    expect(parseFault({ kind: 'drop-connection', params: { offlineS: 3 } })).toEqual({ ok: true, fault: { kind: 'drop-connection', params: { offlineS: 3 } } });
    expect(parseFault({ kind: 'drop-connection' })).toEqual({ ok: true, fault: { kind: 'drop-connection', params: { offlineS: 0 } } });
    expect(parseFault({ kind: 'withhold-replies', params: { method: 'telnyx_rtc.modify', count: 1 } })).toEqual({
      ok: true,
      fault: { kind: 'withhold-replies', params: { method: 'telnyx_rtc.modify', count: 1 } },
    });
    expect(parseFault({ kind: 'delay-frames', params: { dir: 'received', delayMs: 500 } }).ok).toBe(true);
    expect(parseFault({ kind: 'force-relay', params: { junk: 1 } })).toEqual({ ok: true, fault: { kind: 'force-relay', params: {} } });
    expect(parseFault({ kind: 'unplug-device', params: { deviceId: 'abc' } }).ok).toBe(true);
    expect(parseFault({ kind: 'mute-microphone' })).toEqual({ ok: true, fault: { kind: 'mute-microphone', params: {} } });
  });

  it('refuses bad input with a sentence that says what is wrong', () => {
    const err = (raw: unknown) => {
      const r = parseFault(raw);
      return r.ok ? 'accepted' : r.error;
    };
    expect(err({ kind: 'withhold-replies', params: { method: 'verto.(modify' } })).toMatch(/Method is not a valid pattern/);
    expect(err({ kind: 'withhold-replies', params: {} })).toMatch(/Method is required/);
    expect(err({ kind: 'drop-connection', params: { offlineS: -1 } })).toMatch(/Offline for \(s\) must be at least 0/);
    expect(err({ kind: 'drop-connection', params: { offlineS: 1e9 } })).toMatch(/at most 600/);
    expect(err({ kind: 'drop-connection', params: { offlineS: NaN } })).toMatch(/must be a number/);
    expect(err({ kind: 'delay-frames', params: { dir: 'up', delayMs: 1 } })).toMatch(/Direction/);
    expect(err({ kind: 'delay-frames', params: { dir: 'sent', delayMs: 61_000 } })).toMatch(/Delay \(ms\) must be at most 60000/);
    expect(err({ kind: 'withhold-replies', params: { method: 'x', count: 1.5 } })).toMatch(/whole number/);
    expect(err({ kind: 'unplug-device', params: {} })).toMatch(/Device is required/);
    expect(err({ kind: 'explode' })).toMatch(/unknown fault kind "explode"/);
    expect(err(null)).toMatch(/must be an object/);
    const hostile = { get kind() { throw new Error('boom'); } };
    expect(err(hostile)).toMatch(/could not be read/);
  });

  it('reads an armed fault back only when whole', () => {
    const armed = { id: 'fault-1', t: 5, fault: { kind: 'drop-connection', params: { offlineS: 1 } } };
    expect(parseArmedFault(armed)).toEqual(armed);
    expect(parseArmedFault({ ...armed, id: '' })).toBeNull();
    expect(parseArmedFault({ ...armed, fault: { kind: 'nope' } })).toBeNull();
  });

  it('describes a fault in the panel words', () => {
    expect(describeFault({ kind: 'withhold-replies', params: { method: 'signalwire.ping', count: 2 } })).toBe('Withhold replies · Method signalwire.ping · Only the next (requests) 2');
    expect(describeFault({ kind: 'drop-connection', params: { offlineS: 3 } })).toBe('Drop connection · Offline for (s) 3');
  });
});

import { SCENARIOS, scenarioById } from '../../../../core/simulate/scenarios.js';

describe('scenarios', () => {
  it('every step of every scenario is a fault the validator accepts, with the issue\'s names', () => {
    for (const s of SCENARIOS) for (const step of s.steps) expect(parseFault(step.fault), `${s.id}`).toEqual({ ok: true, fault: step.fault });
    expect(SCENARIOS.map((s) => s.name)).toEqual(expect.arrayContaining(['Network blip 3 s mid-call', 'Server stops answering pings', 'TURN only']));
    expect(scenarioById('network-blip-3s')?.steps[0]?.fault).toEqual({ kind: 'drop-connection', params: { offlineS: 3 } });
  });

  it('the ping pattern matches both SDKs\' pings and nothing else', () => {
    const re = new RegExp((scenarioById('server-stops-pings')!.steps[0]!.fault.params as { method: string }).method);
    expect(['telnyx_rtc.ping', 'signalwire.ping'].every((m) => re.test(m))).toBe(true);
    expect(['telnyx_rtc.invite', 'ping_pong.x', 'verto.modify'].some((m) => re.test(m))).toBe(false);
  });
});
