import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import { createAnalyzer } from '../../../../core/protocol/analyzer.js';
import { Seq } from '../../../fixtures/protocol/builder.js';
import { statsSeries } from '../../../fixtures/protocol/stats.js';

function analyze(events: CaptureEvent[]) {
  const a = createAnalyzer();
  for (const ev of events) a.push(ev);
  return a.snapshot();
}

function withStats(s: Seq, series: ReturnType<typeof statsSeries>) {
  for (const x of series) {
    s.t = x.t;
    s.pcStats('pc-1', x.reports);
  }
  return s;
}

describe('network quality findings', () => {
  it('says nothing about a clean call', () => {
    const s = withStats(new Seq(0), statsSeries(0, 20, () => ({})));
    const an = analyze(s.events);
    expect(an.findings).toEqual([]);
    expect(an.quality['pc-1']!.samples).toHaveLength(20);
    expect(an.quality['pc-1']!.latest!.band).toBe('excellent');
  });

  it('reports loss over 1% once it lasts 3 samples, once per episode', () => {
    const lossy = (i: number) => (i >= 5 && i <= 9) || i >= 15 ? { inPackets: 48, lost: 2 } : {};
    const an = analyze(withStats(new Seq(0), statsSeries(0, 20, lossy)).events);
    const loss = an.findings.filter((f) => f.rule === 'packet-loss');
    expect(loss).toHaveLength(2);
    expect(loss[0]!.message).toBe('Packet loss 4.0% on pc-1 (above 1%)');
    expect(loss[0]!.t).toBe(7000);
    expect(loss[0]!.evidence).toEqual([
      { kind: 'stats', pcId: 'pc-1', t: 5000 },
      { kind: 'stats', pcId: 'pc-1', t: 7000 },
    ]);
  });

  it('does not call two bad samples sustained', () => {
    const an = analyze(withStats(new Seq(0), statsSeries(0, 10, (i) => (i === 3 || i === 4 ? { jitterS: 0.08 } : {}))).events);
    expect(an.findings).toEqual([]);
  });

  it('reports jitter > 30 ms, RTT > 400 ms and MOS < 3 on a bad network', () => {
    const an = analyze(withStats(new Seq(0), statsSeries(0, 6, () => ({ jitterS: 0.045, rttS: 0.45 }))).events);
    const rules = an.findings.map((f) => f.rule).sort();
    expect(rules).toEqual(['high-jitter', 'high-rtt', 'low-mos']);
    expect(an.findings.find((f) => f.rule === 'high-rtt')!.message).toBe('Round-trip time 450 ms on pc-1 (above 400 ms)');
    expect(an.findings.find((f) => f.rule === 'low-mos')!.severity).toBe('error');
  });

  it('reports one-way media when incoming bytes stop while outgoing keep rising', () => {
    const an = analyze(withStats(new Seq(0), statsSeries(0, 12, (i) => (i > 4 ? { inBytes: 0, inPackets: 0 } : {}))).events);
    const f = an.findings.filter((x) => x.rule === 'one-way-media');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toBe('One-way media on pc-1: sending but nothing received for 5 s');
    expect(f[0]!.t).toBe(9000);
  });

  it('reports the other direction too (microphone dead)', () => {
    const an = analyze(withStats(new Seq(0), statsSeries(0, 12, (i) => (i > 2 ? { outBytes: 0, outPackets: 0 } : {}))).events);
    expect(an.findings.map((x) => x.message)).toEqual(['One-way media on pc-1: receiving but nothing sent for 5 s']);
  });
});

describe('ICE findings', () => {
  it('reports ICE failed with relay advice when only TURN may be used', () => {
    const s = new Seq();
    s.pcCreate('pc-1', { iceTransportPolicy: 'relay', iceServers: [{ urls: ['turn:turn.example.com:3478'] }] });
    s.pcEvent('pc-1', 'icecandidateerror', { url: 'turn:turn.example.com:3478', errorCode: 701, errorText: 'TURN allocate request timed out.' });
    s.wait(10).pcEvent('pc-1', 'icegatheringstatechange', { state: 'complete' });
    s.wait(10_000).pcEvent('pc-1', 'iceconnectionstatechange', { state: 'failed' });
    s.pcEvent('pc-1', 'connectionstatechange', { state: 'failed' });
    const an = analyze(s.events);
    expect(an.findings.map((f) => f.rule)).toEqual(['no-relay-candidate', 'ice-failed']);
    expect(an.findings[0]!.message).toBe(
      'no relay candidate: TURN unreachable (iceTransportPolicy is "relay", so no media can flow) — turn:turn.example.com:3478 701 TURN allocate request timed out.',
    );
    expect(an.findings[0]!.severity).toBe('error');
    expect(an.findings[1]!.advice).toContain('relay');
  });

  it('names TURN authentication, not reachability, when the server answered 401', () => {
    const s = new Seq();
    s.pcCreate('pc-1', { iceTransportPolicy: 'relay', iceServers: [{ urls: ['turn:127.0.0.1:3478?transport=udp'] }] });
    s.pcEvent('pc-1', 'icecandidateerror', { url: 'turn:127.0.0.1:3478?transport=udp', errorCode: 401, errorText: 'Unauthorized' });
    s.wait(10).pcEvent('pc-1', 'icegatheringstatechange', { state: 'complete' });
    const f = analyze(s.events).findings.find((x) => x.rule === 'no-relay-candidate')!;
    expect(f.message).toBe(
      'no relay candidate: TURN authentication failed (401: the server refused the username or credential) (iceTransportPolicy is "relay", so no media can flow) — turn:127.0.0.1:3478?transport=udp 401 Unauthorized',
    );
    expect(f.advice).toContain('refused the credentials');
  });

  it('is quiet when a relay candidate was gathered', () => {
    const s = new Seq();
    s.pcCreate('pc-1', { iceTransportPolicy: 'relay', iceServers: [{ urls: 'turn:127.0.0.1:3478' }] });
    s.pcEvent('pc-1', 'icecandidate', { candidate: 'candidate:9 1 udp 41885439 127.0.0.1 50000 typ relay raddr 0.0.0.0 rport 0' });
    s.pcEvent('pc-1', 'icecandidate', { candidate: null });
    expect(analyze(s.events).findings).toEqual([]);
  });

  it('reports each disconnection after a recovery, but not the same one twice', () => {
    const s = new Seq();
    s.pcCreate('pc-1', {});
    for (const st of ['connected', 'disconnected', 'disconnected', 'connected', 'disconnected']) s.wait(1000).pcEvent('pc-1', 'iceconnectionstatechange', { state: st });
    const an = analyze(s.events);
    expect(an.findings.map((f) => f.rule)).toEqual(['ice-disconnected', 'ice-disconnected']);
  });
});

