/**
 * Throughput of protocol decoding + modeling (pairing, sessions, calls, findings) over a realistic mix of
 * SignalWire and Telnyx frames, side by side with a baseline that only JSON.parses the same frames: the ratio
 * says what the protocol intelligence costs on top of the parse every consumer pays anyway.
 *
 *   npx tsx bench/decode.ts [frames]      (default 100000)
 */
import type { CaptureEvent, WsFrame } from '../core/capture/events.js';
import { createAnalyzer } from '../core/protocol/analyzer.js';

export interface DecodeBench {
  frames: number;
  framesPerSec: number;
  usPerFrame: number;
  /** JSON.parse of the same frame texts, nothing else. */
  baselineFramesPerSec: number;
  /** Analyzer time / parse-only time. */
  ratio: number;
  messages: number;
  calls: number;
  connections: number;
  findings: number;
  paired: number;
  heapDeltaMB: number;
}

const SDP = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
  'c=IN IP4 0.0.0.0',
  'a=ice-ufrag:UFRAG',
  'a=ice-pwd:asd88fgpdd777uzjYhagZg3p',
  'a=fingerprint:sha-256 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89',
  'a=setup:actpass',
  'a=mid:0',
  'a=sendrecv',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=candidate:1 1 udp 2122260223 192.168.1.20 54321 typ host generation 0',
  'a=candidate:2 1 udp 1686052607 203.0.113.7 54321 typ srflx raddr 192.168.1.20 rport 54321 generation 0',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99',
  'a=mid:1',
  'a=sendrecv',
  'a=rtpmap:96 VP8/90000',
  'a=rtcp-fb:96 nack pli',
  '',
].join('\r\n');

/** Builds `n` frames (plus the socket events around them) in arrival order, two sockets interleaved. */
export function buildFrames(n: number): CaptureEvent[] {
  const out: CaptureEvent[] = [];
  let t = 1_700_000_000_000;
  let id = 0;
  let frames = 0;
  const frame = (sock: string, dir: 'sent' | 'received', body: unknown) => {
    const text = JSON.stringify(body);
    const ev: WsFrame = { kind: 'ws.frame', t: (t += 3), id: sock, dir, size: text.length, binary: false, text };
    out.push(ev);
    frames++;
  };
  const uid = () => `00000000-0000-4000-8000-${String(++id).padStart(12, '0')}`;
  out.push({ kind: 'ws.create', t, id: 'sw', url: 'wss://relay.example/', protocols: [] }, { kind: 'ws.open', t, id: 'sw', protocol: '', extensions: '' });
  out.push({ kind: 'ws.create', t, id: 'tx', url: 'wss://rtc.example/', protocols: [] }, { kind: 'ws.open', t, id: 'tx', protocol: '', extensions: '' });
  const c = uid();
  frame('sw', 'sent', { jsonrpc: '2.0', id: c, method: 'signalwire.connect', params: { version: { major: 4, minor: 0, revision: 0 }, agent: 'signalwire-js/4.0.0', authentication: { jwt_token: 'x' } } });
  frame('sw', 'received', { jsonrpc: '2.0', id: c, result: { identity: 'u', protocol: 'signalwire_a_b', ice_servers: [] } });
  const l = uid();
  frame('tx', 'sent', { jsonrpc: '2.0', id: l, method: 'login', params: { login_token: 'x', 'User-Agent': { sdkVersion: '2.27.10' } } });
  frame('tx', 'received', { jsonrpc: '2.0', id: l, result: { message: 'logged in', sessid: 's' } });

  let call = 0;
  while (frames < n) {
    call++;
    const cid = `call-${call}`;
    const sdp = SDP.replace('UFRAG', `u${call}`);
    // SignalWire call: invite, created, answer event + acks, talking events + acks, ping, bye.
    const o = uid();
    const v = uid();
    frame('sw', 'sent', { jsonrpc: '2.0', id: o, method: 'webrtc.verto', params: { callID: cid, node_id: '', message: { jsonrpc: '2.0', id: v, method: 'verto.invite', params: { dialogParams: { callID: cid, destination_number: '/public/room' }, sdp } } } });
    frame('sw', 'received', { jsonrpc: '2.0', id: o, result: { node_id: 'n', code: '200', result: { jsonrpc: '2.0', id: v, result: { message: 'CALL CREATED', callID: cid } } } });
    const e = uid();
    const a = uid();
    frame('sw', 'received', { jsonrpc: '2.0', id: e, method: 'signalwire.event', params: { event_type: 'webrtc.message', params: { jsonrpc: '2.0', id: a, method: 'verto.answer', params: { callID: cid, sdp } } } });
    frame('sw', 'sent', { jsonrpc: '2.0', id: e, result: {} });
    for (let k = 0; k < 10; k++) {
      const ev = uid();
      frame('sw', 'received', { jsonrpc: '2.0', id: ev, method: 'signalwire.event', params: { event_type: 'member.talking', params: { member: { id: 'm', talking: k % 2 === 0 } } } });
      frame('sw', 'sent', { jsonrpc: '2.0', id: ev, result: {} });
    }
    const p = uid();
    frame('sw', 'received', { jsonrpc: '2.0', id: p, method: 'signalwire.ping', params: { timestamp: t / 1000 } });
    frame('sw', 'sent', { jsonrpc: '2.0', id: p, result: {} });
    const b = uid();
    const bv = uid();
    frame('sw', 'sent', { jsonrpc: '2.0', id: b, method: 'webrtc.verto', params: { callID: cid, message: { jsonrpc: '2.0', id: bv, method: 'verto.bye', params: { dialogParams: { callID: cid }, cause: 'NORMAL_CLEARING', causeCode: 16 } } } });
    frame('sw', 'received', { jsonrpc: '2.0', id: b, result: { node_id: 'n', code: '200', result: { jsonrpc: '2.0', id: bv, result: { message: 'CALL ENDED' } } } });
    // Telnyx call: invite, created, ringing, answer + ack, trickled candidates, ping, bye.
    const tcid = `tx-${call}`;
    const ti = uid();
    frame('tx', 'sent', { jsonrpc: '2.0', id: ti, method: 'telnyx_rtc.invite', params: { sessid: 's', sdp, dialogParams: { callID: tcid, destination_number: '+15550001111' } } });
    frame('tx', 'received', { jsonrpc: '2.0', id: ti, result: { callID: tcid, message: 'CALL CREATED' } });
    const tr = uid();
    frame('tx', 'received', { jsonrpc: '2.0', id: tr, method: 'telnyx_rtc.ringing', params: { callID: tcid } });
    frame('tx', 'sent', { jsonrpc: '2.0', id: tr, result: { method: 'telnyx_rtc.ringing' } });
    const ta = uid();
    frame('tx', 'received', { jsonrpc: '2.0', id: ta, method: 'telnyx_rtc.answer', params: { callID: tcid, sdp } });
    frame('tx', 'sent', { jsonrpc: '2.0', id: ta, result: { method: 'telnyx_rtc.answer' } });
    for (let k = 0; k < 4; k++) {
      const cd = uid();
      frame('tx', 'sent', { jsonrpc: '2.0', id: cd, method: 'telnyx_rtc.candidate', params: { callID: tcid, candidate: `candidate:${k} 1 udp 2122260223 10.0.0.${k} 5000 typ host`, sdpMid: '0' } });
      frame('tx', 'received', { jsonrpc: '2.0', id: cd, result: { callID: tcid, message: 'CANDIDATE RECEIVED' } });
    }
    const tp = uid();
    frame('tx', 'sent', { jsonrpc: '2.0', id: tp, method: 'telnyx_rtc.ping', params: { sessid: 's' } });
    frame('tx', 'received', { jsonrpc: '2.0', id: tp, result: { message: 'PONG' } });
    const tb = uid();
    frame('tx', 'sent', { jsonrpc: '2.0', id: tb, method: 'telnyx_rtc.bye', params: { dialogParams: { callID: tcid }, cause: 'NORMAL_CLEARING', causeCode: 16 } });
    frame('tx', 'received', { jsonrpc: '2.0', id: tb, result: { callID: tcid, message: 'CALL ENDED' } });
  }
  return out;
}

