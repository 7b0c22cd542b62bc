/**
 * A fake SignalWire relay on loopback, enough for the real @signalwire/js 3.x (Video and Call
 * Fabric), the 4.0 beta `SignalWire` client and @signalwire/realtime-api to connect, place a call
 * and hang up. Media is real: the verto.invite offer goes to a far end (a real RTCPeerConnection
 * somewhere else) whose answer SDP is pushed back as verto.answer.
 *
 * Every frame, both ways, is kept in `frames` so tests can compare what a capture tool saw with
 * what really crossed the wire. Misbehaviour switches in `control` let scenario tests provoke the
 * failures the SDK reference promises to survive (unanswered RPCs, auth failure, drops, no ping).
 *
 *   const hub = new FarEndHub();                       // tests/support/rig/farend.ts
 *   const sw = await startSignalWireServer({ farEnd: hub, iceServers: [turnIceServer(await startTurn())] });
 *   await startFarEnd(`${sw.url}/farend`);             // the far-end page connects to /farend here
 *   // page: host=sw.url (3.x) or client.preferences.relayHost = sw.url (4.0 beta)
 *   sw.control.withhold('verto.invite'); sw.control.dropConnections(); sw.control.stopPinging(); ...
 *   await sw.waitForFrame((f) => f.dir === 'sent' && f.verto === 'verto.bye');
 *   await sw.close();
 *
 * Which authorization a client gets is decided from its connect: project+token -> RELAY
 * (realtime-api); version 4 or a JWT with typ 'SAT' -> Call Fabric (3.x then wraps verto in
 * webrtc.verto); anything else -> Video (3.x uses video.message, joins on video.room.subscribed).
 */
