/**
 * Collects capture events in the page and posts them to the bridge in batches. One postMessage per
 * event measured 12-38 µs per WebSocket send; batching every LIMITS.flushMs costs ~5.6 µs. Each
 * batch is serialized to JSON text once, here: see HookBatch for why.
 */
import {
  HOOK_MESSAGE_SOURCE,
  HOOK_PROTOCOL_VERSION,
  LIMITS,
  type CaptureEvent,
  type HookBatch,
} from '../../core/capture/events.js';
import { stringifyEvents } from './json.js';
import { append, numberString, objectKeys, SafeMap, sliceList } from './intrinsics.js';

export interface Emitter {
  readonly docId: string;
  emit(ev: CaptureEvent): void;
  /** `${docId}:${prefix}-${n}`: unique within the tab because docId is random per document. */
  nextId(prefix: string): string;
  /** Epoch milliseconds with sub-millisecond precision. */
  now(): number;
  flush(): void;
}

/** Flush before a batch could approach the bridge's LIMITS.maxBatchBytes. */
const FLUSH_BYTES = LIMITS.maxBatchBytes / 4;

export function randomDocId(crypto: Crypto | undefined): string {
  const bytes = new Uint8Array(9);
  if (crypto?.getRandomValues) crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    const d = numberString(bytes[i]!, 36);
    s += d.length < 2 ? '0' + d : d;
  }
  return s;
}

/** Rough serialized size: text payloads dominate, everything else is small or counted coarsely. */
function estimateBytes(ev: CaptureEvent): number {
  if (ev.kind === 'ws.frame') return 160 + (ev.text ? ev.text.length * 3 : 0) + (ev.preview?.length ?? 0);
  if (ev.kind === 'pc.stats') return 600 * objectKeys(ev.reports).length;
  if (ev.kind === 'pc.call' || ev.kind === 'pc.result' || ev.kind === 'media.gum.result') return 4096;
  return 400;
}

export function createEmitter(win: Window & typeof globalThis): Emitter {
  // Saved now: the page may replace any of these globals later.
  const post = win.postMessage.bind(win);
  const setTimer = win.setTimeout.bind(win);
  const perf = win.performance;
  const perfNow = perf.now.bind(perf);
  const origin = perf.timeOrigin;
  const addListener = win.addEventListener.bind(win);

  const docId = randomDocId(win.crypto);
  let seq = 0;
  let queue: CaptureEvent[] = [];
  let bytes = 0;
  let hasSdk = false;
  let timer = false;
  const counters = new SafeMap<string, number>();

  function post1(events: CaptureEvent[], sdk: boolean): void {
    let json: string;
    try {
      json = stringifyEvents(events);
    } catch {
      return; // an unserializable event would be a hook bug; never let it reach the page
    }
    // The size estimate can be wrong (e.g. escaped text): split rather than have the bridge refuse it.
    if (json.length > LIMITS.maxBatchBytes && events.length > 1) {
      const half = events.length >> 1;
      post1(sliceList(events, 0, half), sdk);
      post1(sliceList(events, half), sdk);
      return;
    }
    const batch: HookBatch = { source: HOOK_MESSAGE_SOURCE, v: HOOK_PROTOCOL_VERSION, docId, seq: ++seq, n: events.length, json };
    if (sdk) batch.sdk = true;
    try {
      // Posted to our own window: the bridge (isolated world) sees it first and stops it there.
      post(batch, '*');
    } catch {
      /* a window that refuses messages: nothing to do */
    }
  }

  function flush(): void {
    timer = false;
    if (!queue.length) return;
    const events = queue;
    const sdk = hasSdk;
    queue = [];
    bytes = 0;
    hasSdk = false;
    post1(events, sdk);
  }

  function emit(ev: CaptureEvent): void {
    append(queue, ev);
    bytes += estimateBytes(ev);
    if (ev.kind === 'sdk.found' || ev.kind === 'sdk.event') hasSdk = true;
    if (queue.length >= LIMITS.maxBatchEvents || bytes >= FLUSH_BYTES) flush();
    else if (!timer) {
      timer = true;
      setTimer(flush, LIMITS.flushMs);
    }
  }

  // Announce this document's docId before any page script can post a forged batch: the bridge
  // pins the first docId it sees. The empty batch itself goes nowhere.
  try {
    post({ source: HOOK_MESSAGE_SOURCE, v: HOOK_PROTOCOL_VERSION, docId, seq: ++seq, n: 0, json: '[]' } satisfies HookBatch, '*');
  } catch {
    /* a window that refuses messages: capture stays off */
  }

  // The last events of a page (e.g. a close on unload) must still reach the bridge.
  addListener('pagehide', flush, true);

  return Object.freeze({
    docId,
    emit,
    flush,
    now: () => origin + perfNow(),
    nextId(prefix: string): string {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      return `${docId}:${prefix}-${n}`;
    },
  });
}
