/**
 * The fake SignalWire relay, driven by a bare JSON-RPC client: the shapes the real SDKs check,
 * the frame log, and the misbehaviour switches scenario tests rely on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startSignalWireServer, type FarEnd, type SignalWireServer } from '../../../support/servers/signalwire.js';
import { makeTestJwt } from '../../../support/servers/signalwire-jwt.js';

type Msg = { jsonrpc?: string; id?: unknown; method?: string; params?: any; result?: any; error?: any };

/** A minimal client: keeps every message, acks server requests like the SDKs do. */
class Client {
  readonly inbox: Msg[] = [];
  readonly raw: string[] = [];
  private waiters: Array<{ pred: (m: Msg) => boolean; resolve: (m: Msg) => void }> = [];
  private constructor(readonly ws: WebSocket, ack: boolean) {
    ws.on('message', (d) => {
      this.raw.push(String(d));
      let m: Msg;
      try {
        m = JSON.parse(String(d)) as Msg;
      } catch {
        m = {};
      }
      this.inbox.push(m);
      if (ack && m.method && m.id !== undefined) ws.send(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: {} }));
      for (const w of [...this.waiters]) if (w.pred(m)) (this.waiters.splice(this.waiters.indexOf(w), 1), w.resolve(m));
    });
  }
  static open(url: string, ack = true): Promise<Client> {
    const ws = new WebSocket(url);
    return new Promise((res, rej) => {
      ws.once('open', () => res(new Client(ws, ack)));
      ws.once('error', rej);
    });
  }
  next(pred: (m: Msg) => boolean, timeoutMs = 5000): Promise<Msg> {
    const found = this.inbox.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('timeout waiting for a message')), timeoutMs);
      this.waiters.push({ pred, resolve: (m) => (clearTimeout(t), resolve(m)) });
    });
  }
  request(method: string, params: unknown, id: unknown = Math.random().toString(36).slice(2)): Promise<Msg> {
    this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    return this.next((m) => m.id === id && !m.method);
  }
  closed(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((r) => this.ws.once('close', () => r()));
  }
}

function connectParams(token: string, major = 3, extra: object = {}) {
  return { version: { major, minor: 0, revision: 0 }, event_acks: true, agent: 'unit-test', authentication: { jwt_token: token }, ...extra };
}

function invite(callId: string, sdp = 'v=0 offer') {
  return {
    callID: callId,
    node_id: '',
    message: { jsonrpc: '2.0', id: `v-${callId}`, method: 'verto.invite', params: { dialogParams: { callID: callId, destination_number: '/public/room' }, sdp } },
  };
}

function bye(callId: string) {
  return { callID: callId, node_id: 'fake-node-1@puc', message: { jsonrpc: '2.0', id: `b-${callId}`, method: 'verto.bye', params: { dialogParams: { callID: callId } } } };
}

class StubFarEnd implements FarEnd {
  offers: string[] = [];
  hungUp: string[] = [];
  applied: Array<[string, string]> = [];
  async offer(): Promise<string> {
    return 'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=candidate:1 1 udp 2122194687 192.0.2.2 5000 typ host\r\na=mid:0\r\n';
  }
  applyAnswer(callId: string, sdp: string): void {
    this.applied.push([callId, sdp]);
  }
  async answer(_callId: string, offer: string): Promise<string> {
    this.offers.push(offer);
    return 'v=0 answer-from-far-end';
  }
  hangup(callId: string): void {
    this.hungUp.push(callId);
  }
}

let server: SignalWireServer | undefined;
const clients: Client[] = [];
async function client(url: string, ack = true): Promise<Client> {
  const c = await Client.open(url, ack);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await server?.close();
  server = undefined;
});

