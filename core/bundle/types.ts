/**
 * Diagnostics bundle, format version 1. Documented in docs/bundle-format.md; the JSON Schema is in
 * ./schema.ts. Tools outside this project read these field names: never rename one, only add.
 */
import type { DeviceInfo, Json, TrackInfo } from '../capture/events.js';
import type { DropCounts } from '../capture/messages.js';
import type { CallSummary } from '../protocol/call-summary.js';
import type { DeltaSample } from './stats-delta.js';

export const BUNDLE_FORMAT = 'rtc-devtools-bundle' as const;
export const BUNDLE_VERSION = 1 as const;

export interface Environment {
  userAgent: string;
  /** navigator.userAgentData.toJSON() or getHighEntropyValues() output, where the browser has it. */
  userAgentData?: Json;
  platform?: string;
  extensionVersion?: string;
  /** IANA zone, e.g. "Europe/Berlin": capture times are epoch ms, this says what the user's clock showed. */
  timeZone?: string;
  language?: string;
  /** Top-level page the capture came from. */
  pageUrl?: string;
  hardwareConcurrency?: number;
  deviceMemory?: number;
  /** What produced the bundle: "extension", "preflight-page", "node", "webrtc-internals-import". */
  source?: string;
}

export interface BundleFrame {
  t: number;
  dir: 'sent' | 'received';
  /** True size in bytes, also after redaction shortened or lengthened `text`. */
  size: number;
  text?: string;
  binary?: boolean;
  /** Hex of the first bytes of a binary frame. */
  preview?: string;
  truncated?: boolean;
}

export interface BundleSocket {
  id: string;
  doc?: string;
  url: string;
  protocols: string[];
  createdAt: number;
  openedAt?: number;
  closedAt?: number;
  /** Who closed it (with closedAt): the page, the server/network, or its document going away. Absent in older bundles. */
  closedBy?: 'page' | 'remote' | 'unloaded';
  state: 'connecting' | 'open' | 'closed';
  close?: { code: number; reason: string; wasClean: boolean; initiator: 'page' | 'remote' };
  errors: number;
  sent: number;
  received: number;
  bytesSent: number;
  bytesReceived: number;
  frames: BundleFrame[];
}

/**
 * One entry of a peer connection's API and event log. `type` follows webrtc-internals naming:
 * the method name for a call ("setLocalDescription"), `<method>OnSuccess` / `<method>OnFailure`
 * for its outcome, the DOM event type for events ("iceconnectionstatechange"), "create" for the
 * constructor.
 */
export interface BundlePcEvent {
  t: number;
  type: string;
  kind: 'create' | 'call' | 'result' | 'event';
  args?: Json[];
  ok?: boolean;
  value?: Json;
  durationMs?: number;
  data?: Json;
}

export interface BundleSdp {
  t: number;
  side: 'local' | 'remote';
  /** "offer" | "answer" | "pranswer" | "rollback" */
  type: string;
  sdp: string;
  /** The log entry type it was taken from, e.g. "setRemoteDescription" or "createOfferOnSuccess". */
  from: string;
}

export interface BundleStats {
  /** How `samples` are encoded: see ./stats-delta.ts and docs/bundle-format.md. */
  encoding: 'delta-v1';
  count: number;
  samples: DeltaSample[];
}

export interface BundlePeerConnection {
  id: string;
  doc?: string;
  createdAt: number;
  closedAt?: number;
  /** Why it ended (with closedAt): close() from the page, a failed connection, or its document going away. Absent in older bundles. */
  closedBy?: 'page' | 'failed' | 'unloaded';
  /** RTCConfiguration; credentials never kept. */
  config: Json;
  state: { connection: string; iceConnection: string; signaling: string; iceGathering: string };
  events: BundlePcEvent[];
  sdps: BundleSdp[];
  stats: BundleStats;
}

export interface BundleGumCall {
  t: number;
  id: string;
  api: 'getUserMedia' | 'getDisplayMedia';
  constraints: Json;
  result?: {
    t: number;
    ok: boolean;
    tracks?: TrackInfo[];
    error?: { name: string; message: string };
    durationMs: number;
  };
}

export interface BundleMedia {
  getUserMedia: BundleGumCall[];
  devices: DeviceInfo[];
  devicesAt?: number;
  deviceEvents: { t: number; added: DeviceInfo[]; removed: DeviceInfo[]; devices: DeviceInfo[] }[];
  trackEvents: { t: number; trackId: string; trackKind: string; label: string; event: string }[];
  permissions: { t: number; name: string; state: string }[];
}

