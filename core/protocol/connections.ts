/**
 * Connection sessions: one per logical signaling connection, spanning the sockets an SDK opens to get back
 * after a drop. A new socket to the same endpoint within RECONNECT_WINDOW_MS of the previous socket's close
 * (and not after the page closed it cleanly with 1000) continues the session as a reconnect.
 */
import type { WsClose, WsCreate, WsOpen } from '../capture/events.js';
import type { Signal } from '../findings/types.js';
import type { ParsedFrame } from './decoders/index.js';
import { num, obj, str, text } from './decoders/util.js';
import type { Pending } from './pairing.js';
import { isLiveKitUrl, liveKitSdkName, liveKitUrlFacts } from './decoders/livekit.js';
import type { ConnectionSession, ConnectionState, DecodedFrame, ReconnectEpisode } from './types.js';

export const RECONNECT_WINDOW_MS = 60_000;
/** SignalWire 3.x and Realtime reconnect when the server's signalwire.ping stops for this long. */
export const SW_PING_GAP_MS = 15_000;
/** The SDK's timer starts when it handles the ping, a little after the hook timestamps the frame. */
const PING_GAP_SLACK_MS = 500;

const AUTH_METHODS = new Set(['signalwire.connect', 'signalwire.reauthenticate', 'login', 'anonymous_login', 'REGISTER']);
const KEEPALIVE_METHODS = new Set(['signalwire.ping', 'telnyx_rtc.ping', 'verto.ping', 'OPTIONS', 'livekit.ping', 'livekit.pingReq']);
const HOUSEKEEPING = new Set([...AUTH_METHODS, ...KEEPALIVE_METHODS, 'signalwire.event', 'telnyx_rtc.gatewayState']);

export function isAuthMethod(m: string | undefined): boolean {
  return m !== undefined && AUTH_METHODS.has(m);
}
export function isKeepaliveMethod(m: string | undefined): boolean {
  return m !== undefined && KEEPALIVE_METHODS.has(m);
}

/** The document part of a socket id ("<doc>:ws-3" as the service worker tags them), '' when untagged. */
function docOf(socketId: string): string {
  const i = socketId.lastIndexOf(':');
  return i > 0 ? socketId.slice(0, i) : '';
}