describe('fake SignalWire relay: connect', () => {
  it('answers a 3.x Video token with a video authorization, the ICE servers it was given, and an authorization.state event', async () => {
    const ice = [{ urls: ['turn:127.0.0.1:3478?transport=udp'], username: 'u', credential: 'p' }];
    server = await startSignalWireServer({ iceServers: ice, pingIntervalMs: null });
    const c = await client(server.url);
    const res = await c.request('signalwire.connect', connectParams(makeTestJwt({ typ: 'VRT', jti: 'tok-1' })));
    expect(res.result.identity).toMatch(/@/);
    expect(res.result.protocol).toMatch(/^signalwire_tok-1_/);
    expect(res.result.ice_servers).toEqual(ice);
    expect(res.result.authorization.jti).toBeUndefined();
    expect(res.result.authorization).toMatchObject({ type: 'video', signature: 'tok-1', audio_allowed: 'both' });
    const ev = await c.next((m) => m.method === 'signalwire.event');
    expect(ev.params.event_type).toBe('signalwire.authorization.state');
    expect(typeof ev.params.params.authorization_state).toBe('string');
  });

  it('answers the 4.0 beta (version 4) with the fields it validates: jti, project_id, fabric_subscriber', async () => {
    server = await startSignalWireServer({ pingIntervalMs: null });
    const c = await client(server.url);
    const res = await c.request('signalwire.connect', connectParams(makeTestJwt({ jti: 'sat-9' }), 4, { contexts: [], topics: [], eventing: [] }));
    const a = res.result.authorization;
    expect(typeof a.jti).toBe('string');
    expect(typeof a.project_id).toBe('string');
    expect(typeof a.fabric_subscriber).toBe('object');
    expect(res.result.protocol.split('_')[1]).toBe(a.jti);
  });

  it('fails connect with a JSON-RPC auth error as many times as asked, then accepts', async () => {
    server = await startSignalWireServer({ pingIntervalMs: null });
    server.control.failConnect({ times: 1 });
    const c = await client(server.url);
    const first = await c.request('signalwire.connect', connectParams(makeTestJwt({})));
    expect(first.error.code).toBe(-32002);
    expect(first.result).toBeUndefined();
    const second = await c.request('signalwire.connect', connectParams(makeTestJwt({})));
    expect(second.result.protocol).toMatch(/^signalwire_/);
  });

  it('refuses other requests before connect', async () => {
    server = await startSignalWireServer({ pingIntervalMs: null });
    const c = await client(server.url);
    const res = await c.request('subscriber.online', {});
    expect(res.error.code).toBe(-32002);
  });
});

