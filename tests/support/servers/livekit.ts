/**
 * A fake LiveKit server, speaking the signaling with @livekit/protocol's own message classes (no
 * hand-written protobuf): enough for the real livekit-client (2.23.0, two peer connections, the `/rtc`
 * path) to join a room, publish audio and video, receive a remote participant's tracks, resume after a
 * dropped socket, and leave.
 *
 * Media is real: the server is an SFU only in name. Both peer connections end in one far-end page
 * (tests/support/rig/farend.ts): the client's publisher offers are answered by the far end, and the
 * subscriber offer is the far end's own offer, its stream ids rewritten so the client reads them as
 * the remote participant "bob" (`PA_bob|…`, track ids `TR_bob_audio`/`TR_bob_video`). The far end
 * answers and offers with every candidate in its SDP; the client's trickled candidates are forwarded.
 *
 * One port serves the SDK socket (`/rtc`), the far end (`/farend`) and static files (demo pages and
 * node_modules).
 */
import type { IncomingMessage } from 'node:http';
import {
  ConnectionQuality,
  ConnectionQualityInfo,
  ConnectionQualityUpdate,
  DisconnectReason,
  JoinResponse,
  LeaveRequest,
  LeaveRequest_Action,
  ParticipantInfo,
  ParticipantInfo_State,
  ParticipantPermission,
  ParticipantUpdate,
  Pong,
  ReconnectResponse,
  Room,
  ServerInfo,
  ServerInfo_Edition,
  SessionDescription,
  SignalRequest,
  SignalResponse,
  SignalTarget,
  TrackInfo,
  TrackPublishedResponse,
  TrackSource,
  TrackType,
} from '@livekit/protocol';
import type { WebSocket } from 'ws';
import { FarEndHub } from '../rig/farend.js';
import { startHttp } from '../rig/http.js';

export interface LiveKitLogEntry {
  conn: number;
  dir: 'in' | 'out';
  /** The SignalRequest / SignalResponse oneof case. */
  case: string;
  t: number;
}

export interface LiveKitConnection {
  conn: number;
  url: string;
  resume: boolean;
  sid: string;
  closedAt?: number;
  closeCode?: number;
}

export interface LiveKitServerOptions {
  mounts?: Record<string, string>;
  /** A remote participant "bob" with an audio and a video track is in the room (default true). */
  remote?: boolean;
  roomName?: string;
}

export interface LiveKitServer {
  /** ws://127.0.0.1:PORT: what the app passes to room.connect (the client adds /rtc). */
  url: string;
  httpUrl: string;
  farEndUrl: string;
  hub: FarEndHub;
  log: LiveKitLogEntry[];
  connections: LiveKitConnection[];
  /** Cuts every client socket without a close frame (the client then resumes). */
  dropSockets(): void;
  /** Tells every connected client that bob left the room. */
  remoteLeaves(): void;
  /** Sends a refreshed access token to every client. */
  refreshToken(token: string): void;
  /** Ends every client's session with a server leave. */
  leave(reason: DisconnectReason): void;
  waitFor(pred: (e: LiveKitLogEntry) => boolean, timeoutMs?: number): Promise<LiveKitLogEntry>;
  close(): Promise<void>;
}

export const BOB = { sid: 'PA_bob', identity: 'bob', audio: 'TR_bob_audio', video: 'TR_bob_video' } as const;

interface Session {
  sid: string;
  identity: string;
  tracks: TrackInfo[];
  nextTrack: number;
  subscriberOffered: boolean;
  /** Bob left this session's room (remoteLeaves); a new session finds him there again. */
  bobLeft: boolean;
  ws?: WebSocket;
  conn: number;
}

/** The identity in an (unsigned) access token's payload; the fake server checks nothing else. */
function identityOf(token: string): string {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: unknown };
    return typeof payload.sub === 'string' ? payload.sub : 'anonymous';
  } catch {
    return 'anonymous';
  }
}

/** The far end's offer as the client must read it: streams of participant bob, tracks TR_bob_<kind>. */
export function asBobsOffer(sdp: string): { sdp: string; midToTrackId: Record<string, string> } {
  const sections = sdp.split(/\r\n(?=m=)/);
  const midToTrackId: Record<string, string> = {};
  const out = sections.map((s) => {
    const kind = /^m=(audio|video)\b/.exec(s)?.[1];
    if (!kind) return s;
    const track = kind === 'audio' ? BOB.audio : BOB.video;
    const mid = /\r\na=mid:(\S+)/.exec(s)?.[1];
    if (mid) midToTrackId[mid] = track;
    return s
      .replace(/^a=msid:\S+ \S+$/gm, `a=msid:${BOB.sid}|stream ${track}`)
      .replace(/^(a=ssrc:\d+ msid:)\S+ \S+$/gm, `$1${BOB.sid}|stream ${track}`);
  });
  return { sdp: out.join('\r\n'), midToTrackId };
}

