import { describe, expect, it } from 'vitest';
import { faultFindings, verdictFor } from '../../../../core/simulate/verdict.js';
import type { FaultRecord } from '../../../../core/simulate/record.js';
import type { Analysis, CallModel, ConnectionSession, Finding } from '../../../../core/protocol/types.js';

const T = 1_000_000;
function session(over: Partial<ConnectionSession>): ConnectionSession {
  return {
    id: 's1', socketId: 'd:ws-1', sockets: ['d:ws-1', 'd:ws-2', 'd:ws-3'], url: 'ws://x/', endpoint: 'ws://x/', sdk: 'telnyx', states: [], state: 'open',
    ids: {}, reconnects: [], keepalive: { sent: 0, answered: 0, missed: 0 }, flushedAfterReconnect: 0, messages: 0, ...over,
  } as ConnectionSession;
}
function call(over: Partial<CallModel> = {}): CallModel {
  return { id: 'call-abcdef12', sdk: 'telnyx', direction: 'outbound', socketId: 'd:ws-1', states: [{ t: T - 5000, state: 'active' }], state: 'active', startT: T - 6000, candidates: [], candidatesDropped: 0, held: false, holds: [], attaches: [], ...over } as CallModel;
}
const analysis = (over: Partial<Analysis>): Analysis => ({ sdks: [], messages: [], connections: [], calls: [], quality: {}, findings: [], pending: [], rooms: [], ...over });
const drop: FaultRecord = { id: 'f', t: T, kind: 'drop-connection', params: { offlineS: 3 }, applied: [{ t: T, target: 'd:ws-1', action: 'dropped' }, { t: T + 1200, target: 'd:ws-2', action: 'refused' }], appliedMore: 0, until: T + 3000, reason: 'expired' };

describe('verdictFor', () => {
  it('Telnyx drop: attempts, delays against the documented back-off, resumed, call kept, time to recover', () => {
    const s = session({ reconnects: [{ startT: T + 2, endT: T + 3800, attempts: 2, delaysMs: [1183, 2440], socketIds: ['d:ws-2', 'd:ws-3'], resumed: true, outcome: 'recovered', closeCode: 1006 }] });
    const v = verdictFor(drop, analysis({ connections: [s], calls: [call({ attaches: [{ t: T + 4000, dir: 'received' }] })] }), T + 10_000);
    expect(v.status).toBe('as-documented');
    expect(v.measured).toMatchObject({ attempts: 2, delaysMs: [1183, 2440], resumed: true, recoveredMs: 3798, callsKept: 1, callsLost: 0 });
    expect(v.headline).toBe('Recovered in 3.8 s after 2 attempts, session resumed, call kept.');
    expect(v.facts.join('\n')).toContain('Telnyx reconnected with 2 attempts, after 1.2 s, 2.4 s (1 refused while offline); documented: 1 s x 2^(n-1) +-25 %');
    expect(v.facts.join('\n')).toContain('re-attached +4 s after the fault');
  });

  it('departs: a delay outside the documented back-off, and a call lost, each a finding', () => {
    const s = session({ reconnects: [{ startT: T, endT: T + 300, attempts: 1, delaysMs: [200], socketIds: ['d:ws-2'], resumed: false, outcome: 'recovered' }] });
    const v = verdictFor(drop, analysis({ connections: [s], calls: [call({ hangup: { t: T + 500, by: 'local', cause: 'NORMAL_CLEARING' } })] }), T + 10_000);
    expect(v.status).toBe('departs');
    expect(v.findings.map((f) => f.message)).toEqual(['Reconnect attempt 1 came after 0.2 s; Telnyx documents 0.7 s-1.5 s', 'Call call-abc was lost after Drop connection']);
    expect(v.facts).toContain('A new session: the server was not asked to resume the old one.');
  });

  it("faultFindings: every fault's departures, to list beside the analyzer's findings; none for an SDK that behaved as documented", () => {
    const bad = session({ reconnects: [{ startT: T, endT: T + 300, attempts: 1, delaysMs: [200], socketIds: ['d:ws-2'], resumed: false, outcome: 'recovered' }] });
    expect(faultFindings([drop], analysis({ connections: [bad] }), T + 10_000).map((f) => [f.rule, f.severity])).toEqual([['simulate-verdict', 'warning']]);
    const good = session({ reconnects: [{ startT: T + 2, endT: T + 3800, attempts: 2, delaysMs: [1183, 2440], socketIds: ['d:ws-2', 'd:ws-3'], resumed: true, outcome: 'recovered', closeCode: 1006 }] });
    expect(faultFindings([drop], analysis({ connections: [good], calls: [call({ attaches: [{ t: T + 4000, dir: 'received' }] })] }), T + 10_000)).toEqual([]);
    expect(faultFindings([], analysis({ connections: [bad] }), T + 10_000)).toEqual([]);
  });

  it('waits while the SDK is still reconnecting', () => {
    const s = session({ reconnects: [{ startT: T, attempts: 1, delaysMs: [1000], socketIds: ['d:ws-2'], outcome: 'ongoing' }] });
    expect(verdictFor(drop, analysis({ connections: [s] }), T + 2000)).toMatchObject({ status: 'waiting', headline: 'Reconnecting: attempt 1 so far.' });
  });

  it('SignalWire 3.x pings withheld: names the 15 s watchdog', () => {
    const f: FaultRecord = { id: 'w', t: T, kind: 'withhold-replies', params: { method: 'signalwire.ping' }, applied: [{ t: T + 5000, target: 'd:ws-1', action: 'withheld', detail: 'signalwire.ping' }], appliedMore: 0 };
    const s = session({ sdk: 'signalwire', protocolMajor: 3, reconnects: [{ startT: T + 14_000, endT: T + 16_500, attempts: 1, delaysMs: [2100], socketIds: ['d:ws-2'], resumed: true, outcome: 'recovered' }] });
    const messages = [{ socketId: 'd:ws-1', index: 0, frame: 0, t: T - 1000, dir: 'received', size: 1, protocol: 'jsonrpc', method: 'signalwire.ping', kind: 'request', summary: '' }] as Analysis['messages'];
    const v = verdictFor(f, analysis({ connections: [s], messages }), T + 20_000);
    expect(v.measured.watchdogMs).toBe(15_000);
    expect(v.facts[0]).toBe("The SDK's 15 s ping watchdog fired: it reconnected 15 s after the last signalwire.ping it received (documented: no ping for 15 s).");
    expect(v.headline).toBe('The SDK reconnected after its ping watchdog (signalwire.ping).');
    expect(v.status).toBe('as-documented');
  });

  it('Telnyx hold withheld: the RPC time-out the analyzer found, against the documented value', () => {
    const f: FaultRecord = { id: 'h', t: T, kind: 'withhold-replies', params: { method: 'telnyx_rtc.modify' }, applied: [{ t: T + 100, target: 'd:ws-1', action: 'watching', detail: 'telnyx_rtc.modify' }], appliedMore: 0 };
    const timeout: Finding = { rule: 'rpc-timeout', severity: 'error', t: T + 10_100, message: 'RPC `telnyx_rtc.modify` got no answer in 10 s', advice: '', evidence: [] };
    const v = verdictFor(f, analysis({ connections: [session({})], findings: [timeout] }), T + 12_000);
    expect(v.measured.timeoutMs).toBe(10_000);
    expect(v.headline).toBe('The SDK timed out telnyx_rtc.modify.');
    expect(v.facts[0]).toBe('RPC `telnyx_rtc.modify` got no answer in 10 s (documented time-out).');
  });
});