describe('fake SignalWire relay: calls', () => {
  it('creates the call with a memberID, pushes the far end answer and call.joined, and ends it on verto.bye', async () => {
    const far = new StubFarEnd();
    server = await startSignalWireServer({ farEnd: far, pingIntervalMs: null });
    const c = await client(server.url);
    await c.request('signalwire.connect', connectParams(makeTestJwt({ typ: 'SAT' })));
    const res = await c.request('webrtc.verto', invite('call-1', 'v=0 my-offer'));
    expect(res.result.code).toBe('200');
    expect(res.result.node_id).toBeTruthy();
    expect(res.result.result.id).toBe('v-call-1');
    expect(res.result.result.result).toMatchObject({ message: 'CALL CREATED', callID: 'call-1' });
    expect(res.result.result.result.memberID).toBeTruthy();
    expect(far.offers).toEqual(['v=0 my-offer']);

    const answer = await c.next((m) => m.params?.event_type === 'webrtc.message');
    expect(answer.params.params).toMatchObject({ method: 'verto.answer', params: { callID: 'call-1', sdp: 'v=0 answer-from-far-end' } });
    const joined = await c.next((m) => m.params?.event_type === 'call.joined');
    expect(joined.params.params).toMatchObject({ call_id: 'call-1', member_id: res.result.result.result.memberID });
    expect(joined.params.params.room_session.members).toHaveLength(1);

    const ended = await c.request('webrtc.verto', bye('call-1'));
    expect(ended.result.result.result.message).toBe('CALL ENDED');
    await c.next((m) => m.params?.event_type === 'call.left');
    expect(far.hungUp).toEqual(['call-1']);
    expect(server.calls.get('call-1')?.state).toBe('ended');
  });

  it('answers a 3.x Video invite (video.message) with video.room.subscribed instead of call.joined', async () => {
    server = await startSignalWireServer({ farEnd: new StubFarEnd(), pingIntervalMs: null });
    const c = await client(server.url);
    await c.request('signalwire.connect', connectParams(makeTestJwt({ typ: 'VRT' })));
    await c.request('video.message', invite('call-v'));
    const sub = await c.next((m) => m.params?.event_type === 'video.room.subscribed');
    expect(sub.params.params).toMatchObject({ call_id: 'call-v' });
    expect(sub.params.params.room_session.id).toBeTruthy();
    expect(c.inbox.some((m) => m.params?.event_type === 'call.joined')).toBe(false);
  });

  it('labels the frame log: direction from the client side, responses carry the method and verto method they answer', async () => {
    server = await startSignalWireServer({ farEnd: new StubFarEnd(), pingIntervalMs: null });
    const c = await client(server.url);
    await c.request('signalwire.connect', connectParams(makeTestJwt({ typ: 'SAT' })));
    await c.request('webrtc.verto', invite('call-2'));
    await c.next((m) => m.params?.event_type === 'call.joined');
    const ack = await server.waitForFrame((f) => f.kind === 'response' && f.dir === 'sent' && f.verto === 'verto.answer');
    expect(ack.method).toBe('signalwire.event');
    const rows = server.frames.map((f) => `${f.dir} ${f.kind} ${f.method}${f.verto ? ' ' + f.verto : ''}`);
    expect(rows.slice(0, 6)).toEqual([
      'sent request signalwire.connect',
      'received response signalwire.connect',
      'received request signalwire.event',
      'sent response signalwire.event',
      'sent request webrtc.verto verto.invite',
      'received response webrtc.verto verto.invite',
    ]);
    expect(server.frames.map((f) => f.seq)).toEqual(server.frames.map((_, i) => i + 1));
  });

  it('server-side hangup pushes verto.bye to the caller and tells the far end', async () => {
    const far = new StubFarEnd();
    server = await startSignalWireServer({ farEnd: far, pingIntervalMs: null });
    const c = await client(server.url);
    await c.request('signalwire.connect', connectParams(makeTestJwt({ typ: 'SAT' })));
    await c.request('webrtc.verto', invite('call-3'));
    await c.next((m) => m.params?.event_type === 'call.joined');
    await server.control.hangup('call-3');
    const byeMsg = await c.next((m) => m.params?.params?.method === 'verto.bye');
    expect(byeMsg.params.params.params.callID).toBe('call-3');
    expect(far.hungUp).toEqual(['call-3']);
  });
});

describe('fake SignalWire relay: inbound calls', () => {
  it('rings the client with the far end offer (candidates left out), hands the verto.answer back and joins the call', async () => {
    const far = new StubFarEnd();
    server = await startSignalWireServer({ farEnd: far, pingIntervalMs: null });
    const c = await client(server.url);
    await c.request('signalwire.connect', connectParams(makeTestJwt({ typ: 'SAT' })));
    const callId = await server.control.inboundCall({ callerName: 'Alice' });
    const inv = await c.next((m) => m.params?.params?.method === 'verto.invite');
    expect(inv.params.node_id).toBeTruthy();
    expect(inv.params.params.params).toMatchObject({ callID: callId, caller_id_name: 'Alice', display_direction: 'inbound' });
    expect(inv.params.params.params.sdp).toContain('m=audio');
    expect(inv.params.params.params.sdp).not.toContain('a=candidate');
    expect(server.calls.get(callId)).toMatchObject({ direction: 'inbound', state: 'ringing' });

    const answer = {
      callID: callId,
      node_id: 'fake-node-1@puc',
      message: { jsonrpc: '2.0', id: 'a-1', method: 'verto.answer', params: { dialogParams: { callID: callId }, sdp: 'v=0 sdk-answer' } },
    };
    const res = await c.request('webrtc.verto', answer);
    expect(res.result.result.result.callID).toBe(callId);
    expect(far.applied).toEqual([[callId, 'v=0 sdk-answer']]);
    await c.next((m) => m.params?.event_type === 'call.joined' && m.params.params.call_id === callId);
    expect(server.calls.get(callId)?.state).toBe('answered');
  });

  it('refuses to ring when no client is connected', async () => {
    server = await startSignalWireServer({ farEnd: new StubFarEnd(), pingIntervalMs: null });
    await expect(server.control.inboundCall()).rejects.toThrow(/no connected client/);
  });
});

