/**
 * A LiveKit room as the spec and the demo set it up: the fake LiveKit server (serving tests/demo and
 * node_modules on its own port) and a far-end page in a plain Chromium, so the extension under test
 * never sees the far end.
 */
import { join, resolve } from 'node:path';
import type { Browser } from '@playwright/test';
import { startLiveKitServer, type LiveKitServer, type LiveKitServerOptions } from '../servers/livekit.js';
import { launchPlainChromium } from './browser.js';
import { startFarEnd } from './farend.js';
import { Teardown } from './teardown.js';

const ROOT = resolve(import.meta.dirname, '../../..');

export interface LiveKitRoomRig {
  server: LiveKitServer;
  /** The demo page joining as `identity` with a token that carries `secret` in its signature part. */
  demoUrl(identity?: string, secret?: string, extra?: Record<string, string>): string;
  /** The access token the demo URL gives the page (unsigned: the fake server reads only its subject). */
  token(identity: string, secret: string): string;
  close(): Promise<void>;
}

let run = 0;

export async function startLiveKitRoomRig(opts: Omit<LiveKitServerOptions, 'mounts'> & { browser?: Browser } = {}): Promise<LiveKitRoomRig> {
  const { browser: given, ...serverOpts } = opts;
  const teardown = new Teardown();
  try {
    const server = await startLiveKitServer({ ...serverOpts, mounts: { '/': join(ROOT, 'tests/demo'), '/node_modules/': join(ROOT, 'node_modules') } });
    teardown.add(() => server.close());
    const browser = given ?? (await launchPlainChromium());
    if (!given) teardown.add(() => browser.close());
    const farEnd = await startFarEnd(server.farEndUrl, { browser });
    teardown.add(() => farEnd.close());
    const token = (identity: string, secret: string) =>
      `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: identity, video: { room: 'demo-room', roomJoin: true } })).toString('base64url')}.${secret}`;
    return {
      server,
      token,
      demoUrl: (identity = 'alice', secret = 'sig', extra = {}) =>
        `${server.httpUrl}/livekit/index.html?${new URLSearchParams({ host: server.url, token: token(identity, secret), run: `${process.pid}-${++run}`, ...extra })}`,
      close: () => teardown.close(),
    };
  } catch (e) {
    await teardown.close().catch(() => undefined);
    throw e;
  }
}
