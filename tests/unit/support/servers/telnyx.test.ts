/**
 * The fake Telnyx server at the protocol level, with a scripted client and a scripted far end
 * (no browser): what the real SDK relies on, and every misbehaviour switch.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTelnyxServer, type TelnyxServer, type TelnyxServerOptions } from '../../../support/servers/telnyx.js';

type Msg = { jsonrpc?: string; id?: string; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: { code: number; message: string }; voice_sdk_id?: string };

/** A JSON socket with an inbox, so tests wait on conditions rather than sleeping. */
class Sock {
  inbox: Msg[] = [];
  closed: Promise<number>;
  private waiters = new Set<() => void>();
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      this.inbox.push(JSON.parse(String(d)) as Msg);
      for (const w of [...this.waiters]) w();
    });
    this.closed = new Promise((r) => ws.once('close', (code) => r(code)));
  }
  static open(url: string): Promise<Sock> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const s = new Sock(ws);
      ws.once('open', () => resolve(s));
      ws.once('error', reject);
    });
  }
  send(m: object): void {
    this.ws.send(JSON.stringify(m));
  }
  next(pred: (m: Msg) => boolean, timeoutMs = 3000): Promise<Msg> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const i = this.inbox.findIndex(pred);
        if (i < 0) return;
        const [m] = this.inbox.splice(i, 1);
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(m!);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timeout; inbox: ${this.inbox.map((m) => m.method ?? JSON.stringify(m.result ?? m.error)).join(' | ')}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
  async rpc(method: string, params: Record<string, unknown> = {}, timeoutMs = 3000): Promise<Msg> {
    const id = randomUUID();
    this.send({ jsonrpc: '2.0', id, method, params });
    return this.next((m) => m.id === id && !m.method, timeoutMs);
  }
  method(name: string, timeoutMs = 3000): Promise<Msg> {
    return this.next((m) => m.method === name, timeoutMs);
  }
  ack(m: Msg): void {
    this.send({ jsonrpc: '2.0', id: m.id, result: { method: m.method } });
  }
  close(): void {
    this.ws.close();
  }
}

/** Scripted far end: answers offers and makes offers with recognisable fake SDP. */
async function fakeFarEnd(url: string): Promise<Sock> {
  const fe = await Sock.open(url);
  fe.ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as { type: string; callId: string };
    if (m.type === 'offer') fe.send({ type: 'answer', callId: m.callId, sdp: `v=0 answer-for-${m.callId}` });
    if (m.type === 'make-offer') fe.send({ type: 'local-offer', callId: m.callId, sdp: `v=0 offer-for-${m.callId}` });
  });
  return fe;
}

let srv: TelnyxServer | undefined;
const socks: Sock[] = [];
afterEach(async () => {
  for (const s of socks.splice(0)) s.ws.terminate();
  await srv?.close();
  srv = undefined;
});

async function setup(opts: TelnyxServerOptions = {}): Promise<TelnyxServer> {
  srv = await startTelnyxServer({ ringMs: 0, farEndTimeoutMs: 2000, ...opts });
  return srv;
}
async function client(s: TelnyxServer, query = ''): Promise<Sock> {
  const c = await Sock.open(s.url + query);
  socks.push(c);
  return c;
}
async function login(c: Sock, params: Record<string, unknown> = { login: 'u', passwd: 'p' }): Promise<Msg> {
  const r = await c.rpc('login', { reconnection: false, ...params });
  return r;
}
async function placeCall(s: TelnyxServer, c: Sock, sessid: string): Promise<string> {
  const callID = randomUUID();
  const r = await c.rpc('telnyx_rtc.invite', { sessid, sdp: 'v=0 offer', dialogParams: { callID, destination_number: '1000' } });
  expect(r.result).toMatchObject({ callID, message: 'CALL CREATED', sessid });
  c.ack(await c.method('telnyx_rtc.ringing'));
  const answer = await c.method('telnyx_rtc.answer');
  expect(answer.params).toMatchObject({ callID, sdp: `v=0 answer-for-${callID}` });
  c.ack(answer);
  return callID;
}

