/**
 * WebSocket traffic as HAR 1.2, written the way Chrome DevTools writes WebSocket entries so its
 * Network panel (and HAR viewers) can open it: one entry per socket, the upgrade as a GET with a
 * 101 response, `_resourceType: "websocket"` and `_webSocketMessages` [{type: "send"|"receive",
 * time (epoch seconds, float), opcode (1 text, 2 binary), data}]. Binary frames carry base64 of
 * the bytes we kept (the first bytes only: the capture stores a preview, not the payload).
 */
import { previewText } from '../../capture/preview.js';
import type { Bundle, BundleSocket } from '../types.js';
import { policyOf, redactValue } from '../redact.js';
import { safeIso } from './webrtc-internals.js';

export interface HarWebSocketMessage {
  type: 'send' | 'receive';
  time: number;
  opcode: 1 | 2;
  data: string;
}
export interface HarNameValue {
  name: string;
  value: string;
}
export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: 'GET';
    url: string;
    httpVersion: string;
    headers: HarNameValue[];
    queryString: HarNameValue[];
    cookies: never[];
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    headers: HarNameValue[];
    cookies: never[];
    content: { size: number; mimeType: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    _transferSize: number;
    _error: string | null;
  };
  serverIPAddress: string;
  _initiator: { type: string };
  cache: Record<string, never>;
  timings: { blocked: number; dns: number; connect: number; send: number; wait: number; receive: number; ssl: number; _blocked_queueing: number };
  _resourceType: 'websocket';
  _webSocketMessages: HarWebSocketMessage[];
  comment?: string;
}
export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    pages: never[];
    entries: HarEntry[];
    comment?: string;
  };
}

function hexToBase64(hex: string): string {
  return btoa(previewText(hex));
}

function queryOf(url: string): HarNameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

function entryOf(s: BundleSocket): HarEntry {
  const lastFrame = s.frames.length ? s.frames[s.frames.length - 1]!.t : s.createdAt;
  const end = s.closedAt ?? lastFrame;
  const opened = s.openedAt !== undefined;
  const entry: HarEntry = {
    startedDateTime: safeIso(s.createdAt),
    time: Math.max(0, end - s.createdAt),
    request: {
      method: 'GET',
      url: s.url,
      httpVersion: 'HTTP/1.1',
      headers: s.protocols.length ? [{ name: 'Sec-WebSocket-Protocol', value: s.protocols.join(', ') }] : [],
      queryString: queryOf(s.url),
      cookies: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: opened ? 101 : 0,
      statusText: opened ? 'Switching Protocols' : '',
      httpVersion: 'HTTP/1.1',
      headers: [],
      cookies: [],
      content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 0,
      _transferSize: 0,
      _error: opened ? null : 'net::ERR_CONNECTION_FAILED',
    },
    serverIPAddress: '',
    _initiator: { type: 'other' },
    cache: {},
    timings: {
      blocked: -1,
      dns: -1,
      connect: -1,
      send: 0,
      wait: opened ? Math.max(0, s.openedAt! - s.createdAt) : 0,
      receive: 0,
      ssl: -1,
      _blocked_queueing: -1,
    },
    _resourceType: 'websocket',
    _webSocketMessages: s.frames.map((f) => ({
      type: f.dir === 'sent' ? 'send' : 'receive',
      time: f.t / 1000,
      opcode: f.binary ? 2 : 1,
      data: f.binary ? hexToBase64(f.preview ?? '') : (f.text ?? ''),
    })),
  };
  const notes: string[] = [];
  if (s.frames.some((f) => f.truncated)) notes.push('some text frames were cut to the capture limit');
  if (s.frames.some((f) => f.binary)) notes.push('binary frames hold only their first bytes');
  if (s.close) notes.push(`closed with code ${s.close.code}${s.close.reason ? ` (${s.close.reason})` : ''} by the ${s.close.initiator}`);
  if (notes.length) entry.comment = notes.join('; ');
  return entry;
}

/**
 * Redacted with the one secret policy whatever the bundle went through: an imported bundle or dump
 * may never have been redacted, and the decoded `queryString` values must be checked as well.
 */
export function toHar(bundle: Bundle, creatorVersion = '1'): Har {
  const har: Har = {
    log: {
      version: '1.2',
      creator: { name: 'RTC DevTools', version: creatorVersion },
      pages: [],
      entries: bundle.sockets.map(entryOf),
      comment: `WebSocket traffic from an RTC DevTools bundle made ${bundle.createdAt} (secrets redacted)`,
    },
  };
  return redactValue(har, policyOf(bundle)).value;
}
