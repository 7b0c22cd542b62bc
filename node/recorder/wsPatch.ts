/**
 * Records WebSocket traffic of a Node program: every loaded copy of the `ws` package (patched on
 * its prototype, so sockets the program already holds and subclasses are covered) and Node's
 * global WebSocket where the runtime has one.
 *
 * Research measured here: a recorder that requires its own `ws` sees nothing when the app loads
 * another copy, so the module loader is wrapped and every copy that loads gets patched.
 */
import type { CaptureEvent } from '../../core/capture/events.js';
import { LIMITS } from '../../core/capture/events.js';

type Emit = (ev: CaptureEvent) => void;
type AnyFn = (...args: unknown[]) => unknown;

const utf8 = new TextEncoder();
/** The bytes as the hook writes them ("0a 1f …"), whole up to LIMITS.maxBinaryBytes: binary protocols decode from them. */
function hexPreview(bytes: Uint8Array): string {
  const n = Math.min(bytes.length, LIMITS.maxBinaryBytes);
  return Array.from(bytes.subarray(0, n), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

function asBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (Array.isArray(data)) {
    // ws delivers fragmented binary messages as an array of Buffers when binaryType is 'fragments'.
    const parts = data.filter((p): p is Uint8Array => p instanceof Uint8Array);
    return Buffer.concat(parts);
  }
  return undefined;
}

/** Turns one payload into the frame fields: text frames keep (truncated) text, binary a hex preview. */
export function framePayload(data: unknown, binary: boolean): Pick<Extract<CaptureEvent, { kind: 'ws.frame' }>, 'size' | 'binary' | 'text' | 'preview' | 'truncated'> {
  if (typeof data === 'string') {
    const size = utf8.encode(data).length;
    const truncated = data.length > LIMITS.maxFrameText;
    return { size, binary: false, text: truncated ? data.slice(0, LIMITS.maxFrameText) : data, ...(truncated ? { truncated } : {}) };
  }
  const bytes = asBytes(data) ?? new Uint8Array(0);
  if (!binary) {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    const truncated = text.length > LIMITS.maxFrameText;
    return { size: bytes.length, binary: false, text: truncated ? text.slice(0, LIMITS.maxFrameText) : text, ...(truncated ? { truncated } : {}) };
  }
  return { size: bytes.length, binary: true, preview: hexPreview(bytes), ...(bytes.length > LIMITS.maxBinaryBytes ? { truncated: true } : {}) };
}

export interface Recorder {
  /** Patches a `ws` WebSocket class once; returns whether it was one. */
  patchWsClass(candidate: unknown): boolean;
  /** Wraps globalThis.WebSocket (undici) where present. */
  patchGlobalWebSocket(g: typeof globalThis): void;
}

export function createRecorder(emit: Emit, now: () => number = () => performance.timeOrigin + performance.now()): Recorder {
  const ids = new WeakMap<object, string>();
  const closingByApp = new WeakSet<object>();
  const patched = new WeakSet<object>();
  let next = 1;
  const prefix = `node${process.pid}`;

  function idOf(sock: object & { url?: unknown; _isServer?: unknown }, protocols: string[] = [], t: number = now()): string {
    let id = ids.get(sock);
    if (!id) {
      id = `${prefix}:ws-${next++}`;
      ids.set(sock, id);
      // A socket accepted by a ws server has no URL of its own.
      const url = typeof sock.url === 'string' && sock.url ? sock.url : sock._isServer ? '(accepted by a server in this process)' : '(unknown)';
      emit({ kind: 'ws.create', t, id, url, protocols });
    }
    return id;
  }

  function isWsClass(c: unknown): c is { prototype: Record<string, AnyFn> } {
    if (typeof c !== 'function') return false;
    const proto = (c as { prototype?: Record<string, unknown> }).prototype;
    return !!proto && typeof proto.send === 'function' && typeof proto.ping === 'function' && typeof proto.emit === 'function' && (c as { CONNECTING?: unknown }).CONNECTING === 0;
  }

  function patchWsClass(candidate: unknown): boolean {
    if (!isWsClass(candidate) || patched.has(candidate)) return false;
    patched.add(candidate);
    const proto = candidate.prototype;
    const send = proto.send!;
    const emitOrig = proto.emit!;
    const close = proto.close;
    const terminate = proto.terminate;

    proto.send = function (this: object, data: unknown, options?: unknown, cb?: unknown) {
      try {
        const opts = typeof options === 'object' && options ? (options as { binary?: boolean }) : {};
        const binary = opts.binary ?? typeof data !== 'string';
        emit({ kind: 'ws.frame', t: now(), id: idOf(this), dir: 'sent', ...framePayload(data, binary) });
      } catch {
        /* never break the program's send */
      }
      return send.apply(this, [data, options, cb].slice(0, arguments.length));
    };
    if (close) {
      proto.close = function (this: object, ...args: unknown[]) {
        closingByApp.add(this);
        return close.apply(this, args);
      };
    }
    if (terminate) {
      proto.terminate = function (this: object, ...args: unknown[]) {
        closingByApp.add(this);
        return terminate.apply(this, args);
      };
    }
    proto.emit = function (this: object & { protocol?: string; extensions?: string }, event: unknown, ...args: unknown[]) {
      try {
        const t = now();
        if (event === 'open') {
          emit({ kind: 'ws.open', t, id: idOf(this, [], t), protocol: String(this.protocol ?? ''), extensions: String(this.extensions ?? '') });
        } else if (event === 'message') {
          // ws 8: (data: Buffer, isBinary); ws 7: (data: string | Buffer).
          const [data, isBinary] = args;
          const binary = typeof isBinary === 'boolean' ? isBinary : typeof data !== 'string';
          emit({ kind: 'ws.frame', t, id: idOf(this, [], t), dir: 'received', ...framePayload(data, binary) });
        } else if (event === 'close') {
          const [code, reason] = args;
          emit({
            kind: 'ws.close',
            t,
            id: idOf(this, [], t),
            code: typeof code === 'number' ? code : 1005,
            reason: reason === undefined ? '' : String(reason),
            wasClean: code !== 1006,
            initiator: closingByApp.has(this) ? 'page' : 'remote',
          });
        } else if (event === 'error') {
          emit({ kind: 'ws.error', t, id: idOf(this, [], t) });
        }
      } catch {
        /* recording must not change what the program sees */
      }
      return emitOrig.apply(this, [event, ...args]);
    };
    return true;
  }

  function patchGlobalWebSocket(g: typeof globalThis): void {
    const Native = (g as { WebSocket?: typeof WebSocket }).WebSocket;
    if (typeof Native !== 'function' || patched.has(Native)) return;
    patched.add(Native);
    const send = Native.prototype.send;
    Native.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
      try {
        if (typeof Blob !== 'undefined' && data instanceof Blob) {
          emit({ kind: 'ws.frame', t: now(), id: idOf(this), dir: 'sent', size: data.size, binary: true });
        } else {
          emit({ kind: 'ws.frame', t: now(), id: idOf(this), dir: 'sent', ...framePayload(data, typeof data !== 'string') });
        }
      } catch {
        /* ignore */
      }
      return send.call(this, data as string);
    };
    const Wrapped = new Proxy(Native, {
      construct(target, args, newTarget) {
        const sock = Reflect.construct(target, args, newTarget) as WebSocket;
        try {
          const protocols = args[1] === undefined ? [] : ([] as unknown[]).concat(args[1]).map(String);
          const id = idOf(sock, protocols);
          sock.addEventListener('open', () => emit({ kind: 'ws.open', t: now(), id, protocol: sock.protocol, extensions: sock.extensions }));
          sock.addEventListener('message', (e: MessageEvent) => {
            const binary = typeof e.data !== 'string';
            if (typeof Blob !== 'undefined' && e.data instanceof Blob) {
              emit({ kind: 'ws.frame', t: now(), id, dir: 'received', size: e.data.size, binary: true });
            } else {
              emit({ kind: 'ws.frame', t: now(), id, dir: 'received', ...framePayload(e.data, binary) });
            }
          });
          sock.addEventListener('close', (e: CloseEvent) =>
            emit({ kind: 'ws.close', t: now(), id, code: e.code, reason: e.reason, wasClean: e.wasClean, initiator: 'remote' }),
          );
          sock.addEventListener('error', () => emit({ kind: 'ws.error', t: now(), id }));
        } catch {
          /* ignore */
        }
        return sock;
      },
    });
    (g as { WebSocket?: unknown }).WebSocket = Wrapped;
  }

  return { patchWsClass, patchGlobalWebSocket };
}
