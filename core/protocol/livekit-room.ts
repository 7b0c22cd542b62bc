/**
 * The LiveKit room as its signaling tells it: the local participant, remote participants joining and leaving,
 * tracks published, muted and subscribed, the publisher and subscriber peer connections, reconnects (a resume
 * of the same session or a full reconnect with a new join) as episodes with their delays, and leaves with
 * their reasons. Fed by the analyzer (O(1) per event, by id); plain JSON like the rest of the analysis.
 *
 * How the pieces are found: a room starts with a socket to LiveKit's `/rtc` URL; its `join` answer names
 * the room and the participants; a peer connection is the publisher when its local description's ICE ufrag
 * is the one in an offer the client sent, the subscriber when its remote description's ufrag is in an offer
 * the server sent (SDPs are matched by ufrag, which each side picks at random).
 */
import { ConnectionQuality, DisconnectReason, LeaveRequest_Action, ParticipantInfo_State, SubscriptionError, TrackSource, TrackType, type ParticipantInfo, type TrackInfo } from '@livekit/protocol';
import type { WsClose, WsCreate, WsOpen } from '../capture/events.js';
import { liveKitSdkName, liveKitUrlFacts, type LiveKitSignal } from './decoders/livekit.js';
import { endpointOf, RECONNECT_WINDOW_MS } from './connections.js';
import type { DecodedFrame } from './types.js';

/** livekit-client gives up on a socket that said nothing this long after opening (JOIN_RESPONSE_TIMEOUT, 2.23.0). */
export const LIVEKIT_JOIN_TIMEOUT_MS = 5_000;
/** A subscriber peer connection not connected this long after the server's offer is judged (as ice-not-connected). */
export const LIVEKIT_SUBSCRIBER_CONNECT_MS = 10_000;
/** A full join this soon after a resume succeeded is that resume failing (the client gave up on its peer connections). */
const RESUME_FALLBACK_MS = 30_000;
/** livekit-client opens its new socket within milliseconds of leaving for a full reconnect; an app rejoining takes longer. */
const RESTART_GAP_MS = 2_000;
const MAX_PARTICIPANTS = 500;
const MAX_TRACKS = 100;
const MAX_MUTES = 50;
const MAX_EPISODES = 50;

export interface LiveKitTrack {
  /** TR_…, once the server assigned it. */
  sid?: string;
  /** The client's id for a track it asked to publish (addTrack → trackPublished). */
  cid?: string;
  kind: string;
  source: string;
  name?: string;
  muted: boolean;
  mutes: { t: number; muted: boolean; by: 'client' | 'server' }[];
  /** Local tracks: addTrack sent. */
  requestedT?: number;
  /** Local: trackPublished received; remote: first listed in the room. */
  publishedT?: number;
  unpublishedT?: number;
  /** Remote tracks: the client asked for it (subscription), the server confirmed it (trackSubscribed). */
  subscribeRequested?: boolean;
  subscribedT?: number;
  subscriptionError?: string;
}

export interface LiveKitParticipant {
  sid: string;
  identity: string;
  name?: string;
  /** When the room first listed them (join answer or update). */
  joinedT: number;
  leftT?: number;
  state: string;
  disconnectReason?: string;
  tracks: LiveKitTrack[];
  /** Last connection quality the server reported for them. */
  quality?: string;
}

export interface LiveKitReconnectAttempt {
  t: number;
  socketId: string;
  /** The client asked to resume its session (`reconnect=1`), else it joined afresh. */
  resume: boolean;
  /** The first answer on the socket: `reconnect` (resumed), `join` (a new session), `leave`, none yet. */
  answer?: 'reconnect' | 'join' | 'leave';
  /** From the drop (or the previous attempt's close) to this socket, ms. */
  delayMs: number;
}

export interface LiveKitReconnect {
  startT: number;
  /** Why: the socket's close code and reason, or the server's leave action. */
  cause: string;
  attempts: LiveKitReconnectAttempt[];
  /** How it ended: `resume` (same session, same participant) or `full` (a new join: tracks re-published). */
  kind?: 'resume' | 'full';
  /** A resume was tried (or succeeded) and the client still had to join afresh. */
  fellBack: boolean;
  endT?: number;
  /** Drop to recovery, ms. */
  durationMs?: number;
  outcome: 'ongoing' | 'recovered' | 'gave-up';
}

