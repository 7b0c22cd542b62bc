/**
 * P6 for LiveKit: decoding + modeling (pairing, room model, findings) of binary protobuf frames in Node,
 * side by side with a baseline that only decodes the same bytes with @livekit/protocol (hex to bytes
 * to SignalRequest / SignalResponse): the ratio says what the room intelligence costs on top of the
 * protobuf decode any LiveKit tool pays.
 *
 *   npx tsx bench/decode-livekit.ts [frames]      (default 100000)
 */
import {
  AddTrackRequest,
  ConnectionQuality,
  ConnectionQualityInfo,
  ConnectionQualityUpdate,
  JoinResponse,
  MuteTrackRequest,
  ParticipantInfo,
  ParticipantInfo_State,
  ParticipantUpdate,
  Ping,
  Pong,
  Room,
  ServerInfo,
  SessionDescription,
  SignalRequest,
  SignalResponse,
  SignalTarget,
  SpeakerInfo,
  SpeakersChanged,
  TrackInfo,
  TrackPublishedResponse,
  TrackSource,
  TrackSubscribed,
  TrackType,
  TrickleRequest,
  UpdateSubscription,
} from '@livekit/protocol';
import type { CaptureEvent } from '../core/capture/events.js';
import { previewBytes } from '../core/capture/preview.js';
import { createAnalyzer } from '../core/protocol/analyzer.js';
import { lkFrame, lkUrl, req, res, sdp } from '../tests/fixtures/protocol/livekit-conversation.js';

export interface LiveKitDecodeBench {
  frames: number;
  framesPerSec: number;
  usPerFrame: number;
  baselineFramesPerSec: number;
  ratio: number;
  paired: number;
  participants: number;
  findings: number;
}

/** One room, `n` frames: join, then rounds of negotiation, trickle, publish, mute, pings, quality, people coming and going. */
export function buildLiveKitFrames(n: number): CaptureEvent[] {
  let t = 1_700_000_000_000;
  const out: CaptureEvent[] = [{ kind: 'ws.create', t, id: 'lk', url: lkUrl(), protocols: [] }, { kind: 'ws.open', t: (t += 5), id: 'lk', protocol: '', extensions: '' }];
  let frames = 0;
  const push = (m: SignalRequest | SignalResponse) => {
    out.push(lkFrame((t += 3), 'lk', m));
    frames++;
  };
  push(
    res({
      case: 'join',
      value: new JoinResponse({
        room: new Room({ sid: 'RM_b', name: 'bench' }),
        participant: new ParticipantInfo({ sid: 'PA_me', identity: 'me', state: ParticipantInfo_State.JOINED }),
        serverInfo: new ServerInfo({ version: '1.9.0', protocol: 16 }),
      }),
    }),
  );
  const offer = sdp('benchpub', ['audio', 'video']);
  const answer = sdp('benchsrv', ['audio', 'video']);
  const cand = JSON.stringify({ candidate: 'candidate:1 1 udp 2122260223 192.168.1.20 54321 typ host generation 0', sdpMid: '0' });
  for (let round = 1; frames < n; round++) {
    push(req({ case: 'offer', value: new SessionDescription({ type: 'offer', sdp: offer, id: round }) }));
    for (let k = 0; k < 3; k++) push(req({ case: 'trickle', value: new TrickleRequest({ target: SignalTarget.PUBLISHER, candidateInit: cand }) }));
    push(res({ case: 'answer', value: new SessionDescription({ type: 'answer', sdp: answer, id: round }) }));
    push(req({ case: 'addTrack', value: new AddTrackRequest({ cid: `cid-${round}`, name: 'mic', type: TrackType.AUDIO, source: TrackSource.MICROPHONE }) }));
    push(res({ case: 'trackPublished', value: new TrackPublishedResponse({ cid: `cid-${round}`, track: new TrackInfo({ sid: `TR_me_${round}`, type: TrackType.AUDIO, name: 'mic' }) }) }));
    push(req({ case: 'mute', value: new MuteTrackRequest({ sid: `TR_me_${round}`, muted: round % 2 === 0 }) }));
    const ts = BigInt(t);
    push(req({ case: 'ping', value: ts }));
    push(req({ case: 'pingReq', value: new Ping({ timestamp: ts, rtt: 12n }) }));
    push(res({ case: 'pong', value: ts }));
    push(res({ case: 'pongResp', value: new Pong({ lastPingTimestamp: ts, timestamp: ts + 1n }) }));
    const who = new ParticipantInfo({
      sid: `PA_${round % 50}`,
      identity: `user-${round % 50}`,
      state: round % 7 === 0 ? ParticipantInfo_State.DISCONNECTED : ParticipantInfo_State.ACTIVE,
      tracks: round % 7 === 0 ? [] : [new TrackInfo({ sid: `TR_${round % 50}_a`, type: TrackType.AUDIO, source: TrackSource.MICROPHONE })],
    });
    push(res({ case: 'update', value: new ParticipantUpdate({ participants: [who] }) }));
    push(req({ case: 'subscription', value: new UpdateSubscription({ trackSids: [`TR_${round % 50}_a`], subscribe: true }) }));
    push(res({ case: 'trackSubscribed', value: new TrackSubscribed({ trackSid: `TR_${round % 50}_a` }) }));
    push(res({ case: 'speakersChanged', value: new SpeakersChanged({ speakers: [new SpeakerInfo({ sid: who.sid, level: 0.4, active: true })] }) }));
    push(res({ case: 'connectionQuality', value: new ConnectionQualityUpdate({ updates: [new ConnectionQualityInfo({ participantSid: 'PA_me', quality: ConnectionQuality.EXCELLENT, score: 4.4 })] }) }));
  }
  return out;
}

