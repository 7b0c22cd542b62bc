import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { buildPreload } from '../../../node/preloadBuild.js';
import { parseSpool } from '../../../node/recorder/spool.js';
import type { CaptureEvent } from '../../../core/capture/events.js';

const apps = resolve('tests/fixtures/node-apps');
let preload = '';
let wss: WebSocketServer;
let url = '';
const tmp = mkdtempSync(join(tmpdir(), 'rtc-rec-'));

beforeAll(async () => {
  preload = await buildPreload(join(tmp, 'dist'));
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const port = (wss.address() as { port: number }).port;
  url = `ws://127.0.0.1:${port}/relay`;
  wss.on('connection', (s) => s.on('message', (data, isBinary) => s.send(data, { binary: isBinary })));
});
afterAll(() => new Promise<void>((r) => wss.close(() => r())));

function runApp(app: string, spool: string, onStdout?: (line: string, kill: () => void) => void): Promise<number | null> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--require', preload, join(apps, app), url], {
      env: { ...process.env, RTC_DEVTOOLS_SPOOL: spool, NODE_PATH: resolve('node_modules') },
      cwd: resolve('.'),
    });
    child.stdout.on('data', (b: Buffer) => onStdout?.(b.toString(), () => child.kill('SIGTERM')));
    child.on('error', fail);
    child.on('exit', (code) => done(code));
  });
}

function framesOf(events: CaptureEvent[]) {
  return events.filter((e): e is Extract<CaptureEvent, { kind: 'ws.frame' }> => e.kind === 'ws.frame');
}

describe('Node recorder preload', () => {
  it('records every frame of a CommonJS ws client, text and binary, in order with directions', async () => {
    const spool = join(tmp, 'cjs.jsonl');
    expect(await runApp('ws-cjs.cjs', spool)).toBe(0);
    const { events, badLines } = parseSpool(readFileSync(spool, 'utf8'));
    expect(badLines).toBe(0);
    expect(events[0]).toMatchObject({ kind: 'ws.create', url });
    const frames = framesOf(events);
    expect(frames.map((f) => [f.dir, f.binary, f.size])).toEqual([
      ['sent', false, frames[0]!.text!.length],
      ['sent', true, 4],
      ['received', false, frames[0]!.text!.length],
      ['received', true, 4],
    ]);
    expect(frames[1]!.preview).toBe('de ad be ef');
    expect(JSON.parse(frames[0]!.text!).method).toBe('signalwire.connect');
    expect(events.at(-1)).toMatchObject({ kind: 'ws.close', code: 1000, reason: 'done', initiator: 'page' });
  });

  it('records an ES module program that uses onmessage/onopen properties', async () => {
    const spool = join(tmp, 'esm.jsonl');
    expect(await runApp('ws-esm.mjs', spool)).toBe(0);
    const frames = framesOf(parseSpool(readFileSync(spool, 'utf8')).events);
    expect(frames.map((f) => `${f.dir}:${f.text}`)).toEqual(['sent:hello from esm', 'received:hello from esm']);
  });

  it('flushes everything seen before SIGTERM and still dies by the signal', async () => {
    const spool = join(tmp, 'forever.jsonl');
    let killed = false;
    const code = await runApp('ws-forever.mjs', spool, (line, kill) => {
      if (!killed && line.includes('ready')) {
        killed = true;
        // Let a few ticks go by so the kill lands mid-stream, between spool flushes.
        const check = setInterval(() => {
          if (existsSync(spool) && readFileSync(spool, 'utf8').includes('tick 3')) {
            clearInterval(check);
            kill();
          }
        }, 5);
      }
    });
    expect(code).toBeNull(); // killed by the signal, as without the recorder
    const frames = framesOf(parseSpool(readFileSync(spool, 'utf8')).events).filter((f) => f.dir === 'sent');
    // Every tick the program sent before dying is recorded, numbered without gaps.
    expect(frames.length).toBeGreaterThanOrEqual(3);
    frames.forEach((f, i) => expect(f.text).toBe(`tick ${i + 1}`));
  });

  it('does nothing without RTC_DEVTOOLS_SPOOL', async () => {
    const code = await new Promise<number | null>((done) => {
      const child = spawn(process.execPath, ['--require', preload, join(apps, 'ws-esm.mjs'), url], { env: { ...process.env, RTC_DEVTOOLS_SPOOL: '' } });
      child.on('exit', done);
    });
    expect(code).toBe(0);
  });
});