describe('device findings', () => {
  const mic = { deviceId: 'd1', groupId: 'g', kind: 'audioinput', label: 'USB Headset' };
  it('reports a device removed and a track ended while a call is up, not outside calls', () => {
    const s = new Seq();
    s.push({ kind: 'media.devicechange', t: s.t, added: [], removed: [mic], devices: [] });
    s.pcCreate('pc-1', {}).pcEvent('pc-1', 'connectionstatechange', { state: 'connected' });
    s.wait(1000).push({ kind: 'media.devicechange', t: s.t, added: [], removed: [mic], devices: [] });
    s.push({ kind: 'media.track', t: s.t, trackId: 't1', trackKind: 'audio', label: 'USB Headset', event: 'ended' });
    s.pcEvent('pc-1', 'connectionstatechange', { state: 'closed' });
    s.push({ kind: 'media.track', t: s.t, trackId: 't2', trackKind: 'video', label: 'cam', event: 'ended' });
    const an = analyze(s.events);
    expect(an.findings.map((f) => f.message)).toEqual(['Device removed during a call: USB Headset', 'Local audio track ended during a call (USB Headset)']);
  });

  it('explains each getUserMedia error', () => {
    const s = new Seq();
    const names = ['NotAllowedError', 'NotFoundError', 'NotReadableError', 'OverconstrainedError'];
    names.forEach((name, i) => {
      s.push({ kind: 'media.gum', t: s.t, id: `g${i}`, api: 'getUserMedia', constraints: { audio: true } });
      s.push({ kind: 'media.gum.result', t: s.t, id: `g${i}`, api: 'getUserMedia', ok: false, error: { name, message: 'msg' }, durationMs: 3 });
    });
    s.push({ kind: 'media.gum.result', t: s.t, id: 'ok', api: 'getUserMedia', ok: true, tracks: [], durationMs: 3 });
    const f = analyze(s.events).findings;
    expect(f.map((x) => x.rule)).toEqual(['gum-error', 'gum-error', 'gum-error', 'gum-error']);
    expect(f[0]!.message).toBe('getUserMedia failed: NotAllowedError (permission denied) — msg');
    expect(f[0]!.advice).toContain('site settings');
    expect(f[1]!.advice).toContain('No camera or microphone');
    expect(f[2]!.advice).toContain('Another application');
    expect(f[3]!.advice).toContain('exact deviceId');
    expect(new Set(f.map((x) => x.advice)).size).toBe(4);
  });
});

describe('one-way media and hold', () => {
  it('stays quiet while the call on that peer connection is held', async () => {
    const { TX_URL, txLogin, txOutboundCall } = await import('../../../fixtures/protocol/telnyx.js');
    const { sdp } = await import('../../../fixtures/protocol/builder.js');
    const s = new Seq(0);
    s.create('ws-1', TX_URL).open('ws-1');
    txLogin(s, 'ws-1');
    s.pcCreate('pc-1', {});
    s.pcCall('pc-1', 'setLocalDescription', [{ type: 'offer', sdp: sdp('txLoc') }]);
    txOutboundCall(s, 'ws-1', 'held-1');
    s.send('ws-1', { jsonrpc: '2.0', id: 'h', method: 'telnyx_rtc.modify', params: { action: 'hold', dialogParams: { callID: 'held-1' } } });
    // The far end stops sending while held; we keep sending (music on hold, comfort noise).
    for (const x of statsSeries(s.t, 12, (i) => (i > 2 ? { inBytes: 0, inPackets: 0 } : {}))) {
      s.t = x.t;
      s.pcStats('pc-1', x.reports);
    }
    const an = analyze(s.events);
    expect(an.calls[0]!.pcId).toBe('pc-1');
    expect(an.calls[0]!.held).toBe(true);
    expect(an.findings.filter((f) => f.rule === 'one-way-media')).toEqual([]);
  });
});
