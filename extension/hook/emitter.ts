/**
 * Collects capture events in the page and hands them, in batches, to a sink: the extension's
 * bridge (window messages, createBridgeSink) or the in-app recorder's in-page store. One
 * postMessage per event measured 12-38 µs per WebSocket send; batching every LIMITS.flushMs costs
 * ~5.6 µs. Each batch is serialized to JSON text once, here: see HookBatch for why.
 */
import { HOOK_MESSAGE_SOURCE, HOOK_PROTOCOL_VERSION, HOOK_SYNC_EVENT } from '../../core/messages/versions.js';
import { LIMITS, type CaptureEvent } from '../../core/capture/events.js';
import type { HookBatch } from '../../core/messages/hook-bridge.js';
import { stringifyEvents } from './json.js';
import { append, apply, getOwnPropertyDescriptor, numberString, objectCreate, objectKeys, SafeMap, sliceList } from './intrinsics.js';


export interface Emitter {
  readonly docId: string;
  emit(ev: CaptureEvent): void;
  /** `${docId}:${prefix}-${n}`: unique within the tab because docId is random per document. */
  nextId(prefix: string): string;
  /** Epoch milliseconds with sub-millisecond precision. */
  now(): number;
  flush(): void;
  /** Hands the queue to the sink synchronously (the document is going away). */
  flushNow(): void;
  /** Emits nothing more and drops what is queued (the recorder's stop()); its window listeners stay, with nothing to hand over. */
  stop(): void;
}

/** Where batches go. */
export interface BatchSink {
  /** Takes one batch; `sync`: the document is going, so it must be handed over before returning. */
  deliver(batch: HookBatch, sync: boolean): void;
  /** The document is going: hand over again whatever was delivered lately but may not have arrived. */
  redeliverRecent?(): void;
}

/** A prototype getter saved now, called as getter(obj): the page may redefine it later. */
function getter(ctor: unknown, name: string): ((obj: unknown) => unknown) | undefined {
  const proto = typeof ctor === 'function' ? (ctor as { prototype?: object }).prototype : undefined;
  const get = proto ? getOwnPropertyDescriptor(proto, name)?.get : undefined;
  if (!get) return undefined;
  return (obj) => {
    try {
      return apply(get, obj, []);
    } catch {
      return undefined;
    }
  };
}

/** Flush before a batch could approach the bridge's LIMITS.maxBatchBytes. */
const FLUSH_BYTES = LIMITS.maxBatchBytes / 4;

/**
 * Posted batches kept for a synchronous hand-off, in case their message task has not run yet when
 * the document goes (it never will then): handed over again, the bridge skips those it already has.
 * A message task runs within milliseconds unless the page is stuck, so a short window suffices.
 */
const RETAIN_MS = 1000;
const RETAIN_BATCHES = 8;
const RETAIN_BYTES = LIMITS.maxBatchBytes / 2;

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

/**
 * The extension's sink: window messages to the bridge, and the synchronous CustomEvent hand-off
 * when the document goes. Announces the document's docId at once (see below).
 */
export function createBridgeSink(win: Window & typeof globalThis, docId: string): BatchSink & { announce(seq: number): void } {
  // Saved now: the page may replace any of these globals later.
  const post = win.postMessage.bind(win);
  const perf = win.performance;
  const perfNow = perf.now.bind(perf);
  // The synchronous hand-off: a CustomEvent dispatched on our window runs the bridge's listener
  // before dispatchEvent returns. Saved now, like everything else the page could replace.
  const dispatch = typeof win.dispatchEvent === 'function' ? win.dispatchEvent.bind(win) : undefined;
  const SyncEvent = typeof win.CustomEvent === 'function' ? win.CustomEvent : undefined;
  /** Batches posted as window messages lately, oldest first (see RETAIN_MS). */
  let recent: { batch: HookBatch; at: number }[] = [];
  let recentBytes = 0;

  function handOver(batch: HookBatch): boolean {
    if (!dispatch || !SyncEvent) return false;
    try {
      // A null-prototype init: the event constructor reads bubbles/cancelable/composed from it, and
      // must not find a getter the page put on Object.prototype (it would see the batch).
      const init = objectCreate(null) as CustomEventInit<HookBatch>;
      init.detail = batch;
      dispatch(new SyncEvent(HOOK_SYNC_EVENT, init));
      return true;
    } catch {
      return false;
    }
  }

  function retain(batch: HookBatch): void {
    append(recent, { batch, at: perfNow() });
    recentBytes += batch.json.length;
    while (recent.length > RETAIN_BATCHES || (recent.length > 1 && recentBytes > RETAIN_BYTES)) {
      recentBytes -= recent[0]!.batch.json.length;
      recent = sliceList(recent, 1);
    }
  }

  return {
    deliver(batch, sync) {
      if (sync && handOver(batch)) return;
      try {
        // Posted to our own window: the bridge (isolated world) sees it first and stops it there.
        post(batch, '*');
        retain(batch);
      } catch {
        /* a window that refuses messages: nothing to do */
      }
    },
    /**
     * Batches posted lately go again first, so the bridge receives them in seq order even if their
     * messages are still queued; it skips the ones it already has.
     */
    redeliverRecent() {
      const cutoff = perfNow() - RETAIN_MS;
      const again = recent;
      recent = [];
      recentBytes = 0;
      for (let i = 0; i < again.length; i++) if (again[i]!.at >= cutoff) handOver(again[i]!.batch);
    },
    // Announce this document's docId before any page script can post a forged batch: the bridge
    // pins the first docId it sees. The empty batch itself goes nowhere.
    announce(seq) {
      try {
        post({ source: HOOK_MESSAGE_SOURCE, v: HOOK_PROTOCOL_VERSION, docId, seq, n: 0, json: '[]' } satisfies HookBatch, '*');
      } catch {
        /* a window that refuses messages: capture stays off */
      }
    },
  };
}

