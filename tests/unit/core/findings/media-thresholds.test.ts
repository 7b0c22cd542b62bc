/** The network thresholds on one-way-by-design connections: each direction judged from its own stream. */
import { describe, expect, it } from 'vitest';
import type { Json } from '../../../../core/capture/events.js';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import { sdp } from '../../../fixtures/protocol/builder.js';

type Reports = Record<string, Record<string, Json>>;

/** A send-only connection: outbound audio and the far end's reports on it, nothing inbound. */
function sendOnly(t: number, i: number, far: { fractionLost: number; rttS: number; jitterS: number }): Reports {
  return {
    OA: { type: 'outbound-rtp', kind: 'audio', timestamp: t, bytesSent: i * 4000, packetsSent: i * 50 },
    RIA: { type: 'remote-inbound-rtp', kind: 'audio', timestamp: t, roundTripTime: far.rttS, fractionLost: far.fractionLost, jitter: far.jitterS },
  };
}

/** A receive-only connection: inbound audio only, `lost` packets per second of 50. */
function recvOnly(t: number, i: number, lost: number): Reports {
  return { IA: { type: 'inbound-rtp', kind: 'audio', timestamp: t, bytesReceived: i * 4000, packetsReceived: i * (50 - lost), packetsLost: i * lost, jitter: 0.002 } };
}

/** Stats after an offer/answer in which this side only sends (`sendonly`) or only receives (`recvonly`). */
function findings(ours: 'sendonly' | 'recvonly', make: (t: number, i: number) => Reports) {
  const a = createAnalyzer();
  const theirs = ours === 'sendonly' ? 'recvonly' : 'sendonly';
  a.push({ kind: 'pc.call', t: 0, id: 'pc-1', method: 'setLocalDescription', args: [{ type: 'offer', sdp: sdp('a', { direction: ours }) }] });
  a.push({ kind: 'pc.call', t: 0, id: 'pc-1', method: 'setRemoteDescription', args: [{ type: 'answer', sdp: sdp('b', { direction: theirs }) }] });
  for (let i = 0; i <= 8; i++) a.push({ kind: 'pc.stats', t: i * 1000, id: 'pc-1', reports: make(i * 1000, i) });
  return a.snapshot().findings;
}

describe('media thresholds per direction', () => {
  it('a send-only connection the far end hears badly: loss said to be on what it sends, RTT flagged, no MOS or inbound-jitter finding from the far end figures', () => {
    const f = findings('sendonly', (t, i) => sendOnly(t, i, { fractionLost: 0.1, rttS: 0.5, jitterS: 0.05 }));
    expect(f.map((x) => x.rule).sort()).toEqual(['high-rtt', 'packet-loss']);
    expect(f.find((x) => x.rule === 'packet-loss')!.message).toBe('Packet loss 10% on pc-1 (above 1%) on what it sends, as the far end reports');
  });

  it('a clean send-only connection raises nothing, though it receives nothing', () => {
    expect(findings('sendonly', (t, i) => sendOnly(t, i, { fractionLost: 0, rttS: 0.02, jitterS: 0.002 }))).toEqual([]);
  });

  it('a receive-only connection with loss on what it receives: the plain message', () => {
    const f = findings('recvonly', (t, i) => recvOnly(t, i, 2));
    expect(f.map((x) => x.message)).toEqual(['Packet loss 4.0% on pc-1 (above 1%)']);
  });

  it('a clean receive-only connection raises nothing, though it sends nothing', () => {
    expect(findings('recvonly', (t, i) => recvOnly(t, i, 0))).toEqual([]);
  });
});
