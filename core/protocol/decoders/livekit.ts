/**
 * LiveKit signaling: binary protobuf over WebSocket, `SignalRequest` from the client and `SignalResponse`
 * from the server (text frames carry the same messages as protobuf JSON). Decoded with @livekit/protocol's
 * own generated classes, never by hand.
 *
 * Pairing, where the protocol pairs: the publisher's offer (sent) and the subscriber's offer (received) are
 * answered per target and offer id; addTrack is answered by trackPublished with the same cid; ping and pingReq
 * by pong and pongResp with the timestamp they carried. The join itself travels in the socket URL, so its
 * answer (`join`) and a resume's (`reconnect`) pair with nothing: the room model (../livekit-room.ts) times them.
 */
import {
  ConnectionQuality,
  DisconnectReason,
  LeaveRequest_Action,
  RequestResponse_Reason,
  SignalRequest,
  SignalResponse,
  SignalTarget,
  SubscriptionError,
  TrackSource,
  TrackType,
  type ParticipantInfo,
  type SessionDescription,
  type TrackInfo,
} from '@livekit/protocol';
import type { WsFrame } from '../../capture/events.js';
import { previewBytes } from '../../capture/preview.js';
import type { ParsedFrame } from './types.js';
import { clip, text } from './util.js';

/** A decoded LiveKit message: which oneof case it is and its generated message object. */
export type LiveKitSignal =
  | { dir: 'sent'; case: NonNullable<SignalRequest['message']['case']>; msg: SignalRequest }
  | { dir: 'received'; case: NonNullable<SignalResponse['message']['case']>; msg: SignalResponse };

/** Method names on the wire list: `livekit.<oneof case>`, the protocol's own field names. */
export const LIVEKIT_PREFIX = 'livekit.';

/**
 * Is this socket URL LiveKit's signaling endpoint? `…/rtc` (protocol ≤ 16, and the client's fallback) or
 * `…/rtc/v1` (the single peer connection join), with the client's `access_token` or `join_request` query.
 */
