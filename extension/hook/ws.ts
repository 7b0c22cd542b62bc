/**
 * WebSocket capture: create, open, every frame both ways, close (with who started it), error.
 * Received frames come from our own listener, added at construction, so they are seen whether the
 * page uses onmessage, addEventListener, both or neither, and before any page handler runs.
 */
import type { Emitter } from './emitter.js';
import { describePayload } from './frames.js';
import { getter, listenerFor, wrapConstructor, wrapMethod } from './native.js';
import { apply, isArray, mapList, SafeWeakMap, SafeWeakSet } from './intrinsics.js';

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

  wrapConstructor(win, 'WebSocket', (ws, args) => {
    const id = em.nextId('ws');
    ids.set(ws, id);
    const p = args[1];
    const protocols = p === undefined ? [] : isArray(p) ? mapList(p as unknown[], (x) => String(x)) : [String(p)];
    em.emit({ kind: 'ws.create', t: em.now(), id, url: getUrl ? getUrl(ws) : String(args[0]), protocols });
    on(ws, 'open', () =>
      em.emit({ kind: 'ws.open', t: em.now(), id, protocol: getProtocol?.(ws) ?? '', extensions: getExtensions?.(ws) ?? '' }),
    );
    on(ws, 'message', (e) => {
      const data = getData ? getData(e) : (e as MessageEvent).data;
      em.emit({ kind: 'ws.frame', t: em.now(), id, dir: 'received', ...describePayload(data) });
    });
    on(ws, 'error', () => em.emit({ kind: 'ws.error', t: em.now(), id }));
    on(ws, 'close', (e) =>
      em.emit({
        kind: 'ws.close',
        t: em.now(),
        id,
        code: getCode ? getCode(e) : 0,
        reason: getReason ? getReason(e) : '',
        wasClean: getWasClean ? getWasClean(e) : false,
        initiator: closedByPage.has(ws) ? 'page' : 'remote',
      }),
    );
  });

  wrapMethod(proto, 'send', (send, ws, args) => {
    const result = apply(send, ws, args);
    // Only frames the browser really sends: send() in CLOSING/CLOSED is silently discarded.
    try {
      const id = ids.get(ws as object);
      if (id && getReadyState?.(ws) === OPEN) em.emit({ kind: 'ws.frame', t: em.now(), id, dir: 'sent', ...describePayload(args[0]) });
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
