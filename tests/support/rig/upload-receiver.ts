/**
 * A support team's upload endpoint, as docs/preflight.md ("Upload protocol") describes it, on
 * 127.0.0.1: takes POST /upload with a gzipped bundle, keeps what it received (headers and the
 * bundle, unzipped and parsed) and answers { id }. `answer` makes it misbehave on purpose (a 413,
 * a 500, or no answer at all). CORS is answered, as a real receiver must for a page on another origin.
 */
import { gunzipSync } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttp, type HttpRig } from './http.js';

export interface ReceivedUpload {
  headers: IncomingMessage['headers'];
  bytes: Buffer;
  /** The parsed bundle (unzipped JSON). */
  bundle: Record<string, unknown> & { environment?: Record<string, unknown> };
  /** The bundle as text, for secret searches. */
  text: string;
  id: string;
}

export interface UploadReceiver {
  /** POST target: http://127.0.0.1:PORT/upload */
  url: string;
  uploads: ReceivedUpload[];
  /** 'ok' (default) answers 201 {id}; a number answers that status; 'hang' never answers. */
  answer: 'ok' | 'hang' | number;
  waitForUpload(count?: number, timeoutMs?: number): Promise<ReceivedUpload>;
  close(): Promise<void>;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'content-type, x-rtc-devtools-ticket, authorization',
  'access-control-allow-methods': 'POST, OPTIONS',
};

export async function startUploadReceiver(): Promise<UploadReceiver> {
  const http: HttpRig = await startHttp();
  const hung: ServerResponse[] = [];
  let n = 0;
  const waiters: (() => void)[] = [];
  const rx: UploadReceiver = {
    url: `${http.url}/upload`,
    uploads: [],
    answer: 'ok',
    async waitForUpload(count = rx.uploads.length + 1, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (rx.uploads.length < count) {
        if (Date.now() > deadline) throw new Error(`no upload ${count} in ${timeoutMs} ms (have ${rx.uploads.length})`);
        await new Promise<void>((res) => {
          waiters.push(res);
          setTimeout(res, 200);
        });
      }
      return rx.uploads[count - 1]!;
    },
    close: async () => {
      for (const r of hung) r.destroy();
      await http.close();
    },
  };
  http.addRoute((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== '/upload') return false;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      res.end();
      return true;
    }
    if (req.method !== 'POST') return false;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (rx.answer === 'hang') {
        hung.push(res);
        return;
      }
      if (typeof rx.answer === 'number') {
        res.writeHead(rx.answer, { ...CORS, 'content-type': 'text/plain' });
        res.end('refused');
        return;
      }
      const bytes = Buffer.concat(chunks);
      const text = gunzipSync(bytes).toString('utf8');
      const id = `ref-${++n}`;
      rx.uploads.push({ headers: req.headers, bytes, bundle: JSON.parse(text) as ReceivedUpload['bundle'], text, id });
      res.writeHead(201, { ...CORS, 'content-type': 'application/json' });
      res.end(JSON.stringify({ id }));
      for (const w of waiters.splice(0)) w();
    });
    return true;
  });
  return rx;
}
