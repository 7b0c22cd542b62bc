/**
 * Signaling faults, applied to the page's own WebSockets: `Drop connection` (with `Offline for (s)`),
 * `Withhold replies`, `Delay frames`. ws.ts calls into `gate` at four points (socket created, page
 * sends, an event arrives, the socket is gone); `gate` is null whenever nothing here is at work, so
 * without an armed fault each hot path pays one test of a module-level binding.
 *
 * How the page is made to see a fault: ws.ts's own listener is the first on every socket (added in
 * the constructor), so stopping an event there hides it from every page listener and `onmessage`.
 * A dropped socket is closed quietly with the native close(); its real close is hidden and the page
 * gets what a network loss gives: `error`, then `close` with code 1006, wasClean false. Delayed
 * events are hidden and re-dispatched later as copies (ws.ts records them when they reach the page);
 * delayed sends are held and sent later through the native send. Withheld replies are dropped: on
 * Stop they are not delivered (a lost reply is what the fault stands for; a late one would be a
 * different fault).
 */
import type { FaultOf } from '../../../core/simulate/faults.js';
import { frameMeaning, methodMatches } from '../../../core/simulate/match.js';
import { min, SafeMap, SafeSet, SafeWeakMap, SafeWeakSet } from '../intrinsics.js';
import { registerFaultHandler, type FaultCtx } from './index.js';

/** What ws.ts lends the faults: its natives and its capture. */
export interface SocketAccess {
  win: typeof globalThis;
  /** Live sockets by capture id (removed on their recorded close). */
  live: Map<string, object>;
  urlOf(ws: object): string;
  /** Native close, not the page-visible wrapper (so the capture does not call it the page's close). */
  close(ws: object): void;
  /** Native send plus the capture of the sent frame, as the send wrapper does. */
  send(ws: object, args: unknown[]): void;
  dispatch(ws: object, e: Event): void;
  stop(e: Event): void;
  dataOf(e: Event): unknown;
  closeInfo(e: Event): { code: number; reason: string; wasClean: boolean };
}

export interface WsGate {
  /** A socket was constructed: true when it must fail at once (offline). */
  created(ws: object, id: string, url: string): void;
  /** The page called send(): true when the gate took the frame (sends it later, or never). */
  send(ws: object, id: string, args: unknown[]): boolean;
  /** An event reached ws.ts's listener: true when the page must not see it (now). */
  event(ws: object, id: string, type: string, e: Event): boolean;
}

/** Null unless a signaling fault is armed or still finishing its work (see refresh). */
export let gate: WsGate | null = null;
let access: SocketAccess | undefined;

export function setSocketAccess(a: SocketAccess): void {
  access = a;
}

/** Our own copies of events: ws.ts lets them through and records them. */
const ours = new SafeWeakSet<object>();
/** Dropped sockets: their real events are hidden; value = whether the page got its 1006 yet. */
const dropped = new SafeWeakMap<object, boolean>();
let pendingDrops = 0;

interface Offline {
  until: number;
  keys: Set<string>;
  ctx: FaultCtx;
}
const offline = new SafeMap<string, Offline>();
interface Withhold {
  re: RegExp;
  left: number;
  keys: Set<string>;
  ctx: FaultCtx;
}
const withholds = new SafeMap<string, Withhold>();
const delays = new SafeMap<string, { dir: 'sent' | 'received'; ms: number; ctx: FaultCtx; seen: Set<string> }>();

interface Held {
  due: number;
  run: () => void;
}
/** Per socket, per direction: what is held, in order. */
const queues = new SafeMap<object, Held[]>();
let queued = 0;