describe('login', () => {
  it('logs in with login/passwd: result{message,sessid} with voice_sdk_id, then clientReady; gatewayState is REGED', async () => {
    const s = await setup({ users: { alice: 'pw' } });
    const c = await client(s);
    const r = await login(c, { login: 'alice', passwd: 'pw' });
    expect(r.result).toMatchObject({ message: 'logged in' });
    expect(typeof r.result!.sessid).toBe('string');
    expect(r.voice_sdk_id).toMatch(/^VSDK/);
    const ready = await c.method('telnyx_rtc.clientReady');
    expect(ready.params).toEqual({ reattached_sessions: [] });
    const gw = await c.rpc('telnyx_rtc.gatewayState');
    expect(gw.result).toMatchObject({ params: { state: 'REGED' } });
  });

  it('refuses a wrong password and an unknown token with an error reply', async () => {
    const s = await setup({ users: { alice: 'pw' }, tokens: ['good'] });
    const c = await client(s);
    expect((await login(c, { login: 'alice', passwd: 'nope' })).error).toMatchObject({ code: -32001 });
    expect((await login(c, { login_token: 'bad' })).error).toMatchObject({ code: -32001 });
    expect((await login(c, { login_token: 'good' })).result).toMatchObject({ message: 'logged in' });
  });

  it('accepts anonymous_login with a target', async () => {
    const s = await setup();
    const c = await client(s);
    expect((await c.rpc('anonymous_login', { target_type: 'ai_assistant', target_id: 'a1' })).result).toMatchObject({ message: 'logged in' });
    expect((await c.rpc('anonymous_login', { target_type: 'ai_assistant' })).error).toBeDefined();
  });

  it('refuseLogin switch answers every login with the given error', async () => {
    const s = await setup();
    s.control.refuseLogin(true, { code: -32099, message: 'nope' });
    const c = await client(s);
    expect((await login(c)).error).toEqual({ code: -32099, message: 'nope' });
    s.control.refuseLogin(false);
    expect((await login(c)).result).toBeDefined();
  });

  it('rejects call methods before login', async () => {
    const s = await setup();
    const c = await client(s);
    expect((await c.rpc('telnyx_rtc.invite', { sdp: 'v=0' })).error).toMatchObject({ message: 'Authentication Required' });
  });
});

