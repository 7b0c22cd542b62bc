/**
 * A fake Telnyx signaling server (JSON-RPC 2.0 over WebSocket, "telnyx_rtc.*" methods) that the
 * real @telnyx/webrtc 2.27.10 logs in to and calls through. Media is real: invites are answered
 * by the far-end page (tests/support/rig/farend.ts) connected on the same port at /farend.
 *
 * One port serves: the SDK socket (any path but /farend), the far end (/farend), and optional
 * static mounts (demo page, SDK bundle). Every frame is logged, server-side perspective:
 * dir 'in' = sent by the page, dir 'out' = received by the page.
 *
 * Misbehaviour switches live in `control` so scenario tests can break it on purpose.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { FarEndHub, type IceServer } from '../rig/farend.js';
import { startHttp } from '../rig/http.js';

export interface TelnyxFrame {
  /** ms since epoch */
  t: number;
  dir: 'in' | 'out';
  /** Connection number, 1-based, in accept order. */
  conn: number;
  text: string;
  /** Parsed helpers (absent when the frame is not JSON). */
  method?: string;
  id?: string | number;
  /** 'result' | 'error' for replies, the debug_report type for debug frames. */
  kind?: string;
}

export interface TelnyxConnection {
  conn: number;
  url: string;
  openedAt: number;
  closedAt?: number;
  closeCode?: number;
  sessid?: string;
}

export interface TelnyxCall {
  callId: string;
  sessid: string;
  direction: 'outbound' | 'inbound';
  state: 'new' | 'ringing' | 'active' | 'held' | 'ended';
  destination?: string;
  offer?: string;
  answer?: string;
  cause?: string;
  /** Who ended it: the page ('client') or the server ('server'). */
  endedBy?: 'client' | 'server';
}

export interface TelnyxServerOptions {
  /** Accepted login/passwd pairs; absent = any non-empty login with any passwd. */
  users?: Record<string, string>;
  /** Accepted login_token values; absent = any non-empty token. */
  tokens?: string[];
  /** ICE servers handed to the far end (e.g. from startTurn). */
  iceServers?: IceServer[];
  /** Delay between telnyx_rtc.ringing and telnyx_rtc.answer, ms. Default 100. */
  ringMs?: number;
  /** Send telnyx_rtc.media (early media) with the far-end SDP before the answer. */
  earlyMedia?: boolean;
  /** Answer invites automatically (default true). With false, call control.answerCall(callId). */
  autoAnswer?: boolean;
  /** Static mounts served on the same port (see tests/support/rig/http.ts). */
  mounts?: Record<string, string>;
  /** Use this hub instead of a new one (to share one far end between servers). */
  farEnd?: FarEndHub;
  /** How long to wait for the far end's SDP before failing the call (bye NO_ROUTE_DESTINATION). Default 15000. */
  farEndTimeoutMs?: number;
}

export interface TelnyxControl {
  /** Every misbehaviour switch back to well-behaved (as started); tests call it between cases. */
  reset(): void;
  /** Reply to login/anonymous_login with an error (default code -32001 "Authentication Required"). */
  refuseLogin(on: boolean, error?: { code: number; message: string }): void;
  /**
   * Never reply to requests with these methods (frames are still logged); replaces the previous
   * set, null clears. Debug frames are named by their type, e.g. 'debug_report_start'.
   */
  withhold(method: string | string[] | null): void;
  /** Handle requests with this method only after `ms` (a slow server); null clears. */
  delayReply(method: string, ms: number | null): void;
  /** Stop replying to telnyx_rtc.ping (the SDK then reconnects). */
  silencePings(on: boolean): void;
  /** Close every page socket now. Default: abrupt (no close frame, page sees 1006). */
  dropSockets(opts?: { code?: number; reason?: string }): void;
  /**
   * Drop the socket (abruptly) when a request with this method arrives: before replying (default)
   * or right after the reply went out. null clears.
   */
  dropOn(method: string | null, when?: 'before-reply' | 'after-reply'): void;
  /** Refuse new WebSocket connections (reconnect attempts fail) until called with false. */
  refuseConnections(on: boolean): void;
  /** After a reconnect login (reconnection:true + known sessid), send telnyx_rtc.attach for live calls. Default true. */
  attachOnReconnect(on: boolean): void;
  /** Server-initiated keepalive: telnyx_rtc.ping to every logged-in socket (the SDK answers with its own ping request). */
  serverPing(): void;
  /** Send telnyx_rtc.punt to every logged-in socket. */
  punt(): void;
  /** Server-side hangup: telnyx_rtc.bye to the page. */
  hangup(callId: string, cause?: { cause: string; causeCode: number }): void;
  /** For autoAnswer:false: answer a ringing outbound call now. */
  answerCall(callId: string): Promise<void>;
  /** Place an inbound call to the logged-in page; resolves with its callId. */
  inviteClient(opts?: { callerName?: string; callerNumber?: string; video?: boolean }): Promise<string>;
  /** Send any JSON to every logged-in socket. */
  send(msg: object): void;
}

