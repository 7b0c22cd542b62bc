/**
 * Decodes one WebSocket frame into a message: JSON-RPC (SignalWire, Telnyx, plain Verto, generic), SIP, LiveKit protobuf,
 * other JSON, or raw text/binary. Never throws: whatever a page sends ends up as some message.
 */
import type { WsFrame } from '../../capture/events.js';
import type { SdkFamily } from '../types.js';
import { looksLikeRpc, splitRpc } from './jsonrpc.js';
import { parseLiveKitFrame } from './livekit.js';
import { decodeSignalWire, isSignalWireMethod } from './signalwire.js';
import { decodeSip, looksLikeSip } from './sip.js';
import { decodeTelnyx, decodeTelnyxDebug, isTelnyxDebug, isTelnyxMethod } from './telnyx.js';
import type { ParsedFrame } from './types.js';
import { clip, isObj, type Obj } from './util.js';
import { describeVerto, decodeVerto, vertoResultMessage } from './verto.js';

export type { ParsedFrame, ParsedNested } from './types.js';

/**
 * Reads one frame's text into a ParsedFrame: what it means plus the parsed parts the models read (the
 * analyzer keeps the meaning as a DecodedFrame).
 * @param socketSdk what this socket has spoken so far: replies carry no method, so their family comes from
 * the socket.
 */
export function parseFrame(ev: WsFrame, socketSdk: SdkFamily = 'unknown'): ParsedFrame {
  // LiveKit sockets are known by their URL (the connection model names them): their frames are protobuf.
  if (socketSdk === 'livekit') return parseLiveKitFrame(ev);
  if (ev.binary || typeof ev.text !== 'string') {
    const size = typeof ev.size === 'number' ? ev.size : 0;
    const preview = typeof ev.preview === 'string' ? ev.preview : '';
    return { protocol: 'binary', kind: 'other', summary: `binary ${size} B${preview ? ' ' + clip(preview, 40) : ''}` };
  }
  const text = ev.text;
  const lead = firstNonSpace(text);
  if (lead === '{' || lead === '[') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return partialJson(text, ev.truncated === true, socketSdk);
    }
    if (Array.isArray(parsed)) {
      const first = parsed.find(isObj);
      const d = first ? decodeObject(first, socketSdk) : { protocol: 'json' as const, kind: 'other' as const, summary: '' };
      d.summary = clip(`batch of ${parsed.length}: ${d.summary}`);
      return d;
    }
    if (isObj(parsed)) return decodeObject(parsed, socketSdk);
    return { protocol: 'json', kind: 'other', summary: clip(text) };
  }
  if (lead === 'S' || (lead >= 'A' && lead <= 'Z')) {
    if (looksLikeSip(text)) {
      const d: ParsedFrame = { protocol: 'sip', kind: 'other', summary: '' };
      decodeSip(d, text);
      return d;
    }
  }
  if (text.length > 0 && text.trim() === '') {
    // SIP over WebSocket keepalive (RFC 5626): the client pings with CRLFCRLF, the server pongs with CRLF.
    return { protocol: 'raw', kind: 'other', method: 'CRLF keepalive', summary: `CRLF keepalive (${text.length} B)` };
  }
  return { protocol: 'raw', kind: 'other', summary: clip(text) || '(empty)' };
}

function firstNonSpace(s: string): string {
  for (let i = 0; i < s.length && i < 64; i++) {
    const c = s[i]!;
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') return c;
  }
  return '';
}

function decodeObject(o: Obj, socketSdk: SdkFamily): ParsedFrame {
  if (isTelnyxDebug(o)) {
    const d: ParsedFrame = { protocol: 'telnyx-debug', kind: 'other', summary: '' };
    decodeTelnyxDebug(d, o);
    return d;
  }
  if (!looksLikeRpc(o)) {
    const keys = Object.keys(o).slice(0, 4).join(', ');
    return { protocol: 'json', kind: 'other', summary: clip(`{${keys}}`) };
  }
  const parts = splitRpc(o);
  const d: ParsedFrame = { protocol: 'jsonrpc', kind: parts.kind, summary: '' };
  if (parts.method) d.method = parts.method;
  if (parts.id !== undefined) d.id = parts.id;
  if (parts.error) d.error = parts.error;
  if (parts.params) d.params = parts.params;
  if ('result' in parts) d.result = parts.result;

  const family: SdkFamily = parts.method
    ? isSignalWireMethod(parts.method)
      ? 'signalwire'
      : isTelnyxMethod(parts.method, parts.params)
        ? 'telnyx'
        : parts.method.startsWith('verto.') || parts.method === 'login'
          ? socketSdk === 'telnyx' ? 'telnyx' : 'verto'
          : socketSdk
    : socketSdk;

  if (family === 'signalwire') decodeSignalWire(d, parts);
  else if (family === 'telnyx') decodeTelnyx(d, parts);
  else if (family === 'verto') decodePlainVerto(d, o);
  else d.summary = genericSummary(d);
  return d;
}

function decodePlainVerto(d: ParsedFrame, o: Obj): void {
  const v = decodeVerto(o);
  d.protocol = 'verto';
  d.sdk = 'verto';
  if (v.msg.callId) d.callId = v.msg.callId;
  if (d.method) d.summary = clip(describeVerto(d.method, v.params));
  else d.summary = d.error ? clip(`error ${d.error.code} ${d.error.message}`) : clip(`result ${vertoResultMessage(v.result) ?? ''}`.trim());
}

function genericSummary(d: ParsedFrame): string {
  if (d.method) return clip(d.method);
  if (d.error) return clip(`error ${d.error.code} ${d.error.message}`);
  return 'result';
}

/** A frame cut by the capture limit: recover method and id from its start so pairing still works. */
function partialJson(text: string, truncated: boolean, socketSdk: SdkFamily): ParsedFrame {
  const method = /"method"\s*:\s*"([^"\\]{1,100})"/.exec(text)?.[1];
  const idMatch = /^\s*\{[^{]*?"id"\s*:\s*("([^"\\]{1,100})"|(-?\d{1,20}))/.exec(text);
  const id = idMatch ? (idMatch[2] ?? Number(idMatch[3])) : undefined;
  const d: ParsedFrame = {
    protocol: method || idMatch ? 'jsonrpc' : 'json',
    kind: method ? (id !== undefined ? 'request' : 'notification') : id !== undefined ? 'response' : 'other',
    summary: clip(`${method ?? (id !== undefined ? 'reply' : 'JSON')} (${truncated ? 'truncated' : 'malformed'})`),
    parseError: truncated ? 'frame truncated by the capture limit' : 'malformed JSON',
  };
  if (method) d.method = method;
  if (id !== undefined) d.id = id;
  if (method && isSignalWireMethod(method)) d.sdk = 'signalwire';
  else if (method && isTelnyxMethod(method, undefined)) d.sdk = 'telnyx';
  else if (socketSdk !== 'unknown') d.sdk = socketSdk;
  return d;
}