export interface LiveKitLeave {
  t: number;
  by: 'client' | 'server';
  reason: string;
  action?: string;
  canReconnect?: boolean;
  index: number;
}

export interface LiveKitRoom {
  id: string;
  endpoint: string;
  sockets: string[];
  sdkName: string;
  sdkVersion?: string;
  /** Client protocol version from the URL. */
  protocol?: number;
  /** `/rtc/v1`: one peer connection carries both directions. */
  singlePeerConnection?: boolean;
  name?: string;
  sid?: string;
  serverVersion?: string;
  serverRegion?: string;
  serverProtocol?: number;
  state: 'joining' | 'connected' | 'reconnecting' | 'disconnected';
  states: { t: number; state: LiveKitRoom['state'] }[];
  /** The first socket's creation: the join request is its URL. */
  joinRequestedT: number;
  joinedT?: number;
  /** Socket creation to the `join` answer, ms. */
  joinMs?: number;
  local?: LiveKitParticipant;
  participants: LiveKitParticipant[];
  participantsDropped: number;
  /** The newest peer connection in each role, and every one linked to the room. */
  pcs: { publisher?: string; subscriber?: string; all: string[] };
  reconnects: LiveKitReconnect[];
  leave?: LiveKitLeave;
  /** The server's last word on the local participant's connection quality. */
  quality?: { t: number; quality: string; score: number };
  tokenRefreshes: number;
}

/** What the room model tells the findings rules (core/findings/livekit.ts). */
export type LiveKitEvent =
  | { what: 'join-unanswered'; room: LiveKitRoom; socketId: string; t: number; openedT?: number; closed?: { code: number; reason: string } }
  | { what: 'resume-fell-back'; room: LiveKitRoom; episode: LiveKitReconnect; t: number; index: number }
  | { what: 'subscriber-not-connected'; room: LiveKitRoom; pcId: string; since: number; t: number }
  | { what: 'server-leave'; room: LiveKitRoom; leave: LiveKitLeave; socketId: string; t: number }
  | { what: 'quality-poor'; room: LiveKitRoom; participant: LiveKitParticipant; local: boolean; quality: string; score: number; t: number; index: number; socketId: string };

interface SocketState {
  room: LiveKitRoom;
  createdT: number;
  openedT?: number;
  answered: boolean;
  judged: boolean;
  attempt?: LiveKitReconnectAttempt;
}

interface RoomState {
  room: LiveKitRoom;
  doc: string;
  current: string;
  lastCloseT?: number;
  /** The client sent leave (and is not in a reconnect): the next socket is a new room. */
  clientLeft: boolean;
  episode?: LiveKitReconnect;
  /** When the last episode ended by a resume: a full join soon after is that resume failing. */
  resumedEpisode?: LiveKitReconnect;
  remotes: Map<string, LiveKitParticipant>;
  /** Subscriber pcs waiting to connect, with when the server's offer was applied. */
  subscriberSince: Map<string, number>;
  poorReported: Set<string>;
}

const docOf = (socketId: string) => {
  const i = socketId.lastIndexOf(':');
  return i > 0 ? socketId.slice(0, i) : '';
};
const ufragOf = (sdp: string) => /^a=ice-ufrag:(\S+)/m.exec(sdp)?.[1];
const nameOf = (e: Record<number, string>, v: number) => e[v] ?? String(v);

export class LiveKitRoomTracker {
  readonly rooms: LiveKitRoom[] = [];
  private readonly bySocket = new Map<string, SocketState>();
  private readonly byEndpoint = new Map<string, RoomState>();
  private readonly states = new Map<LiveKitRoom, RoomState>();
  /** ICE ufrag → the room and role an offer gave it; ufrag → the pc whose description carried it. */
  private readonly roleOfUfrag = new Map<string, { st: RoomState; role: 'publisher' | 'subscriber' }>();
  private readonly pcOfUfrag = new Map<string, { pcId: string; side: 'local' | 'remote'; t: number }>();
  private readonly connected = new Set<string>();
  /** First sockets of rooms that opened and have not been answered yet (what the join time-out watches). */
  private readonly awaitingJoin = new Set<string>();
  private seq = 0;