export function isLiveKitUrl(url: string): boolean {
  const m = /^wss?:\/\/[^/?#]+(\/[^?#]*)?\?([^#]*)/i.exec(url);
  if (!m) return false;
  if (!/\/rtc(\/v1)?\/?$/.test(m[1] ?? '')) return false;
  return /(^|&)(access_token|join_request)=/.test(m[2] ?? '');
}

export interface LiveKitUrlFacts {
  /** The SDK flavour the client names (`js`, `node`, …) from `sdk=`. */
  sdk?: string;
  version?: string;
  protocol?: number;
  /** `reconnect=1`: the client asks to resume its session (protocol ≤ 16 URLs). */
  resume: boolean;
  /** `/rtc/v1`: the single peer connection join, its JoinRequest packed (and gzipped) in `join_request`. */
  v1: boolean;
  /** The participant sid a resume names. */
  sid?: string;
}

/** What the socket URL says about the client and the join (the token is never read). */
export function liveKitUrlFacts(url: string): LiveKitUrlFacts {
  const q = url.indexOf('?');
  const params = new URLSearchParams(q >= 0 ? url.slice(q + 1).split('#')[0] : '');
  const protocol = Number(params.get('protocol'));
  const facts: LiveKitUrlFacts = {
    resume: params.get('reconnect') === '1',
    v1: /\/rtc\/v1\/?(\?|$)/.test(url.slice(0, q >= 0 ? q + 1 : url.length)),
  };
  const sdk = params.get('sdk');
  if (sdk) facts.sdk = sdk;
  const version = params.get('version');
  if (version) facts.version = version;
  if (Number.isFinite(protocol) && protocol > 0) facts.protocol = protocol;
  const sid = params.get('sid');
  if (sid) facts.sid = sid;
  return facts;
}

/** npm package name of a client from its `sdk=` value. */
export function liveKitSdkName(sdk: string | undefined): string {
  switch (sdk) {
    case 'js':
    case undefined:
      return 'livekit-client';
    case 'node':
      return '@livekit/rtc-node';
    default:
      return `livekit (${sdk})`;
  }
}

/** Decodes a frame's bytes (or protobuf JSON text) into the message its direction carries. Throws on bad input. */
export function decodeLiveKitSignal(ev: Pick<WsFrame, 'dir' | 'binary' | 'text' | 'preview'>): LiveKitSignal {
  const sent = ev.dir === 'sent';
  let msg: SignalRequest | SignalResponse;
  if (ev.binary || typeof ev.text !== 'string') {
    const bytes = previewBytes(typeof ev.preview === 'string' ? ev.preview : '');
    msg = sent ? SignalRequest.fromBinary(bytes) : SignalResponse.fromBinary(bytes);
  } else {
    const json = JSON.parse(ev.text) as never;
    msg = sent ? SignalRequest.fromJson(json, { ignoreUnknownFields: true }) : SignalResponse.fromJson(json, { ignoreUnknownFields: true });
  }
  const c = msg.message.case;
  if (!c) throw new Error('an empty signal message');
  return sent ? { dir: 'sent', case: c as never, msg: msg as SignalRequest } : { dir: 'received', case: c as never, msg: msg as SignalResponse };
}

/**
 * The decoded tree of a LiveKit frame for display (protobuf JSON: enum names, 64-bit numbers as strings,
 * bytes as base64), or undefined when the frame does not decode. Shown as text only, like every page value.
 */
export function liveKitTree(ev: Pick<WsFrame, 'dir' | 'binary' | 'text' | 'preview'>): unknown {
  try {
    return decodeLiveKitSignal(ev).msg.toJson();
  } catch {
    return undefined;
  }
}

/** Reads one frame of a LiveKit socket into a ParsedFrame (never throws). */
export function parseLiveKitFrame(ev: WsFrame): ParsedFrame {
  const d: ParsedFrame = { protocol: 'livekit', sdk: 'livekit', kind: 'other', summary: '' };
  if (ev.truncated) {
    d.parseError = 'frame truncated by the capture limit';
    d.summary = `LiveKit ${ev.dir === 'sent' ? 'request' : 'response'} (truncated, ${typeof ev.size === 'number' ? ev.size : 0} B)`;
    return d;
  }
  let sig: LiveKitSignal;
  try {
    sig = decodeLiveKitSignal(ev);
  } catch (err) {
    d.parseError = `not a LiveKit ${ev.dir === 'sent' ? 'SignalRequest' : 'SignalResponse'}: ${clip(text((err as Error | null)?.message ?? err, 'unknown'), 120)}`;
    d.summary = clip(`undecodable LiveKit frame (${typeof ev.size === 'number' ? ev.size : 0} B)`);
    return d;
  }
  d.method = LIVEKIT_PREFIX + sig.case;
  d.livekit = sig;
  describe(d, sig);
  d.summary = clip(d.summary, 160);
  return d;
}

const target = (t: SignalTarget) => (t === SignalTarget.SUBSCRIBER ? 'subscriber' : 'publisher');
const kindOf = (t: TrackType) => TrackType[t]?.toLowerCase() ?? `type ${t}`;
const sourceOf = (s: TrackSource) => TrackSource[s]?.toLowerCase() ?? `source ${s}`;
const mLines = (sdp: string) => (sdp.match(/^m=/gm) ?? []).length;

/** The pairing id of an offer/answer exchange: its target (who offers) and the offer id when the client numbers them. */
function sdpId(who: 'publisher' | 'subscriber', sd: SessionDescription | undefined): string {
  return `sdp:${who}:${sd?.id ?? 0}`;
}

/** Quoted for a summary: page-chosen names may hold anything; clip() later keeps the line short. */
const q = (s: string) => JSON.stringify(clip(s, 40));

function trackText(t: TrackInfo | undefined): string {
  if (!t) return '(no track)';
  return `${t.sid} ${kindOf(t.type)}${t.source ? ' ' + sourceOf(t.source) : ''}${t.name ? ' ' + q(t.name) : ''}${t.muted ? ' muted' : ''}`;
}

function who(p: ParticipantInfo): string {
  return p.identity ? q(p.identity) : p.sid;
}

function describe(d: ParsedFrame, sig: LiveKitSignal): void {
  if (sig.dir === 'sent') describeRequest(d, sig.msg.message);
  else describeResponse(d, sig.msg.message);
}

function describeRequest(d: ParsedFrame, m: SignalRequest['message']): void {
  d.kind = 'notification';
  switch (m.case) {
    case 'offer':
      d.kind = 'request';
      d.id = sdpId('publisher', m.value);
      d.summary = `offer publisher, ${mLines(m.value.sdp)} m-lines${m.value.id ? ' #' + m.value.id : ''}`;
      return;
    case 'answer':
      d.kind = 'response';
      d.id = sdpId('subscriber', m.value);
      d.summary = `answer subscriber, ${mLines(m.value.sdp)} m-lines`;
      return;
    case 'trickle':
      d.summary = trickleText(m.value.target, m.value.candidateInit, m.value.final);
      return;
    case 'addTrack':
      d.kind = 'request';
      d.id = `track:${m.value.cid}`;
      d.summary = `addTrack ${kindOf(m.value.type)} ${sourceOf(m.value.source)}${m.value.name ? ' ' + q(m.value.name) : ''} cid ${m.value.cid}${m.value.muted ? ' muted' : ''}`;
      return;
    case 'mute':
      d.summary = `mute ${m.value.sid} ${m.value.muted ? 'muted' : 'unmuted'}`;
      return;
    case 'subscription': {
      const n = m.value.trackSids.length + m.value.participantTracks.reduce((a, p) => a + p.trackSids.length, 0);
      d.summary = `subscription ${m.value.subscribe ? 'subscribe' : 'unsubscribe'} ${n} track(s)`;
      return;
    }
    case 'trackSetting':
      d.summary = `trackSetting ${m.value.trackSids.join(', ')}${m.value.disabled ? ' disabled' : ''}${m.value.width ? ` ${m.value.width}x${m.value.height}` : ''}`;
      return;
    case 'leave':
      d.summary = `leave ${DisconnectReason[m.value.reason] ?? m.value.reason}${m.value.action ? ' ' + LeaveRequest_Action[m.value.action] : ''}`;
      return;
    case 'ping':
      d.kind = 'request';
      d.id = `ping:${m.value}`;
      d.summary = `ping ${m.value}`;
      return;
    case 'pingReq':
      d.kind = 'request';
      d.id = `pingReq:${m.value.timestamp}`;
      d.summary = `pingReq ${m.value.timestamp}${m.value.rtt ? `, last rtt ${m.value.rtt} ms` : ''}`;
      return;
    case 'syncState':
      d.summary = `syncState ${m.value.publishTracks.length} published track(s)`;
      return;
    case 'updateLayers':
    case 'subscriptionPermission':
    case 'simulate':
    case 'updateMetadata':
    case 'updateAudioTrack':
    case 'updateVideoTrack':
    default:
      d.summary = m.case ?? 'empty request';
  }
}

function describeResponse(d: ParsedFrame, m: SignalResponse['message']): void {
  d.kind = 'notification';
  switch (m.case) {
    case 'join': {
      const j = m.value;
      d.kind = 'response';
      const server = j.serverInfo?.version || j.serverVersion;
      d.summary =
        `join room ${q(j.room?.name ?? '')} as ${j.participant ? who(j.participant) : '?'} ${j.participant?.sid ?? ''}, ` +
        `${j.otherParticipants.length} other(s)${server ? ', server ' + server : ''}${j.serverInfo?.protocol ? ' protocol ' + j.serverInfo.protocol : ''}` +
        `${j.subscriberPrimary ? ', subscriber primary' : ''}`;
      return;
    }
    case 'reconnect':
      d.kind = 'response';
      d.summary = `reconnect: session resumed${m.value.iceServers.length ? `, ${m.value.iceServers.length} ICE server(s)` : ''}`;
      return;
    case 'answer':
      d.kind = 'response';
      d.id = sdpId('publisher', m.value);
      d.summary = `answer publisher, ${mLines(m.value.sdp)} m-lines`;
      return;
    case 'offer':
      d.kind = 'request';
      d.id = sdpId('subscriber', m.value);
      d.summary = `offer subscriber, ${mLines(m.value.sdp)} m-lines${m.value.id ? ' #' + m.value.id : ''}`;
      return;
    case 'trickle':
      d.summary = trickleText(m.value.target, m.value.candidateInit, m.value.final);
      return;
    case 'update': {
      const ps = m.value.participants;
      d.summary = `update ${ps
        .slice(0, 3)
        .map((p) => `${who(p)} ${stateOf(p)}`)
        .join(', ')}${ps.length > 3 ? ` and ${ps.length - 3} more` : ''}`;
      return;
    }
    case 'trackPublished':
      d.kind = 'response';
      d.id = `track:${m.value.cid}`;
      d.summary = `trackPublished ${trackText(m.value.track)}`;
      return;
    case 'trackUnpublished':
      d.summary = `trackUnpublished ${m.value.trackSid}`;
      return;
    case 'leave':
      d.summary = `leave ${DisconnectReason[m.value.reason] ?? m.value.reason}, ${LeaveRequest_Action[m.value.action] ?? m.value.action}${m.value.canReconnect ? ', can reconnect' : ''}`;
      return;
    case 'mute':
      d.summary = `mute ${m.value.sid} ${m.value.muted ? 'muted' : 'unmuted'}`;
      return;
    case 'speakersChanged':
      d.summary = `speakersChanged ${m.value.speakers.filter((s) => s.active).length} speaking`;
      return;
    case 'roomUpdate':
      d.summary = `roomUpdate ${q(m.value.room?.name ?? '')}${m.value.room ? `, ${m.value.room.numParticipants} participant(s)` : ''}`;
      return;
    case 'connectionQuality':
      d.summary = `connectionQuality ${m.value.updates
        .slice(0, 4)
        .map((u) => `${u.participantSid} ${ConnectionQuality[u.quality]?.toLowerCase() ?? u.quality}`)
        .join(', ')}`;
      return;
    case 'streamStateUpdate':
      d.summary = `streamStateUpdate ${m.value.streamStates.map((s) => `${s.trackSid} ${s.state ? 'paused' : 'active'}`).join(', ')}`;
      return;
    case 'subscribedQualityUpdate':
      d.summary = `subscribedQualityUpdate ${m.value.trackSid}`;
      return;
    case 'refreshToken':
      // The token is a credential: never in a summary.
      d.summary = 'refreshToken (a new access token)';
      return;
    case 'pong':
      d.kind = 'response';
      d.id = `ping:${m.value}`;
      d.summary = `pong ${m.value}`;
      return;
    case 'pongResp':
      d.kind = 'response';
      d.id = `pingReq:${m.value.lastPingTimestamp}`;
      d.summary = `pongResp ${m.value.lastPingTimestamp}`;
      return;
    case 'subscriptionResponse':
      d.summary = `subscriptionResponse ${m.value.trackSid} ${SubscriptionError[m.value.err] ?? m.value.err}`;
      return;
    case 'requestResponse':
      if (m.value.reason !== RequestResponse_Reason.OK) {
        d.kind = 'error';
        d.error = { code: RequestResponse_Reason[m.value.reason] ?? m.value.reason, message: m.value.message };
      }
      d.summary = `requestResponse #${m.value.requestId} ${RequestResponse_Reason[m.value.reason] ?? m.value.reason}${m.value.message ? ' ' + q(m.value.message) : ''}`;
      return;
    case 'trackSubscribed':
      d.summary = `trackSubscribed ${m.value.trackSid}`;
      return;
    default:
      d.summary = m.case ?? 'empty response';
  }
}

function stateOf(p: ParticipantInfo): string {
  return ['joining', 'joined', 'active', 'disconnected'][p.state] ?? `state ${p.state}`;
}

function trickleText(t: SignalTarget, init: string, final: boolean): string {
  let cand = '';
  try {
    const c = (JSON.parse(init) as { candidate?: unknown } | null)?.candidate;
    if (typeof c === 'string') cand = c;
  } catch {
    /* an unreadable candidate still names its target */
  }
  const typ = / typ (\w+)/.exec(cand)?.[1];
  const proto = /^candidate:\S+ \d+ (\w+)/i.exec(cand)?.[1]?.toLowerCase();
  if (!cand) return `trickle ${target(t)}${final ? ' end of candidates' : ''}`;
  return `trickle ${target(t)} ${typ ?? 'candidate'}${proto ? ' ' + proto : ''}${final ? ', final' : ''}`;
}
