/**
 * `rtc-devtools record` and `analyze` end to end: the real @signalwire/realtime-api app against the
 * fake relay, with a server drop and reconnect in the middle; the bundle must hold every frame the
 * relay saw, with secrets redacted, and analyze must explain it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { startSignalWireServer, type SignalWireServer } from '../../servers/signalwire.js';
import { parseRecordArgs } from '../../../node/cli.js';
import { recordRealtimeAppWithDrop } from '../../rig/node-recorder.js';

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
