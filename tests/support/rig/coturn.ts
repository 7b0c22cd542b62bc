/**
 * Starts a real coturn TURN server on loopback for tests (relay candidates, TURN preflight,
 * wrong-credential cases). Everything it writes (pid file, sqlite db) goes to a temp dir that is
 * removed on stop; its log is kept in memory so a start failure can say why.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePortBoth } from './ports.js';
import { stunBinding, turnAllocate } from './stun.js';

export interface TurnServer {
  port: number;
  /** UDP and TCP transports of the same listener. */
  urls: string[];
  username: string;
  credential: string;
  realm: string;
  /** Last lines coturn printed (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

export interface TurnOptions {
  user?: string;
  pass?: string;
  realm?: string;
  /** How long to wait for the server to allocate, ms. */
  readyTimeoutMs?: number;
}

const LOG_LINES = 200;

function tcpAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Kills `pid` once `parent` is gone; ends by itself when `pid` ends first. */
function watchdog(parent: number, pid: number): void {
  const script = `while kill -0 ${parent} 2>/dev/null && kill -0 ${pid} 2>/dev/null; do sleep 1; done; kill -9 ${pid} 2>/dev/null; exit 0`;
  const w = spawn('/bin/sh', ['-c', script], { stdio: 'ignore', detached: true });
  w.unref();
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function launchOnce(bin: string, user: string, pass: string, realm: string, readyTimeoutMs: number): Promise<TurnServer> {
  const port = await freePortBoth();
  // A random relay range per server keeps parallel servers (other engineers, other workers) apart.
  const minPort = 20000 + Math.floor(Math.random() * 400) * 100;
  const dir = mkdtempSync(join(tmpdir(), 'rig-coturn-'));
  const args = [
    '-n',
    '--listening-ip=127.0.0.1',
    '--relay-ip=127.0.0.1',
    `--listening-port=${port}`,
    '--lt-cred-mech',
    `--user=${user}:${pass}`,
    `--realm=${realm}`,
    '--no-tls',
    '--no-dtls',
    '--no-cli',
    // coturn refuses to relay to 127.x by default; every peer in the rig is on loopback.
    '--allow-loopback-peers',
    `--min-port=${minPort}`,
    `--max-port=${minPort + 99}`,
    // RFC 5780 would open a second listener on port+1 that we did not reserve.
    '--no-rfc5780',
    '--relay-threads=1',
    '--log-file=stdout',
    '--simple-log',
    `--pidfile=${join(dir, 'turnserver.pid')}`,
    `--db=${join(dir, 'turndb')}`,
  ];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(l);
    if (lines.length > LOG_LINES) lines.splice(0, lines.length - LOG_LINES);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let spawnError: Error | undefined;
  child.once('error', (e) => (spawnError = e));
  // A test process that exits without stop() must not leave coturn behind: 'exit' covers a normal
  // exit, the watchdog covers death by signal (timeout, SIGKILL), where no JS runs any more.
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  if (child.pid) watchdog(process.pid, child.pid);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited(child);
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (spawnError) {
      await stop();
      throw new Error(`coturn: cannot run ${bin}: ${spawnError.message}`);
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`coturn exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${lines.slice(-15).join('\n')}`);
    }
    try {
      // Ready means: answers STUN, accepts TCP, and really allocates a relay with our credentials.
      await stunBinding('127.0.0.1', port, 300);
      if (await tcpAccepts(port)) {
        const alloc = await turnAllocate('127.0.0.1', port, user, pass, 1000);
        if (!alloc.ok) throw new Error(`allocate refused: ${alloc.code} ${alloc.reason}`);
        break;
      }
    } catch (e) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`coturn on port ${port} not ready in ${readyTimeoutMs} ms (${(e as Error).message}):\n${lines.slice(-15).join('\n')}`);
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  return {
    port,
    urls: [`turn:127.0.0.1:${port}?transport=udp`, `turn:127.0.0.1:${port}?transport=tcp`],
    username: user,
    credential: pass,
    realm,
    log: () => lines.join('\n'),
    stop,
  };
}

/**
 * Starts coturn (env TURNSERVER_PATH overrides /usr/bin/turnserver) and resolves once a real
 * TURN allocation succeeds. Retries on a fresh port if the chosen one was taken meanwhile.
 */
export async function startTurn(opts: TurnOptions = {}): Promise<TurnServer> {
  const bin = process.env.TURNSERVER_PATH || '/usr/bin/turnserver';
  if (!existsSync(bin)) {
    throw new Error(`coturn not found at ${bin}: install it (apt-get install -y coturn) or set TURNSERVER_PATH`);
  }
  const user = opts.user ?? 'u';
  const pass = opts.pass ?? 'p';
  const realm = opts.realm ?? 'test';
  let last: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await launchOnce(bin, user, pass, realm, opts.readyTimeoutMs ?? 10000);
    } catch (e) {
      last = e as Error;
      if (/cannot run|not found/.test(last.message)) break;
    }
  }
  throw last ?? new Error('coturn: failed to start');
}
