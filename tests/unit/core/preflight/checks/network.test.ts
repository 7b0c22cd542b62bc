import { describe, expect, it } from 'vitest';
import { evaluateGathering, explainIceError, parseCandidate, summarizeCandidates, transportOfUrl, type GatheringFacts } from '../../../../../core/preflight/checks/ice.js';
import { evaluateSignaling } from '../../../../../core/preflight/checks/signaling.js';
import { evaluateConnectivity, turnOnly, type PathResult } from '../../../../../core/preflight/checks/connectivity.js';
import { directionFigures, evaluateCall, snapshotFrom, type CallFacts } from '../../../../../core/preflight/checks/quality.js';

const host = 'candidate:1 1 udp 2122260223 192.168.1.5 50000 typ host generation 0';
const srflx = 'candidate:2 1 udp 1686052607 203.0.113.7 50001 typ srflx raddr 192.168.1.5 rport 50000';
const relayUdp = 'candidate:3 1 udp 41885439 198.51.100.9 61000 typ relay raddr 203.0.113.7 rport 50001';
const hostTcp = 'candidate:4 1 tcp 1518280447 192.168.1.5 9 typ host tcptype active';

describe('ICE candidate parsing', () => {
  it('reads protocol, type, address and port from SDP candidate lines', () => {
    expect(parseCandidate(srflx)).toMatchObject({ protocol: 'udp', type: 'srflx', address: '203.0.113.7', port: 50001 });
    expect(parseCandidate(hostTcp)).toMatchObject({ protocol: 'tcp', type: 'host' });
    expect(parseCandidate('a=garbage')).toBeNull();
  });

  it('counts relay candidates by TURN transport, from relayProtocol or the server URL', () => {
    const list = [
      parseCandidate(host)!,
      parseCandidate(relayUdp, { relayProtocol: 'udp' })!,
      parseCandidate(relayUdp, { url: 'turn:t.example:443?transport=tcp' })!,
      parseCandidate(relayUdp, { url: 'turns:t.example:443' })!,
    ];
    expect(summarizeCandidates(list).relayByTransport).toEqual({ udp: 1, tcp: 1, tls: 1 });
    expect(transportOfUrl('turn:x:3478')).toBe('udp');
  });
});

function gathering(over: Partial<GatheringFacts>): GatheringFacts {
  return { servers: { stun: [], turn: [] }, candidates: [parseCandidate(host)!], errors: [], gatheringMs: 120, complete: true, ...over };
}

describe('ICE gathering verdict', () => {
  it('fails with the 401 explained when the TURN server refuses the credentials', () => {
    const out = evaluateGathering(
      gathering({
        servers: { stun: [], turn: ['turn:t.example:3478'] },
        errors: [
          { url: 'turn:t.example:3478', errorCode: 401, errorText: 'Unauthorized' },
          { url: 'turn:t.example:3478', errorCode: 401, errorText: 'Unauthorized' },
        ],
      }),
    );
    expect(out.status).toBe('fail');
    expect(out.summary).toMatch(/rejected the credentials/);
    expect((out.advice ?? []).filter((a) => a.includes('401 Unauthorized'))).toHaveLength(1);
    expect(out.metrics!.errors).toHaveLength(1);
  });

  it('fails when TURN gives no relay and says it may be unreachable', () => {
    const out = evaluateGathering(gathering({ servers: { stun: [], turn: ['turn:t.example:3478'] }, errors: [{ url: 'turn:t.example:3478', errorCode: 701, errorText: 'timeout' }] }));
    expect(out.status).toBe('fail');
    expect((out.advice ?? []).join(' ')).toMatch(/could not be reached \(701\)/);
    expect((out.advice ?? []).join(' ')).toMatch(/check the TURN address and port/);
  });

  it('passes with relay candidates and names their transports', () => {
    const out = evaluateGathering(
      gathering({ servers: { stun: [], turn: ['turn:t:3478'] }, candidates: [parseCandidate(host)!, parseCandidate(relayUdp, { relayProtocol: 'udp' })!] }),
    );
    expect(out.status).toBe('pass');
    expect(out.summary).toMatch(/1 relay candidate.*relay over UDP/);
  });

  it('warns when STUN gives no reflexive candidate, and when gathering did not finish', () => {
    expect(evaluateGathering(gathering({ servers: { stun: ['stun:s:3478'], turn: [] } })).status).toBe('warn');
    const slow = evaluateGathering(gathering({ complete: false, gatheringMs: 5000 }));
    expect(slow.status).toBe('warn');
    expect(slow.summary).toMatch(/did not finish within 5000 ms/);
    expect(evaluateGathering(gathering({ servers: { stun: ['stun:s:3478'], turn: [] }, candidates: [parseCandidate(srflx)!] })).status).toBe('pass');
  });

  it('fails with no candidates at all', () => {
    expect(evaluateGathering(gathering({ candidates: [] })).status).toBe('fail');
  });

  it('explains other TURN error codes in words and never echoes credentials in URLs', () => {
    expect(explainIceError({ url: 'turn:t:3478', errorCode: 486, errorText: '' })).toMatch(/quota/);
    expect(explainIceError({ url: 'turn:t:3478', errorCode: 599, errorText: 'odd' })).toMatch(/599 odd/);
  });
});