/**
 * The emitter, delivering to `makeSink(docId)`; without one, to the bridge (the extension).
 */
export function createEmitter(win: Window & typeof globalThis, makeSink?: (docId: string) => BatchSink): Emitter {
  // Saved now: the page may replace any of these globals later.
  const setTimer = win.setTimeout.bind(win);
  const perf = win.performance;
  const perfNow = perf.now.bind(perf);
  const origin = perf.timeOrigin;
  const addListener = win.addEventListener.bind(win);
  const persistedOf = getter(win.PageTransitionEvent, 'persisted');
  const visibilityOf = getter(win.Document, 'visibilityState');
  const doc = win.document;

  const docId = randomDocId(win.crypto);
  let seq = 0;
  let queue: CaptureEvent[] = [];
  let bytes = 0;
  let hasSdk = false;
  let timer = false;
  let stopped = false;
  /** Set from pagehide to pageshow: no later task is sure to run, so every event goes at once. */
  let leaving = false;
  const counters = new SafeMap<string, number>();

  let sink: BatchSink;
  if (makeSink) sink = makeSink(docId);
  else {
    const bridge = createBridgeSink(win, docId);
    bridge.announce(++seq);
    sink = bridge;
  }

  function post1(events: CaptureEvent[], sdk: boolean, sync: boolean): void {
    let json: string;
    try {
      json = stringifyEvents(events);
    } catch {
      return; // an unserializable event would be a hook bug; never let it reach the page
    }
    // The size estimate can be wrong (e.g. escaped text): split rather than have the bridge refuse it.
    if (json.length > LIMITS.maxBatchBytes && events.length > 1) {
      const half = events.length >> 1;
      post1(sliceList(events, 0, half), sdk, sync);
      post1(sliceList(events, half), sdk, sync);
      return;
    }
    // One literal, never assigned to afterwards: `batch.sdk = true` would run a setter a page put on
    // Object.prototype, handing it the batch (its docId and seq, all it needs to forge batches).
    const batch: HookBatch = { source: HOOK_MESSAGE_SOURCE, v: HOOK_PROTOCOL_VERSION, docId, seq: ++seq, n: events.length, json, ...(sdk ? { sdk } : {}) };
    sink.deliver(batch, sync);
  }

  function take(): { events: CaptureEvent[]; sdk: boolean } | undefined {
    timer = false;
    if (!queue.length) return undefined;
    const out = { events: queue, sdk: hasSdk };
    queue = [];
    bytes = 0;
    hasSdk = false;
    return out;
  }

  function flush(): void {
    const t = take();
    if (t) post1(t.events, t.sdk, false);
  }

  /**
   * Hands everything to the sink before returning: for a document being hidden, frozen or
   * unloaded, where a window message would wait for a task that may never run.
   */
  function flushNow(): void {
    sink.redeliverRecent?.();
    const t = take();
    if (t) post1(t.events, t.sdk, true);
  }

  function emit(ev: CaptureEvent): void {
    if (stopped) return;
    append(queue, ev);
    bytes += estimateBytes(ev);
    if (ev.kind === 'sdk.found' || ev.kind === 'sdk.event') hasSdk = true;
    if (leaving) flushNow();
    else if (queue.length >= LIMITS.maxBatchEvents || bytes >= FLUSH_BYTES) flush();
    else if (!timer) {
      timer = true;
      setTimer(flush, LIMITS.flushMs);
    }
  }

  // The last events of a page (a bye and close() right before a reload) must still reach the
  // bridge: on pagehide the document is about to go, frozen or hidden it may be discarded. Capture
  // listeners on the window run before the page's (registered first) and also see the document's
  // freeze and visibilitychange events on their way to it.
  const onPageHide = (e: Event) => {
    const persisted = persistedOf?.(e) === true;
    leaving = true;
    // Says which document went, so the model closes what it owned unless it may come back.
    emit({ kind: 'page.hide', t: origin + perfNow(), docId, persisted });
  };
  const onPageShow = (e: Event) => {
    if (persistedOf?.(e) === true) leaving = false;
  };
  const onHidden = () => {
    if (visibilityOf?.(doc) === 'hidden') flushNow();
  };
  addListener('pagehide', onPageHide, true);
  addListener('pageshow', onPageShow, true);
  addListener('freeze', flushNow, true);
  addListener('visibilitychange', onHidden, true);

  return Object.freeze({
    docId,
    emit,
    flush,
    flushNow,
    now: () => origin + perfNow(),
    nextId(prefix: string): string {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      return `${docId}:${prefix}-${n}`;
    },
    stop(): void {
      stopped = true;
      queue = [];
      bytes = 0;
    },
  });
}
