/**
 * Verto (FreeSWITCH's JSON-RPC call signaling), as SignalWire nests it in webrtc.verto / video.message /
 * webrtc.message and as plain Verto servers send it. Telnyx speaks the same shapes under telnyx_rtc.*.
 */
import type { NestedMessage } from '../types.js';
import { splitRpc } from './jsonrpc.js';
import type { ParsedNested } from './types.js';
import { obj, str, strOrNum, type Obj } from './util.js';

/** callID lives in params.callID for most messages and in params.dialogParams.callID for invite/answer/bye. */
export function vertoCallId(params: Obj | undefined): string | undefined {
  if (!params) return undefined;
  const direct = strOrNum(params.callID) ?? strOrNum(params.callId) ?? strOrNum(params.call_id);
  if (direct !== undefined) return String(direct);
  const dp = obj(params.dialogParams);
  const nested = dp ? strOrNum(dp.callID) ?? strOrNum(dp.callId) : undefined;
  return nested === undefined ? undefined : String(nested);
}

export function decodeVerto(o: Obj): ParsedNested {
  const parts = splitRpc(o);
  const msg: NestedMessage = { protocol: 'verto', kind: parts.kind };
  if (parts.method) msg.method = parts.method;
  if (parts.id !== undefined) msg.id = parts.id;
  if (parts.error) msg.error = parts.error;
  const resultObj = obj(parts.result);
  const callId = vertoCallId(parts.params) ?? vertoCallId(resultObj);
  if (callId) msg.callId = callId;
  return { msg, params: parts.params, result: parts.result };
}

/** A short human description of a Verto-shaped request (used by SignalWire inner and Telnyx). */
export function describeVerto(method: string, params: Obj | undefined): string {
  const dp = obj(params?.dialogParams);
  const short = method.replace(/^(verto|telnyx_rtc)\./, '');
  switch (short) {
    case 'invite': {
      const to = str(dp?.destination_number);
      return to ? `${method} to ${to}` : method;
    }
    case 'bye': {
      const cause = str(params?.cause) ?? str(dp?.cause);
      return cause ? `${method} ${cause}` : method;
    }
    case 'modify': {
      const action = str(params?.action);
      return action ? `${method} ${action}` : method;
    }
    default:
      return method;
  }
}

export function vertoResultMessage(result: unknown): string | undefined {
  const r = obj(result);
  return r ? str(r.message) ?? str(r.method) : undefined;
}
