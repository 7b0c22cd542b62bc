/**
 * Payload shapes the fake SignalWire relay sends. Kept apart from the socket handling so the
 * facts about what each SDK checks (see /work/shared/research/signalwire.md) sit in one place.
 */
import { randomUUID } from 'node:crypto';

/** The media node every fake call lives on (the relay's `node_id`). */
export const NODE_ID = 'fake-node-1@puc';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** Which authorization the client gets: it decides 3.x's RPC method (video.message vs webrtc.verto). */
export type AuthFlavour = 'video' | 'fabric' | 'relay';

export interface SessionIdentity {
  flavour: AuthFlavour;
  projectId: string;
  /** Token id; doubles as the signature the protocol string embeds. */
  jti: string;
  identity: string;
  protocol: string;
}

export function newSession(flavour: AuthFlavour, projectId: string, jti: string | undefined): SessionIdentity {
  const id = jti ?? randomUUID();
  return {
    flavour,
    projectId,
    jti: id,
    identity: `${randomUUID()}@puc.fake-relay.invalid`,
    // Both SDKs only resume when the second "_" field equals the authorization's signature/jti.
    protocol: `signalwire_${id}_${randomUUID()}`,
  };
}

function iceJson(servers: IceServer[]): Json {
  return servers.map((s) => {
    const o: JsonObject = { urls: Array.isArray(s.urls) ? [...s.urls] : [s.urls] };
    if (s.username !== undefined) o.username = s.username;
    if (s.credential !== undefined) o.credential = s.credential;
    return o;
  });
}

export function connectResult(s: SessionIdentity, ice: IceServer[]): JsonObject {
  const expiresAt = Math.floor(Date.now() / 1000) + 3600;
  const authorization: JsonObject =
    s.flavour === 'relay'
      ? { project: s.projectId, expires_at: expiresAt, scopes: ['calling', 'messaging'], signature: s.jti }
      : s.flavour === 'fabric'
      ? {
          type: 'video',
          jti: s.jti,
          project_id: s.projectId,
          project: s.projectId,
          signature: s.jti,
          fabric_subscriber: {
            version: 1,
            expires_at: expiresAt,
            subscriber_id: 'user-1',
            application_id: randomUUID(),
            project_id: s.projectId,
          },
        }
      : {
          type: 'video',
          project: s.projectId,
          project_id: s.projectId,
          scope_id: randomUUID(),
          scopes: ['room.self.audio_mute', 'room.self.audio_unmute'],
          signature: s.jti,
          expires_at: expiresAt,
          // 3.x only sends media when the token allows it: without these it joins receive-only.
          join_as: 'member',
          audio_allowed: 'both',
          video_allowed: 'both',
          resource: randomUUID(),
          user: { name: 'demo-user' },
          room: { name: 'demo-room' },
        };
  return { identity: s.identity, authorization, protocol: s.protocol, ice_servers: iceJson(ice) };
}

/** A signalwire.event request; the SDKs ack each with an empty result. */
export function eventRequest(eventType: string, params: JsonObject, extra: JsonObject = {}): JsonObject {
  const p: JsonObject = { event_type: eventType, timestamp: Date.now() / 1000, ...extra, params };
  return { jsonrpc: '2.0', id: randomUUID(), method: 'signalwire.event', params: p };
}

export function vertoRequest(method: string, params: JsonObject): JsonObject {
  return { jsonrpc: '2.0', id: Math.floor(Math.random() * 1e9), method, params };
}

/** The relay's envelope around a verto reply: result { node_id, code, result: <verto response> }. */
export function vertoEnvelope(nodeId: string, vertoId: Json, result: JsonObject, code = '200'): JsonObject {
  return { node_id: nodeId, code, result: { jsonrpc: '2.0', id: vertoId, result } };
}

export interface CallRecord {
  callId: string;
  nodeId: string;
  memberId: string;
  roomSessionId: string;
  roomId: string;
  destination: string;
  conn: number;
  state: 'created' | 'ringing' | 'answered' | 'ended';
  /** 'inbound' when the relay called the client (control.inboundCall). */
  direction: 'outbound' | 'inbound';
  /** The RPC method the client used (video.message or webrtc.verto): replies and acks follow it. */
  rpcMethod: string;
}

function member(c: CallRecord): JsonObject {
  return {
    id: c.memberId,
    member_id: c.memberId,
    call_id: c.callId,
    node_id: c.nodeId,
    room_session_id: c.roomSessionId,
    room_id: c.roomId,
    type: 'member',
    name: 'demo-user',
    parent_id: null,
    visible: true,
    audio_muted: false,
    video_muted: false,
    deaf: false,
    input_volume: 0,
    output_volume: 0,
    input_sensitivity: 11,
    handraised: false,
    talking: false,
    meta: {},
  };
}

function roomSession(c: CallRecord): JsonObject {
  return {
    id: c.roomSessionId,
    room_session_id: c.roomSessionId,
    room_id: c.roomId,
    name: c.destination || 'demo-room',
    display_name: c.destination || 'demo-room',
    layout_name: 'grid-responsive',
    recording: false,
    streaming: false,
    locked: false,
    hide_video_muted: false,
    prioritize_handraise: false,
    meta: {},
    members: [member(c)],
    recordings: [],
    streams: [],
    playbacks: [],
  };
}

/** 3.x Video: join() resolves on video.room.subscribed for the invite's callID. */
export function roomSubscribedParams(c: CallRecord): JsonObject {
  const rs = roomSession(c);
  return { call_id: c.callId, member_id: c.memberId, room_session: rs, room: { ...rs, room_id: c.roomId } };
}

/** Call Fabric (3.x SAT and the 4.0 beta): call.joined needs room_session, call_id, member_id, capabilities. */
export function callJoinedParams(c: CallRecord): JsonObject {
  return {
    call_id: c.callId,
    member_id: c.memberId,
    node_id: c.nodeId,
    origin_call_id: c.callId,
    room_session_id: c.roomSessionId,
    room_id: c.roomId,
    room_session: roomSession(c),
    capabilities: ['self', 'member', 'device', 'screenshare', 'end'],
  };
}

export function callLeftParams(c: CallRecord): JsonObject {
  return {
    call_id: c.callId,
    member_id: c.memberId,
    node_id: c.nodeId,
    origin_call_id: c.callId,
    room_session_id: c.roomSessionId,
    room_id: c.roomId,
    reason: 'hangup',
  };
}

/**
 * An SDP without its ICE candidates. Used for offers the relay pushes to the 4.0 beta: on
 * loopback, Chromium answering an offer that carries candidates connects over host candidates
 * before it gathers TURN, so its answer has no relay candidate and the beta (which refuses an SDP
 * without a non-host candidate) never sends verto.answer. Without remote candidates it gathers
 * TURN, and the far end, which gets the answer with candidates, still connects (peer-reflexive).
 */
export function withoutCandidates(sdp: string): string {
  return sdp
    .split(/\r?\n/)
    .filter((l) => l !== '' && !l.startsWith('a=candidate:') && l !== 'a=end-of-candidates')
    .join('\r\n') + '\r\n';
}
