/** Free loopback ports for child processes that cannot be told "port 0" and report back. */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => {
      s.close();
      resolve(false);
    });
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/**
 * A port that is free for both TCP and UDP on 127.0.0.1 right now. Another process can still
 * take it before the caller binds, so callers retry on a bind failure.
 */
export async function freePortBoth(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = await freeTcpPort();
    if (await udpFree(port)) return port;
  }
  throw new Error('no loopback port free for both TCP and UDP after 20 tries');
}