function decodeOnly(events: CaptureEvent[]): number {
  let n = 0;
  for (const ev of events) {
    if (ev.kind !== 'ws.frame' || !ev.preview) continue;
    const bytes = previewBytes(ev.preview);
    const m = ev.dir === 'sent' ? SignalRequest.fromBinary(bytes) : SignalResponse.fromBinary(bytes);
    if (m.message.case) n++;
  }
  return n;
}

/** Runs each side `rounds` times, alternating, and keeps the best: the machine is shared and noisy. */
export function benchDecodeLiveKit(n: number, rounds = 3): LiveKitDecodeBench {
  const events = buildLiveKitFrames(n);
  const frames = events.filter((e) => e.kind === 'ws.frame').length;
  let baseMs = Infinity;
  let ms = Infinity;
  let snap = createAnalyzer().snapshot();
  for (let r = 0; r <= rounds; r++) {
    const b0 = performance.now();
    decodeOnly(events);
    const b = performance.now() - b0;
    const t0 = performance.now();
    const a = createAnalyzer();
    for (const ev of events) a.push(ev);
    const s = a.snapshot();
    const m = performance.now() - t0;
    if (r === 0) continue; // warm-up
    baseMs = Math.min(baseMs, b);
    if (m < ms) {
      ms = m;
      snap = s;
    }
  }
  return {
    frames,
    framesPerSec: Math.round((frames / ms) * 1000),
    usPerFrame: (ms * 1000) / frames,
    baselineFramesPerSec: Math.round((frames / baseMs) * 1000),
    ratio: ms / baseMs,
    paired: snap.messages.filter((m) => m.pairedWith !== undefined).length,
    participants: snap.rooms[0]?.participants.length ?? 0,
    findings: snap.findings.length,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = benchDecodeLiveKit(Number(process.argv[2] ?? 100_000));
  console.log(`LiveKit decode+model: ${r.frames} frames, ${r.framesPerSec.toLocaleString('en-US')} frames/s (${r.usPerFrame.toFixed(2)} us/frame)`);
  console.log(`baseline protobuf decode only: ${r.baselineFramesPerSec.toLocaleString('en-US')} frames/s; ratio ${r.ratio.toFixed(2)}x`);
  console.log(`paired ${r.paired}, participants ${r.participants}, findings ${r.findings}`);
}
