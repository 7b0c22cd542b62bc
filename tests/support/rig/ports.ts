/** Free loopback ports for child processes that cannot be told "port 0" and report back. */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, createServer, type Socket } from 'node:net';

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

export interface ClosedPort {
  port: number;
  release(): Promise<void>;
}

function bindUdp(): Promise<UdpSocket> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, '127.0.0.1', () => resolve(s));
  });
}

/** A TCP connection whose local end is `localPort`, or undefined when that port is taken for TCP. */
function holdTcp(target: number, localPort: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const c = connect({ host: '127.0.0.1', port: target, localAddress: '127.0.0.1', localPort }, () => resolve(c));
    // Before the connect: the port is taken (resolves undefined). After it: a reset while held, harmless.
    c.on('error', () => {
      c.destroy();
      resolve(undefined);
    });
  });
}

/**
 * A loopback port with no listener on it, held until release(): TCP connections to it are
 * refused and UDP to it is never answered. A port found free and then let go (freePortBoth) could
 * meanwhile be taken by a server of the other worker, which would answer. Here the UDP port stays
 * bound by a socket that never replies, and the TCP port is the local end of a connection to a
 * throwaway server: the kernel hands neither to anyone binding port 0, and a connection to it
 * finds no listener. (A process binding exactly this port could still take the TCP side; no rig does.)
 */
export async function reserveClosedPort(): Promise<ClosedPort> {
  const accepted = new Set<Socket>();
  const target = createServer((s) => {
    accepted.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    target.once('error', reject);
    target.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = target.address();
  const targetPort = typeof addr === 'object' && addr ? addr.port : 0;
  const closeTarget = () =>
    new Promise<void>((resolve) => {
      for (const s of accepted) s.destroy();
      target.close(() => resolve());
    });
  for (let i = 0; i < 20; i++) {
    const udp = await bindUdp();
    const port = udp.address().port;
    const tcp = await holdTcp(targetPort, port);
    if (!tcp) {
      udp.close();
      continue;
    }
    return {
      port,
      async release() {
        tcp.destroy();
        udp.close();
        await closeTarget();
      },
    };
  }
  await closeTarget();
  throw new Error('reserveClosedPort: no loopback port could be held for both TCP and UDP after 20 tries');
}
