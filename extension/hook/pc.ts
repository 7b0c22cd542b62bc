/**
 * RTCPeerConnection capture: sanitized config, every API call with its outcome and duration, every
 * event, and a getStats sample per second while the connection is open. The page's own getStats
 * calls are not logged (they would drown the log at the rate apps poll).
 */
import type { Json } from '../../core/capture/events.js';
import type { Emitter } from './emitter.js';
import { getter, listenerFor, wrapConstructor, wrapMethod } from './native.js';
import { toJson } from './serialize.js';
import { onRestore, rememberDefinition } from './restore.js';
import { mediaGates } from './faults/media.js';
import { append, apply, defineProperty, getOwnPropertyDescriptor, indexWhere, isArray, mapList, objectKeys, SafeMap, SafeWeakMap, stringifyJson, onSettle } from './intrinsics.js';

const PROMISE_METHODS = ['createOffer', 'createAnswer', 'setLocalDescription', 'setRemoteDescription', 'addIceCandidate'];
const SYNC_METHODS = ['addTrack', 'removeTrack', 'addTransceiver', 'createDataChannel', 'restartIce', 'setConfiguration', 'close'];
const STATE_EVENTS: Record<string, string> = {
  connectionstatechange: 'connectionState',
  iceconnectionstatechange: 'iceConnectionState',
  signalingstatechange: 'signalingState',
  icegatheringstatechange: 'iceGatheringState',
};
export const STATS_INTERVAL_MS = 1000;

/** TURN secrets never leave the page: drop username/credential from every ICE server. */
export function sanitizeConfig(config: unknown): Json {
  const json = toJson(config);
  if (json && typeof json === 'object' && !isArray(json)) {
    const servers = json.iceServers;
    if (isArray(servers)) {
      for (let i = 0; i < servers.length; i++) {
        const s = servers[i];
        if (s && typeof s === 'object' && !isArray(s)) {
          if ('username' in s) s.username = '[redacted]';
          if ('credential' in s) s.credential = '[redacted]';
        }
      }
    }
  }
  return json;
}

function errorJson(err: unknown): Json {
  const j = toJson(err);
  if (j && typeof j === 'object' && !isArray(j) && 'name' in j) return j;
  return { name: 'Error', message: typeof j === 'string' ? j : stringifyJson(j) };
}

export interface PeerConnectionHook {
  /** The frame's open peer connections with their capture ids (the media faults act on them). */
  pcs(): { pc: object; id: string }[];
}

