/**
 * WebSocket capture: create, open, every frame both ways, close (with who started it), error.
 * Received frames come from our own listener, added at construction, so they are seen whether the
 * page uses onmessage, addEventListener, both or neither, and before any page handler runs.
 */
import type { Emitter } from './emitter.js';
import { describePayload } from './frames.js';
import { getter, listenerFor, wrapConstructor, wrapMethod } from './native.js';
import { apply, isArray, mapList, SafeMap, SafeWeakMap, SafeWeakSet } from './intrinsics.js';
import { gate, setSocketAccess } from './faults/signaling.js';

const OPEN = 1;

export function installWebSocketHook(win: typeof globalThis, em: Emitter): void {
  const Native = win.WebSocket;
  if (typeof Native !== 'function') return;
  const proto = Native.prototype;
  const on = listenerFor(win);
  const getUrl = getter<string>(proto, 'url');
  const getReadyState = getter<number>(proto, 'readyState');
  const getProtocol = getter<string>(proto, 'protocol');
  const getExtensions = getter<string>(proto, 'extensions');
  const getData = getter<unknown>(win.MessageEvent?.prototype, 'data');
  const getCode = getter<number>(win.CloseEvent?.prototype, 'code');
  const getReason = getter<string>(win.CloseEvent?.prototype, 'reason');
  const getWasClean = getter<boolean>(win.CloseEvent?.prototype, 'wasClean');

  const ids = new SafeWeakMap<object, string>();
  const closedByPage = new SafeWeakSet<object>();
  /** Sockets not yet closed, for Simulate's `Drop connection` (one entry per socket, not per frame). */
  const live = new SafeMap<string, object>();
  const nativeSend = proto.send;
  const nativeClose = proto.close;
  const nativeDispatch = win.EventTarget.prototype.dispatchEvent;
  const stopEvent = win.Event.prototype.stopImmediatePropagation;
  const recordSent = (ws: unknown, id: string, data: unknown): void => {
    // Only frames the browser really sends: send() in CLOSING/CLOSED is silently discarded.
    if (getReadyState?.(ws) === OPEN) em.emit({ kind: 'ws.frame', t: em.now(), id, dir: 'sent', ...describePayload(data) });
  };
  setSocketAccess({
    win,
    live,
    urlOf: (ws) => (getUrl ? getUrl(ws) : ''),
    close: (ws) => apply(nativeClose, ws, []),
    send: (ws, args) => {
      apply(nativeSend, ws, args);
      const id = ids.get(ws);
      if (id) recordSent(ws, id, args[0]);
    },
    dispatch: (ws, e) => apply(nativeDispatch, ws, [e]),
    stop: (e) => apply(stopEvent, e, []),
    dataOf: (e) => (getData ? getData(e) : (e as MessageEvent).data),
    closeInfo: (e) => ({ code: getCode ? getCode(e) : 1006, reason: getReason ? getReason(e) : '', wasClean: getWasClean ? getWasClean(e) : false }),
  });

  wrapConstructor(win, 'WebSocket', (ws, args) => {
    const id = em.nextId('ws');
    ids.set(ws, id);
    const p = args[1];
    const protocols = p === undefined ? [] : isArray(p) ? mapList(p as unknown[], (x) => String(x)) : [String(p)];
    const url = getUrl ? getUrl(ws) : String(args[0]);
    em.emit({ kind: 'ws.create', t: em.now(), id, url, protocols });
    live.set(id, ws);
    if (gate !== null) gate.created(ws, id, url);
    on(ws, 'open', () =>
      em.emit({ kind: 'ws.open', t: em.now(), id, protocol: getProtocol?.(ws) ?? '', extensions: getExtensions?.(ws) ?? '' }),
    );
    on(ws, 'message', (e) => {
      if (gate !== null && gate.event(ws, id, 'message', e)) return;
      const data = getData ? getData(e) : (e as MessageEvent).data;
      em.emit({ kind: 'ws.frame', t: em.now(), id, dir: 'received', ...describePayload(data) });
    });
    on(ws, 'error', (e) => {
      if (gate !== null && gate.event(ws, id, 'error', e)) return;
      em.emit({ kind: 'ws.error', t: em.now(), id });
    });
    on(ws, 'close', (e) => {
      if (gate !== null && gate.event(ws, id, 'close', e)) return;
      live.delete(id);
      em.emit({
        kind: 'ws.close',
        t: em.now(),
        id,
        code: getCode ? getCode(e) : 0,
        reason: getReason ? getReason(e) : '',
        wasClean: getWasClean ? getWasClean(e) : false,
        initiator: closedByPage.has(ws) ? 'page' : 'remote',
      });
    });
  });

  wrapMethod(proto, 'send', (send, ws, args) => {
    // Simulate: a delayed frame is sent (and recorded) later; the page's call returns as usual.
    if (gate !== null) {
      const id = ids.get(ws as object);
      if (id && gate.send(ws as object, id, args)) return undefined;
    }
    const result = apply(send, ws, args);
    try {
      const id = ids.get(ws as object);
      if (id) recordSent(ws, id, args[0]);
    } catch {
      /* capture only */
    }
    return result;
  });

  wrapMethod(proto, 'close', (close, ws, args) => {
    if (ws && typeof ws === 'object' && ids.has(ws)) closedByPage.add(ws);
    return apply(close, ws, args);
  });
}
