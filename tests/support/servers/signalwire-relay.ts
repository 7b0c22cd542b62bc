/**
 * The RELAY side of the fake SignalWire server (what @signalwire/realtime-api in Node uses):
 * signalwire.receive, calling.* and messaging.send. Shapes per /work/shared/research/realtime-node.md:
 * any non-2xx `result.code` is an error, and voice.dialPhone resolves only after the server's
 * calling.call.state and calling.call.dial events for the same tag.
 */
import { randomUUID } from 'node:crypto';
import { NODE_ID, type Json, type JsonObject } from './signalwire-shapes.js';

export interface RelayCall {
  tag: string;
  device: JsonObject;
  direction: 'inbound' | 'outbound';
}

export interface RelayContext {
  reply(conn: number, id: Json | undefined, result: JsonObject): void;
  pushEvent(conn: number, eventType: string, params: JsonObject): void;
  /** call_id -> what later state events must repeat: the SDK matches them by tag. */
  calls: Map<string, RelayCall>;
}

function isObj(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function firstDevice(params: JsonObject): JsonObject {
  const devices = params.devices;
  if (Array.isArray(devices) && Array.isArray(devices[0]) && isObj(devices[0][0])) return devices[0][0];
  return { type: 'phone', params: {} };
}

function callState(tag: string, callId: string, device: JsonObject, state: string, direction: string): JsonObject {
  return { node_id: NODE_ID, call_id: callId, tag, device, call_state: state, direction, segment_id: callId };
}

/** Params of a calling.call.receive event for an inbound phone call on `context`; registers the call. */
export function inboundCallParams(calls: Map<string, RelayCall>, context: string, from = '+15550000001', to = '+15550000002'): JsonObject {
  const callId = randomUUID();
  const call: RelayCall = { tag: randomUUID(), device: { type: 'phone', params: { from_number: from, to_number: to } }, direction: 'inbound' };
  calls.set(callId, call);
  return { ...callState(call.tag, callId, call.device, 'ringing', 'inbound'), context };
}

/** Handles the request if it is a RELAY method; returns false to let the caller answer generically. */
export function handleRelayRequest(ctx: RelayContext, conn: number, msg: JsonObject): boolean {
  const method = msg.method;
  const params = isObj(msg.params) ? msg.params : {};
  switch (method) {
    case 'signalwire.receive':
      ctx.reply(conn, msg.id, { code: '200', message: 'Receiving all inbound related to the requested relay contexts and available scopes' });
      return true;
    case 'messaging.send':
      ctx.reply(conn, msg.id, { code: '200', message: 'Message accepted', message_id: randomUUID() });
      return true;
    case 'calling.dial': {
      const tag = typeof params.tag === 'string' ? params.tag : randomUUID();
      const device = firstDevice(params);
      const callId = randomUUID();
      ctx.calls.set(callId, { tag, device, direction: 'outbound' });
      ctx.reply(conn, msg.id, { code: '200', message: 'Dialing' });
      // Events after the reply, in the order the relay sends them for an answered call.
      setTimeout(() => {
        ctx.pushEvent(conn, 'calling.call.state', callState(tag, callId, device, 'created', 'outbound'));
        ctx.pushEvent(conn, 'calling.call.state', callState(tag, callId, device, 'ringing', 'outbound'));
        ctx.pushEvent(conn, 'calling.call.state', callState(tag, callId, device, 'answered', 'outbound'));
        ctx.pushEvent(conn, 'calling.call.dial', {
          node_id: NODE_ID,
          tag,
          dial_state: 'answered',
          call: callState(tag, callId, device, 'answered', 'outbound'),
        });
      }, 10);
      return true;
    }
    case 'calling.answer':
    case 'calling.end': {
      ctx.reply(conn, msg.id, { code: '200', message: 'OK' });
      const callId = typeof params.call_id === 'string' ? params.call_id : '';
      const known = ctx.calls.get(callId);
      const tag = known?.tag ?? (typeof params.tag === 'string' ? params.tag : callId);
      const device: JsonObject = known?.device ?? { type: 'phone', params: {} };
      const dir = known?.direction ?? (method === 'calling.answer' ? 'inbound' : 'outbound');
      setTimeout(() => {
        if (method === 'calling.answer') {
          ctx.pushEvent(conn, 'calling.call.state', callState(tag, callId, device, 'answered', dir));
        } else {
          ctx.pushEvent(conn, 'calling.call.state', callState(tag, callId, device, 'ending', dir));
          ctx.pushEvent(conn, 'calling.call.state', { ...callState(tag, callId, device, 'ended', dir), end_reason: 'hangup' });
          ctx.calls.delete(callId);
        }
      }, 10);
      return true;
    }
    default:
      if (typeof method === 'string' && (method.startsWith('calling.') || method.startsWith('messaging.'))) {
        ctx.reply(conn, msg.id, { code: '200', message: 'OK' });
        return true;
      }
      return false;
  }
}
