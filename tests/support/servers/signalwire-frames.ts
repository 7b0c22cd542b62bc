/**
 * The fake SignalWire relay's frame log: every frame on every client socket, labelled so tests
 * can find "the reply to verto.invite" or "the ack of the verto.answer event" without parsing.
 */
import type { Json, JsonObject } from './signalwire-shapes.js';

/** One frame on one client socket. `dir` is from the client's point of view, like the capture's. */
export interface SwFrame {
  seq: number;
  t: number;
  /** Connection number, 1-based, in accept order. */
  conn: number;
  dir: 'sent' | 'received';
  text: string;
  msg: JsonObject | null;
  /** JSON-RPC id, when there is one. */
  id: Json | undefined;
  /** Request method, or for a response the method of the request it answers. */
  method: string | undefined;
  /** Inner verto method for webrtc.verto / video.message / webrtc.message frames (and their replies). */
  verto: string | undefined;
  kind: 'request' | 'response' | 'other';
}

type Label = { method: string; verto: string | undefined };

/** RPC methods that carry a verto message from the client. */
export const VERTO_WRAPPERS: ReadonlySet<string> = new Set(['webrtc.verto', 'video.message']);

function isObj(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The verto method inside a webrtc.verto / video.message request or a webrtc.message event. */
export function innerVerto(msg: JsonObject): string | undefined {
  const p = msg.params;
  if (!isObj(p)) return undefined;
  if (typeof msg.method === 'string' && VERTO_WRAPPERS.has(msg.method) && isObj(p.message)) {
    return typeof p.message.method === 'string' ? p.message.method : undefined;
  }
  if (msg.method === 'signalwire.event' && p.event_type === 'webrtc.message' && isObj(p.params)) {
    return typeof p.params.method === 'string' ? p.params.method : undefined;
  }
  return undefined;
}

function idKey(id: Json | undefined): string {
  return JSON.stringify(id ?? null);
}

export class FrameLog {
  readonly frames: SwFrame[] = [];
  private seq = 0;
  /** Per connection: ids of requests the client sent / the server sent, to label the replies. */
  private fromClient = new Map<number, Map<string, Label>>();
  private fromServer = new Map<number, Map<string, Label>>();
  private waiters = new Set<{ pred: (f: SwFrame) => boolean; resolve: (f: SwFrame) => void }>();

  private table(which: Map<number, Map<string, Label>>, conn: number): Map<string, Label> {
    let t = which.get(conn);
    if (!t) which.set(conn, (t = new Map()));
    return t;
  }

  record(conn: number, dir: SwFrame['dir'], text: string): SwFrame {
    let msg: JsonObject | null = null;
    try {
      const v: unknown = JSON.parse(text);
      if (isObj(v)) msg = v;
    } catch {
      /* kept as text: malformed frames are part of what tests look at */
    }
    let method: string | undefined;
    let verto: string | undefined;
    let kind: SwFrame['kind'] = 'other';
    if (msg && typeof msg.method === 'string') {
      kind = 'request';
      method = msg.method;
      verto = innerVerto(msg);
      const t = this.table(dir === 'sent' ? this.fromClient : this.fromServer, conn);
      if (msg.id !== undefined) t.set(idKey(msg.id), { method, verto });
    } else if (msg && ('result' in msg || 'error' in msg)) {
      kind = 'response';
      const req = this.table(dir === 'sent' ? this.fromServer : this.fromClient, conn).get(idKey(msg.id));
      method = req?.method;
      verto = req?.verto;
    }
    const f: SwFrame = { seq: ++this.seq, t: Date.now(), conn, dir, text, msg, id: msg?.id, method, verto, kind };
    this.frames.push(f);
    for (const w of [...this.waiters]) {
      let hit = false;
      try {
        hit = w.pred(f);
      } catch {
        // A test's predicate tripping over an odd frame must not stop the server.
      }
      if (hit) {
        this.waiters.delete(w);
        w.resolve(f);
      }
    }
    return f;
  }

  /** The first frame (existing or future) that matches, or a rejection after timeoutMs. */
  waitFor(pred: (f: SwFrame) => boolean, timeoutMs = 15000): Promise<SwFrame> {
    const found = this.frames.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const w = {
        pred,
        resolve: (f: SwFrame) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(w);
        reject(new Error(`no matching SignalWire frame in ${timeoutMs} ms (${this.frames.length} frames logged)`));
      }, timeoutMs);
      this.waiters.add(w);
    });
  }
}