export interface TelnyxServer {
  url: string;
  port: number;
  /** http:// base of the same port (static mounts). */
  httpUrl: string;
  /** ws:// URL the far-end page connects to. */
  farEndUrl: string;
  hub: FarEndHub;
  frames: TelnyxFrame[];
  connections: TelnyxConnection[];
  calls: Map<string, TelnyxCall>;
  control: TelnyxControl;
  /** Resolves with the first frame (already logged or future) that matches. */
  waitForFrame(pred: (f: TelnyxFrame) => boolean, timeoutMs?: number): Promise<TelnyxFrame>;
  close(): Promise<void>;
}

interface Rpc {
  jsonrpc?: string;
  id?: string | number;
  method?: string;
  type?: string;
  params?: Record<string, unknown>;
  result?: unknown;
  error?: unknown;
}

interface Conn {
  n: number;
  ws: WebSocket;
  info: TelnyxConnection;
  sessid?: string;
  /** Routing id the SDK keeps in sessionStorage; with it, a reconnect carries reconnection:true + sessid. */
  voiceSdkId: string;
}

const NORMAL_CLEARING = { cause: 'NORMAL_CLEARING', causeCode: 16 };

function parse(text: string): Rpc | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Rpc) : undefined;
  } catch {
    return undefined;
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The SDK puts callID at params.callID on some methods and only in params.dialogParams on others (bye, invite). */
function callIdOf(p: Record<string, unknown>): string {
  const dialog = (p.dialogParams ?? {}) as Record<string, unknown>;
  return str(p.callID) ?? str(dialog.callID) ?? '';
}

export async function startTelnyxServer(opts: TelnyxServerOptions = {}): Promise<TelnyxServer> {
  const hub = opts.farEnd ?? new FarEndHub();
  const frames: TelnyxFrame[] = [];
  const connections: TelnyxConnection[] = [];
  const calls = new Map<string, TelnyxCall>();
  const live = new Set<Conn>();
  const sessions = new Set<string>();
  const frameWaiters = new Set<(f: TelnyxFrame) => void>();

  const wellBehaved = () => ({
    refuseLogin: undefined as { code: number; message: string } | undefined,
    withhold: new Set<string>(),
    delays: new Map<string, number>(),
    silencePings: false,
    dropOn: null as { method: string; when: 'before-reply' | 'after-reply' } | null,
    refuseConnections: false,
    attachOnReconnect: true,
  });
  const sw = wellBehaved();
  const ringMs = opts.ringMs ?? 100;
  const autoAnswer = opts.autoAnswer ?? true;
  const farEndMs = opts.farEndTimeoutMs ?? 15000;

  function log(c: Conn, dir: 'in' | 'out', text: string): void {
    const m = parse(text);
    const f: TelnyxFrame = { t: Date.now(), dir, conn: c.n, text };
    if (m) {
      if (typeof m.method === 'string') f.method = m.method;
      if (typeof m.id === 'string' || typeof m.id === 'number') f.id = m.id;
      if (m.result !== undefined) f.kind = 'result';
      else if (m.error !== undefined) f.kind = 'error';
      else if (typeof m.type === 'string') f.kind = m.type;
    }
    frames.push(f);
    for (const w of frameWaiters) w(f);
  }

  function sendRaw(c: Conn, msg: object): void {
    if (c.ws.readyState !== c.ws.OPEN) return;
    const text = JSON.stringify(msg);
    log(c, 'out', text);
    c.ws.send(text);
  }
  const reply = (c: Conn, id: Rpc['id'], result: object) => sendRaw(c, { jsonrpc: '2.0', id, result });
  const replyError = (c: Conn, id: Rpc['id'], error: { code: number; message: string }) => sendRaw(c, { jsonrpc: '2.0', id, error });
  const request = (c: Conn, method: string, params: object) => sendRaw(c, { jsonrpc: '2.0', id: randomUUID(), method, params });

  /** The page socket that owns a session now (after a reconnect, the newest one). */
  function connOf(sessid: string): Conn | undefined {
    let found: Conn | undefined;
    for (const c of live) if (c.sessid === sessid) found = c;
    return found;
  }
  const loggedIn = () => [...live].filter((c) => c.sessid);

  function endCall(call: TelnyxCall, by: 'client' | 'server', cause: string): void {
    if (call.state === 'ended') return;
    call.state = 'ended';
    call.endedBy = by;
    call.cause = cause;
    hub.hangup(call.callId);
  }

  async function answerOutbound(call: TelnyxCall): Promise<void> {
    const c = connOf(call.sessid);
    if (!c || !call.offer || call.state !== 'ringing') return;
    let sdp: string;
    try {
      sdp = await hub.answer(call.callId, call.offer, opts.iceServers, farEndMs);
    } catch (e) {
      // No media peer: the call fails the way a real gateway reports an unreachable callee.
      const again = connOf(call.sessid);
      if (again && call.state === 'ringing') {
        request(again, 'telnyx_rtc.bye', { callID: call.callId, cause: 'NO_ROUTE_DESTINATION', causeCode: 3, sipCode: 404, sipReason: String((e as Error).message) });
        endCall(call, 'server', 'NO_ROUTE_DESTINATION');
      }
      return;
    }
    if (call.state !== 'ringing') return; // hung up while the far end was answering
    call.answer = sdp;
    const now = connOf(call.sessid);
    if (!now) return;
    if (opts.earlyMedia) request(now, 'telnyx_rtc.media', { callID: call.callId, sdp });
    request(now, 'telnyx_rtc.answer', { callID: call.callId, sdp });
    call.state = 'active';
  }

  function onInvite(c: Conn, m: Rpc): void {
    const p = m.params ?? {};
    const dialog = (p.dialogParams ?? {}) as Record<string, unknown>;
    const callId = str(dialog.callID) ?? randomUUID();
    const sdp = str(p.sdp);
    const sessid = c.sessid!;
    const call: TelnyxCall = { callId, sessid, direction: 'outbound', state: 'new', offer: sdp };
    const dest = str(dialog.destination_number);
    if (dest) call.destination = dest;
    calls.set(callId, call);
    reply(c, m.id, { callID: callId, message: 'CALL CREATED', sessid });
    setTimeout(() => {
      if (call.state !== 'new') return;
      call.state = 'ringing';
      request(c, 'telnyx_rtc.ringing', {
        callID: callId,
        caller_id_name: str(dialog.caller_id_name) ?? '',
        caller_id_number: str(dialog.caller_id_number) ?? '',
        callee_id_name: 'Far End',
        callee_id_number: dest ?? '',
        display_direction: 'outbound',
      });
      if (autoAnswer) setTimeout(() => void answerOutbound(call), ringMs);
    }, 20);
  }

  async function onModify(c: Conn, m: Rpc): Promise<void> {
    const p = m.params ?? {};
    const callId = callIdOf(p);
    const action = str(p.action) ?? '';
    const call = calls.get(callId);
    if (!call) return replyError(c, m.id, { code: -32002, message: 'CALL DOES NOT EXIST' });
    if (action === 'hold' || action === 'unhold' || action === 'toggleHold') {
      const hold = action === 'hold' || (action === 'toggleHold' && call.state !== 'held');
      call.state = hold ? 'held' : 'active';
      return reply(c, m.id, { callID: callId, action, holdState: hold ? 'held' : 'active', sessid: c.sessid });
    }
    if (action === 'updateMedia' && str(p.sdp)) {
      // ICE restart / renegotiation: the far end answers the new offer on the same pc.
      try {
        const sdp = await hub.answer(callId, str(p.sdp)!, opts.iceServers, farEndMs);
        return reply(c, m.id, { callID: callId, action, sdp, sessid: c.sessid });
      } catch (e) {
        return replyError(c, m.id, { code: -32000, message: (e as Error).message });
      }
    }
    return replyError(c, m.id, { code: -32601, message: `unsupported modify action ${action}` });
  }

  function onLogin(c: Conn, m: Rpc, anonymous: boolean): void {
    const p = m.params ?? {};
    if (sw.refuseLogin) return replyError(c, m.id, sw.refuseLogin);
    let ok: boolean;
    if (anonymous) ok = !!str(p.target_id) && !!str(p.target_type);
    else if (str(p.login_token)) ok = !opts.tokens || opts.tokens.includes(str(p.login_token)!);
    else {
      const login = str(p.login);
      ok = !!login && (!opts.users || opts.users[login] === p.passwd);
    }
    if (!ok) return replyError(c, m.id, { code: -32001, message: 'Authentication Required' });

    const wanted = str(p.sessid);
    const resumed = p.reconnection === true && !!wanted && sessions.has(wanted);
    const sessid = resumed ? wanted! : randomUUID();
    sessions.add(sessid);
    c.sessid = sessid;
    c.info.sessid = sessid;
    sendRaw(c, { jsonrpc: '2.0', id: m.id, result: { message: 'logged in', sessid }, voice_sdk_id: c.voiceSdkId });
    const mine = [...calls.values()].filter((x) => x.sessid === sessid && (x.state === 'active' || x.state === 'held'));
    request(c, 'telnyx_rtc.clientReady', { reattached_sessions: resumed ? mine.map((x) => x.callId) : [] });
    if (resumed && sw.attachOnReconnect) for (const call of mine) void attach(c, call);
  }

  /** Re-attach a live call after a reconnect: the far end offers afresh, the page answers with telnyx_rtc.attach. */
  async function attach(c: Conn, call: TelnyxCall): Promise<void> {
    let sdp: string;
    try {
      sdp = await hub.offer(call.callId, { video: /\nm=video /.test(call.offer ?? '') }, farEndMs);
    } catch {
      return;
    }
    request(c, 'telnyx_rtc.attach', {
      callID: call.callId,
      sdp,
      caller_id_name: 'Far End',
      caller_id_number: call.destination ?? '',
      callee_id_name: '',
      callee_id_number: call.destination ?? '',
      display_direction: call.direction,
    });
  }

  function onMessage(c: Conn, text: string): void {
    log(c, 'in', text);
    const m = parse(text);
    if (!m) return;
    // Replies (acks) from the page to our requests need nothing back.
    if (!m.method && (m.result !== undefined || m.error !== undefined)) return;
    const name = m.method ?? (typeof m.type === 'string' ? m.type : undefined);
    if (!name) return;
    const drop = sw.dropOn?.method === name ? sw.dropOn.when : undefined;
    if (drop === 'before-reply') {
      c.ws.terminate();
      return;
    }
    if (sw.withhold.has(name)) return;
    const delay = sw.delays.get(name);
    const go = () => {
      dispatch(c, m);
      // Synchronous replies are out by now; async ones (modify, far-end answers) may be lost, as on a real drop.
      if (drop === 'after-reply') setImmediate(() => c.ws.terminate());
    };
    if (delay) setTimeout(go, delay);
    else go();
  }

  function dispatch(c: Conn, m: Rpc): void {
    const method = m.method;
    if (!method && typeof m.type === 'string' && m.type.startsWith('debug_report_')) {
      // debug:true blocks the call until debug_report_start is acknowledged.
      reply(c, m.id, { type: m.type, debug_report_id: (m as Record<string, unknown>).debug_report_id });
      return;
    }
    if (!method) return;
    if (method !== 'login' && method !== 'anonymous_login' && method !== 'telnyx_rtc.ping' && !c.sessid) {
      return replyError(c, m.id, { code: -32000, message: 'Authentication Required' });
    }
    const p = m.params ?? {};
    switch (method) {
      case 'login':
        return onLogin(c, m, false);
      case 'anonymous_login':
        return onLogin(c, m, true);
      case 'telnyx_rtc.gatewayState':
        return reply(c, m.id, { params: { state: 'REGED' }, sessid: c.sessid });
      case 'telnyx_rtc.ping':
        if (!sw.silencePings) reply(c, m.id, { message: 'PONG', sessid: c.sessid });
        return;
      case 'telnyx_rtc.invite':
        return onInvite(c, m);
      case 'telnyx_rtc.bye': {
        const callId = callIdOf(p);
        const call = calls.get(callId);
        reply(c, m.id, { callID: callId, message: 'CALL ENDED', sessid: c.sessid, cause: str(p.cause) ?? 'NORMAL_CLEARING', causeCode: p.causeCode ?? 16 });
        if (call) endCall(call, 'client', str(p.cause) ?? 'NORMAL_CLEARING');
        return;
      }
      case 'telnyx_rtc.modify':
        void onModify(c, m);
        return;
      case 'telnyx_rtc.candidate': {
        const callId = callIdOf(p);
        const cand = str(p.candidate);
        if (cand) hub.candidate(callId, { candidate: cand, sdpMid: (p.sdpMid as string) ?? null, sdpMLineIndex: (p.sdpMLineIndex as number) ?? null });
        return reply(c, m.id, { callID: callId, message: 'CANDIDATE RECEIVED', sessid: c.sessid });
      }
      case 'telnyx_rtc.endOfCandidates':
        return reply(c, m.id, { callID: callIdOf(p), message: 'END OF CANDIDATES', sessid: c.sessid });
      case 'telnyx_rtc.answer': // the page answering an inbound call
      case 'telnyx_rtc.attach': {
        // the page answering a re-attach offer
        const callId = callIdOf(p);
        const call = calls.get(callId);
        const sdp = str(p.sdp);
        if (call && sdp) {
          call.answer = sdp;
          call.state = 'active';
          hub.applyAnswer(callId, sdp);
        }
        return reply(c, m.id, { callID: callId, method, sessid: c.sessid });
      }
      case 'telnyx_rtc.info':
        return reply(c, m.id, { callID: callIdOf(p), message: 'SENT', sessid: c.sessid });
      default:
        return replyError(c, m.id, { code: -32601, message: `Method not found: ${method}` });
    }
  }

  let nextConn = 1;
  function onConnection(ws: WebSocket, req: IncomingMessage): void {
    if (sw.refuseConnections) {
      ws.terminate();
      return;
    }
    const n = nextConn++;
    const info: TelnyxConnection = { conn: n, url: req.url ?? '/', openedAt: Date.now() };
    connections.push(info);
    const given = new URL(info.url, 'http://127.0.0.1').searchParams.get('voice_sdk_id');
    const c: Conn = { n, ws, info, voiceSdkId: given || `VSDK${randomUUID().replace(/-/g, '').slice(0, 24)}` };
    live.add(c);
    ws.on('message', (data, isBinary) => {
      if (!isBinary) onMessage(c, String(data));
    });
    ws.on('close', (code) => {
      info.closedAt = Date.now();
      info.closeCode = code;
      live.delete(c);
    });
  }

  const http = await startHttp({
    mounts: opts.mounts ?? {},
    ws: { '/farend': (ws) => hub.accept(ws), '*': onConnection },
  });

  const control: TelnyxControl = {
    reset: () => void Object.assign(sw, wellBehaved()),
    refuseLogin: (on, error) => void (sw.refuseLogin = on ? (error ?? { code: -32001, message: 'Authentication Required' }) : undefined),
    withhold: (method) => void (sw.withhold = new Set(method === null ? [] : Array.isArray(method) ? method : [method])),
    delayReply: (method, ms) => void (ms === null ? sw.delays.delete(method) : sw.delays.set(method, ms)),
    silencePings: (on) => void (sw.silencePings = on),
    dropSockets: (o) => {
      for (const c of [...live]) {
        if (o?.code) c.ws.close(o.code, o.reason ?? '');
        else c.ws.terminate();
      }
    },
    dropOn: (method, when = 'before-reply') => void (sw.dropOn = method === null ? null : { method, when }),
    refuseConnections: (on) => void (sw.refuseConnections = on),
    attachOnReconnect: (on) => void (sw.attachOnReconnect = on),
    serverPing: () => {
      for (const c of loggedIn()) request(c, 'telnyx_rtc.ping', { serno: Date.now() });
    },
    punt: () => {
      for (const c of loggedIn()) request(c, 'telnyx_rtc.punt', {});
    },
    hangup: (callId, cause = NORMAL_CLEARING) => {
      const call = calls.get(callId);
      if (!call) throw new Error(`no call ${callId}`);
      const c = connOf(call.sessid);
      if (c) request(c, 'telnyx_rtc.bye', { callID: callId, cause: cause.cause, causeCode: cause.causeCode, sipCode: 200, sipReason: 'OK' });
      endCall(call, 'server', cause.cause);
    },
    answerCall: async (callId) => {
      const call = calls.get(callId);
      if (!call) throw new Error(`no call ${callId}`);
      await answerOutbound(call);
    },
    inviteClient: async (o = {}) => {
      const c = loggedIn().at(-1);
      if (!c) throw new Error('no logged-in page to call');
      const callId = randomUUID();
      const sdp = await hub.offer(callId, { video: !!o.video, ...(opts.iceServers ? { iceServers: opts.iceServers } : {}) }, farEndMs);
      const call: TelnyxCall = { callId, sessid: c.sessid!, direction: 'inbound', state: 'ringing', offer: sdp };
      calls.set(callId, call);
      request(c, 'telnyx_rtc.invite', {
        callID: callId,
        sdp,
        caller_id_name: o.callerName ?? 'Far End',
        caller_id_number: o.callerNumber ?? '+15550000000',
        callee_id_name: '',
        callee_id_number: '',
        display_direction: 'inbound',
      });
      return callId;
    },
    send: (msg) => {
      for (const c of loggedIn()) sendRaw(c, msg);
    },
  };

  return {
    url: `${http.wsUrl}/`,
    port: http.port,
    httpUrl: http.url,
    farEndUrl: `${http.wsUrl}/farend`,
    hub,
    frames,
    connections,
    calls,
    control,
    waitForFrame: (pred, timeoutMs = 15000) => {
      const seen = frames.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          frameWaiters.delete(w);
          reject(new Error(`no matching Telnyx frame in ${timeoutMs} ms (saw ${frames.length}: ${frames.slice(-5).map((f) => `${f.dir} ${f.method ?? f.kind ?? '?'}`).join(', ')})`));
        }, timeoutMs);
        const w = (f: TelnyxFrame) => {
          if (!pred(f)) return;
          clearTimeout(timer);
          frameWaiters.delete(w);
          resolve(f);
        };
        frameWaiters.add(w);
      });
    },
    close: async () => {
      if (!opts.farEnd) hub.close();
      await http.close();
    },
  };
}
