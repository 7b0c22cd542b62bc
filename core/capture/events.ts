/**
 * The capture event vocabulary: what the page hook records and what every later stage
 * (bridge, service worker, panel, bundle, Node recorder) consumes.
 *
 * These shapes cross a trust boundary (page script can forge them): the bridge checks each batch's
 * envelope (`checkHookBatch`) and the service worker validates every event (`parseBatchEvents`),
 * both in ./validate.ts. Bump HOOK_PROTOCOL_VERSION when a shape changes incompatibly.
 */

/** 2: events travel as one JSON text per batch (1 sent them as an array of objects). */
export const HOOK_PROTOCOL_VERSION = 2 as const;

/** `source` tag on window messages from the MAIN-world hook to the isolated-world bridge. */
export const HOOK_MESSAGE_SOURCE = 'rtc-devtools-hook' as const;

/**
 * Type of the CustomEvent the hook dispatches on its window to hand a batch to the bridge
 * synchronously (detail: a HookBatch). Used when the document is going away (pagehide, freeze,
 * hidden): a window message is delivered in a later task, which never runs once the document is
 * unloaded, so the last frames (a `bye`, a `close()`) would be lost. The bridge stops it before any
 * page listener, as it does the messages.
 */
export const HOOK_SYNC_EVENT = 'rtc-devtools-hook-batch' as const;

/** Milliseconds since the Unix epoch, with sub-millisecond precision where the clock allows. */
export type Time = number;

/** JSON-safe value: the hook turns page objects into this before they leave the page. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Base {
  t: Time;
}

// ---------- WebSocket ----------

export interface WsCreate extends Base {
  kind: 'ws.create';
  /** Unique within the page load, e.g. "ws-3". Prefixed by the frame key in the service worker. */
  id: string;
  url: string;
  protocols: string[];
}
export interface WsOpen extends Base {
  kind: 'ws.open';
  id: string;
  /** Subprotocol and extensions the server chose. */
  protocol: string;
  extensions: string;
}
export interface WsFrame extends Base {
  kind: 'ws.frame';
  id: string;
  dir: 'sent' | 'received';
  /** True size in bytes (UTF-8 length for text), even when `text` was truncated. */
  size: number;
  binary: boolean;
  /** Text payload (absent for binary frames; binary frames carry `preview` hex instead). */
  text?: string;
  /** First bytes of a binary frame as hex, for display. */
  preview?: string;
  /** Set when `text` holds only the first part of the frame. */
  truncated?: boolean;
}
export interface WsClose extends Base {
  kind: 'ws.close';
  id: string;
  code: number;
  reason: string;
  wasClean: boolean;
  /** Who started the close: the page calling close(), or the connection/server. */
  initiator: 'page' | 'remote';
}
export interface WsError extends Base {
  kind: 'ws.error';
  id: string;
}

// ---------- RTCPeerConnection ----------

export interface PcCreate extends Base {
  kind: 'pc.create';
  id: string;
  /** RTCConfiguration with TURN `username`/`credential` removed. */
  config: Json;
}
/** An API call on a peer connection, with its outcome when it settles. */
export interface PcCall extends Base {
  kind: 'pc.call';
  id: string;
  method: string;
  args: Json[];
}
export interface PcResult extends Base {
  kind: 'pc.result';
  id: string;
  method: string;
  ok: boolean;
  /** Resolved value (e.g. the offer) or the error `{name, message}`. */
  value?: Json;
  /** Time the call took, ms. */
  durationMs: number;
}
export interface PcEvent extends Base {
  kind: 'pc.event';
  id: string;
  /** icecandidate, icecandidateerror, iceconnectionstatechange, connectionstatechange,
   *  signalingstatechange, icegatheringstatechange, track, negotiationneeded, datachannel */
  type: string;
  /** Event details; for state changes `{state}` with the new value. */
  data: Json;
}
/** One getStats() sample: every report of the RTCStatsReport, keyed by report id. */
export interface PcStats extends Base {
  kind: 'pc.stats';
  id: string;
  reports: Record<string, Record<string, Json>>;
}

// ---------- Media devices ----------

