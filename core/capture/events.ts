/**
 * The capture event vocabulary: what the page hook records and what every later stage
 * (bridge, service worker, panel, bundle, Node recorder) consumes.
 *
 * These shapes cross a trust boundary (page script can forge them): the bridge checks each batch's
 * envelope (`checkHookBatch`, core/messages/hook-bridge.ts) and the service worker validates every
 * event (`parseBatchEvents`, ./validate.ts). Bump HOOK_PROTOCOL_VERSION (core/messages/versions.ts)
 * when a shape changes incompatibly. The messages that carry these events live in core/messages/.
 */

import type { Fault } from '../simulate/faults.js';

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
  /**
   * A binary frame's bytes as hex ("0a 1f …"): the whole frame up to LIMITS.maxBinaryBytes, so binary
   * protocols (LiveKit's protobuf) can be decoded later; the first bytes only, with `truncated`, beyond.
   */
  preview?: string;
  /** Set when `text` (or a binary frame's `preview`) holds only the first part of the frame. */
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

// ---------- Simulate: faults armed on purpose (core/simulate/faults.ts) ----------

/** A fault was armed on this page (recorded by the top frame's hook): what follows is provoked. */
export interface FaultArmed extends Base {
  kind: 'fault.armed';
  /** The armed fault's id (ArmedFault.id): fault.applied and fault.ended name it. */
  id: string;
  fault: Fault;
}
/** One thing a fault did in this frame, e.g. target 'ws-2' action 'dropped'. */
export interface FaultApplied extends Base {
  kind: 'fault.applied';
  id: string;
  /** The socket, peer connection, track or device it acted on (an id as captured when there is one). */
  target: string;
  /** What it did: 'dropped', 'refused', 'withheld', 'delayed', ... */
  action: string;
  detail?: string;
}
/** The fault stopped: by the user ('stopped') or on its own ('done': its N withheld; 'expired': offline window over). */
export interface FaultEnded extends Base {
  kind: 'fault.ended';
  id: string;
  reason: 'stopped' | 'done' | 'expired';
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
  | FaultArmed
  | FaultApplied
  | FaultEnded
  | PageHide;

export type CaptureKind = CaptureEvent['kind'];

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

/**
 * Counts of events the tab's capture does not hold, by event kind: what the tab's cap dropped,
 * plus the store's own kinds (core/capture/store.ts: refused as invalid, lost in the page).
 */
export interface DropCounts {
  events: number;
  bytes: number;
  byKind: Record<string, number>;
}

/** Limits the hook applies before data leaves the page, and the bridge re-checks. */
export const LIMITS = {
  /** Text kept per frame; the true size is always recorded. */
  maxFrameText: 256 * 1024,
  /**
   * Bytes kept per binary frame (as hex in `preview`, 3 characters a byte): whole LiveKit signaling
   * messages (an SDP offer is a few KiB) fit many times over.
   */
  maxBinaryBytes: 64 * 1024,
  /** Events per batch; the hook flushes early when reached. */
  maxBatchEvents: 2000,
  /** Serialized size of one batch the bridge accepts. */
  maxBatchBytes: 8 * 1024 * 1024,
  /** Hook flush interval, ms. */
  flushMs: 50,
} as const;