  constructor(private readonly emit: (e: LiveKitEvent) => void) {}

  has(socketId: string): boolean {
    return this.bySocket.has(socketId);
  }

  /** A socket to a LiveKit URL: a new room, or the next attempt of a room that lost its connection. */
  onCreate(ev: WsCreate): void {
    if (this.bySocket.has(ev.id)) return;
    const endpoint = endpointOf(ev.url);
    const facts = liveKitUrlFacts(ev.url);
    const prev = this.byEndpoint.get(endpoint);
    if (prev && prev.clientLeft && this.restartAfterResume(prev, ev.t)) {
      // The client left its resumed session and joins again at once: the resume did not hold (its peer
      // connections did not come back), so the episode it ended goes on as a full reconnect.
      const ep = prev.resumedEpisode!;
      prev.clientLeft = false;
      prev.room.leave = undefined;
      ep.outcome = 'ongoing';
      ep.fellBack = true;
      ep.kind = undefined;
      ep.endT = undefined;
      ep.durationMs = undefined;
      prev.episode = ep;
      prev.resumedEpisode = undefined;
      this.setState(prev.room, prev.lastCloseT ?? ev.t, 'reconnecting');
    }
    const again =
      prev !== undefined &&
      prev.doc === docOf(ev.id) &&
      !prev.clientLeft &&
      (prev.episode !== undefined || (prev.lastCloseT !== undefined && ev.t - prev.lastCloseT <= RECONNECT_WINDOW_MS && prev.room.state !== 'connected'));
    if (!again) {
      const room: LiveKitRoom = {
        id: `room-${++this.seq}`,
        endpoint,
        sockets: [ev.id],
        sdkName: liveKitSdkName(facts.sdk),
        state: 'joining',
        states: [{ t: ev.t, state: 'joining' }],
        joinRequestedT: ev.t,
        participants: [],
        participantsDropped: 0,
        pcs: { all: [] },
        reconnects: [],
        tokenRefreshes: 0,
      };
      if (facts.version) room.sdkVersion = facts.version;
      if (facts.protocol !== undefined) room.protocol = facts.protocol;
      if (facts.v1) room.singlePeerConnection = true;
      const st: RoomState = { room, doc: docOf(ev.id), current: ev.id, clientLeft: false, remotes: new Map(), subscriberSince: new Map(), poorReported: new Set() };
      this.rooms.push(room);
      this.states.set(room, st);
      this.byEndpoint.set(endpoint, st);
      this.bySocket.set(ev.id, { room, createdT: ev.t, answered: false, judged: false });
      return;
    }
    const st = prev!;
    const room = st.room;
    room.sockets.push(ev.id);
    st.current = ev.id;
    const ep = st.episode ?? this.startEpisode(st, st.lastCloseT ?? ev.t, 'the signal connection closed');
    const last = ep.attempts[ep.attempts.length - 1];
    const attempt: LiveKitReconnectAttempt = { t: ev.t, socketId: ev.id, resume: facts.resume, delayMs: Math.max(0, ev.t - (st.lastCloseT ?? last?.t ?? ep.startT)) };
    ep.attempts.push(attempt);
    this.bySocket.set(ev.id, { room, createdT: ev.t, answered: false, judged: false, attempt });
  }

  onOpen(ev: WsOpen): void {
    const so = this.bySocket.get(ev.id);
    if (!so) return;
    so.openedT = ev.t;
    if (!so.attempt && !so.answered) this.awaitingJoin.add(ev.id);
  }

  onClose(ev: WsClose): void {
    const so = this.bySocket.get(ev.id);
    if (!so) return;
    const st = this.states.get(so.room)!;
    this.awaitingJoin.delete(ev.id);
    if (!so.answered && !so.judged && so.openedT !== undefined && !so.attempt) {
      so.judged = true;
      this.emit({ what: 'join-unanswered', room: so.room, socketId: ev.id, t: ev.t, openedT: so.openedT, closed: { code: ev.code, reason: ev.reason } });
    }
    if (st.current !== ev.id) return;
    st.lastCloseT = ev.t;
    const room = so.room;
    if (st.clientLeft || (room.leave?.by === 'server' && room.leave.action === 'DISCONNECT')) {
      this.setState(room, ev.t, 'disconnected');
      if (st.episode) this.endEpisode(st, ev.t, 'gave-up');
      return;
    }
    if (room.state === 'connected') this.startEpisode(st, ev.t, `the signal connection closed (${ev.code}${ev.reason ? ' ' + ev.reason : ''})`);
    else if (!st.episode) this.setState(room, ev.t, 'disconnected');
  }

