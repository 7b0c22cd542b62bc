/**
 * Runs `rtc-devtools record` on the Realtime SDK demo app (tests/fixtures/node-apps/realtime-app.mjs)
 * against a fake SignalWire relay, dropping the relay's sockets mid-run: the same server-side
 * capture the CLI test checks and the viewer test opens.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { SignalWireServer } from '../servers/signalwire.js';

const BIN = resolve(import.meta.dirname, '../../../bin/rtc-devtools.mjs');
const APP = resolve(import.meta.dirname, '../../fixtures/node-apps/realtime-app.mjs');

export function waitForOutput(stream: NodeJS.ReadableStream, text: string): Promise<void> {
  return new Promise((done) => {
    let buf = '';
    const on = (b: Buffer) => {
      buf += b.toString();
      if (buf.includes(text)) {
        stream.off('data', on);
        done();
      }
    };
    stream.on('data', on);
  });
}

export interface RecordedRun {
  code: number | null;
  stderr: string;
  /** signalwire.connect requests the relay saw before the drop. */
  connectsBeforeDrop: number;
}

/** Records the app into `out`; the relay drops every socket once the app is up. */
export async function recordRealtimeAppWithDrop(server: SignalWireServer, out: string): Promise<RecordedRun> {
  const child = spawn(process.execPath, [BIN, 'record', '--out', out, '--', process.execPath, APP, server.url], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', done));
  await waitForOutput(child.stdout, 'ready');
  const connects = () => server.frames.filter((f) => f.dir === 'sent' && f.method === 'signalwire.connect').length;
  const connectsBeforeDrop = connects();
  server.control.dropConnections();
  // The SDK reconnects on its own (after 1-4 s) and re-subscribes; a request sent while the
  // socket is going down would be rejected by the SDK, so the app waits for the new session.
  await server.waitForFrame((f) => f.dir === 'sent' && f.method === 'signalwire.receive' && connects() === connectsBeforeDrop + 1, 15_000);
  child.stdin.write('again\n');
  return { code: await exited, stderr, connectsBeforeDrop };
}