function parseOnly(events: CaptureEvent[]): number {
  let keys = 0;
  for (const ev of events) {
    if (ev.kind !== 'ws.frame' || ev.text === undefined) continue;
    const o = JSON.parse(ev.text) as Record<string, unknown>;
    if (o.id !== undefined) keys++;
  }
  return keys;
}

/** Runs each side `rounds` times, alternating, and keeps the best: the machine is shared and noisy. */
export function benchDecode(n: number, rounds = 3): DecodeBench {
  const events = buildFrames(n);
  const frames = events.filter((e) => e.kind === 'ws.frame').length;
  const last = events[events.length - 1]!.t;
  let parseMs = Infinity;
  let ms = Infinity;
  let heapDeltaMB = 0;
  let an = createAnalyzer().snapshot();
  // Round 0 warms the JIT on the full mix and is not counted.
  for (let r = 0; r <= rounds; r++) {
    const p0 = performance.now();
    parseOnly(events);
    const p = performance.now() - p0;
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const a = createAnalyzer();
    for (const ev of events) a.push(ev);
    a.tick(last + 60_000);
    const snap = a.snapshot();
    const m = performance.now() - t0;
    if (r === 0) continue;
    parseMs = Math.min(parseMs, p);
    if (m < ms) {
      ms = m;
      an = snap;
      heapDeltaMB = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
    }
  }

  let paired = 0;
  for (const m of an.messages) if (m.pairedWith !== undefined) paired++;
  return {
    frames,
    framesPerSec: Math.round((frames / ms) * 1000),
    usPerFrame: (ms * 1000) / frames,
    baselineFramesPerSec: Math.round((frames / parseMs) * 1000),
    ratio: ms / parseMs,
    messages: an.messages.length,
    calls: an.calls.length,
    connections: an.connections.length,
    findings: an.findings.length,
    paired,
    heapDeltaMB: Math.round(heapDeltaMB * 10) / 10,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 100_000);
  const r = benchDecode(n);
  console.log(`decode+model: ${r.frames} frames, ${r.framesPerSec.toLocaleString('en-US')} frames/s (${r.usPerFrame.toFixed(2)} us/frame)`);
  console.log(`baseline JSON.parse only: ${r.baselineFramesPerSec.toLocaleString('en-US')} frames/s; ratio ${r.ratio.toFixed(2)}x`);
  console.log(`messages ${r.messages}, paired ${r.paired}, calls ${r.calls}, connections ${r.connections}, findings ${r.findings}, heap +${r.heapDeltaMB} MB`);
}