  /** A page load that went away took its rooms with it. */
  documentGone(prefix: string, t: number): void {
    for (const st of this.states.values()) {
      if (!st.current.startsWith(prefix)) continue;
      if (st.episode) this.endEpisode(st, t, 'gave-up');
      st.clientLeft = true;
      this.setState(st.room, t, 'disconnected');
    }
  }

  private startEpisode(st: RoomState, t: number, cause: string): LiveKitReconnect {
    const ep: LiveKitReconnect = { startT: t, cause, attempts: [], fellBack: false, outcome: 'ongoing' };
    if (st.room.reconnects.length < MAX_EPISODES) st.room.reconnects.push(ep);
    st.episode = ep;
    this.setState(st.room, t, 'reconnecting');
    return ep;
  }

  private endEpisode(st: RoomState, t: number, outcome: 'recovered' | 'gave-up', kind?: 'resume' | 'full'): void {
    const ep = st.episode;
    if (!ep) return;
    ep.outcome = outcome;
    ep.endT = t;
    ep.durationMs = t - ep.startT;
    if (kind) ep.kind = kind;
    st.episode = undefined;
    st.resumedEpisode = kind === 'resume' ? ep : undefined;
  }

  private setState(room: LiveKitRoom, t: number, state: LiveKitRoom['state']): void {
    if (room.state === state) return;
    room.state = state;
    room.states.push({ t, state });
  }

  /** One decoded LiveKit frame. */
  onMessage(msg: DecodedFrame, sig: LiveKitSignal): void {
    const so = this.bySocket.get(msg.socketId);
    if (!so) return;
    const st = this.states.get(so.room)!;
    const room = so.room;
    if (sig.dir === 'sent') this.onRequest(st, msg, sig.msg.message);
    else {
      if (!so.answered) {
        so.answered = true;
        this.awaitingJoin.delete(msg.socketId);
        if (so.attempt) {
          const c = sig.msg.message.case;
          if (c === 'reconnect' || c === 'join' || c === 'leave') so.attempt.answer = c;
        }
      }
      this.onResponse(st, room, msg, sig.msg.message);
    }
  }

  private onRequest(st: RoomState, msg: DecodedFrame, m: LiveKitSignal['msg']['message'] & { case?: string }): void {
    const room = st.room;
    switch (m.case) {
      case 'offer':
        this.noteOffer(st, 'publisher', (m.value as { sdp: string }).sdp, msg.t);
        return;
      case 'addTrack': {
        const a = m.value as { cid: string; name: string; type: TrackType; source: TrackSource; muted: boolean };
        const local = this.localOf(room, msg.t);
        let tr = local.tracks.find((x) => x.cid === a.cid && x.unpublishedT === undefined);
        if (!tr && local.tracks.length < MAX_TRACKS) {
          tr = { cid: a.cid, kind: nameOf(TrackType, a.type).toLowerCase(), source: nameOf(TrackSource, a.source).toLowerCase(), muted: a.muted, mutes: [] };
          if (a.name) tr.name = a.name;
          local.tracks.push(tr);
        }
        if (tr) tr.requestedT = msg.t;
        return;
      }
      case 'mute': {
        const v = m.value as { sid: string; muted: boolean };
        this.mute(this.localOf(room, msg.t).tracks.find((x) => x.sid === v.sid), v.muted, msg.t, 'client');
        return;
      }
      case 'subscription': {
        const v = m.value as { trackSids: string[]; subscribe: boolean; participantTracks: { trackSids: string[] }[] };
        const sids = [...v.trackSids, ...v.participantTracks.flatMap((p) => p.trackSids)];
        for (const sid of sids) {
          const tr = this.remoteTrack(st, sid);
          if (tr) tr.subscribeRequested = v.subscribe;
        }
        return;
      }
      case 'leave': {
        const v = m.value as { reason: DisconnectReason; action: LeaveRequest_Action; canReconnect: boolean };
        // livekit-client sends the same leave before a full reconnect as when the app leaves: which one it
        // was shows only in what follows (a new socket at once, see onCreate).
        st.clientLeft = true;
        room.leave = { t: msg.t, by: 'client', reason: nameOf(DisconnectReason, v.reason), action: nameOf(LeaveRequest_Action, v.action), index: msg.index };
        return;
      }
    }
  }

