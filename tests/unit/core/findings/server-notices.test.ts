import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import { Seq } from '../../../fixtures/protocol/builder.js';
import { SW_URL, swConnect } from '../../../fixtures/protocol/signalwire.js';
import { TX_URL, txLogin, txOutboundCall } from '../../../fixtures/protocol/telnyx.js';

function analyze(s: Seq) {
  const a = createAnalyzer();
  for (const ev of s.events) a.push(ev);
  return a.snapshot();
}

describe('what the signaling says went wrong', () => {
  it('explains a Telnyx punt, and no reconnect is expected after it', () => {
    const s = new Seq();
    s.create('ws-1', TX_URL).open('ws-1');
    txLogin(s, 'ws-1');
    s.wait(5000).recv('ws-1', { jsonrpc: '2.0', id: 'p1', method: 'telnyx_rtc.punt', params: {} });
    s.wait(10).close('ws-1', 1006);
    s.wait(2000).create('ws-2', TX_URL).open('ws-2');
    const an = analyze(s);
    expect(an.findings.map((f) => f.rule)).toEqual(['telnyx-punt']);
    expect(an.findings[0]!.message).toContain('the same login connected from somewhere else');
    expect(an.connections).toHaveLength(2);
  });

  it('ends the calls of a punted Telnyx session (the SDK drops them without a bye), with the punt as the only finding', () => {
    const s = new Seq();
    s.create('ws-1', TX_URL).open('ws-1');
    txLogin(s, 'ws-1');
    txOutboundCall(s, 'ws-1', 'tx-punted');
    s.wait(3000).recv('ws-1', { jsonrpc: '2.0', id: 'p1', method: 'telnyx_rtc.punt', params: {} });
    s.wait(10).close('ws-1', 1006);
    const an = analyze(s);
    const call = an.calls.find((c) => c.id === 'tx-punted')!;
    expect(call.states.map((x) => x.state).slice(-2)).toEqual(['active', 'hangup']);
    expect(call.hangup).toMatchObject({ cause: 'PUNT', by: 'remote' });
    expect(an.findings.map((f) => f.rule)).toEqual(['telnyx-punt']);
  });

  it('reports a Telnyx registration that failed', () => {
    const s = new Seq();
    s.create('ws-1', TX_URL).open('ws-1');
    s.send('ws-1', { jsonrpc: '2.0', id: 'g1', method: 'telnyx_rtc.gatewayState', params: {} });
    s.recv('ws-1', { jsonrpc: '2.0', id: 'g1', result: { params: { state: 'FAIL_WAIT' } } });
    const an = analyze(s);
    expect(an.connections[0]!.gatewayState).toBe('FAIL_WAIT');
    expect(an.findings.map((f) => f.message)).toEqual(['Telnyx SIP registration is FAIL_WAIT: the client is not ready to call or receive calls']);
  });

  it('says once per socket that a frame looked like JSON but did not parse', () => {
    const s = new Seq();
    s.create('ws-1', SW_URL).open('ws-1');
    swConnect(s, 'ws-1');
    s.recv('ws-1', '{"jsonrpc":"2.0","method":"signalwire.event",');
    s.recv('ws-1', '{"broken":');
    const an = analyze(s);
    expect(an.findings.map((f) => f.rule)).toEqual(['malformed-frame']);
    expect(an.findings[0]!.evidence[0]).toMatchObject({ socketId: 'ws-1', index: 2 });
    expect(an.messages[2]).toMatchObject({ method: 'signalwire.event', parseError: 'malformed JSON' });
  });
});

describe('SDK list', () => {
  it('merges what the page hook found with what the traffic says, keeping the more precise version', () => {
    const s = new Seq();
    s.push({ kind: 'sdk.found', t: s.t, id: 'sdk-1', sdk: 'signalwire', version: '4.0.0-beta.12', via: 'global' });
    s.create('ws-1', SW_URL).open('ws-1');
    swConnect(s, 'ws-1', { major: 4 });
    s.push({ kind: 'sdk.found', t: s.t, id: 'sdk-2', sdk: 'telnyx', version: '2.27.10', via: 'constructor' });
    const an = analyze(s);
    expect(an.sdks).toEqual([
      {
        name: '@signalwire/js',
        version: '4.0.0-beta.12',
        via: 'global+traffic',
        socketId: 'ws-1',
        sources: [
          { via: 'global', version: '4.0.0-beta.12' },
          { via: 'traffic', version: '4.0.0', socketId: 'ws-1' },
        ],
      },
      { name: '@telnyx/webrtc', version: '2.27.10', via: 'constructor', sources: [{ via: 'constructor', version: '2.27.10' }] },
    ]);
  });
});
