/**
 * `rtc-devtools record` and `analyze` end to end: the real @signalwire/realtime-api app against the
 * fake relay, with a server drop and reconnect in the middle; the bundle must hold every frame the
 * relay saw, with secrets redacted, and analyze must explain it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { startSignalWireServer, type SignalWireServer } from '../../support/servers/signalwire.js';
import { parseMcpArgs, parseRecordArgs } from '../../../node/cli.js';
import { recordRealtimeAppWithDrop } from '../../support/rig/node-recorder.js';

const bin = resolve('bin/rtc-devtools.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'rtc-cli-'));
let server: SignalWireServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('rtc-devtools record', () => {
  it('records a Realtime SDK app across a server drop into a redacted bundle that analyze explains', async () => {
    server = await startSignalWireServer({ pingIntervalMs: null });
    const out = join(tmp, 'realtime.json.gz');
    const { code, stderr, connectsBeforeDrop } = await recordRealtimeAppWithDrop(server, out);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/wrote .*realtime\.json\.gz/);

    const text = gunzipSync(readFileSync(out)).toString('utf8');
    // No secret the app used leaves the machine.
    expect(text).not.toContain('PT-recorder-secret-token');
    const bundle = JSON.parse(text);
    expect(bundle.format).toBe('rtc-devtools-bundle');
    expect(bundle.environment.source).toBe('node');

    // Every frame the relay logged is in the bundle, in order, with the same direction.
    // (Relay "sent" = what the client sent = the recorder's "sent".)
    const relay = server.frames.map((f) => `${f.dir}:${f.method ?? ''}`);
    const methodOf = (t?: string) => {
      try {
        const m = JSON.parse(t ?? '');
        return m.method ?? '';
      } catch {
        return '';
      }
    };
    const recorded = bundle.sockets.flatMap((s: { frames: { dir: string; text?: string }[] }) => s.frames.map((f) => `${f.dir}:${methodOf(f.text)}`));
    expect(recorded.length).toBe(relay.length);
    expect(recorded.filter((r: string) => r.startsWith('sent:')).length).toBe(relay.filter((r) => r.startsWith('sent:')).length);
    const methods = new Set(recorded.map((r: string) => r.split(':')[1]));
    for (const m of ['signalwire.connect', 'signalwire.receive', 'calling.dial', 'messaging.send', 'signalwire.event']) expect(methods).toContain(m);

    // The drop made a second socket that re-authenticated.
    expect(connectsBeforeDrop).toBe(1);
    expect(bundle.sockets.length).toBeGreaterThanOrEqual(2);
    const conn = bundle.connections.find((c: { reconnects: unknown[] }) => c.reconnects.length > 0);
    expect(conn, JSON.stringify(bundle.connections)).toBeTruthy();

    const analyze = spawnSync(process.execPath, [bin, 'analyze', out], { encoding: 'utf8' });
    expect(analyze.status, analyze.stderr).toBe(0);
    expect(analyze.stdout).toMatch(/Connection sessions \(1\)/);
    expect(analyze.stdout).toMatch(/reconnect at .*attempt/);
    expect(analyze.stdout).toMatch(/calling\.dial/);
    expect(analyze.stdout).toMatch(/messaging\.send/);
    expect(analyze.stdout).not.toContain('PT-recorder-secret-token');
  }, 60_000);

  it('explains bad usage and unreadable files plainly', () => {
    expect(parseRecordArgs(['--', 'node'])).toBe('Missing --out FILE');
    expect(parseRecordArgs(['--out', 'x.json'])).toBe('Missing the command to run after --');
    const r = spawnSync(process.execPath, [bin, 'analyze', join(tmp, 'nope.json')], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot read/);
  });
});

/** Runs the CLI without blocking this process (the test's own server must keep answering). */
function runCli(args: string[], opts: { pty?: boolean } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // `script` gives the CLI a real terminal (isTTY, so colour on), as a support engineer runs it.
  const [cmd, argv] = opts.pty ? ['script', ['-qec', [process.execPath, bin, ...args].map((a) => `'${a}'`).join(' '), '/dev/null']] : [process.execPath, [bin, ...args]];
  return new Promise((done) => {
    const child = spawn(cmd as string, argv as string[], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

/** What `cat -v` would show as a control: anything below 0x20 but newline and tab, DEL, C1. */
function rawControls(text: string, allowColour: boolean): string[] {
  const bare = allowColour ? text.replace(/\u001b\[\d+(?:;\d+)*m/g, '') : text;
  return [...bare.matchAll(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g)].map((m) => `\\x${m[0].charCodeAt(0).toString(16)}`);
}

describe('hostile captures (issue 17)', () => {
  it('records an app whose frames nest 20,000 deep and carry terminal escapes: the bundle is written whole, analyze prints no control character', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    wss.on('connection', (ws) => ws.on('message', (d, binary) => ws.send(d, { binary })));
    await new Promise((r) => wss.once('listening', r));
    const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    try {
      const app = join(tmp, 'hostile-app.cjs');
      const OSC = '\u001b]52;c;b3duZWQ=\u0007';
      writeFileSync(
        app,
        `const WebSocket = require(${JSON.stringify(resolve('node_modules/ws'))});
const ws = new WebSocket(${JSON.stringify(url)});
let got = 0;
ws.on('open', () => {
  ws.send('['.repeat(20000) + ']'.repeat(20000));
  ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'evil${JSON.stringify(OSC).slice(1, -1)}\\u001b[2K.method', params: {} }));
});
ws.on('message', () => { if (++got === 2) ws.close(); });
ws.on('close', () => process.exit(0));
`,
      );
      const out = join(tmp, 'hostile.json');
      const rec = await runCli(['record', '--out', out, '--', process.execPath, app]);
      expect(rec.code, rec.stderr).toBe(0);
      const bundle = JSON.parse(readFileSync(out, 'utf8'));
      const texts = bundle.sockets.flatMap((s: { frames: { text?: string }[] }) => s.frames.map((f) => f.text));
      // Both frames, both ways, the deep one as it was sent: nothing lost to the nesting.
      expect(texts.filter((t: string) => t === '['.repeat(20000) + ']'.repeat(20000)).length).toBe(2);
      expect(texts.filter((t: string) => t.includes('evil')).length).toBe(2);
      expect(rawControls(rec.stderr, false)).toEqual([]);

      for (const pty of [false, true]) {
        const r = await runCli(['analyze', out], { pty });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain('evil\\x1b]52;c;b3duZWQ=\\x07\\x1b[2K.method');
        expect(rawControls(r.stdout.replace(/\r\n/g, '\n'), pty)).toEqual([]);
      }
      const json = await runCli(['analyze', '--json', out]);
      expect(rawControls(json.stdout, false)).toEqual([]);
    } finally {
      wss.close();
    }
  }, 120_000);

  it('a file name or an option that carries escapes is printed escaped', async () => {
    const evil = join(tmp, 'x\u001b]0;pwned\u0007.json');
    const r = await runCli(['analyze', evil]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('x\\x1b]0;pwned\\x07.json');
    expect(rawControls(r.stderr, false)).toEqual([]);
    const opt = await runCli(['record', '--\u001b[2Jwipe', '--out', 'x', '--', 'node']);
    expect(opt.code).toBe(2);
    expect(opt.stderr).toContain('Unknown option: --\\x1b[2Jwipe');
    const cmd = await runCli(['\u009b2J']);
    expect(rawControls(cmd.stderr, false)).toEqual([]);
  });
});

describe('rtc-devtools mcp options', () => {
  it('launches headless by default, attaches with --cdp URL, and refuses anything else', () => {
    expect(parseMcpArgs([])).toEqual({ headless: true });
    expect(parseMcpArgs(['--cdp', 'http://127.0.0.1:9222', '--headed'])).toEqual({ cdp: 'http://127.0.0.1:9222', headless: false });
    expect(parseMcpArgs(['--cdp=ws://127.0.0.1:9222/devtools/browser/x'])).toEqual({ cdp: 'ws://127.0.0.1:9222/devtools/browser/x', headless: true });
    expect(parseMcpArgs(['--cdp'])).toMatch(/^--cdp needs the browser's DevTools URL/);
    expect(parseMcpArgs(['--port', '1'])).toBe('Unknown option: --port');
  });
});