  private onResponse(st: RoomState, room: LiveKitRoom, msg: DecodedFrame, m: LiveKitSignal['msg']['message'] & { case?: string }): void {
    switch (m.case) {
      case 'join': {
        const j = (m as Extract<import('@livekit/protocol').SignalResponse['message'], { case: 'join' }>).value;
        if (j.room) {
          room.name = j.room.name;
          room.sid = j.room.sid;
        }
        const server = j.serverInfo?.version || j.serverVersion;
        if (server) room.serverVersion = server;
        if (j.serverInfo?.protocol) room.serverProtocol = j.serverInfo.protocol;
        const region = j.serverInfo?.region || j.serverRegion;
        if (region) room.serverRegion = region;
        if (j.participant) {
          // A full reconnect joins as a new participant: the local tracks are published again.
          room.local = this.participant(j.participant, msg.t);
        }
        for (const p of j.otherParticipants) this.upsertRemote(st, p, msg.t);
        if (room.joinedT === undefined) {
          room.joinedT = msg.t;
          room.joinMs = msg.t - room.joinRequestedT;
        }
        const ep = st.episode;
        if (ep) {
          if (ep.attempts.some((a) => a.resume || a.answer === 'reconnect')) ep.fellBack = true;
          this.endEpisode(st, msg.t, 'recovered', 'full');
          if (ep.fellBack) this.emit({ what: 'resume-fell-back', room, episode: ep, t: msg.t, index: msg.index });
        }
        this.setState(room, msg.t, 'connected');
        return;
      }
      case 'reconnect':
        if (st.episode) this.endEpisode(st, msg.t, 'recovered', 'resume');
        this.setState(room, msg.t, 'connected');
        return;
      case 'offer':
        this.noteOffer(st, 'subscriber', (m.value as { sdp: string }).sdp, msg.t);
        return;
      case 'update':
        for (const p of (m.value as { participants: ParticipantInfo[] }).participants) {
          if (room.local && p.sid === room.local.sid) this.syncParticipant(room.local, p, msg.t, true);
          else this.upsertRemote(st, p, msg.t);
        }
        return;
      case 'trackPublished': {
        const v = m.value as { cid: string; track?: TrackInfo };
        const local = this.localOf(room, msg.t);
        let tr = local.tracks.find((x) => x.cid === v.cid && x.unpublishedT === undefined);
        if (!tr && v.track && local.tracks.length < MAX_TRACKS) {
          tr = this.trackOf(v.track, msg.t);
          tr.cid = v.cid;
          local.tracks.push(tr);
        }
        if (tr) {
          tr.publishedT ??= msg.t;
          if (v.track) {
            tr.sid = v.track.sid;
            if (v.track.name) tr.name = v.track.name;
          }
        }
        return;
      }
      case 'trackUnpublished': {
        const sid = (m.value as { trackSid: string }).trackSid;
        const tr = room.local?.tracks.find((x) => x.sid === sid);
        if (tr) tr.unpublishedT ??= msg.t;
        return;
      }
      case 'mute': {
        const v = m.value as { sid: string; muted: boolean };
        this.mute(room.local?.tracks.find((x) => x.sid === v.sid), v.muted, msg.t, 'server');
        return;
      }
      case 'trackSubscribed': {
        const tr = this.remoteTrack(st, (m.value as { trackSid: string }).trackSid);
        if (tr) tr.subscribedT ??= msg.t;
        return;
      }
      case 'subscriptionResponse': {
        const v = m.value as { trackSid: string; err: SubscriptionError };
        const tr = this.remoteTrack(st, v.trackSid);
        if (tr && v.err) tr.subscriptionError = nameOf(SubscriptionError, v.err);
        return;
      }
      case 'connectionQuality':
        for (const u of (m.value as { updates: { participantSid: string; quality: ConnectionQuality; score: number }[] }).updates) {
          const quality = nameOf(ConnectionQuality, u.quality).toLowerCase();
          const isLocal = room.local?.sid === u.participantSid;
          const p = isLocal ? room.local : st.remotes.get(u.participantSid);
          if (isLocal) room.quality = { t: msg.t, quality, score: Math.round(u.score * 10) / 10 };
          if (p) p.quality = quality;
          if (p && (u.quality === ConnectionQuality.POOR || u.quality === ConnectionQuality.LOST) && !st.poorReported.has(p.sid)) {
            st.poorReported.add(p.sid);
            this.emit({ what: 'quality-poor', room, participant: p, local: isLocal, quality, score: u.score, t: msg.t, index: msg.index, socketId: msg.socketId });
          }
        }
        return;
      case 'leave': {
        const v = m.value as { reason: DisconnectReason; action: LeaveRequest_Action; canReconnect: boolean };
        const leave: LiveKitLeave = {
          t: msg.t,
          by: 'server',
          reason: nameOf(DisconnectReason, v.reason),
          action: nameOf(LeaveRequest_Action, v.action),
          canReconnect: v.canReconnect,
          index: msg.index,
        };
        if (v.action === LeaveRequest_Action.DISCONNECT) {
          room.leave = leave;
          this.emit({ what: 'server-leave', room, leave, socketId: msg.socketId, t: msg.t });
        } else if (!st.episode) this.startEpisode(st, msg.t, `the server asked the client to ${v.action === LeaveRequest_Action.RESUME ? 'resume' : 'reconnect'} (${leave.reason})`);
        return;
      }
      case 'refreshToken':
        room.tokenRefreshes++;
        return;
    }
  }

