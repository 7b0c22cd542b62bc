/**
 * SIP over WebSocket (RFC 7118, as JsSIP and SIP.js send it): a request line or a status line, headers
 * (compact forms too), a blank line, a body (usually SDP).
 */
import type { ParsedFrame } from './types.js';
import { clip } from './util.js';

export interface SipMessage {
  /** Request method, or for responses the CSeq method it answers. */
  method: string;
  status?: number;
  reason?: string;
  uri?: string;
  callId?: string;
  cseq?: number;
  from?: string;
  to?: string;
  userAgent?: string;
  /** Body when it is SDP. */
  sdp?: string;
  /** Reason header of BYE/CANCEL: its text, and the Q.850 cause number when given. */
  cause?: string;
  causeCode?: number;
}

const REQUEST_LINE = /^([A-Z]+) (\S+) SIP\/2\.0$/;
const STATUS_LINE = /^SIP\/2\.0 (\d{3}) ?(.*)$/;
const COMPACT: Record<string, string> = { i: 'call-id', f: 'from', t: 'to', m: 'contact', l: 'content-length', c: 'content-type', v: 'via' };

export function looksLikeSip(text: string): boolean {
  return text.startsWith('SIP/2.0 ') || /^[A-Z]+ \S+ SIP\/2\.0\r?\n/.test(text.slice(0, 300));
}

export function parseSip(text: string): SipMessage | undefined {
  const headEnd = text.search(/\r?\n\r?\n/);
  const head = headEnd >= 0 ? text.slice(0, headEnd) : text;
  const body = headEnd >= 0 ? text.slice(headEnd).replace(/^\r?\n\r?\n/, '') : '';
  const lines = head.split(/\r?\n/);
  const first = lines[0] ?? '';
  const msg: SipMessage = { method: '' };
  const req = REQUEST_LINE.exec(first);
  const res = req ? null : STATUS_LINE.exec(first);
  if (req) {
    msg.method = req[1]!;
    msg.uri = req[2];
  } else if (res) {
    msg.status = Number(res[1]);
    msg.reason = res[2] ?? '';
  } else {
    return undefined;
  }
  let contentType = '';
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    let name = line.slice(0, colon).trim().toLowerCase();
    name = COMPACT[name] ?? name;
    const value = line.slice(colon + 1).trim();
    switch (name) {
      case 'call-id':
        msg.callId = value;
        break;
      case 'cseq': {
        const [n, m] = value.split(/\s+/);
        msg.cseq = Number(n);
        if (!req && m) msg.method = m;
        break;
      }
      case 'from':
        msg.from = value;
        break;
      case 'to':
        msg.to = value;
        break;
      case 'user-agent':
      case 'server':
        msg.userAgent ??= value;
        break;
      case 'content-type':
        contentType = value.toLowerCase();
        break;
      case 'reason': {
        const code = /cause=(\d+)/.exec(value)?.[1];
        const text = /text="([^"]*)"/.exec(value)?.[1];
        msg.cause = text ?? value;
        if (code) msg.causeCode = Number(code);
        break;
      }
    }
  }
  if (body && (contentType.includes('sdp') || body.startsWith('v=0'))) msg.sdp = body;
  return msg;
}

/** `sip:alice@example.com` out of `"Alice" <sip:alice@example.com>;tag=x`. */
export function sipAddress(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const angle = /<([^>]*)>/.exec(header);
  return (angle ? angle[1] : header.split(';')[0])?.trim();
}

export function decodeSip(d: ParsedFrame, text: string): void {
  const sip = parseSip(text);
  d.protocol = 'sip';
  d.sdk = 'sip';
  if (!sip) {
    d.kind = 'other';
    d.summary = clip(text);
    d.parseError = 'not a SIP start line';
    return;
  }
  d.sip = sip;
  d.method = sip.method || undefined;
  if (sip.callId) d.callId = sip.callId;
  if (sip.cseq !== undefined) d.id = `${sip.cseq} ${sip.method}`;
  if (sip.status === undefined) {
    d.kind = sip.method === 'ACK' ? 'notification' : 'request';
    d.summary = clip(`${sip.method} ${sip.uri ?? ''}`);
  } else {
    d.kind = sip.status >= 300 ? 'error' : 'response';
    if (sip.status >= 300) d.error = { code: sip.status, message: sip.reason ?? '' };
    d.summary = clip(`${sip.status} ${sip.reason ?? ''} (${sip.method})`);
  }
}