import { createServer, type IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { readJwtClaims } from './signalwire-jwt.js';
import {
  callJoinedParams,
  callLeftParams,
  connectResult,
  eventRequest,
  newSession,
  NODE_ID,
  roomSubscribedParams,
  vertoEnvelope,
  vertoRequest,
  withoutCandidates,
  type AuthFlavour,
  type CallRecord,
  type IceServer,
  type Json,
  type JsonObject,
  type SessionIdentity,
} from './signalwire-shapes.js';
import { FrameLog, innerVerto, VERTO_WRAPPERS, type SwFrame } from './signalwire-frames.js';
import { handleRelayRequest, inboundCallParams, type RelayCall, type RelayContext } from './signalwire-relay.js';

export type { IceServer, CallRecord, Json, JsonObject } from './signalwire-shapes.js';
export type { SwFrame } from './signalwire-frames.js';

/** Whatever produces the remote side of a call: the rig's FarEndHub or a stand-in. */
export interface FarEnd {
  answer(callId: string, offerSdp: string, iceServers?: IceServer[]): Promise<string>;
  hangup(callId: string): void | Promise<void>;
  /** When present (the rig's FarEndHub), the far-end page's socket at `/farend` is handed to it. */
  accept?(ws: WebSocket): void;
  /** For inbound calls: the far end offers, the SDK's verto.answer is applied back. */
  offer?(callId: string, opts?: { video?: boolean; iceServers?: IceServer[] }): Promise<string>;
  applyAnswer?(callId: string, sdp: string): void;
}

export interface InboundCallOptions {
  /** Client connection to ring (default: the newest). */
  conn?: number;
  callerName?: string;
  callerNumber?: string;
  video?: boolean;
}

export interface ConnectFailure {
  code?: number;
  message?: string;
  /** How many connects fail before they succeed again; default: all until cleared. */
  times?: number;
}

export interface SignalWireServerOptions {
  /** Default 0 (a free port). */
  port?: number;
  /** Given to clients in the connect result; the 4.0 beta needs a TURN server here (relay candidate). */
  iceServers?: IceServer[];
  /** Server signalwire.ping period per connection, ms; null disables. Default 5000. */
  pingIntervalMs?: number | null;
  farEnd?: FarEnd;
  /** Extra WebSocket paths: path -> handler. '/farend' goes to `farEnd.accept` when it has one. */
  wsPaths?: Record<string, (ws: WebSocket, req: IncomingMessage) => void>;
  projectId?: string;
  /** Delay before the verto.answer push, ms (lets tests see the 'trying' state). Default 0. */
  answerDelayMs?: number;
  /** Log frames to stderr as they pass. */
  verbose?: boolean;
}

export interface SignalWireControl {
  /** Leave requests for `method` unanswered (top-level method or inner verto method, e.g. 'verto.invite'). */
  withhold(method: string): void;
  release(method: string): void;
  /** Answer signalwire.connect with a JSON-RPC error (auth failure). */
  failConnect(f?: ConnectFailure): void;
  clearFailConnect(): void;
  /** Cut every client socket without a close frame, as a network loss would; calls stay known so a resume works. */
  dropConnections(): void;
  /** Close every client socket cleanly with `code`. */
  closeConnections(code?: number, reason?: string): void;
  setPingInterval(ms: number | null): void;
  stopPinging(): void;
  setFarEnd(fe: FarEnd | undefined): void;
  setIceServers(ice: IceServer[]): void;
  /** Server-side hangup: verto.bye pushed to the caller, far end told. */
  hangup(callId: string): Promise<void>;
  /** Push any signalwire.event to one connection (default: the newest). */
  pushEvent(eventType: string, params: JsonObject, conn?: number): void;
  /**
   * Rings the client: the far end makes an offer and the relay pushes it as a verto.invite
   * (webrtc.message). Resolves with the call id once the invite is sent; the SDK's verto.answer is
   * handed to the far end. Needs a far end with offer/applyAnswer (the rig's FarEndHub has them).
   */
  inboundCall(opts?: InboundCallOptions): Promise<string>;
  /** RELAY (realtime-api): push calling.call.receive for an inbound phone call on `context`; returns its call_id. */
  pushInboundCall(context: string, from?: string, to?: string): string;
  /** Send raw text to one connection (malformed-frame scenarios). */
  sendRaw(text: string, conn?: number): void;
  /** Open client connections, by number. */
  openConnections(): number[];
  /** Connects that resumed an earlier session (protocol/authorization_state accepted). */
  resumedConnects(): number;
}

export interface SignalWireServer {
  url: string;
  port: number;
  frames: SwFrame[];
  calls: Map<string, CallRecord>;
  control: SignalWireControl;
  /** Resolves with the first frame (existing or future) that matches, or rejects after timeoutMs. */
  waitForFrame(pred: (f: SwFrame) => boolean, timeoutMs?: number): Promise<SwFrame>;
  close(): Promise<void>;
}

interface Conn {
  n: number;
  ws: WebSocket;
  session: SessionIdentity | null;
  pingTimer: NodeJS.Timeout | null;
}

/** The ice_servers entry for a TURN server such as the rig's startTurn() result. */
export function turnIceServer(t: { urls: string[]; username: string; credential: string }): IceServer {
  return { urls: [...t.urls], username: t.username, credential: t.credential };
}

function isObj(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export async function startSignalWireServer(opts: SignalWireServerOptions = {}): Promise<SignalWireServer> {
  const log = new FrameLog();
  const calls = new Map<string, CallRecord>();
  const sessions = new Map<string, SessionIdentity>();
  const conns = new Map<number, Conn>();
  const withheld = new Set<string>();
  let connectFailure: (ConnectFailure & { left: number }) | null = null;
  let pingMs: number | null = opts.pingIntervalMs === undefined ? 5000 : opts.pingIntervalMs;
  let farEnd = opts.farEnd;
  let ice = opts.iceServers ?? [];
  let resumed = 0;
  let connCount = 0;
  let closing = false;
  const projectId = opts.projectId ?? 'project-fake-1';

  function record(c: Conn, dir: SwFrame['dir'], text: string): SwFrame {
    const f = log.record(c.n, dir, text);
    if (opts.verbose) process.stderr.write(`[sw ${c.n} ${dir}] ${text.slice(0, 300)}\n`);
    return f;
  }

  function send(c: Conn, msg: JsonObject): void {
    if (c.ws.readyState !== WebSocket.OPEN) return;
    const text = JSON.stringify(msg);
    record(c, 'received', text);
    c.ws.send(text);
  }

  function reply(c: Conn, id: Json | undefined, result: JsonObject): void {
    send(c, { jsonrpc: '2.0', id: id ?? null, result });
  }

  function replyError(c: Conn, id: Json | undefined, code: number, message: string): void {
    send(c, { jsonrpc: '2.0', id: id ?? null, error: { code, message } });
  }

  function pushEvent(c: Conn, eventType: string, params: JsonObject): void {
    send(c, eventRequest(eventType, params));
  }

  function startPing(c: Conn): void {
    if (c.pingTimer) clearInterval(c.pingTimer);
    c.pingTimer = null;
    if (pingMs === null || pingMs <= 0) return;
    c.pingTimer = setInterval(() => {
      send(c, { jsonrpc: '2.0', id: randomUUID(), method: 'signalwire.ping', params: { timestamp: Date.now() / 1000 } });
    }, pingMs);
  }

  function newestConn(): Conn | undefined {
    let best: Conn | undefined;
    for (const c of conns.values()) if (!best || c.n > best.n) best = c;
    return best;
  }

  function connFor(call: CallRecord): Conn | undefined {
    // After a resume the call lives on whichever socket now carries its session.
    return conns.get(call.conn) ?? newestConn();
  }

  function flavourOf(params: JsonObject): { flavour: AuthFlavour; jti: string | undefined } {
    const auth = isObj(params.authentication) ? params.authentication : {};
    if (typeof auth.project === 'string') return { flavour: 'relay', jti: undefined };
    const claims = readJwtClaims(auth.jwt_token);
    const version = isObj(params.version) ? params.version : {};
    const sat = claims?.typ === 'SAT' || version.major === 4;
    return { flavour: sat ? 'fabric' : 'video', jti: typeof claims?.jti === 'string' ? claims.jti : undefined };
  }

  function onConnect(c: Conn, msg: JsonObject): void {
    const params = isObj(msg.params) ? msg.params : {};
    if (connectFailure) {
      const f = connectFailure;
      if (f.left !== Infinity) f.left -= 1;
      if (f.left <= 0) connectFailure = null;
      replyError(c, msg.id, f.code ?? -32002, f.message ?? 'Authentication service failed with status ProtocolError, 401 Unauthorized: {}');
      return;
    }
    const asked = typeof params.protocol === 'string' ? sessions.get(params.protocol) : undefined;
    let session: SessionIdentity;
    if (asked) {
      session = asked;
      resumed += 1;
      // Calls of the old socket now belong to this one.
      for (const call of calls.values()) {
        if (call.state !== 'ended' && !conns.has(call.conn)) call.conn = c.n;
      }
    } else {
      const { flavour, jti } = flavourOf(params);
      const auth = isObj(params.authentication) ? params.authentication : {};
      session = newSession(flavour, typeof auth.project === 'string' ? auth.project : projectId, jti);
      sessions.set(session.protocol, session);
    }
    c.session = session;
    reply(c, msg.id, connectResult(session, ice));
    if (session.flavour !== 'relay') {
      pushEvent(c, 'signalwire.authorization.state', {
        authorization_state: Buffer.from(`state:${session.protocol}`).toString('base64'),
      });
    }
    startPing(c);
  }

  async function onInvite(c: Conn, msg: JsonObject, rpcMethod: string, vmsg: JsonObject): Promise<void> {
    const vp = isObj(vmsg.params) ? vmsg.params : {};
    const dialog = isObj(vp.dialogParams) ? vp.dialogParams : {};
    const callId = String(dialog.callID ?? vp.callID ?? randomUUID());
    const sdp = typeof vp.sdp === 'string' ? vp.sdp : '';
    const call: CallRecord = {
      callId,
      nodeId: NODE_ID,
      memberId: randomUUID(),
      roomSessionId: randomUUID(),
      roomId: randomUUID(),
      destination: String(dialog.destination_number ?? ''),
      conn: c.n,
      state: 'created',
      direction: 'outbound',
      rpcMethod,
    };
    calls.set(callId, call);
    reply(c, msg.id, vertoEnvelope(NODE_ID, vmsg.id ?? null, { message: 'CALL CREATED', callID: callId, memberID: call.memberId }));
    if (!farEnd) return;
    let answerSdp: string;
    try {
      answerSdp = await farEnd.answer(callId, sdp, ice);
    } catch (e) {
      if (opts.verbose) process.stderr.write(`[sw] far end failed: ${(e as Error).message}\n`);
      const target = connFor(call);
      if (target) pushEvent(target, 'webrtc.message', vertoRequest('verto.bye', { callID: callId, cause: 'NORMAL_TEMPORARY_FAILURE', causeCode: 41 }));
      call.state = 'ended';
      return;
    }
    if (opts.answerDelayMs) await new Promise((r) => setTimeout(r, opts.answerDelayMs));
    if (call.state === 'ended') return;
    const target = connFor(call);
    if (!target) return;
    call.state = 'answered';
    pushEvent(target, 'webrtc.message', vertoRequest('verto.answer', { callID: callId, sdp: answerSdp }));
    if (target.session?.flavour === 'video') pushEvent(target, 'video.room.subscribed', roomSubscribedParams(call));
    else pushEvent(target, 'call.joined', callJoinedParams(call));
  }

  async function onBye(c: Conn, msg: JsonObject, vmsg: JsonObject): Promise<void> {
    const vp = isObj(vmsg.params) ? vmsg.params : {};
    const dialog = isObj(vp.dialogParams) ? vp.dialogParams : {};
    const callId = String(dialog.callID ?? vp.callID ?? '');
    const call = calls.get(callId);
    reply(c, msg.id, vertoEnvelope(NODE_ID, vmsg.id ?? null, { message: 'CALL ENDED', callID: callId, causeCode: 16, cause: 'NORMAL_CLEARING' }));
    if (!call || call.state === 'ended') return;
    call.state = 'ended';
    if (c.session?.flavour === 'fabric') pushEvent(c, 'call.left', callLeftParams(call));
    await farEnd?.hangup(callId);
  }

  /** The SDK answering an inbound call: its SDP goes to the far end, which offered. */
  function onAnswer(c: Conn, msg: JsonObject, vmsg: JsonObject): void {
    const vp = isObj(vmsg.params) ? vmsg.params : {};
    const dialog = isObj(vp.dialogParams) ? vp.dialogParams : {};
    const callId = String(dialog.callID ?? vp.callID ?? '');
    const call = calls.get(callId);
    reply(c, msg.id, vertoEnvelope(NODE_ID, vmsg.id ?? null, { message: 'CALL ANSWERED', callID: callId }));
    if (!call || call.state === 'ended' || typeof vp.sdp !== 'string') return;
    call.state = 'answered';
    call.conn = c.n;
    farEnd?.applyAnswer?.(callId, vp.sdp);
    if (c.session?.flavour === 'video') pushEvent(c, 'video.room.subscribed', roomSubscribedParams(call));
    else pushEvent(c, 'call.joined', callJoinedParams(call));
  }

  async function inboundCall(o: InboundCallOptions = {}): Promise<string> {
    const c = o.conn === undefined ? newestConn() : conns.get(o.conn);
    if (!c || !c.session) throw new Error('inboundCall: no connected client');
    if (!farEnd?.offer) throw new Error('inboundCall: the far end cannot make offers');
    const callId = randomUUID();
    const call: CallRecord = {
      callId,
      nodeId: NODE_ID,
      memberId: randomUUID(),
      roomSessionId: randomUUID(),
      roomId: randomUUID(),
      destination: 'demo-user',
      conn: c.n,
      state: 'ringing',
      direction: 'inbound',
      rpcMethod: c.session.flavour === 'video' ? 'video.message' : 'webrtc.verto',
    };
    calls.set(callId, call);
    const sdp = await farEnd.offer(callId, { video: !!o.video, iceServers: ice });
    const target = conns.get(call.conn) ?? newestConn();
    if (!target) throw new Error('inboundCall: the client went away');
    send(
      target,
      eventRequest(
        'webrtc.message',
        vertoRequest('verto.invite', {
          callID: callId,
          sdp: withoutCandidates(sdp),
          caller_id_name: o.callerName ?? 'Far End',
          caller_id_number: o.callerNumber ?? '+15550001111',
          callee_id_name: 'demo-user',
          callee_id_number: 'demo-user',
          display_direction: 'inbound',
        }),
        { node_id: NODE_ID },
      ),
    );
    return callId;
  }

  function onVerto(c: Conn, msg: JsonObject, rpcMethod: string): void {
    const params = isObj(msg.params) ? msg.params : {};
    const vmsg = isObj(params.message) ? params.message : {};
    const vm = typeof vmsg.method === 'string' ? vmsg.method : undefined;
    if (vm === 'verto.invite') {
      void onInvite(c, msg, rpcMethod, vmsg);
    } else if (vm === 'verto.answer') {
      onAnswer(c, msg, vmsg);
    } else if (vm === 'verto.bye') {
      void onBye(c, msg, vmsg);
    } else {
      // Acks of our verto pushes (verto.result), modify, info...: a plain 200 keeps the SDK happy.
      reply(c, msg.id, vertoEnvelope(NODE_ID, vmsg.id ?? null, { message: 'OK' }));
    }
  }

  const relayCalls = new Map<string, RelayCall>();
  const relayCtx: RelayContext = {
    calls: relayCalls,
    reply: (c, id, result) => reply(conns.get(c)!, id, result),
    pushEvent: (c, type, params) => {
      const conn = conns.get(c);
      if (conn) pushEvent(conn, type, params);
    },
  };

  function onRequest(c: Conn, msg: JsonObject): void {
    const method = msg.method as string;
    const vm = innerVerto(msg);
    if (withheld.has(method) || (vm !== undefined && withheld.has(vm))) return;
    if (method === 'signalwire.connect') return onConnect(c, msg);
    if (!c.session) return replyError(c, msg.id, -32002, 'Not authenticated: signalwire.connect first');
    if (VERTO_WRAPPERS.has(method)) return onVerto(c, msg, method);
    if (handleRelayRequest(relayCtx, c.n, msg)) return;
    // subscriber.online/offline, signalwire.reauthenticate, call.* member actions...
    reply(c, msg.id, { code: '200', message: 'OK' });
  }

  const http = createServer((_req, res) => {
    res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const extra = opts.wsPaths?.[path];
    if (extra) return wss.handleUpgrade(req, socket, head, (ws) => extra(ws, req));
    if (path === '/farend') {
      if (farEnd?.accept) return wss.handleUpgrade(req, socket, head, (ws) => farEnd!.accept!(ws));
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onClient(ws));
  });
  function onClient(ws: WebSocket): void {
    const c: Conn = { n: ++connCount, ws, session: null, pingTimer: null };
    conns.set(c.n, c);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const text = isBinary ? `<binary ${Buffer.isBuffer(data) ? data.length : 0} bytes>` : data.toString();
      const f = record(c, 'sent', text);
      if (f.kind === 'request' && f.msg) onRequest(c, f.msg);
    });
    ws.on('close', () => {
      if (c.pingTimer) clearInterval(c.pingTimer);
      conns.delete(c.n);
    });
    ws.on('error', () => {
      /* a client vanishing mid-frame is a scenario, not a server failure */
    });
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const addr = http.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;

  const control: SignalWireControl = {
    withhold: (m) => void withheld.add(m),
    release: (m) => void withheld.delete(m),
    failConnect: (f = {}) => {
      connectFailure = { ...f, left: f.times ?? Infinity };
    },
    clearFailConnect: () => {
      connectFailure = null;
    },
    dropConnections: () => {
      for (const c of conns.values()) c.ws.terminate();
    },
    closeConnections: (code = 1000, reason = '') => {
      for (const c of conns.values()) c.ws.close(code, reason);
    },
    setPingInterval: (ms) => {
      pingMs = ms;
      for (const c of conns.values()) if (c.session) startPing(c);
    },
    stopPinging: () => control.setPingInterval(null),
    setFarEnd: (fe) => {
      farEnd = fe;
    },
    setIceServers: (s) => {
      ice = s;
    },
    hangup: async (callId) => {
      const call = calls.get(callId);
      if (!call || call.state === 'ended') return;
      call.state = 'ended';
      const c = connFor(call);
      if (c) pushEvent(c, 'webrtc.message', vertoRequest('verto.bye', { callID: callId, cause: 'NORMAL_CLEARING', causeCode: 16 }));
      await farEnd?.hangup(callId);
    },
    pushEvent: (type, params, n) => {
      const c = n === undefined ? newestConn() : conns.get(n);
      if (c) pushEvent(c, type, params);
    },
    inboundCall,
    pushInboundCall: (context, from, to) => {
      const params = inboundCallParams(relayCalls, context, from, to);
      control.pushEvent('calling.call.receive', params);
      return String(params.call_id);
    },
    sendRaw: (text, n) => {
      const c = n === undefined ? newestConn() : conns.get(n);
      if (!c || c.ws.readyState !== WebSocket.OPEN) return;
      record(c, 'received', text);
      c.ws.send(text);
    },
    openConnections: () => [...conns.keys()],
    resumedConnects: () => resumed,
  };

  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    frames: log.frames,
    calls,
    control,
    waitForFrame: (pred, timeoutMs) => log.waitFor(pred, timeoutMs),
    async close() {
      if (closing) return;
      closing = true;
      for (const c of conns.values()) {
        if (c.pingTimer) clearInterval(c.pingTimer);
        c.ws.terminate();
      }
      // Far-end and extra-path sockets too, or http.close() would wait for them.
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}