  /** A new socket right after the client left a session it had just resumed: livekit-client restarting. */
  private restartAfterResume(st: RoomState, t: number): boolean {
    const ep = st.resumedEpisode;
    return (
      ep !== undefined &&
      ep.endT !== undefined &&
      t - ep.endT <= RESUME_FALLBACK_MS &&
      st.lastCloseT !== undefined &&
      st.room.leave?.by === 'client' &&
      t - st.lastCloseT <= RESTART_GAP_MS
    );
  }

  private mute(tr: LiveKitTrack | undefined, muted: boolean, t: number, by: 'client' | 'server'): void {
    if (!tr) return;
    tr.muted = muted;
    if (tr.mutes.length < MAX_MUTES) tr.mutes.push({ t, muted, by });
  }

  private localOf(room: LiveKitRoom, t: number): LiveKitParticipant {
    // Tracks asked for before the join answer (or with no join seen) still belong to the local participant.
    room.local ??= { sid: '', identity: '', joinedT: t, state: 'joining', tracks: [] };
    return room.local;
  }

  private participant(p: ParticipantInfo, t: number): LiveKitParticipant {
    const out: LiveKitParticipant = { sid: p.sid, identity: p.identity, joinedT: t, state: '', tracks: [] };
    if (p.name) out.name = p.name;
    this.syncParticipant(out, p, t, false);
    return out;
  }

  private upsertRemote(st: RoomState, p: ParticipantInfo, t: number): void {
    let r = st.remotes.get(p.sid);
    if (!r) {
      if (st.room.participants.length >= MAX_PARTICIPANTS) {
        st.room.participantsDropped++;
        return;
      }
      r = this.participant(p, t);
      st.remotes.set(p.sid, r);
      st.room.participants.push(r);
      return;
    }
    this.syncParticipant(r, p, t, false);
  }

