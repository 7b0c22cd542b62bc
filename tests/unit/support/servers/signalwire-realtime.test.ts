/**
 * The real @signalwire/realtime-api (Node) against the fake relay: connect with project/token,
 * voice.listen topics, an inbound call event, voice.dialPhone and messaging.send. This is the
 * traffic the Node recorder captures, so it must be the real SDK's, not a hand-written client.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SignalWire } from '@signalwire/realtime-api';
import { startSignalWireServer, type SignalWireServer } from '../../../support/servers/signalwire.js';

let server: SignalWireServer | undefined;
let disconnect: (() => Promise<void>) | undefined;

afterEach(async () => {
  await disconnect?.().catch(() => undefined);
  disconnect = undefined;
  await server?.close();
  server = undefined;
});

async function connectClient(s: SignalWireServer) {
  const client = await SignalWire({ project: 'project-rt', token: 'PT-secret-token', host: s.url });
  disconnect = () => client.disconnect();
  return client;
}

describe('@signalwire/realtime-api against the fake relay', () => {
  it('connects with project and token and gets a RELAY authorization', async () => {
    server = await startSignalWireServer({ pingIntervalMs: null });
    await connectClient(server);
    const connect = await server.waitForFrame((f) => f.dir === 'sent' && f.method === 'signalwire.connect');
    const params = connect.msg?.params as { authentication?: { project?: string; token?: string }; agent?: string };
    expect(params.authentication).toEqual({ project: 'project-rt', token: 'PT-secret-token' });
    expect(params.agent).toMatch(/realtime-api/);
    const reply = await server.waitForFrame((f) => f.dir === 'received' && f.kind === 'response' && f.method === 'signalwire.connect');
    expect((reply.msg?.result as { authorization?: { project?: string } }).authorization?.project).toBe('project-rt');
  });

  it('voice.listen subscribes its topics with signalwire.receive and delivers an inbound calling.call.receive', async () => {
    server = await startSignalWireServer({ pingIntervalMs: null });
    const client = await connectClient(server);
    const received: Array<{ id: string; from: string; to: string; context: string }> = [];
    await client.voice.listen({
      topics: ['office'],
      onCallReceived: (call) => {
        received.push({ id: String(call.id), from: String(call.from), to: String(call.to), context: String(call.context) });
      },
    });
    const receive = await server.waitForFrame((f) => f.dir === 'sent' && f.method === 'signalwire.receive');
    expect((receive.msg?.params as { contexts?: string[] }).contexts).toEqual(['office']);

    const callId = server.control.pushInboundCall('office', '+15551110000', '+15552220000');
    await expect.poll(() => received.length, { timeout: 5000 }).toBe(1);
    expect(received[0]).toEqual({ id: callId, from: '+15551110000', to: '+15552220000', context: 'office' });
    // The SDK acks the event.
    await server.waitForFrame((f) => f.dir === 'sent' && f.kind === 'response' && f.method === 'signalwire.event');
  });

  it('voice.dialPhone resolves after calling.dial and the answered state events, and hangup ends the call', async () => {
    server = await startSignalWireServer({ pingIntervalMs: null });
    const client = await connectClient(server);
    const call = await client.voice.dialPhone({ to: '+15553330000', from: '+15554440000', timeout: 30 });
    expect(call.state).toBe('answered');
    const dial = await server.waitForFrame((f) => f.dir === 'sent' && f.method === 'calling.dial');
    const devices = (dial.msg?.params as { devices?: Array<Array<{ type: string; params: { to_number: string } }>> }).devices;
    expect(devices?.[0]?.[0]).toMatchObject({ type: 'phone', params: { to_number: '+15553330000' } });

    await call.hangup();
    const end = await server.waitForFrame((f) => f.dir === 'sent' && f.method === 'calling.end');
    expect((end.msg?.params as { call_id?: string }).call_id).toBe(call.id);
  });

  it('messaging.send gets a message id back', async () => {
    server = await startSignalWireServer({ pingIntervalMs: null });
    const client = await connectClient(server);
    const res = await client.messaging.send({ from: '+15554440000', to: '+15553330000', body: 'hello' });
    expect(res.messageId).toMatch(/[0-9a-f-]{36}/);
    const sent = await server.waitForFrame((f) => f.dir === 'sent' && f.method === 'messaging.send');
    expect(sent.msg?.params).toMatchObject({ body: 'hello', to_number: '+15553330000', from_number: '+15554440000' });
  });

  it('rejects a wrong token: the SDK reports unauthorized and does not retry', async () => {
    server = await startSignalWireServer({ pingIntervalMs: null });
    server.control.failConnect();
    // Per the research: SignalWire() still resolves, with authStatus 'unauthorized'.
    const client = await SignalWire({ project: 'project-rt', token: 'wrong', host: server.url });
    disconnect = () => client.disconnect();
    expect(client.authStatus).toBe('unauthorized');
    const connects = server.frames.filter((f) => f.dir === 'sent' && f.method === 'signalwire.connect');
    expect(connects).toHaveLength(1);
  });
});