export async function startLiveKitServer(opts: LiveKitServerOptions = {}): Promise<LiveKitServer> {
  const hub = new FarEndHub();
  const log: LiveKitLogEntry[] = [];
  const connections: LiveKitConnection[] = [];
  const sessions = new Map<string, Session>();
  const waiters = new Set<(e: LiveKitLogEntry) => void>();
  const remote = opts.remote !== false;
  let nextConn = 1;
  let nextSid = 1;

  const note = (conn: number, dir: 'in' | 'out', c: string) => {
    const e = { conn, dir, case: c, t: Date.now() };
    log.push(e);
    for (const w of [...waiters]) w(e);
  };
  const send = (s: Session, m: SignalResponse['message']) => {
    if (!s.ws || s.ws.readyState !== s.ws.OPEN) return;
    note(s.conn, 'out', m.case ?? '?');
    s.ws.send(new SignalResponse({ message: m }).toBinary());
  };
  const bob = (state = ParticipantInfo_State.ACTIVE) =>
    new ParticipantInfo({
      sid: BOB.sid,
      identity: BOB.identity,
      name: 'Bob',
      state,
      isPublisher: state !== ParticipantInfo_State.DISCONNECTED,
      tracks:
        state === ParticipantInfo_State.DISCONNECTED
          ? []
          : [
              new TrackInfo({ sid: BOB.audio, type: TrackType.AUDIO, source: TrackSource.MICROPHONE, name: 'microphone', mimeType: 'audio/opus' }),
              new TrackInfo({ sid: BOB.video, type: TrackType.VIDEO, source: TrackSource.CAMERA, name: 'camera', width: 640, height: 480, mimeType: 'video/VP8' }),
            ],
    });
  const self = (s: Session) => new ParticipantInfo({ sid: s.sid, identity: s.identity, state: ParticipantInfo_State.ACTIVE, tracks: s.tracks, isPublisher: s.tracks.length > 0 });

  /** The far end offers the client bob's media on the subscriber connection. */
  async function offerSubscriber(s: Session): Promise<void> {
    if (s.subscriberOffered || !remote || s.bobLeft) return;
    s.subscriberOffered = true;
    const offer = await hub.offer(`${s.sid}-sub`, { video: true });
    const { sdp, midToTrackId } = asBobsOffer(offer);
    send(s, { case: 'offer', value: new SessionDescription({ type: 'offer', sdp, id: 1, midToTrackId }) });
  }

  async function onRequest(s: Session, req: SignalRequest): Promise<void> {
    const m = req.message;
    note(s.conn, 'in', m.case ?? '?');
    switch (m.case) {
      case 'offer': {
        const answer = await hub.answer(`${s.sid}-pub`, m.value.sdp);
        send(s, { case: 'answer', value: new SessionDescription({ type: 'answer', sdp: answer, id: m.value.id }) });
        // The engine is set up once it offers: the subscriber offer can no longer arrive too early.
        await offerSubscriber(s);
        return;
      }
      case 'answer':
        hub.applyAnswer(`${s.sid}-sub`, m.value.sdp);
        return;
      case 'trickle': {
        let init: { candidate: string; sdpMid?: string; sdpMLineIndex?: number } | undefined;
        try {
          init = JSON.parse(m.value.candidateInit) as typeof init;
        } catch {
          return;
        }
        if (init?.candidate) hub.candidate(`${s.sid}-${m.value.target === SignalTarget.SUBSCRIBER ? 'sub' : 'pub'}`, init);
        return;
      }
      case 'addTrack': {
        const a = m.value;
        const info = new TrackInfo({
          sid: `TR_${s.sid.slice(3)}_${s.nextTrack++}`,
          type: a.type,
          source: a.source,
          name: a.name,
          muted: a.muted,
          width: a.width,
          height: a.height,
          mimeType: a.type === TrackType.AUDIO ? 'audio/opus' : 'video/VP8',
        });
        s.tracks.push(info);
        send(s, { case: 'trackPublished', value: new TrackPublishedResponse({ cid: a.cid, track: info }) });
        return;
      }
      case 'mute': {
        const tr = s.tracks.find((t) => t.sid === m.value.sid);
        if (tr) tr.muted = m.value.muted;
        return;
      }
      case 'ping':
        send(s, { case: 'pong', value: m.value });
        return;
      case 'pingReq':
        send(s, { case: 'pongResp', value: new Pong({ lastPingTimestamp: m.value.timestamp, timestamp: BigInt(Date.now()) }) });
        return;
      case 'leave':
        sessions.delete(s.sid);
        hub.hangup(`${s.sid}-pub`);
        hub.hangup(`${s.sid}-sub`);
        s.ws?.close(1000, 'left');
        return;
      default:
        return;
    }
  }

  function onConnection(ws: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/rtc') {
      ws.close(1008, 'not a LiveKit path');
      return;
    }
    const q = url.searchParams;
    const conn = nextConn++;
    const resume = q.get('reconnect') === '1';
    const old = resume ? sessions.get(q.get('sid') ?? '') : undefined;
    const s: Session = old ?? { sid: `PA_${nextSid++}`, identity: identityOf(q.get('access_token') ?? ''), tracks: [], nextTrack: 1, subscriberOffered: false, bobLeft: false, conn };
    s.conn = conn;
    s.ws = ws;
    sessions.set(s.sid, s);
    const info: LiveKitConnection = { conn, url: req.url ?? '/', resume, sid: s.sid };
    connections.push(info);
    ws.on('message', (data, isBinary) => {
      if (!isBinary) return;
      let r: SignalRequest;
      try {
        r = SignalRequest.fromBinary(new Uint8Array(data as Buffer));
      } catch {
        note(conn, 'in', 'undecodable');
        return;
      }
      onRequest(s, r).catch((e: Error) => note(conn, 'out', `error: ${e.message}`));
    });
    ws.on('close', (code) => {
      info.closedAt = Date.now();
      info.closeCode = code;
    });
    if (resume && old) {
      send(s, { case: 'reconnect', value: new ReconnectResponse({ iceServers: [] }) });
      return;
    }
    if (resume) {
      // A resume of a session this server does not know: it must join afresh.
      send(s, { case: 'leave', value: new LeaveRequest({ reason: DisconnectReason.STATE_MISMATCH, action: LeaveRequest_Action.RECONNECT, canReconnect: true }) });
      return;
    }
    send(s, {
      case: 'join',
      value: new JoinResponse({
        room: new Room({ sid: 'RM_fake', name: opts.roomName ?? 'demo-room', numParticipants: remote ? 2 : 1 }),
        participant: new ParticipantInfo({ sid: s.sid, identity: s.identity, state: ParticipantInfo_State.JOINED, permission: new ParticipantPermission({ canPublish: true, canSubscribe: true, canPublishData: true }) }),
        otherParticipants: remote ? [bob()] : [],
        serverVersion: '1.9.0',
        serverInfo: new ServerInfo({ edition: ServerInfo_Edition.Standard, version: '1.9.0', protocol: 16, region: 'loopback', nodeId: 'ND_fake' }),
        pingInterval: 5,
        pingTimeout: 15,
        subscriberPrimary: false,
        iceServers: [],
      }),
    });
    send(s, {
      case: 'connectionQuality',
      value: new ConnectionQualityUpdate({ updates: [new ConnectionQualityInfo({ participantSid: s.sid, quality: ConnectionQuality.EXCELLENT, score: 4.5 })] }),
    });
  }

  const http = await startHttp({ mounts: opts.mounts ?? {}, ws: { '/farend': (ws) => hub.accept(ws), '*': onConnection } });
  const live = () => [...sessions.values()].filter((s) => s.ws && s.ws.readyState === s.ws.OPEN);

  return {
    url: http.wsUrl,
    httpUrl: http.url,
    farEndUrl: `${http.wsUrl}/farend`,
    hub,
    log,
    connections,
    dropSockets() {
      for (const s of live()) s.ws!.terminate();
    },
    remoteLeaves() {
      for (const s of live()) s.bobLeft = true;
      for (const s of live()) send(s, { case: 'update', value: new ParticipantUpdate({ participants: [bob(ParticipantInfo_State.DISCONNECTED)] }) });
    },
    refreshToken(token) {
      for (const s of live()) send(s, { case: 'refreshToken', value: token });
    },
    leave(reason) {
      for (const s of live()) send(s, { case: 'leave', value: new LeaveRequest({ reason, action: LeaveRequest_Action.DISCONNECT }) });
    },
    waitFor(pred, timeoutMs = 15_000) {
      const seen = log.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`no matching LiveKit frame in ${timeoutMs} ms (last: ${log.slice(-6).map((e) => `${e.dir} ${e.case}`).join(', ')})`));
        }, timeoutMs);
        const w = (e: LiveKitLogEntry) => {
          if (!pred(e)) return;
          clearTimeout(timer);
          waiters.delete(w);
          resolve(e);
        };
        waiters.add(w);
      });
    },
    async close() {
      for (const s of live()) s.ws!.terminate();
      hub.close();
      await http.close();
    },
  };
}