describe('signaling verdict', () => {
  const base = { url: 'wss://sig.example/?token=abc', opened: true, connectMs: 80, rttsMs: [20, 22, 30], unanswered: false };
  it('reports connect time and the median round trip', () => {
    const out = evaluateSignaling(base);
    expect(out.status).toBe('pass');
    expect(out.metrics).toMatchObject({ connectMs: 80, rttMs: 22, rttMeasured: true });
    expect(out.summary).toMatch(/connected in 80 ms; round trip 22 ms/);
    expect(JSON.stringify(out.metrics)).not.toContain('abc');
  });
  it('says plainly when the round trip could not be measured', () => {
    const out = evaluateSignaling({ ...base, rttsMs: [], unanswered: true });
    expect(out.status).toBe('pass');
    expect(out.metrics!.rttMs).toBeNull();
    expect(out.summary).toMatch(/did not answer our ping, so the round-trip time could not be measured/);
  });
  it('fails with firewall advice when the socket never opens, warns when slow', () => {
    const failed = evaluateSignaling({ ...base, opened: false, connectMs: null, rttsMs: [], failure: 'closed with code 1006' });
    expect(failed.status).toBe('fail');
    expect(failed.summary).toContain('1006');
    expect((failed.advice ?? []).join(' ')).toMatch(/firewall or proxy/);
    expect(evaluateSignaling({ ...base, connectMs: 2500 }).status).toBe('warn');
  });
});

describe('connectivity verdict', () => {
  const ok = (path: 'relay' | 'direct'): PathResult => ({ path, ok: true, connectMs: 90, rttMs: 1.2, localType: path === 'relay' ? 'relay' : 'host' });
  it('passes when both relay and direct work', () => {
    expect(evaluateConnectivity(ok('relay'), ok('direct')).status).toBe('pass');
  });
  it('fails when the relay fails, warns when only direct fails', () => {
    expect(evaluateConnectivity({ path: 'relay', ok: false, failure: 'no connection within 5000 ms' }, ok('direct')).status).toBe('fail');
    const d = evaluateConnectivity(ok('relay'), { path: 'direct', ok: false, failure: 'x' });
    expect(d.status).toBe('warn');
    expect((d.advice ?? []).join(' ')).toMatch(/through the relay/);
  });
  it('without a TURN server, says the relay was not tested', () => {
    const out = evaluateConnectivity({ path: 'relay', ok: false, skipped: 'no TURN server was given' }, ok('direct'));
    expect(out.status).toBe('warn');
    expect(out.summary).toMatch(/relay was not tested/);
  });
  it('keeps only TURN URLs for the relay-only test', () => {
    expect(turnOnly([{ urls: ['stun:s:1', 'turn:t:2'], username: 'u', credential: 'c' }, { urls: 'stun:x:3' }])).toEqual([
      { urls: ['turn:t:2'], username: 'u', credential: 'c' },
    ]);
  });
});