export function installPeerConnectionHook(win: typeof globalThis, em: Emitter, onActivity: () => void): PeerConnectionHook | undefined {
  const Native = win.RTCPeerConnection;
  if (typeof Native !== 'function') return undefined;
  const proto = Native.prototype;
  const listen = listenerFor(win);
  const getStats = proto.getStats;
  const statsForEach = win.RTCStatsReport?.prototype.forEach;
  const setInterval_ = win.setInterval.bind(win);
  const clearInterval_ = win.clearInterval.bind(win);
  const getSignaling = getter<string>(proto, 'signalingState');
  // Each state event with the saved getter of the property it reports.
  const stateWatch = mapList(objectKeys(STATE_EVENTS), (type) => ({ type, read: getter<string>(proto, STATE_EVENTS[type]!) }));

  interface Sampled {
    pc: object;
    id: string;
    busy: boolean;
  }
  const ids = new SafeWeakMap<object, string>();
  const live = new SafeMap<object, Sampled>();
  let ticker: ReturnType<typeof setInterval> | undefined;

  function on(pc: object, type: string, fn: (e: Event) => Json): void {
    listen(pc, type, (e) => {
      em.emit({ kind: 'pc.event', t: em.now(), id: ids.get(pc)!, type, data: fn(e) });
      if (type === 'signalingstatechange' && getSignaling?.(pc) === 'closed') stopSampling(pc);
    });
  }

  function sampleAll(): void {
    // Collected first: stopSampling deletes from `live`, which forEach must not see mid-walk.
    const due: Sampled[] = [];
    live.forEach((entry) => append(due, entry));
    for (let i = 0; i < due.length; i++) {
      const entry = due[i]!;
      const pc = entry.pc;
      if (entry.busy) continue;
      if (getSignaling?.(pc) === 'closed') {
        stopSampling(pc);
        continue;
      }
      entry.busy = true;
      let p: Promise<RTCStatsReport>;
      try {
        p = apply(getStats, pc, []) as Promise<RTCStatsReport>;
      } catch {
        entry.busy = false;
        continue;
      }
      onSettle(
        p,
        (report) => {
          entry.busy = false;
          const reports: Record<string, Record<string, Json>> = {};
          const each = (r: { id: string }) => {
            reports[r.id] = toJson(r) as Record<string, Json>;
          };
          if (statsForEach) apply(statsForEach, report, [each]);
          else report.forEach(each);
          em.emit({ kind: 'pc.stats', t: em.now(), id: entry.id, reports });
        },
        () => {
          entry.busy = false;
        },
      );
    }
  }

  function stopSampling(pc: object): void {
    live.delete(pc);
    if (!live.size && ticker !== undefined) {
      clearInterval_(ticker);
      ticker = undefined;
    }
  }

  const after = (pc: object, args: unknown[]) => {
    const id = em.nextId('pc');
    ids.set(pc, id);
    onActivity();
    // A network fault (Force relay, Block UDP) changes the configuration now, before the page can
    // gather: the record shows the configuration the connection really runs with.
    const net = mediaGates.net;
    const config = net ? net.created(pc, args[0]) : args[0];
    em.emit({ kind: 'pc.create', t: em.now(), id, config: config === undefined ? null : sanitizeConfig(config) });
    if (net) net.recorded(pc, id);
    for (let i = 0; i < stateWatch.length; i++) {
      const { type, read } = stateWatch[i]!;
      on(pc, type, () => ({ state: read?.(pc) ?? null }));
    }
    on(pc, 'icecandidate', (e) => ({ candidate: toJson((e as RTCPeerConnectionIceEvent).candidate) }));
    on(pc, 'icecandidateerror', (e) => {
      const x = e as RTCPeerConnectionIceErrorEvent;
      return toJson({ address: x.address, port: x.port, url: x.url, errorCode: x.errorCode, errorText: x.errorText });
    });
    on(pc, 'track', (e) => {
      const x = e as RTCTrackEvent;
      return toJson({ track: x.track, streams: mapList(x.streams ?? [], (s) => s.id), mid: x.transceiver?.mid ?? null });
    });
    on(pc, 'negotiationneeded', () => ({}));
    on(pc, 'datachannel', (e) => toJson({ channel: (e as RTCDataChannelEvent).channel }));
    live.set(pc, { pc, id, busy: false });
    if (ticker === undefined) ticker = setInterval_(sampleAll, STATS_INTERVAL_MS);
  };
  wrapConstructor(win, 'RTCPeerConnection', after);

  const argsJson = (method: string, args: unknown[]): Json[] =>
    mapList(args, (a) => (typeof a === 'function' ? '[callback]' : method === 'setConfiguration' ? sanitizeConfig(a) : toJson(a)));

  const result = (id: string, method: string, started: number, ok: boolean, value: unknown) => {
    try {
      record(id, method, started, ok, value);
    } catch {
      /* capture only: the page's promise settles as it would have */
    }
  };
  const record = (id: string, method: string, started: number, ok: boolean, value: unknown) =>
    em.emit({
      kind: 'pc.result',
      t: em.now(),
      id,
      method,
      ok,
      ...(ok ? (value === undefined ? {} : { value: toJson(value) }) : { value: errorJson(value) }),
      durationMs: em.now() - started,
    });

  for (const method of PROMISE_METHODS) {
    wrapMethod(proto, method, (original, pc, args) => {
      const id = pc && typeof pc === 'object' ? ids.get(pc) : undefined;
      if (!id) return apply(original, pc, args);
      const started = em.now();
      em.emit({ kind: 'pc.call', t: started, id, method, args: argsJson(method, args) });
      // Legacy callback form: (success, failure[, options]) or (arg, success, failure).
      const firstCb = indexWhere(args, (a) => typeof a === 'function');
      let callArgs = args;
      if (firstCb >= 0) {
        callArgs = mapList(args, (a, i) => {
          if (typeof a !== 'function') return a;
          const ok = i === firstCb;
          return function (this: unknown, ...cbArgs: unknown[]) {
            try {
              result(id, method, started, ok, cbArgs[0]);
            } catch {
              /* capture only */
            }
            return apply(a, this, cbArgs);
          };
        });
      }
      let ret: unknown;
      try {
        ret = apply(original, pc, callArgs);
      } catch (err) {
        result(id, method, started, false, err);
        throw err;
      }
      if (firstCb < 0 && ret && typeof (ret as Promise<unknown>).then === 'function') {
        // Hand the page a derived promise that settles the same way, rather than attaching a handler
        // to the original: that would mark it handled and hide the page's own unhandled rejections.
        return onSettle(
          ret as Promise<unknown>,
          (v) => {
            result(id, method, started, true, v);
            return v;
          },
          (err: unknown) => {
            result(id, method, started, false, err);
            throw err;
          },
        );
      }
      return ret;
    });
  }

  for (const method of SYNC_METHODS) {
    wrapMethod(proto, method, (original, pc, args) => {
      const id = pc && typeof pc === 'object' ? ids.get(pc) : undefined;
      if (!id) return apply(original, pc, args);
      const started = em.now();
      em.emit({ kind: 'pc.call', t: started, id, method, args: argsJson(method, args) });
      const net = mediaGates.net;
      const callArgs = net && method === 'setConfiguration' ? [net.pageSets(pc as object, args[0])] : args;
      let ret: unknown;
      try {
        ret = apply(original, pc, callArgs);
      } catch (err) {
        result(id, method, started, false, err);
        throw err;
      }
      result(id, method, started, true, ret);
      if (method === 'close') stopSampling(pc as object);
      return ret;
    });
  }

  // Older apps and adapters still reach for the prefixed name.
  const legacy = getOwnPropertyDescriptor(win, 'webkitRTCPeerConnection');
  if (legacy && legacy.value === Native && legacy.configurable) {
    defineProperty(win, 'webkitRTCPeerConnection', { ...legacy, value: win.RTCPeerConnection });
    rememberDefinition(win, 'webkitRTCPeerConnection', legacy, win.RTCPeerConnection);
  }
  // A stopped hook (the recorder's stop()) samples no more and lets go of the connections.
  onRestore(() => {
    live.forEach((entry) => stopSampling(entry.pc));
  });
  return {
    pcs() {
      const out: { pc: object; id: string }[] = [];
      live.forEach((entry) => append(out, { pc: entry.pc, id: entry.id }));
      return out;
    },
  };
}