/** Where a socket connects, without the query (a reconnect adds ?voice_sdk_id=… to the same place). */
function place(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

function now(): number {
  return access ? access.win.performance.now() : 0;
}

function refresh(): void {
  gate = offline.size || withholds.size || delays.size || pendingDrops || queued ? impl : null;
}

/** The page sees a network loss: error, then close 1006 (once the real close is hidden, or after 1 s). */
function loseSocket(ws: object): void {
  const a = access;
  if (!a || dropped.has(ws)) return;
  dropped.set(ws, false);
  pendingDrops++;
  refresh();
  a.close(ws);
  a.win.setTimeout(() => deliverLoss(ws), 1000);
}

function deliverLoss(ws: object): void {
  const a = access;
  if (!a || dropped.get(ws) !== false) return;
  dropped.set(ws, true);
  pendingDrops--;
  const err = new a.win.Event('error');
  const close = new a.win.CloseEvent('close', { code: 1006, reason: '', wasClean: false });
  ours.add(err);
  ours.add(close);
  a.dispatch(ws, err);
  a.dispatch(ws, close);
  refresh();
}

function delayFor(dir: 'sent' | 'received'): { ms: number; ctx: FaultCtx; seen: Set<string> } | undefined {
  let found: { ms: number; ctx: FaultCtx; seen: Set<string> } | undefined;
  delays.forEach((d) => {
    if (d.dir === dir && (!found || d.ms > found.ms)) found = d;
  });
  return found;
}

function hold(ws: object, dir: string, ms: number, run: () => void): void {
  const k = dir === 'sent' ? ws : rx(ws);
  let q = queues.get(k);
  if (!q) queues.set(k, (q = []));
  q.push({ due: now() + ms, run });
  queued++;
  refresh();
  if (q.length === 1) schedule(k, q);
}

/** The received-direction queue of a socket has its own key object. */
const rxKeys = new SafeWeakMap<object, object>();
function rx(ws: object): object {
  let k = rxKeys.get(ws);
  if (!k) rxKeys.set(ws, (k = {}));
  return k;
}

function schedule(k: object, q: Held[]): void {
  const a = access;
  if (!a || !q.length) return;
  a.win.setTimeout(() => drain(k, false), Math.max(0, q[0]!.due - now()));
}

function drain(k: object, all: boolean): void {
  const q = queues.get(k);
  if (!q) return;
  while (q.length && (all || q[0]!.due <= now() + 1)) {
    const h = q.shift()!;
    queued--;
    try {
      h.run();
    } catch {
      /* the page's own handler threw: not ours to report */
    }
  }
  if (!q.length) queues.delete(k);
  else if (!all) schedule(k, q);
  refresh();
}

function copyOf(a: SocketAccess, type: string, e: Event): Event {
  if (type === 'message') return new a.win.MessageEvent('message', { data: a.dataOf(e) });
  if (type === 'close') return new a.win.CloseEvent('close', a.closeInfo(e));
  return new a.win.Event(type);
}

const impl: WsGate = {
  created(ws, id, url) {
    const p = place(url);
    let hit: Offline | undefined;
    offline.forEach((o) => {
      if (o.keys.has(p) && o.until > now()) hit = o;
    });
    if (!hit) return;
    loseSocket(ws);
    hit.ctx.applied(id, 'refused', 'offline: ' + p);
  },

  send(ws, id, args) {
    if (withholds.size && typeof args[0] === 'string') {
      const m = frameMeaning(args[0]);
      if (m && m.request) {
        withholds.forEach((w) => {
          if (w.left > 0 && methodMatches(w.re, m.methods)) {
            w.left--;
            w.keys.add(id + '|' + m.key);
            w.ctx.applied(id, 'watching', m.methods.join(' / '));
          }
        });
      }
    }
    const d = delayFor('sent');
    const q = queues.get(ws);
    if (!d && !q) return false;
    if (d && !d.seen.has(id)) {
      d.seen.add(id);
      d.ctx.applied(id, 'delayed', 'sent +' + d.ms + ' ms');
    }
    const a = access!;
    hold(ws, 'sent', d ? d.ms : 0, () => a.send(ws, args));
    return true;
  },

  event(ws, id, type, e) {
    const a = access;
    if (!a || ours.has(e)) return false;
    if (dropped.has(ws)) {
      a.stop(e);
      if (type === 'close') deliverLoss(ws);
      return true;
    }
    if (type === 'message' && withholds.size) {
      const data = a.dataOf(e);
      const m = typeof data === 'string' ? frameMeaning(data) : null;
      if (m) {
        let hide = false;
        withholds.forEach((w) => {
          const key = id + '|' + m.key;
          if (!m.request && w.keys.has(key)) {
            w.keys.delete(key);
            hide = true;
            w.ctx.applied(id, 'withheld', 'reply ' + m.key.slice(2));
          } else if (m.request && w.left > 0 && methodMatches(w.re, m.methods)) {
            w.left--;
            hide = true;
            w.ctx.applied(id, 'withheld', m.methods.join(' / '));
          }
        });
        if (hide) {
          a.stop(e);
          return true;
        }
      }
    }
    const d = delayFor('received');
    if (!d && !queues.get(rx(ws))) return false;
    a.stop(e);
    if (d && !d.seen.has(id)) {
      d.seen.add(id);
      d.ctx.applied(id, 'delayed', 'received +' + d.ms + ' ms');
    }
    const copy = copyOf(a, type, e);
    ours.add(copy);
    hold(ws, 'received', d ? d.ms : 0, () => a.dispatch(ws, copy));
    return true;
  },
};

function matchesSocket(chosen: string | undefined, id: string): boolean {
  if (!chosen) return true;
  return chosen === id || id.endsWith(':' + chosen) || chosen.endsWith(':' + id.slice(id.indexOf(':') + 1));
}

registerFaultHandler('drop-connection', (f: FaultOf<'drop-connection'>, ctx) => {
  const a = access;
  if (!a) return;
  const keys = new SafeSet<string>();
  const victims: [string, object][] = [];
  a.live.forEach((ws, id) => {
    if (matchesSocket(f.params.socket, id)) victims.push([id, ws]);
  });
  for (const [id, ws] of victims) {
    keys.add(place(a.urlOf(ws)));
    ctx.applied(id, 'dropped', 'close 1006');
    loseSocket(ws);
  }
  // Clamped again here: the hook's check of an order is a light one (core/messages/faults.ts).
  const ms = min(+f.params.offlineS || 0, 600) * 1000;
  if (!(ms > 0)) {
    ctx.end('done');
    return;
  }
  offline.set(ctx.id, { until: now() + ms, keys, ctx });
  refresh();
  const timer = a.win.setTimeout(() => ctx.end('expired'), ms);
  return () => {
    a.win.clearTimeout(timer);
    offline.delete(ctx.id);
    refresh();
  };
});

registerFaultHandler('withhold-replies', (f: FaultOf<'withhold-replies'>, ctx) => {
  // A bad pattern throws here: the registry then ends the fault at once.
  withholds.set(ctx.id, { re: new RegExp(f.params.method), left: +(f.params.count ?? 0) || Infinity, keys: new SafeSet<string>(), ctx });
  refresh();
  return () => {
    withholds.delete(ctx.id);
    refresh();
  };
});

registerFaultHandler('delay-frames', (f: FaultOf<'delay-frames'>, ctx) => {
  delays.set(ctx.id, { dir: f.params.dir === 'sent' ? 'sent' : 'received', ms: min(+f.params.delayMs || 0, 60_000), ctx, seen: new SafeSet<string>() });
  refresh();
  return () => {
    delays.delete(ctx.id);
    // What is held goes out now, in order: the fault is over.
    const keys: object[] = [];
    queues.forEach((_q, k) => keys.push(k));
    for (const k of keys) drain(k, true);
    refresh();
  };
});