/** One way the analyzer recognised an SDK (core/sdk/identity.ts SdkSource). */
export interface BundleSdkSource {
  /** 'traffic' (signaling), 'register', 'global', 'constructor', 'bundle', 'hook'. */
  via: string;
  /** As that source gave it: '2.27.10', '4.x', '' when it gave none. */
  version: string;
  /** The version is a generation read from the library's shape, not a claimed release. */
  shape?: boolean;
  socketId?: string;
}

/**
 * Two kinds share this list. Without `id`: the SDK list, one entry per SDK family as the panel
 * shows it (name is the package, e.g. "@telnyx/webrtc", with `sources`). With `id`: a library or
 * client object the page hook found, named as the hook names it ("telnyx"), with its events and
 * `family` naming the list entry it belongs to. Bundles written before `family` and `sources`
 * existed lack both.
 */
export interface BundleSdk {
  name: string;
  version: string;
  id?: string;
  via?: string;
  t?: number;
  detail?: Json;
  events?: { t: number; name: string; data: Json }[];
  /** On hook entries (with `id`): the `name` of the SDK-list entry of the same family. */
  family?: string;
  /** On SDK-list entries (without `id`): every fact the version was chosen from, first seen first. */
  sources?: BundleSdkSource[];
  socketId?: string;
}

/** An SDK's own diagnostics output, e.g. SignalWire exportDiagnostics(). */
export interface BundleSdkDiagnostics {
  sdk: string;
  t?: number;
  data: Json;
}

/** Telnyx debug report (debug: true) reassembled from debug_report_* frames. */
export interface BundleTelnyxDebugReport {
  socketId: string;
  reportId: string;
  callId?: string;
  startedAt?: number;
  stoppedAt?: number;
  entries: Json[];
}

export interface BundleConnection {
  socketId: string;
  sdk: string;
  states: { t: number; state: string }[];
  reconnects: Json[];
  [extra: string]: unknown;
}

export interface BundleCall {
  id: string;
  sdk: string;
  direction: string;
  states: { t: number; state: string }[];
  hangup?: { cause?: string; code?: number | string } | null;
  /**
   * The call in a few figures (core/protocol/call-summary.ts): outcome and cause in words, who hung up, timeToRingMs,
   * timeToAnswerMs, timeToMediaMs, lengthMs, quality min/avg/max in and out. Optional: older bundles lack it.
   */
  summary?: BundleCallSummary;
  [extra: string]: unknown;
}

/** The call summary as stored: destination and caller stay on the call itself, where redaction handles them. */
export type BundleCallSummary = Omit<CallSummary, 'destination' | 'caller'>;

export interface BundleFinding {
  rule: string;
  severity: string;
  t: number;
  message: string;
  [extra: string]: unknown;
}

export interface BundlePreflight {
  checks: { id: string; status: string; metrics?: unknown; [extra: string]: unknown }[];
  [extra: string]: unknown;
}

export interface BundleRedaction {
  applied: boolean;
  phoneNumbers: 'keep' | 'remove';
  sipAddresses: 'keep' | 'remove';
  /** How many places were redacted (the itemised report is shown to the user, not stored). */
  items: number;
}

export interface Bundle {
  format: typeof BUNDLE_FORMAT;
  version: number;
  /** ISO 8601 time the bundle was built. */
  createdAt: string;
  /** Capture window, epoch ms: only events inside it are in the bundle. */
  window: { start: number; end: number };
  environment: Environment;
  redaction: BundleRedaction;
  sockets: BundleSocket[];
  peerConnections: BundlePeerConnection[];
  media: BundleMedia;
  sdks: BundleSdk[];
  sdkDiagnostics: BundleSdkDiagnostics[];
  telnyxDebugReports: BundleTelnyxDebugReport[];
  connections: BundleConnection[];
  calls: BundleCall[];
  findings: BundleFinding[];
  /** Decoded signaling messages from the protocol analyzer (summary per frame), when it ran. */
  messages?: unknown[];
  /** Not written by version 1 builders (derived from the stats; recompute with the analyzer); readers may meet it. */
  quality?: unknown;
  preflight: BundlePreflight | null;
  /** The documents (page loads, frames) the events came from; `doc` on sockets and peer connections points here. */
  documents?: { docId: string; url: string; top: boolean; loadId: string; startedAt: number; title?: string }[];
  dropped: DropCounts;
  notices: { t: number; level: string; code: string; message: string }[];
}

export interface RedactOptions {
  phoneNumbers?: 'keep' | 'remove';
  sipAddresses?: 'keep' | 'remove';
}