describe('calls', () => {
  it('invite -> CALL CREATED, ringing, answer with the far end SDP; bye ends it at both ends', async () => {
    const s = await setup();
    const fe = await fakeFarEnd(s.farEndUrl);
    socks.push(fe);
    const c = await client(s);
    const sessid = (await login(c)).result!.sessid as string;
    const callID = await placeCall(s, c, sessid);
    expect(s.calls.get(callID)).toMatchObject({ state: 'active', destination: '1000', offer: 'v=0 offer' });
    // The SDK puts callID only inside dialogParams on bye.
    const bye = await c.rpc('telnyx_rtc.bye', { sessid, cause: 'NORMAL_CLEARING', causeCode: 16, dialogParams: { callID } });
    expect(bye.result).toMatchObject({ callID, message: 'CALL ENDED', cause: 'NORMAL_CLEARING', causeCode: 16 });
    expect(s.calls.get(callID)).toMatchObject({ state: 'ended', endedBy: 'client' });
    await fe.next((m) => (m as { type?: string }).type === 'hangup');
  });

  it('logs every frame in order with direction, method and reply kind', async () => {
    const s = await setup();
    const c = await client(s);
    await login(c);
    await c.rpc('telnyx_rtc.gatewayState');
    const seq = s.frames.map((f) => `${f.dir} ${f.method ?? f.kind}`);
    expect(seq).toEqual(['in login', 'out result', 'out telnyx_rtc.clientReady', 'in telnyx_rtc.gatewayState', 'out result']);
    expect(s.frames.every((f) => f.conn === 1)).toBe(true);
  });

  it('fails the call with bye NO_ROUTE_DESTINATION when no far end answers', async () => {
    const s = await setup({ farEndTimeoutMs: 200 });
    const c = await client(s);
    const sessid = (await login(c)).result!.sessid as string;
    const callID = randomUUID();
    await c.rpc('telnyx_rtc.invite', { sessid, sdp: 'v=0', dialogParams: { callID } });
    const bye = await c.method('telnyx_rtc.bye');
    expect(bye.params).toMatchObject({ callID, cause: 'NO_ROUTE_DESTINATION', causeCode: 3 });
  });

  it('holds and unholds through modify', async () => {
    const s = await setup();
    socks.push(await fakeFarEnd(s.farEndUrl));
    const c = await client(s);
    const sessid = (await login(c)).result!.sessid as string;
    const callID = await placeCall(s, c, sessid);
    expect((await c.rpc('telnyx_rtc.modify', { sessid, action: 'hold', callID })).result).toMatchObject({ holdState: 'held' });
    expect(s.calls.get(callID)!.state).toBe('held');
    expect((await c.rpc('telnyx_rtc.modify', { sessid, action: 'toggleHold', callID })).result).toMatchObject({ holdState: 'active' });
    const upd = await c.rpc('telnyx_rtc.modify', { sessid, action: 'updateMedia', callID, sdp: 'v=0 restart' });
    expect(upd.result).toMatchObject({ action: 'updateMedia', sdp: `v=0 answer-for-${callID}` });
  });

  it('server hangup sends bye with the cause', async () => {
    const s = await setup();
    socks.push(await fakeFarEnd(s.farEndUrl));
    const c = await client(s);
    const sessid = (await login(c)).result!.sessid as string;
    const callID = await placeCall(s, c, sessid);
    s.control.hangup(callID, { cause: 'USER_BUSY', causeCode: 17 });
    expect((await c.method('telnyx_rtc.bye')).params).toMatchObject({ callID, cause: 'USER_BUSY', causeCode: 17 });
    expect(s.calls.get(callID)).toMatchObject({ state: 'ended', endedBy: 'server' });
  });

  it('places an inbound call with the far end offer and relays the page answer back', async () => {
    const s = await setup();
    const fe = await fakeFarEnd(s.farEndUrl);
    socks.push(fe);
    const c = await client(s);
    await login(c);
    const callID = await s.control.inviteClient({ callerNumber: '+1555' });
    const inv = await c.method('telnyx_rtc.invite');
    expect(inv.params).toMatchObject({ callID, sdp: `v=0 offer-for-${callID}`, caller_id_number: '+1555' });
    c.ack(inv);
    await c.rpc('telnyx_rtc.answer', { sdp: 'v=0 page-answer', dialogParams: { callID } });
    const applied = await fe.next((m) => (m as { type?: string }).type === 'remote-answer');
    expect(applied).toMatchObject({ callId: callID, sdp: 'v=0 page-answer' });
  });

  it('acknowledges candidates, endOfCandidates and debug_report frames', async () => {
    const s = await setup();
    const c = await client(s);
    await login(c);
    expect((await c.rpc('telnyx_rtc.candidate', { callID: 'x', candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host' })).result).toBeDefined();
    expect((await c.rpc('telnyx_rtc.endOfCandidates', { callID: 'x' })).result).toBeDefined();
    const id = randomUUID();
    c.send({ jsonrpc: '2.0', id, type: 'debug_report_start', debug_report_id: 'd1', call_id: 'x' });
    expect((await c.next((m) => m.id === id)).result).toMatchObject({ type: 'debug_report_start' });
    expect(s.frames.some((f) => f.kind === 'debug_report_start' && f.dir === 'in')).toBe(true);
    expect((await c.rpc('telnyx_rtc.nonsense')).error).toMatchObject({ code: -32601 });
  });
});

describe('misbehaviour switches', () => {
  it('withhold leaves one method unanswered but logged', async () => {
    const s = await setup();
    const c = await client(s);
    await login(c);
    s.control.withhold('telnyx_rtc.gatewayState');
    await expect(c.rpc('telnyx_rtc.gatewayState', {}, 300)).rejects.toThrow(/timeout/);
    expect(s.frames.filter((f) => f.method === 'telnyx_rtc.gatewayState')).toHaveLength(1);
    s.control.withhold(null);
    expect((await c.rpc('telnyx_rtc.gatewayState')).result).toBeDefined();
  });

  it('withhold takes several methods, debug frames by type', async () => {
    const s = await setup();
    const c = await client(s);
    await login(c);
    s.control.withhold(['telnyx_rtc.gatewayState', 'debug_report_start']);
    c.send({ jsonrpc: '2.0', id: 'd', type: 'debug_report_start', debug_report_id: 'r', call_id: 'x' });
    await expect(c.rpc('telnyx_rtc.gatewayState', {}, 300)).rejects.toThrow(/timeout/);
    expect(c.inbox.some((m) => m.id === 'd')).toBe(false);
    expect((await c.rpc('telnyx_rtc.ping')).result).toBeDefined();
  });

  it('delayReply answers one method late, others on time', async () => {
    const s = await setup();
    const c = await client(s);
    await login(c);
    s.control.delayReply('telnyx_rtc.gatewayState', 250);
    const t0 = Date.now();
    await c.rpc('telnyx_rtc.gatewayState');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
    const t1 = Date.now();
    await c.rpc('telnyx_rtc.ping');
    expect(Date.now() - t1).toBeLessThan(200);
    s.control.delayReply('telnyx_rtc.gatewayState', null);
  });

  it('dropOn after-reply lets the reply out, then drops', async () => {
    const s = await setup();
    const c = await client(s);
    await login(c);
    s.control.dropOn('telnyx_rtc.gatewayState', 'after-reply');
    const r = await c.rpc('telnyx_rtc.gatewayState');
    expect(r.result).toMatchObject({ params: { state: 'REGED' } });
    expect(await c.closed).toBe(1006);
  });

  it('answers pings until silenced', async () => {
    const s = await setup();
    const c = await client(s);
    await login(c);
    expect((await c.rpc('telnyx_rtc.ping')).result).toBeDefined();
    s.control.silencePings(true);
    await expect(c.rpc('telnyx_rtc.ping', {}, 300)).rejects.toThrow(/timeout/);
  });

  it('dropSockets closes abruptly (1006) or with a code; dropOn drops at a chosen method', async () => {
    const s = await setup();
    const a = await client(s);
    s.control.dropSockets();
    expect(await a.closed).toBe(1006);
    const b = await client(s);
    s.control.dropSockets({ code: 4000, reason: 'bye' });
    expect(await b.closed).toBe(4000);
    const c = await client(s);
    await login(c);
    s.control.dropOn('telnyx_rtc.gatewayState');
    c.send({ jsonrpc: '2.0', id: 'g', method: 'telnyx_rtc.gatewayState', params: {} });
    expect(await c.closed).toBe(1006);
    expect(s.connections.map((x) => x.closeCode)).toEqual([1006, 4000, 1006]);
  });

  it('refuseConnections makes reconnects fail until lifted', async () => {
    const s = await setup();
    s.control.refuseConnections(true);
    const c = await client(s);
    await c.closed;
    expect(s.connections).toHaveLength(0);
    s.control.refuseConnections(false);
    await client(s);
    expect(s.connections).toHaveLength(1);
  });

  it('reconnect with reconnection:true + sessid resumes the session and re-attaches the live call', async () => {
    const s = await setup();
    socks.push(await fakeFarEnd(s.farEndUrl));
    const c1 = await client(s);
    const first = await login(c1);
    const sessid = first.result!.sessid as string;
    const callID = await placeCall(s, c1, sessid);
    s.control.dropSockets();
    await c1.closed;
    const c2 = await client(s, `?voice_sdk_id=${first.voice_sdk_id}`);
    const again = await login(c2, { login: 'u', passwd: 'p', reconnection: true, sessid });
    expect(again.result).toMatchObject({ sessid });
    expect(again.voice_sdk_id).toBe(first.voice_sdk_id);
    expect((await c2.method('telnyx_rtc.clientReady')).params).toEqual({ reattached_sessions: [callID] });
    const att = await c2.method('telnyx_rtc.attach');
    expect(att.params).toMatchObject({ callID, sdp: `v=0 offer-for-${callID}` });
    expect(s.connections[1]!.url).toContain('voice_sdk_id=');
  });

  it('a login with an unknown sessid starts a new session and reattaches nothing', async () => {
    const s = await setup();
    const c = await client(s);
    const r = await login(c, { login: 'u', passwd: 'p', reconnection: true, sessid: 'stale' });
    expect(r.result!.sessid).not.toBe('stale');
    expect((await c.method('telnyx_rtc.clientReady')).params).toEqual({ reattached_sessions: [] });
  });

  it('serverPing sends telnyx_rtc.ping to logged-in sockets only', async () => {
    const s = await setup();
    const anon = await client(s);
    const c = await client(s);
    await login(c);
    s.control.serverPing();
    expect((await c.method('telnyx_rtc.ping')).params).toHaveProperty('serno');
    expect(s.frames.filter((f) => f.dir === 'out' && f.method === 'telnyx_rtc.ping').map((f) => f.conn)).toEqual([2]);
    expect(anon.inbox).toHaveLength(0);
  });

  it('punt goes to every logged-in socket', async () => {
    const s = await setup();
    const c = await client(s);
    await login(c);
    s.control.punt();
    expect((await c.method('telnyx_rtc.punt')).params).toEqual({});
  });
});
