import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startEchoServer, type EchoServer } from '../../../support/rig/echo-server.js';
import { resolveFile, startHttp, type HttpRig } from '../../../support/rig/http.js';

/** Raw GET so the path is sent exactly as written (fetch would normalise '..'). */
function rawGet(port: number, path: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function next(ws: WebSocket): Promise<{ data: Buffer; binary: boolean }> {
  return new Promise((resolve) => ws.once('message', (d, binary) => resolve({ data: d as Buffer, binary })));
}

describe('startHttp', () => {
  let rig: HttpRig;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'rig-http-'));
    mkdirSync(join(root, 'site', 'sub'), { recursive: true });
    mkdirSync(join(root, 'lib'));
    writeFileSync(join(root, 'site', 'index.html'), '<p>home</p>');
    writeFileSync(join(root, 'site', 'sub', 'a.js'), 'export const a = 1;');
    writeFileSync(join(root, 'lib', 'bundle.js'), 'window.X = 1;');
    writeFileSync(join(root, 'secret.txt'), 'do not serve');
    symlinkSync(join(root, 'secret.txt'), join(root, 'site', 'escape.txt'));
    symlinkSync(join(root, 'site', 'index.html'), join(root, 'site', 'alias.html'));
    rig = await startHttp({
      mounts: { '/': join(root, 'site'), '/lib/': join(root, 'lib') },
      ws: { '/hello': (ws) => ws.on('message', () => ws.send('hi')) },
    });
  });
  afterAll(async () => {
    await rig.close();
  });

  it('serves files with their MIME type, index.html for directories', async () => {
    const home = await rawGet(rig.port, '/');
    expect(home).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', body: '<p>home</p>' });
    const js = await rawGet(rig.port, '/sub/a.js');
    expect(js.type).toBe('text/javascript; charset=utf-8');
    const lib = await rawGet(rig.port, '/lib/bundle.js');
    expect(lib).toMatchObject({ status: 200, body: 'window.X = 1;' });
  });

  it('refuses traversal out of a mount, plain or encoded', async () => {
    expect((await rawGet(rig.port, '/alias.html')).status).toBe(200); // a link that stays inside is fine
    for (const p of ['/escape.txt', '/../secret.txt', '/%2e%2e/secret.txt', '/lib/..%2fsecret.txt', '/sub/%2e%2e/%2e%2e/secret.txt', '/%00']) {
      const r = await rawGet(rig.port, p);
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('do not serve');
    }
    expect(resolveFile({ '/': root }, '/a/../../etc/passwd')).toBeUndefined();
    expect(resolveFile({ '/': root }, '/a%5c..%5c..%5cx')).toBeUndefined();
  });

  it('routes WebSocket upgrades by path and refuses unknown paths', async () => {
    const ws = await open(`${rig.wsUrl}/hello`);
    ws.send('?');
    const m = await next(ws);
    expect(m.data.toString()).toBe('hi');
    ws.close();
    await expect(open(`${rig.wsUrl}/nope`)).rejects.toThrow(/404/);
  });
});

describe('startEchoServer', () => {
  let echo: EchoServer;
  beforeAll(async () => {
    echo = await startEchoServer();
  });
  afterAll(async () => {
    await echo.close();
  });

  it('echoes text as text and binary as binary', async () => {
    const ws = await open(echo.url);
    ws.send('hello');
    const t = await next(ws);
    expect(t).toMatchObject({ binary: false });
    expect(t.data.toString()).toBe('hello');
    ws.send(Buffer.from([1, 2, 250]));
    const b = await next(ws);
    expect(b.binary).toBe(true);
    expect([...b.data]).toEqual([1, 2, 250]);
    ws.close();
  });

  it('answers a ping probe with a pong of the same id, other JSON is echoed', async () => {
    const ws = await open(echo.url);
    ws.send(JSON.stringify({ type: 'ping', id: 7 }));
    expect(JSON.parse((await next(ws)).data.toString())).toEqual({ type: 'pong', id: 7 });
    ws.send('{"type":"other","id":1}');
    expect((await next(ws)).data.toString()).toBe('{"type":"other","id":1}');
    ws.close();
  });

  it('delays replies and closes after N when asked', async () => {
    const slow = await startEchoServer({ delayMs: 120, closeAfter: 1 });
    const ws = await open(slow.url);
    const t0 = Date.now();
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send(JSON.stringify({ type: 'ping', id: 1 }));
    await next(ws);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
    expect(await closed).toBe(1001);
    await slow.close();
  });
});
