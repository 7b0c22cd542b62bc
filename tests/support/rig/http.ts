/**
 * Static files + WebSocket endpoints on 127.0.0.1, port 0, for demo pages and fake servers.
 * Files come from mounted directories (e.g. '/' -> tests/demo, '/node_modules/' -> node_modules
 * for SDK UMD bundles); WebSocket upgrades are routed by path so several endpoints (a fake
 * signaling server and the far-end hub) can share one port.
 */
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';

export type WsHandler = (ws: WebSocket, req: IncomingMessage) => void;
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface HttpOptions {
  /** URL prefix -> directory. Longest prefix wins. */
  mounts?: Record<string, string>;
  /** WebSocket path -> handler; '*' catches every other path. */
  ws?: Record<string, WsHandler>;
  /** Extra headers on every file response (e.g. a CSP for hook tests). */
  headers?: Record<string, string>;
}

export interface HttpRig {
  url: string;
  wsUrl: string;
  port: number;
  server: Server;
  addWs(path: string, handler: WsHandler): void;
  /** Handler tried before static files; return true when it answered. */
  addRoute(handler: RequestHandler): void;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
};

export function mimeOf(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

function inside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Maps a URL path to a file under one of the mounts, or undefined when it is outside every
 * mount (including '..' escapes, encoded or not, and NUL bytes).
 */
export function resolveFile(mounts: Record<string, string>, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  for (const prefix of prefixes) {
    if (!decoded.startsWith(prefix)) continue;
    const root = resolve(mounts[prefix]!);
    const target = resolve(join(root, decoded.slice(prefix.length)));
    if (!inside(root, target)) return undefined;
    // A symlink inside a mount must not lead out of it either.
    let real: string;
    try {
      real = realpathSync(target);
    } catch {
      return target; // does not exist: the caller answers 404
    }
    return inside(realpathSync(root), real) ? target : undefined;
  }
  return undefined;
}

function sendFile(res: ServerResponse, file: string, headers: Record<string, string>): boolean {
  let st;
  try {
    st = statSync(file);
    if (st.isDirectory()) {
      file = join(file, 'index.html');
      st = statSync(file);
    }
  } catch {
    return false;
  }
  if (!st.isFile()) return false;
  res.writeHead(200, {
    'content-type': mimeOf(file),
    'content-length': String(st.size),
    'cache-control': 'no-store',
    ...headers,
  });
  createReadStream(file).pipe(res);
  return true;
}

export async function startHttp(opts: HttpOptions = {}): Promise<HttpRig> {
  const mounts = { ...(opts.mounts ?? {}) };
  const routes: RequestHandler[] = [];
  const wsRoutes = new Map<string, WsHandler>(Object.entries(opts.ws ?? {}));
  const wss = new WebSocketServer({ noServer: true });

  const server = createServer((req, res) => {
    for (const r of routes) if (r(req, res)) return;
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const file = req.method === 'GET' || req.method === 'HEAD' ? resolveFile(mounts, path) : undefined;
    if (file && sendFile(res, file, opts.headers ?? {})) return;
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found');
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const handler = wsRoutes.get(path) ?? wsRoutes.get('*');
    if (!handler) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => handler(ws, req));
  });

  // Sockets are tracked so close() does not wait on browsers' keep-alive connections.
  const sockets = new Set<Duplex>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => res());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    server,
    addWs: (path, handler) => void wsRoutes.set(path, handler),
    addRoute: (handler) => void routes.push(handler),
    close: () =>
      new Promise<void>((res) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        for (const s of sockets) s.destroy();
        server.close(() => res());
      }),
  };
}
