/**
 * Telnyx WebRTC (a Verto dialect): login / anonymous_login, telnyx_rtc.* call and session messages, and the
 * debug_report_* frames (no method, a `type` field) the SDK sends when `debug` is on.
 */
import type { RpcParts } from './jsonrpc.js';
import type { ParsedFrame } from './types.js';
import { clip, obj, str, strOrNum, type Obj } from './util.js';
import { describeVerto, vertoCallId, vertoResultMessage } from './verto.js';

export function isTelnyxMethod(method: string, params: Obj | undefined): boolean {
  if (method.startsWith('telnyx_rtc.')) return true;
  if (method === 'anonymous_login') return true;
  // Plain Verto also has `login`; Telnyx's carries its own fields.
  if (method === 'login' && params) {
    return 'User-Agent' in params || 'login_token' in params || 'reconnection' in params || 'loginParams' in params;
  }
  return false;
}

export function decodeTelnyx(d: ParsedFrame, parts: RpcParts): void {
  d.sdk = 'telnyx';
  const p = parts.params;
  const m = parts.method;
  if (m) {
    const cid = vertoCallId(p);
    if (cid) d.callId = cid;
    if (m === 'login' || m === 'anonymous_login') {
      const ua = obj(p?.['User-Agent']);
      const ver = str(ua?.sdkVersion);
      const how = m === 'anonymous_login' ? `${str(p?.target_type) ?? ''} ${str(p?.target_id) ?? ''}`.trim() : p?.login_token ? 'token' : 'password';
      d.summary = clip(`${m} ${how}${p?.reconnection === true ? ' (reconnection)' : ''}${ver ? ' sdk ' + ver : ''}`);
    } else if (m === 'telnyx_rtc.gatewayState') {
      d.summary = 'telnyx_rtc.gatewayState';
    } else {
      d.summary = clip(describeVerto(m, p));
    }
    return;
  }
  const res = obj(parts.result);
  if (d.kind === 'error' && d.error) {
    d.summary = clip(`error ${d.error.code}${d.error.message ? ' ' + d.error.message : ''}`);
    return;
  }
  const cid = vertoCallId(res);
  if (cid) d.callId = cid;
  const gw = str(obj(res?.params)?.state);
  const msg = vertoResultMessage(res);
  d.summary = clip(`result${msg ? ' ' + msg : ''}${gw ? ' ' + gw : ''}`);
}

export function isTelnyxDebug(o: Obj): boolean {
  return typeof o.type === 'string' && o.type.startsWith('debug_report_') && !('method' in o);
}

export function decodeTelnyxDebug(d: ParsedFrame, o: Obj): void {
  d.protocol = 'telnyx-debug';
  d.sdk = 'telnyx';
  const type = str(o.type)!;
  const reportId = strOrNum(o.debug_report_id);
  const callId = strOrNum(o.call_id);
  d.debug = { type, reportId: reportId?.toString(), callId: callId?.toString() };
  if (callId !== undefined) d.callId = String(callId);
  // The SDK builds these as JSON-RPC requests without a method (jsonrpc + id + type), and the server's reply
  // to debug_report_start is what unblocks the call, so they pair by id like any request.
  const id = strOrNum(o.id);
  if (id !== undefined) d.id = id;
  d.method = type;
  d.kind = id !== undefined ? 'request' : 'notification';
  d.summary = clip(`${type}${reportId !== undefined ? ' ' + reportId : ''}`);
}