export function endpointOf(raw: string): string {
  const url = text(raw);
  const q = url.search(/[?#]/);
  return q >= 0 ? url.slice(0, q) : url;
}

interface SessionState {
  s: ConnectionSession;
  currentSocket: string;
  lastCloseT?: number;
  /** Close of the last connected socket: why a reconnect episode started. */
  lastClose?: { code: number; reason: string };
  /** Page closed the socket with 1000: the app disconnected on purpose. */
  userClosed: boolean;
  /** Telnyx punted this client: a new socket afterwards is a new session, not a reconnect. */
  punted: boolean;
  episode?: ReconnectEpisode;
  lastServerPingT?: number;
  pingGapReported: boolean;
  /** Set while the current socket has not authenticated yet after a reconnect. */
  awaitingAuthAfterReconnect: boolean;
}

export class ConnectionTracker {
  readonly sessions: ConnectionSession[] = [];
  private bySocket = new Map<string, SessionState>();
  private byEndpoint = new Map<string, SessionState>();
  private states: SessionState[] = [];
  private seq = 0;

  constructor(private emit: (s: Signal) => void) {}

  session(socketId: string): ConnectionSession | undefined {
    return this.bySocket.get(socketId)?.s;
  }

  /** The session of a socket, made up when the socket was opened before capture started. */
  sessionFor(socketId: string, t: number): ConnectionSession {
    return (this.bySocket.get(socketId) ?? this.newSession(socketId, '(unknown: opened before capture)', t, 'connected')).s;
  }

  private newSession(socketId: string, url: string, t: number, state: ConnectionState): SessionState {
    const s: ConnectionSession = {
      id: `session-${++this.seq}`,
      socketId,
      sockets: [socketId],
      url,
      endpoint: endpointOf(url),
      sdk: 'unknown',
      states: [{ t, state }],
      state,
      ids: {},
      reconnects: [],
      keepalive: { sent: 0, answered: 0, missed: 0 },
      flushedAfterReconnect: 0,
      messages: 0,
    };
    const st: SessionState = { s, currentSocket: socketId, userClosed: false, punted: false, pingGapReported: false, awaitingAuthAfterReconnect: false };
    this.sessions.push(s);
    this.states.push(st);
    this.bySocket.set(socketId, st);
    this.byEndpoint.set(s.endpoint, st);
    this.readUrlIds(s, url);
    if (isLiveKitUrl(url)) {
      // LiveKit names itself only in its URL: its frames are binary, and they decode once the session is known.
      const f = liveKitUrlFacts(url);
      s.sdk = 'livekit';
      s.sdkName = liveKitSdkName(f.sdk);
      if (f.version) s.sdkVersion = f.version;
      if (f.protocol !== undefined) s.protocolMajor = f.protocol;
    }
    return st;
  }

  private readUrlIds(s: ConnectionSession, url: string): void {
    const m = /[?&]voice_sdk_id=([^&#]+)/.exec(text(url));
    if (!m) return;
    try {
      s.ids.voiceSdkId = decodeURIComponent(m[1]!);
    } catch {
      s.ids.voiceSdkId = m[1]!;
    }
  }

  private setState(s: ConnectionSession, t: number, state: ConnectionState): void {
    if (s.state === state) return;
    s.state = state;
    s.states.push({ t, state });
  }

  onCreate(ev: WsCreate): void {
    if (this.bySocket.has(ev.id)) return;
    const endpoint = endpointOf(ev.url);
    const prev = this.byEndpoint.get(endpoint);
    const isReconnect =
      prev !== undefined &&
      // A socket from another document (page reload, other frame) is that page's own connection.
      docOf(prev.currentSocket) === docOf(ev.id) &&
      (prev.s.state === 'disconnected' || prev.s.state === 'reconnecting') &&
      prev.lastCloseT !== undefined &&
      ev.t - prev.lastCloseT <= RECONNECT_WINDOW_MS &&
      !prev.userClosed;
    if (!isReconnect) {
      this.newSession(ev.id, ev.url, ev.t, 'connecting');
      return;
    }
    const st = prev!;
    const s = st.s;
    s.sockets.push(ev.id);
    this.bySocket.set(ev.id, st);
    st.currentSocket = ev.id;
    this.readUrlIds(s, ev.url);
    if (!st.episode || st.episode.outcome !== 'ongoing') {
      const closeT = st.lastCloseT!;
      const last = s.states[s.states.length - 1];
      // The close looked final when it happened; a new socket shows the SDK was reconnecting all along.
      if (last && last.state === 'disconnected' && last.t === closeT) {
        last.state = 'reconnecting';
        s.state = 'reconnecting';
      } else this.setState(s, closeT, 'reconnecting');
      st.episode = { startT: closeT, attempts: 0, delaysMs: [], socketIds: [], outcome: 'ongoing' };
      if (st.lastClose) {
        st.episode.closeCode = st.lastClose.code;
        st.episode.closeReason = st.lastClose.reason;
      }
      s.reconnects.push(st.episode);
    }
    const ep = st.episode;
    ep.attempts++;
    ep.delaysMs.push(Math.max(0, ev.t - st.lastCloseT!));
    ep.socketIds.push(ev.id);
    st.awaitingAuthAfterReconnect = true;
    this.emit({ type: 'reconnect.attempt', t: ev.t, session: s, episode: ep, socketId: ev.id });
  }

  onOpen(ev: WsOpen): void {
    const st = this.bySocket.get(ev.id);
    if (!st) {
      this.newSession(ev.id, '(unknown: opened before capture)', ev.t, 'connected');
      return;
    }
    if (st.currentSocket !== ev.id) return;
    st.pingGapReported = false;
    st.lastServerPingT = undefined;
    // During a reconnect an open socket is not yet a recovery: servers that refuse the session accept the
    // socket and cut it at once. Recovery is the login succeeding (see recover()).
    if (st.episode?.outcome === 'ongoing') return;
    this.setState(st.s, ev.t, 'connected');
  }

  private recover(st: SessionState, t: number): void {
    const ep = st.episode;
    if (!ep || ep.outcome !== 'ongoing') return;
    ep.outcome = 'recovered';
    ep.endT = t;
    this.setState(st.s, t, 'connected');
    this.emit({ type: 'reconnect.end', t, session: st.s, episode: ep });
  }

  onClose(ev: WsClose): void {
    const st = this.bySocket.get(ev.id);
    if (!st || st.currentSocket !== ev.id) return;
    const s = st.s;
    this.pingGapAtClose(st, ev);
    st.lastCloseT = ev.t;
    // 1000 from the page is the app disconnecting; 1001 is the page going away (navigation, reload).
    st.userClosed = st.punted || (ev.initiator === 'page' && (ev.code === 1000 || ev.code === 1001));
    const ep = st.episode;
    if (ep && ep.outcome === 'ongoing') {
      // A failed attempt: the session stays reconnecting until the next attempt or the window runs out.
      return;
    }
    if (st.userClosed) this.setState(s, ev.t, 'disconnecting');
    this.setState(s, ev.t, 'disconnected');
    st.episode = undefined;
    st.lastClose = { code: ev.code, reason: ev.reason };
  }

  /** Frame-level facts: auth outcome, session ids, keepalives, queue flushes. */
  onMessage(msg: DecodedFrame, d: ParsedFrame, req: Pending | undefined): void {
    const st = this.bySocket.get(msg.socketId);
    if (!st) return;
    const s = st.s;
    s.messages++;
    if (d.sdk && d.sdk !== 'unknown' && (s.sdk === 'unknown' || s.sdk === 'verto')) s.sdk = d.sdk;
    // Without a login exchange to go by, the server talking on the new socket is the sign it is back.
    if (msg.dir === 'received' && s.auth === undefined && msg.socketId === st.currentSocket) this.recover(st, msg.t);

    if (msg.method === 'CRLF keepalive') {
      if (msg.dir === 'sent') {
        s.keepalive.sent++;
        s.keepalive.lastT = msg.t;
        s.keepalive.method = msg.method;
      } else s.keepalive.answered++;
      return;
    }
    if (msg.kind === 'request' || msg.kind === 'notification') {
      const m = msg.method;
      if (m === 'signalwire.connect' && d.params) {
        const major = num(obj(d.params.version)?.major);
        if (major !== undefined) s.protocolMajor = major;
      }
      if (isAuthMethod(m) && msg.dir === 'sent' && msg.kind === 'request') {
        s.auth = { state: 'pending', method: m!, t: msg.t, index: msg.index };
        const p = d.params;
        // Only the first login after the new socket tells whether the old session was carried over.
        if (st.episode && st.episode.resumed === undefined && p) {
          st.episode.resumed = !!(p.protocol || p.authorization_state || p.reconnection === true);
        }
      } else if (isKeepaliveMethod(m) && msg.kind === 'request') {
        s.keepalive.sent++;
        s.keepalive.method = m;
        s.keepalive.lastT = msg.t;
        if (msg.dir === 'received' && m === 'signalwire.ping') {
          st.lastServerPingT = msg.t;
          st.pingGapReported = false;
        }
      } else if (m === 'telnyx_rtc.punt' && msg.dir === 'received') {
        // The server moved this client elsewhere: the SDK does not come back by itself.
        st.punted = true;
      } else if (msg.dir === 'sent' && msg.kind === 'request' && msg.protocol !== 'telnyx-debug' && !HOUSEKEEPING.has(m ?? '')) {
        // Before the new socket has authenticated, only the SDK's own queue can be sending.
        if (st.awaitingAuthAfterReconnect) s.flushedAfterReconnect++;
      }
      return;
    }

    if (!req) return;
    if (isKeepaliveMethod(req.wireMethod)) {
      if (msg.kind === 'response') s.keepalive.answered++;
      return;
    }
    if (isAuthMethod(req.wireMethod)) {
      if (req.wireMethod === 'REGISTER' && (msg.error?.code === 401 || msg.error?.code === 407)) return;
      const ok = msg.kind === 'response';
      s.auth = { state: ok ? 'ok' : 'failed', method: req.wireMethod, t: msg.t, index: req.index, latencyMs: msg.t - req.t };
      if (!ok && msg.error) s.auth.error = msg.error;
      const res = obj(d.result);
      if (ok && res) {
        const protocol = str(res.protocol);
        if (protocol) s.ids.protocol = protocol;
        const identity = str(res.identity);
        if (identity) s.ids.identity = identity;
        const sessid = str(res.sessid);
        if (sessid) s.ids.sessid = sessid;
      }
      if (ok) {
        st.awaitingAuthAfterReconnect = false;
        if (msg.socketId === st.currentSocket) this.recover(st, msg.t);
      }
      this.emit({ type: 'auth', t: msg.t, ok, session: s, msg, method: req.wireMethod, error: msg.error });
      return;
    }
    if (req.wireMethod === 'telnyx_rtc.gatewayState') {
      const state = str(obj(obj(d.result)?.params)?.state);
      if (state) s.gatewayState = state;
    }
  }

  /** A request sent again with the id it had before the drop: the SDK replaying its queue. */
  requestResent(socketId: string): void {
    const st = this.bySocket.get(socketId);
    if (st && st.s.sockets.length > 1 && !st.awaitingAuthAfterReconnect) st.s.flushedAfterReconnect++;
  }

  /** A keepalive request went unanswered (from the pairing time-out). */
  keepaliveMissed(p: Pending): void {
    const st = this.bySocket.get(p.socketId);
    if (!st) return;
    st.s.keepalive.missed++;
    this.emit({ type: 'keepalive.missed', t: p.deadline, session: st.s, method: p.wireMethod, reason: 'no-reply', index: p.index, expectedMs: p.timeoutMs });
  }

  /**
   * SignalWire 3.x closes the socket itself the moment its 15 s ping window runs out, which is usually
   * before a tick sees the gap: a page-side close that late after the last server ping is that time-out.
   */
  private pingGapAtClose(st: SessionState, ev: WsClose): void {
    const s = st.s;
    const major = s.protocolMajor;
    if (st.pingGapReported || s.state !== 'connected' || st.lastServerPingT === undefined || ev.initiator !== 'page') return;
    if ((major !== undefined && major >= 4) || ev.t - st.lastServerPingT < SW_PING_GAP_MS - PING_GAP_SLACK_MS) return;
    st.pingGapReported = true;
    s.keepalive.missed++;
    this.emit({ type: 'keepalive.missed', t: ev.t, session: s, method: 'signalwire.ping', reason: 'no-ping', expectedMs: SW_PING_GAP_MS });
  }

  tick(now: number): void {
    for (const st of this.states) {
      const s = st.s;
      if (s.state === 'reconnecting' && st.lastCloseT !== undefined && now - st.lastCloseT > RECONNECT_WINDOW_MS) {
        const ep = st.episode;
        if (ep && ep.outcome === 'ongoing') {
          ep.outcome = 'gave-up';
          ep.endT = st.lastCloseT;
          this.emit({ type: 'reconnect.end', t: now, session: s, episode: ep });
        }
        this.setState(s, st.lastCloseT, 'disconnected');
      }
      const major = s.protocolMajor;
      if (
        s.state === 'connected' &&
        st.lastServerPingT !== undefined &&
        !st.pingGapReported &&
        (major === undefined || major < 4) &&
        now - st.lastServerPingT > SW_PING_GAP_MS
      ) {
        st.pingGapReported = true;
        s.keepalive.missed++;
        this.emit({ type: 'keepalive.missed', t: st.lastServerPingT + SW_PING_GAP_MS, session: s, method: 'signalwire.ping', reason: 'no-ping', expectedMs: SW_PING_GAP_MS });
      }
    }
  }
}