  /** Brings a participant up to date from the server's full picture of it (tracks included). */
  private syncParticipant(out: LiveKitParticipant, p: ParticipantInfo, t: number, local: boolean): void {
    out.state = nameOf(ParticipantInfo_State, p.state).toLowerCase();
    if (p.name) out.name = p.name;
    if (p.state === ParticipantInfo_State.DISCONNECTED) {
      out.leftT ??= t;
      if (p.disconnectReason) out.disconnectReason = nameOf(DisconnectReason, p.disconnectReason);
    }
    if (local) {
      // The local list is the client's own (cids); the server's view only adds mute state.
      for (const info of p.tracks) {
        const tr = out.tracks.find((x) => x.sid === info.sid);
        if (tr && tr.muted !== info.muted) this.mute(tr, info.muted, t, 'server');
      }
      return;
    }
    const listed = new Set<string>();
    for (const info of p.tracks) {
      listed.add(info.sid);
      const tr = out.tracks.find((x) => x.sid === info.sid);
      if (!tr) {
        if (out.tracks.length < MAX_TRACKS) out.tracks.push(this.trackOf(info, t));
      } else {
        if (tr.muted !== info.muted) this.mute(tr, info.muted, t, 'client');
        tr.unpublishedT = undefined;
      }
    }
    if (p.state === ParticipantInfo_State.DISCONNECTED) return;
    for (const tr of out.tracks) if (tr.sid && !listed.has(tr.sid)) tr.unpublishedT ??= t;
  }

  private trackOf(info: TrackInfo, t: number): LiveKitTrack {
    const tr: LiveKitTrack = { sid: info.sid, kind: nameOf(TrackType, info.type).toLowerCase(), source: nameOf(TrackSource, info.source).toLowerCase(), muted: info.muted, mutes: [], publishedT: t };
    if (info.name) tr.name = info.name;
    return tr;
  }

  private remoteTrack(st: RoomState, sid: string): LiveKitTrack | undefined {
    for (const p of st.remotes.values()) {
      const tr = p.tracks.find((x) => x.sid === sid);
      if (tr) return tr;
    }
    return undefined;
  }

  // ---------- peer connections ----------

  private noteOffer(st: RoomState, role: 'publisher' | 'subscriber', sdp: string, t: number): void {
    const ufrag = ufragOf(sdp);
    if (!ufrag) return;
    this.roleOfUfrag.set(ufrag, { st, role });
    const pc = this.pcOfUfrag.get(ufrag);
    if (pc) this.link(st, role, pc.pcId, Math.max(t, pc.t));
  }

  /** setLocalDescription / setRemoteDescription on any peer connection. */
  onDescription(pcId: string, side: 'local' | 'remote', sdp: string, t: number): void {
    const ufrag = ufragOf(sdp);
    if (!ufrag) return;
    // Only the publisher's own offer (local) and the server's subscriber offer (remote) name a role.
    this.pcOfUfrag.set(ufrag, { pcId, side, t });
    const r = this.roleOfUfrag.get(ufrag);
    if (!r) return;
    if ((r.role === 'publisher' && side === 'local') || (r.role === 'subscriber' && side === 'remote')) this.link(r.st, r.role, pcId, t);
  }

  private link(st: RoomState, role: 'publisher' | 'subscriber', pcId: string, t: number): void {
    const pcs = st.room.pcs;
    if (!pcs.all.includes(pcId)) pcs.all.push(pcId);
    pcs[role] = pcId;
    if (role === 'subscriber' && !this.connected.has(pcId) && !st.subscriberSince.has(pcId)) st.subscriberSince.set(pcId, t);
  }

  /** A peer connection state change: connected ones are no longer waited on. */
  onPcState(pcId: string, state: string): void {
    if (state === 'connected' || state === 'completed') {
      this.connected.add(pcId);
      for (const st of this.states.values()) st.subscriberSince.delete(pcId);
    } else if (state === 'closed') {
      for (const st of this.states.values()) st.subscriberSince.delete(pcId);
    }
  }

  tick(now: number): void {
    for (const id of this.awaitingJoin) {
      const so = this.bySocket.get(id)!;
      if (now - so.openedT! < LIVEKIT_JOIN_TIMEOUT_MS) continue;
      this.awaitingJoin.delete(id);
      so.judged = true;
      this.emit({ what: 'join-unanswered', room: so.room, socketId: id, t: so.openedT! + LIVEKIT_JOIN_TIMEOUT_MS, openedT: so.openedT });
    }
    for (const st of this.states.values()) {
      for (const [pcId, since] of st.subscriberSince) {
        if (now - since < LIVEKIT_SUBSCRIBER_CONNECT_MS) continue;
        st.subscriberSince.delete(pcId);
        if (st.room.state === 'disconnected') continue;
        this.emit({ what: 'subscriber-not-connected', room: st.room, pcId, since, t: since + LIVEKIT_SUBSCRIBER_CONNECT_MS });
      }
    }
  }
}
