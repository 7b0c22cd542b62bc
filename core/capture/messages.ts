/**
 * Messages on the extension's runtime ports. Versioned like the hook batches: every message
 * carries `v`, and receivers ignore (and count) messages they cannot validate.
 *
 *   bridge  --(port "rtc-devtools/capture")-->  service worker
 *   panel   --(port "rtc-devtools/panel")---->  service worker
 */
import type { CaptureEvent } from './events.js';

/** Panel <-> worker messages. */
export const PORT_PROTOCOL_VERSION = 1 as const;
/** Bridge <-> worker messages. 2: batches carry the hook's JSON text unparsed. */
export const CAPTURE_PROTOCOL_VERSION = 2 as const;
export const CAPTURE_PORT = 'rtc-devtools/capture' as const;
export const PANEL_PORT = 'rtc-devtools/panel' as const;

/**
 * What this code uses of a runtime port (browser.runtime.Port): the bridge, the panel and the
 * panel's in-page preflight take one of these, so tests can hand them a fake.
 */
export interface PortLike {
  postMessage(msg: unknown): void;
  disconnect(): void;
  onMessage: { addListener(fn: (msg: unknown) => void): void };
  onDisconnect: { addListener(fn: () => void): void };
}

/** A capture event as the service worker stores it: tagged with the document it came from. */
export type StoredEvent = CaptureEvent & {
  /** The hook's docId (one per document per frame). */
  doc: string;
};

/** One document (page load in one frame) of a tab. */
export interface DocInfo {
  docId: string;
  url: string;
  top: boolean;
  /** Page load this document belongs to (a new top-level document starts a new load). */
  loadId: string;
  startedAt: number;
  /** The top document's title, once its bridge reported it (BridgeTitle). */
  title?: string;
}

// ---- bridge -> service worker ----
/**
 * What the bridge's outbox gave up since the document started, because the worker stayed
 * unreachable while the page kept capturing. Cumulative, so a resent or repeated report never
 * counts the same loss twice: the worker keeps the highest it has seen per document.
 */
export interface LostCounts {
  batches: number;
  /** Events those batches held (their `n`). */
  events: number;
}
export interface BridgeHello {
  type: 'hello';
  v: typeof CAPTURE_PROTOCOL_VERSION;
  docId: string;
  url: string;
  top: boolean;
  /** The document's title when already known (a bridge reconnecting after the worker stopped). */
  title?: string;
  /** Present once the outbox has given up batches of this document. */
  lost?: LostCounts;
}
/** The top document's title, once parsed (the hello goes at document_start, before any <title>). */
export interface BridgeTitle {
  type: 'title';
  v: typeof CAPTURE_PROTOCOL_VERSION;
  docId: string;
  title: string;
}
export interface BridgeBatch {
  type: 'batch';
  v: typeof CAPTURE_PROTOCOL_VERSION;
  docId: string;
  seq: number;
  /** The hook's event count and JSON text, forwarded unparsed (see HookBatch). */
  n: number;
  json: string;
  /** Events the bridge refused since its previous batch (forged or malformed); counted in DropCounts. */
  invalid?: number;
  /** Present on every batch sent after the outbox gave some up (see LostCounts). */
  lost?: LostCounts;
}
export type BridgeToWorker = BridgeHello | BridgeTitle | BridgeBatch;

// ---- service worker -> bridge ----
/** Longest title kept: page text, shown in a header. */
export const MAX_TITLE_LENGTH = 512;

/** Sent once the batch is stored durably: the bridge may forget batches up to `seq`. */
export interface WorkerAck {
  type: 'ack';
  v: typeof CAPTURE_PROTOCOL_VERSION;
  docId: string;
  seq: number;
}

// ---- panel -> service worker ----
export interface PanelSubscribe {
  type: 'subscribe';
  v: typeof PORT_PROTOCOL_VERSION;
  tabId: number;
}
export interface PanelSetPreserveLog {
  type: 'preserve-log';
  v: typeof PORT_PROTOCOL_VERSION;
  tabId: number;
  preserve: boolean;
}
export interface PanelClear {
  type: 'clear';
  v: typeof PORT_PROTOCOL_VERSION;
  tabId: number;
}
export type PanelToWorker = PanelSubscribe | PanelSetPreserveLog | PanelClear;

// ---- service worker -> panel ----
/**
 * Counts of events the tab's capture does not hold, by event kind: what the tab's cap dropped,
 * plus the store's own kinds (core/capture/store.ts: refused as invalid, lost in the page).
 */
export interface DropCounts {
  events: number;
  bytes: number;
  byKind: Record<string, number>;
}
/** Sent on subscribe (possibly split into several with `done: false` for large captures). */
export interface WorkerSnapshot {
  type: 'snapshot';
  v: typeof PORT_PROTOCOL_VERSION;
  tabId: number;
  docs: DocInfo[];
  events: StoredEvent[];
  dropped: DropCounts;
  preserveLog: boolean;
  /** False while more snapshot chunks follow. */
  done: boolean;
}
/** Live events appended after the snapshot. */
export interface WorkerEvents {
  type: 'events';
  v: typeof PORT_PROTOCOL_VERSION;
  tabId: number;
  events: StoredEvent[];
  dropped: DropCounts;
}
/** A document started (new page load or a new frame). When `reset` the panel drops its view (reload without preserve log). */
export interface WorkerDoc {
  type: 'doc';
  v: typeof PORT_PROTOCOL_VERSION;
  tabId: number;
  doc: DocInfo;
  reset: boolean;
}
export interface WorkerCleared {
  type: 'cleared';
  v: typeof PORT_PROTOCOL_VERSION;
  tabId: number;
}
export type WorkerToPanel = WorkerSnapshot | WorkerEvents | WorkerDoc | WorkerCleared;
