/**
 * SignalWire RELAY / Call Fabric / Video JSON-RPC: signalwire.connect and friends, the event stream with its
 * acks, Verto nested in webrtc.verto / video.message (client to server) and in signalwire.event webrtc.message
 * (server to client), and the Realtime calling.* / messaging.* families.
 */
import type { RpcParts } from './jsonrpc.js';
import { resultCodeError } from './jsonrpc.js';
import type { ParsedFrame } from './types.js';
import { clip, isObj, num, obj, str, strOrNum } from './util.js';
import { decodeVerto, describeVerto, vertoResultMessage } from './verto.js';

const FAMILY = /^(signalwire|webrtc|video|subscriber|calling|messaging|chat|pubsub|conversation|voice|task|call|member|room)\./;

export function isSignalWireMethod(method: string): boolean {
  return FAMILY.test(method);
}

/** Fills the SignalWire-specific parts of a decoded JSON-RPC frame. */
export function decodeSignalWire(d: ParsedFrame, parts: RpcParts): void {
  d.sdk = 'signalwire';
  const p = parts.params;
  const m = parts.method;
  if (m) {
    if ((m === 'webrtc.verto' || m === 'video.message') && isObj(p?.message)) {
      d.inner = decodeVerto(p.message);
      d.callId = d.inner.msg.callId ?? strOrNum(p.callID)?.toString();
    } else if (m === 'signalwire.event') {
      const type = str(p?.event_type);
      const ep = obj(p?.params);
      if ((type === 'webrtc.message' || type === 'video.message') && ep && ('method' in ep || 'result' in ep)) {
        d.inner = decodeVerto(ep);
        d.callId = d.inner.msg.callId;
      } else if (ep) {
        const cid = strOrNum(ep.call_id) ?? strOrNum(obj(ep.call)?.call_id);
        if (cid !== undefined) d.callId = String(cid);
      }
    } else if (m.startsWith('calling.')) {
      const cid = strOrNum(p?.call_id);
      if (cid !== undefined) d.callId = String(cid);
    }
    d.summary = summarizeRequest(m, p, d);
    return;
  }
  // Replies: SignalWire wraps the Verto reply in result.result; failures can sit at either level.
  const res = obj(parts.result);
  if (parts.kind === 'response' && res) {
    const codeErr = resultCodeError(res);
    if (codeErr) {
      d.kind = 'error';
      d.error = codeErr;
    }
    const innerRes = obj(res.result);
    if (innerRes && (innerRes.jsonrpc === '2.0' || 'result' in innerRes || 'error' in innerRes)) {
      d.inner = decodeVerto(innerRes);
      d.callId = d.inner.msg.callId;
      if (d.inner.msg.error && !d.error) {
        d.kind = 'error';
        d.error = d.inner.msg.error;
      }
    }
  }
  d.summary = summarizeReply(d, res);
}

function summarizeRequest(m: string, p: Record<string, unknown> | undefined, d: ParsedFrame): string {
  if (d.inner?.msg.method) return `${m} ▸ ${describeVerto(d.inner.msg.method, d.inner.params)}`;
  if (d.inner) return `${m} ▸ verto ${d.inner.msg.kind} ${vertoResultMessage(d.inner.result) ?? ''}`.trim();
  switch (m) {
    case 'signalwire.connect': {
      const v = obj(p?.version);
      const agent = str(p?.agent);
      const resume = p?.protocol || p?.authorization_state ? ' (resume)' : '';
      return clip(`${m} v${num(v?.major) ?? '?'}${agent ? ' ' + agent : ''}${resume}`);
    }
    case 'signalwire.event': {
      const type = str(p?.event_type) ?? '?';
      const ep = obj(p?.params);
      const state = str(ep?.call_state) ?? str(ep?.state) ?? str(ep?.dial_state);
      return clip(`${m} ${type}${state ? ' ' + state : ''}`);
    }
    case 'signalwire.receive':
    case 'signalwire.unreceive': {
      const ctx = Array.isArray(p?.contexts) ? p.contexts.filter((c) => typeof c === 'string').join(',') : '';
      return clip(`${m} ${ctx}`.trim());
    }
    case 'messaging.send':
      return clip(`${m} to ${str(p?.to_number) ?? '?'}`);
    case 'calling.dial': {
      const devices = Array.isArray(p?.devices) ? p.devices.flat() : [];
      const first = obj(obj(devices[0])?.params);
      const to = str(first?.to_number) ?? str(first?.to);
      return clip(`${m}${to ? ' to ' + to : ''}`);
    }
    default:
      return clip(m);
  }
}

function summarizeReply(d: ParsedFrame, res: Record<string, unknown> | undefined): string {
  if (d.error) return clip(`error ${d.error.code}${d.error.message ? ' ' + d.error.message : ''}`);
  if (d.inner) return clip(`result ▸ ${vertoResultMessage(d.inner.result) ?? 'ok'}`);
  if (res) {
    const msg = str(res.message) ?? (str(res.identity) ? 'connected' : undefined);
    const code = strOrNum(res.code);
    return clip(`result${code !== undefined ? ' ' + code : ''}${msg ? ' ' + msg : ''}`);
  }
  return 'result';
}