describe('fake SignalWire relay: misbehaviour switches', () => {
  it('withholds the reply to a chosen verto method while answering everything else, until released', async () => {
    server = await startSignalWireServer({ farEnd: new StubFarEnd(), pingIntervalMs: null });
    server.control.withhold('verto.invite');
    const c = await client(server.url);
    await c.request('signalwire.connect', connectParams(makeTestJwt({ typ: 'SAT' })));
    c.ws.send(JSON.stringify({ jsonrpc: '2.0', id: 'held', method: 'webrtc.verto', params: invite('call-held') }));
    // The server handles frames in order: once this later request is answered, the invite was seen and skipped.
    await c.request('subscriber.online', {});
    expect(c.inbox.some((m) => m.id === 'held')).toBe(false);
    expect(server.calls.has('call-held')).toBe(false);
    server.control.release('verto.invite');
    const res = await c.request('webrtc.verto', invite('call-ok'));
    expect(res.result.result.result.message).toBe('CALL CREATED');
  });

  it('sends signalwire.ping at the configured interval, which can be changed live', async () => {
    server = await startSignalWireServer({ pingIntervalMs: 40 });
    const c = await client(server.url);
    await c.request('signalwire.connect', connectParams(makeTestJwt({})));
    const started = Date.now();
    await c.next(() => c.inbox.filter((m) => m.method === 'signalwire.ping').length >= 3, 3000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    // The client echoes pings (ack=true): the log pairs them.
    await server.waitForFrame((f) => f.dir === 'sent' && f.kind === 'response' && f.method === 'signalwire.ping');
    server.control.stopPinging();
    const count = c.inbox.filter((m) => m.method === 'signalwire.ping').length;
    server.control.setPingInterval(40);
    await c.next(() => c.inbox.filter((m) => m.method === 'signalwire.ping').length > count, 3000);
  });

  it('drops sockets mid-call and resumes the session when the client reconnects with its protocol', async () => {
    const far = new StubFarEnd();
    server = await startSignalWireServer({ farEnd: far, pingIntervalMs: null });
    const c1 = await client(server.url);
    const first = await c1.request('signalwire.connect', connectParams(makeTestJwt({ typ: 'SAT' })));
    await c1.request('webrtc.verto', invite('call-r'));
    await c1.next((m) => m.params?.event_type === 'call.joined');

    server.control.dropConnections();
    await c1.closed();
    expect(server.control.openConnections()).toEqual([]);

    const c2 = await client(server.url);
    const again = await c2.request(
      'signalwire.connect',
      connectParams(makeTestJwt({ typ: 'SAT' }), 3, { protocol: first.result.protocol, authorization_state: 'opaque' }),
    );
    expect(again.result.protocol).toBe(first.result.protocol);
    expect(again.result.identity).toBe(first.result.identity);
    expect(server.control.resumedConnects()).toBe(1);
    // The call moved to the new socket: a server hangup reaches it there.
    await server.control.hangup('call-r');
    await c2.next((m) => m.params?.params?.method === 'verto.bye');
    expect(server.frames.filter((f) => f.conn === 2 && f.verto === 'verto.bye')).toHaveLength(1);
  });

  it('a connect with an unknown protocol starts a new session', async () => {
    server = await startSignalWireServer({ pingIntervalMs: null });
    const c = await client(server.url);
    const res = await c.request('signalwire.connect', connectParams(makeTestJwt({}), 3, { protocol: 'signalwire_x_y' }));
    expect(res.result.protocol).not.toBe('signalwire_x_y');
    expect(server.control.resumedConnects()).toBe(0);
  });

  it('logs malformed and raw frames instead of failing', async () => {
    server = await startSignalWireServer({ pingIntervalMs: null });
    const c = await client(server.url);
    c.ws.send('{not json');
    await c.request('signalwire.connect', connectParams(makeTestJwt({})));
    const bad = server.frames.find((f) => f.text === '{not json');
    expect(bad).toMatchObject({ dir: 'sent', kind: 'other', msg: null });
    server.control.sendRaw('garbage from server');
    await c.next(() => c.raw.includes('garbage from server'));
    expect(server.frames.at(-1)).toMatchObject({ dir: 'received', text: 'garbage from server', kind: 'other' });
  });
});
