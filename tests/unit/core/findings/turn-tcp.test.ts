/** turn-tcp: the selected pair relays over TURN/TCP or TLS for 3 s with media on it. */
import { describe, expect, it } from 'vitest';
import { selectedPair, TURN_TCP_MS } from '../../../../core/findings/turn-tcp.js';
import { MediaCall } from '../../../fixtures/protocol/media-call.js';
import { findingsOf } from '../../../fixtures/protocol/run-rules.js';

function relayed(protocol: string) {
  const call = new MediaCall();
  Object.assign(call.f.L1!, { candidateType: 'relay', protocol: 'udp', relayProtocol: protocol, url: 'turn:turn.example.com:443?transport=tcp' });
  return call.seconds(5);
}

describe('turn-tcp', () => {
  it('fires once for a TCP relay, naming the TURN server', () => {
    const f = findingsOf(relayed('tcp').events, 'turn-tcp');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/^Media relayed over TURN\/TCP on pc-1 \(turn:turn\.example\.com:443\?transport=tcp\) for 3 s/);
    expect(findingsOf(relayed('tls').events, 'turn-tcp')[0]!.message).toContain('TURN/TLS');
    expect(TURN_TCP_MS).toBe(3000);
  });

  it('stays quiet on a UDP relay and on a direct path', () => {
    expect(findingsOf(relayed('udp').events, 'turn-tcp')).toEqual([]);
    expect(findingsOf(new MediaCall().seconds(6).events, 'turn-tcp')).toEqual([]);
  });

  it('finds the selected pair by the transport, else by the selected flag', () => {
    expect(selectedPair({ T: { type: 'transport', selectedCandidatePairId: 'P' }, P: { type: 'candidate-pair' } })?.id).toBe('P');
    expect(selectedPair({ P: { type: 'candidate-pair', selected: true } })?.id).toBe('P');
    expect(selectedPair({ T: { type: 'transport', selectedCandidatePairId: 'gone' } })).toBeUndefined();
  });
});
