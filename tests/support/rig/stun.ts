/**
 * A tiny STUN/TURN client for Node (UDP only): enough to prove that a TURN server on loopback
 * really answers and really allocates with long-term credentials (RFC 5389 / 5766).
 * Used by coturn.ts to decide the server is ready, and by tests that check credentials.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';

const MAGIC = 0x2112a442;
const T = {
  bindingRequest: 0x0001,
  bindingSuccess: 0x0101,
  allocateRequest: 0x0003,
  allocateSuccess: 0x0103,
  allocateError: 0x0113,
} as const;
const A = {
  username: 0x0006,
  integrity: 0x0008,
  errorCode: 0x0009,
  realm: 0x0014,
  nonce: 0x0015,
  xorRelayed: 0x0016,
  requestedTransport: 0x0019,
  xorMapped: 0x0020,
} as const;

interface StunMessage {
  type: number;
  tid: Buffer;
  attrs: Map<number, Buffer>;
}

function attr(type: number, value: Buffer): Buffer {
  const pad = (4 - (value.length % 4)) % 4;
  const head = Buffer.alloc(4);
  head.writeUInt16BE(type, 0);
  head.writeUInt16BE(value.length, 2);
  return Buffer.concat([head, value, Buffer.alloc(pad)]);
}

function header(type: number, length: number, tid: Buffer): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(type, 0);
  h.writeUInt16BE(length, 2);
  h.writeUInt32BE(MAGIC, 4);
  tid.copy(h, 8);
  return h;
}

/** Builds a request; with `key`, appends MESSAGE-INTEGRITY computed over everything before it. */
function encode(type: number, tid: Buffer, attrs: Buffer[], key?: Buffer): Buffer {
  const body = Buffer.concat(attrs);
  if (!key) return Buffer.concat([header(type, body.length, tid), body]);
  // The length field must already count the 24-byte integrity attribute when the HMAC is taken.
  const pre = Buffer.concat([header(type, body.length + 24, tid), body]);
  const mac = createHmac('sha1', key).update(pre).digest();
  return Buffer.concat([pre, attr(A.integrity, mac)]);
}

function decode(buf: Buffer): StunMessage | undefined {
  if (buf.length < 20 || buf.readUInt32BE(4) !== MAGIC) return undefined;
  const len = buf.readUInt16BE(2);
  const attrs = new Map<number, Buffer>();
  let off = 20;
  while (off + 4 <= 20 + len && off + 4 <= buf.length) {
    const type = buf.readUInt16BE(off);
    const alen = buf.readUInt16BE(off + 2);
    attrs.set(type, buf.subarray(off + 4, off + 4 + alen));
    off += 4 + alen + ((4 - (alen % 4)) % 4);
  }
  return { type: buf.readUInt16BE(0), tid: buf.subarray(8, 20), attrs };
}

function xorAddress(v: Buffer | undefined): { address: string; port: number } | undefined {
  if (!v || v.length < 8 || v[1] !== 0x01) return undefined; // IPv4 only: the rig is loopback IPv4
  const port = v.readUInt16BE(2) ^ (MAGIC >>> 16);
  const raw = v.readUInt32BE(4) ^ MAGIC;
  const address = [24, 16, 8, 0].map((s) => (raw >>> s) & 0xff).join('.');
  return { address, port };
}

function errorOf(v: Buffer | undefined): { code: number; reason: string } | undefined {
  if (!v || v.length < 4) return undefined;
  return { code: (v[2]! & 0x7) * 100 + v[3]!, reason: v.subarray(4).toString('utf8') };
}

/** Sends one request and resolves with the response of the same transaction id, or rejects on timeout. */
function transact(sock: Socket, host: string, port: number, msg: Buffer, tid: Buffer, timeoutMs: number): Promise<StunMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sock.off('message', onMsg);
      reject(new Error(`STUN: no response from ${host}:${port} in ${timeoutMs} ms`));
    }, timeoutMs);
    const onMsg = (data: Buffer) => {
      const m = decode(data);
      if (!m || !m.tid.equals(tid)) return;
      clearTimeout(timer);
      sock.off('message', onMsg);
      resolve(m);
    };
    sock.on('message', onMsg);
    sock.send(msg, port, host);
  });
}

async function withSocket<R>(fn: (s: Socket) => Promise<R>): Promise<R> {
  const sock = createSocket('udp4');
  await new Promise<void>((res, rej) => {
    sock.once('error', rej);
    sock.bind(0, '127.0.0.1', () => {
      sock.off('error', rej);
      res();
    });
  });
  try {
    return await fn(sock);
  } finally {
    sock.close();
  }
}

/** STUN Binding: resolves with the reflexive address the server saw. */
export function stunBinding(host: string, port: number, timeoutMs = 1000): Promise<{ address: string; port: number }> {
  return withSocket(async (sock) => {
    const tid = randomBytes(12);
    const res = await transact(sock, host, port, encode(T.bindingRequest, tid, []), tid, timeoutMs);
    const mapped = res.type === T.bindingSuccess ? xorAddress(res.attrs.get(A.xorMapped)) : undefined;
    if (!mapped) throw new Error(`STUN: unexpected binding response type 0x${res.type.toString(16)}`);
    return mapped;
  });
}

export type AllocateResult =
  | { ok: true; relayed: { address: string; port: number } }
  | { ok: false; code: number; reason: string };

/**
 * TURN Allocate over UDP with long-term credentials: first unauthenticated request to learn
 * realm+nonce (401), then the signed one. A wrong credential comes back as `{ok:false, code:401}`.
 */
export function turnAllocate(host: string, port: number, username: string, password: string, timeoutMs = 1500): Promise<AllocateResult> {
  return withSocket(async (sock) => {
    const udp = attr(A.requestedTransport, Buffer.from([17, 0, 0, 0]));
    const tid1 = randomBytes(12);
    const first = await transact(sock, host, port, encode(T.allocateRequest, tid1, [udp]), tid1, timeoutMs);
    const err1 = errorOf(first.attrs.get(A.errorCode));
    const realm = first.attrs.get(A.realm);
    const nonce = first.attrs.get(A.nonce);
    if (first.type !== T.allocateError || err1?.code !== 401 || !realm || !nonce) {
      throw new Error(`TURN: expected a 401 challenge, got type 0x${first.type.toString(16)} ${err1?.code ?? ''}`);
    }
    const key = createHash('md5').update(`${username}:${realm.toString('utf8')}:${password}`).digest();
    const tid2 = randomBytes(12);
    const signed = encode(
      T.allocateRequest,
      tid2,
      [udp, attr(A.username, Buffer.from(username)), attr(A.realm, realm), attr(A.nonce, nonce)],
      key,
    );
    const second = await transact(sock, host, port, signed, tid2, timeoutMs);
    if (second.type === T.allocateSuccess) {
      const relayed = xorAddress(second.attrs.get(A.xorRelayed));
      if (relayed) return { ok: true, relayed };
    }
    const err2 = errorOf(second.attrs.get(A.errorCode)) ?? { code: 0, reason: `type 0x${second.type.toString(16)}` };
    return { ok: false, ...err2 };
  });
}
