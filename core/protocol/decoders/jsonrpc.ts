/**
 * JSON-RPC 2.0 framing: request (method + id), notification (method, no id), response (id + result),
 * error response (id + error). Knows nothing about any SDK.
 */
import type { MessageKind, RpcError } from '../types.js';
import { clip, num, obj, str, strOrNum, text, type Obj } from './util.js';

export interface RpcParts {
  method?: string;
  id?: string | number;
  kind: MessageKind;
  params?: Obj;
  result?: unknown;
  error?: RpcError;
}

export function looksLikeRpc(o: Obj): boolean {
  return o.jsonrpc === '2.0' || typeof o.method === 'string' || ('id' in o && ('result' in o || 'error' in o));
}

export function rpcError(v: unknown): RpcError | undefined {
  const e = obj(v);
  if (!e) return v === undefined || v === null ? undefined : { code: 'error', message: clip(text(v), 200) };
  const code = strOrNum(e.code) ?? 'error';
  const message = str(e.message) ?? str(e.msg) ?? '';
  return { code, message };
}

export function splitRpc(o: Obj): RpcParts {
  const method = str(o.method);
  const id = strOrNum(o.id);
  if (method) {
    return { method, id, kind: id === undefined ? 'notification' : 'request', params: obj(o.params) };
  }
  if ('error' in o && o.error !== undefined && o.error !== null) {
    return { id, kind: 'error', error: rpcError(o.error) };
  }
  if ('result' in o) return { id, kind: 'response', result: o.result };
  return { id, kind: 'other' };
}

/** SignalWire and Realtime results carry a string/number `code`; anything but 2xx means failure. */
export function resultCodeError(result: unknown): RpcError | undefined {
  const r = obj(result);
  if (!r) return undefined;
  const code = num(r.code);
  if (code === undefined || (code >= 200 && code < 300)) return undefined;
  return { code: strOrNum(r.code)!, message: str(r.message) ?? '' };
}