export interface TrackInfo {
  id: string;
  kind: string;
  label: string;
  settings: Json;
  readyState?: string;
  muted?: boolean;
}
export interface DeviceInfo {
  deviceId: string;
  groupId: string;
  kind: string;
  label: string;
}
export interface MediaGum extends Base {
  kind: 'media.gum';
  /** Correlates the call with its result. */
  id: string;
  api: 'getUserMedia' | 'getDisplayMedia';
  constraints: Json;
}
export interface MediaGumResult extends Base {
  kind: 'media.gum.result';
  id: string;
  api: 'getUserMedia' | 'getDisplayMedia';
  ok: boolean;
  tracks?: TrackInfo[];
  error?: { name: string; message: string };
  durationMs: number;
}
export interface MediaDevices extends Base {
  kind: 'media.devices';
  devices: DeviceInfo[];
}
export interface MediaDeviceChange extends Base {
  kind: 'media.devicechange';
  added: DeviceInfo[];
  removed: DeviceInfo[];
  devices: DeviceInfo[];
}
export interface MediaTrackEvent extends Base {
  kind: 'media.track';
  trackId: string;
  trackKind: string;
  label: string;
  event: 'ended' | 'mute' | 'unmute';
}
export interface MediaPermission extends Base {
  kind: 'media.permission';
  name: 'camera' | 'microphone';
  state: 'granted' | 'denied' | 'prompt' | 'unknown';
}

// ---------- SDK awareness and the hook itself ----------

export interface SdkFound extends Base {
  kind: 'sdk.found';
  /** Instance id within the page, e.g. "sdk-1". */
  id: string;
  sdk: 'signalwire' | 'telnyx' | string;
  version: string;
  /** How it was found: 'global', 'register', 'traffic', 'constructor'. */
  via: string;
  detail?: Json;
}
export interface SdkEvent extends Base {
  kind: 'sdk.event';
  id: string;
  /** e.g. 'telnyx.ready', 'isConnected$', 'errors$' */
  name: string;
  data: Json;
}
/** Something the hook wants the user to know (e.g. a socket opened in a worker it cannot see). */
export interface HookNotice extends Base {
  kind: 'hook.notice';
  level: 'info' | 'warn';
  code: string;
  message: string;
}

// ---------- The document itself ----------

/**
 * The hook's document is going away (pagehide). Unless `persisted` (kept in the back/forward cache,
 * it may come back), what it owned is gone with it: its sockets and peer connections close without
 * telling the page, so the capture model closes them as "page unloaded" (core/capture/model.ts).
 */
export interface PageHide extends Base {
  kind: 'page.hide';
  /** The hook's docId: the document whose sockets and peer connections went with it. */
  docId: string;
  persisted: boolean;
}

export type CaptureEvent =
  | WsCreate
  | WsOpen
  | WsFrame
  | WsClose
  | WsError
  | PcCreate
  | PcCall
  | PcResult
  | PcEvent
  | PcStats
  | MediaGum
  | MediaGumResult
  | MediaDevices
  | MediaDeviceChange
  | MediaTrackEvent
  | MediaPermission
  | SdkFound
  | SdkEvent
  | HookNotice
  | PageHide;

export type CaptureKind = CaptureEvent['kind'];

/**
 * What the MAIN-world hook posts to the bridge (window.postMessage), one per flush.
 *
 * The events are serialized once, in the page, as JSON text: a string crosses from the page to the
 * bridge and on to the service worker as a flat copy, where an array of objects was cloned, checked
 * and serialized again on the page's main thread (docs/performance.md, P1). The service worker
 * parses and validates them, off the page's thread.
 */
export interface HookBatch {
  source: typeof HOOK_MESSAGE_SOURCE;
  v: typeof HOOK_PROTOCOL_VERSION;
  /** Random id of this document's hook instance: a new one per page load and per frame. */
  docId: string;
  /** Increments by one per batch from this docId; lets the service worker drop resent duplicates. */
  seq: number;
  /** How many events `json` holds: lets the bridge count a refused batch without parsing it. */
  n: number;
  /** JSON text of a CaptureEvent[] of length `n`. */
  json: string;
  /**
   * Set when the batch holds sdk.* events: the bridge's SDK command relay parses only those
   * batches, sparing a scan of every batch on the page's thread.
   */
  sdk?: true;
}

/** Limits the hook applies before data leaves the page, and the bridge re-checks. */
export const LIMITS = {
  /** Text kept per frame; the true size is always recorded. */
  maxFrameText: 256 * 1024,
  /** Events per batch; the hook flushes early when reached. */
  maxBatchEvents: 2000,
  /** Serialized size of one batch the bridge accepts. */
  maxBatchBytes: 8 * 1024 * 1024,
  /** Hook flush interval, ms. */
  flushMs: 50,
} as const;
