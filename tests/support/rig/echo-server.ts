/**
 * WebSocket echo server for the signaling preflight check: echoes text as text and binary as
 * binary; a `{"type":"ping","id":N}` text frame gets `{"type":"pong","id":N}` instead, so a
 * client can measure round trips without parsing its own echo.
 */
import type { RawData, WebSocket } from 'ws';
import { startHttp } from './http.js';

export interface EchoOptions {
  /** Delay before every reply, ms (to fake a slow network). */
  delayMs?: number;
  /** Close each connection after this many replies (to test a dropped signaling path). */
  closeAfter?: number;
}

export interface EchoServer {
  url: string;
  port: number;
  /** Frames received, in order, across all connections. */
  received: Array<{ binary: boolean; size: number }>;
  close(): Promise<void>;
}

function pongFor(text: string): string | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const m = JSON.parse(text) as { type?: unknown; id?: unknown };
    if (m && m.type === 'ping' && (typeof m.id === 'number' || typeof m.id === 'string')) {
      return JSON.stringify({ type: 'pong', id: m.id });
    }
  } catch {
    // not JSON: plain echo
  }
  return undefined;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

export async function startEchoServer(opts: EchoOptions = {}): Promise<EchoServer> {
  const received: EchoServer['received'] = [];
  const onConn = (ws: WebSocket) => {
    let replies = 0;
    ws.on('message', (data, isBinary) => {
      const buf = toBuffer(data);
      received.push({ binary: isBinary, size: buf.length });
      const reply = () => {
        if (ws.readyState !== ws.OPEN) return;
        if (isBinary) ws.send(buf, { binary: true });
        else ws.send(pongFor(buf.toString('utf8')) ?? buf.toString('utf8'));
        replies++;
        if (opts.closeAfter !== undefined && replies >= opts.closeAfter) ws.close(1001, 'echo closeAfter');
      };
      if (opts.delayMs) setTimeout(reply, opts.delayMs);
      else reply();
    });
  };
  const http = await startHttp({ ws: { '*': onConn } });
  return { url: http.wsUrl + '/', port: http.port, received, close: http.close };
}