describe('call quality', () => {
  const stats = (t: number, outBytes: number, inBytes: number, packets: number, lost: number) =>
    snapshotFrom(
      [
        { id: 'o1', type: 'outbound-rtp', kind: 'video', bytesSent: outBytes },
        { id: 'i1', type: 'inbound-rtp', kind: 'audio', bytesReceived: inBytes / 4, packetsReceived: packets, packetsLost: lost, jitter: 0.012 },
        { id: 'i2', type: 'inbound-rtp', kind: 'video', bytesReceived: (inBytes * 3) / 4, packetsReceived: 0, packetsLost: 0, framesDecoded: t / 50, frameWidth: 640, frameHeight: 480 },
        { id: 'T', type: 'transport', selectedCandidatePairId: 'P' },
        { id: 'P', type: 'candidate-pair', currentRoundTripTime: 0.08 },
      ],
      t,
    );

  it('turns two getStats snapshots into bitrate, loss, jitter and frame rate', () => {
    const a0 = stats(0, 0, 0, 0, 0);
    const a1 = stats(2000, 250_000, 200_000, 980, 20);
    expect(a1.rttMs).toBe(80);
    const f = directionFigures(a0, a1, a0, a1);
    expect(f.sendKbps).toBe(1000);
    expect(f.receiveKbps).toBe(800);
    expect(f.lossPercent).toBe(2);
    expect(f.jitterMs).toBe(12);
    expect(f.fps).toBe(20);
  });

  const good = { sendKbps: 600, receiveKbps: 600, lossPercent: 0, jitterMs: 3, fps: 30, frameWidth: 640, frameHeight: 480 };
  const facts = (over: Partial<CallFacts> = {}): CallFacts => ({
    path: 'relay',
    media: 'devices',
    connected: true,
    durationMs: 6000,
    up: good,
    down: good,
    rttMs: 20,
    sendSeriesKbps: [500, 600, 600, 600, 600],
    timing: { iceMs: 50, dtlsMs: 30, connectedMs: 120 },
    selected: null,
    ...over,
  });

  it('passes a clean call with MOS and band', () => {
    const out = evaluateCall(facts());
    expect(out.status).toBe('pass');
    expect(out.metrics).toMatchObject({ qualityBand: 'excellent', path: 'relay' });
    expect(out.summary).toMatch(/MOS 4\.\d+ \(excellent\), 600 kbps up \/ 600 kbps down/);
  });

  it('warns on each Twilio threshold: RTT > 400 ms, jitter > 30 ms, loss > 1%, bitrate < 100 kbps', () => {
    expect(evaluateCall(facts({ rttMs: 450 })).summary).toMatch(/high delay/);
    expect(evaluateCall(facts({ up: { ...good, jitterMs: 35 } })).summary).toMatch(/unsteady timing/);
    expect(evaluateCall(facts({ down: { ...good, lossPercent: 1.5 } })).summary).toMatch(/packet loss 1.5%/);
    const low = evaluateCall(facts({ sendSeriesKbps: [50, 60, 70, 800, 90] }));
    expect(low.status).toBe('warn');
    expect(low.summary).toMatch(/low bandwidth/);
    expect((low.advice ?? []).length).toBeGreaterThan(0);
  });

  it('does not blame the network for the low bitrate of video drawn in a hidden page, and says why', () => {
    const slow = [10, 14, 14, 12, 14];
    const hidden = evaluateCall(facts({ media: 'synthetic', pageHidden: true, sendSeriesKbps: slow }));
    expect(hidden.status).toBe('pass');
    expect(hidden.summary).toMatch(/page was in the background/);
    expect(hidden.metrics).toMatchObject({ pageHidden: true });
    // Real devices keep their frame rate in a hidden page, and drawn video in a shown one: the rule holds.
    expect(evaluateCall(facts({ media: 'devices', pageHidden: true, sendSeriesKbps: slow })).summary).toMatch(/low bandwidth/);
    expect(evaluateCall(facts({ media: 'synthetic', sendSeriesKbps: slow })).summary).toMatch(/low bandwidth/);
  });

  it('fails a degraded call, one that never connected, and one where no media arrived', () => {
    expect(evaluateCall(facts({ down: { ...good, lossPercent: 25 } })).status).toBe('fail');
    const nc = evaluateCall(facts({ connected: false, up: null, down: null, failure: 'ICE failed' }));
    expect(nc.status).toBe('fail');
    expect(nc.summary).toMatch(/through the relay \(ICE failed\)/);
    expect(evaluateCall(facts({ down: { ...good, receiveKbps: 0 } })).summary).toMatch(/no media arrived/);
  });
});
