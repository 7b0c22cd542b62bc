/**
 * Diagnostics bundle, format version 1. Documented in docs/bundle-format.md; the JSON Schema is in
 * ./schema.ts. Tools outside this project read these field names: never rename one, only add.
 */
import type { DeviceInfo, Json, MediaGum, MediaGumResult, PcCall, PcEvent, PcResult, SdkEvent, SdkFound, WsFrame } from '../capture/events.js';
import type { DocInfo, DropCounts } from '../capture/events.js';
import type { PeerConnectionModel, SocketModel } from '../capture/model.js';
import type { CallSummary } from '../protocol/call-summary.js';
import type { CallModel, ConnectionSession, DecodedFrame, Finding, LiveKitRoom, SdkInfo } from '../protocol/types.js';
import type { SdkSource } from '../sdk/identity.js';
import type { DeltaSample } from './stats-delta.js';

/**
 * A core type as bundles carry it: the fields the schema requires (./schema.ts) stay required, the rest
 * become optional, since bundles written before a field existed, and by other tools, lack it. The builder
 * writes every field; the types below are what a reader of any version-1 bundle may rely on.
 */
type Stored<T, Required extends keyof T> = Pick<T, Required> & Partial<Omit<T, Required>>;

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

/**
 * A captured frame (core/capture/events.ts WsFrame) without its socket id (it sits in its socket's list).
 * `size` is the true size in bytes, also after redaction shortened or lengthened `text`; `binary` is
 * written only when true.
 */
export type BundleFrame = Stored<Omit<WsFrame, 'kind' | 'id'>, 't' | 'dir' | 'size'>;

/**
 * A socket of the capture model (core/capture/model.ts) with the page load it belongs to. `closedBy`
 * (with closedAt): the page, the server/network, or its document going away; absent in older bundles.
 */
export type BundleSocket = Pick<SocketModel, 'id' | 'url' | 'protocols' | 'createdAt' | 'state' | 'errors' | 'sent' | 'received' | 'bytesSent' | 'bytesReceived'> &
  Partial<Pick<SocketModel, 'openedAt' | 'closedAt' | 'closedBy' | 'close'>> & {
    doc?: string;
    frames: BundleFrame[];
  };

/**
 * One entry of a peer connection's API and event log. `type` follows webrtc-internals naming:
 * the method name for a call ("setLocalDescription"), `<method>OnSuccess` / `<method>OnFailure`
 * for its outcome, the DOM event type for events ("iceconnectionstatechange"), "create" for the
 * constructor.
 */
export type BundlePcEvent = {
  t: number;
  type: string;
  kind: 'create' | 'call' | 'result' | 'event';
} & Partial<Pick<PcCall, 'args'> & Pick<PcResult, 'ok' | 'value' | 'durationMs'> & Pick<PcEvent, 'data'>>;

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

/**
 * A peer connection of the capture model (core/capture/model.ts). `config` is the RTCConfiguration with
 * credentials never kept; `closedBy` (with closedAt): close() from the page, a failed connection, or its
 * document going away, absent in older bundles.
 */
export type BundlePeerConnection = Pick<PeerConnectionModel, 'id' | 'createdAt' | 'config'> &
  Partial<Pick<PeerConnectionModel, 'closedAt' | 'closedBy'>> & {
    doc?: string;
    state: { connection: string; iceConnection: string; signaling: string; iceGathering: string };
    events: BundlePcEvent[];
    sdps: BundleSdp[];
    stats: BundleStats;
  };

/** A getUserMedia/getDisplayMedia request (core/capture/events.ts MediaGum) with its result when it settled. */
export type BundleGumCall = Pick<MediaGum, 't' | 'id' | 'api' | 'constraints'> & {
  result?: Pick<MediaGumResult, 't' | 'ok' | 'tracks' | 'error' | 'durationMs'>;
};

export interface BundleMedia {
  getUserMedia: BundleGumCall[];
  devices: DeviceInfo[];
  devicesAt?: number;
  deviceEvents: { t: number; added: DeviceInfo[]; removed: DeviceInfo[]; devices: DeviceInfo[] }[];
  trackEvents: { t: number; trackId: string; trackKind: string; label: string; event: string }[];
  permissions: { t: number; name: string; state: string }[];
}

/** One way the analyzer recognised an SDK (core/sdk/identity.ts SdkSource); other writers may say `shape: false`. */
export type BundleSdkSource = Omit<SdkSource, 'shape'> & { shape?: boolean };

/**
 * Two kinds share this list. Without `id`: the SDK list, one entry per SDK family as the panel
 * shows it (name is the package, e.g. "@telnyx/webrtc", with `sources`). With `id`: a library or
 * client object the page hook found, named as the hook names it ("telnyx"), with its events and
 * `family` naming the list entry it belongs to. Bundles written before `family` and `sources`
 * existed lack both.
 */
export type BundleSdk = Pick<SdkInfo, 'name' | 'version'> &
  Partial<Pick<SdkInfo, 'via' | 'socketId'> & Pick<SdkFound, 'id' | 't' | 'detail'>> & {
    events?: Pick<SdkEvent, 't' | 'name' | 'data'>[];
    /** On hook entries (with `id`): the `name` of the SDK-list entry of the same family. */
    family?: string;
    /** On SDK-list entries (without `id`): every fact the version was chosen from, first seen first. */
    sources?: BundleSdkSource[];
  };

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

/** A connection session of the protocol analysis (core/protocol/types.ts ConnectionSession). */
export type BundleConnection = Stored<ConnectionSession, 'socketId' | 'sdk' | 'states' | 'reconnects'>;

/**
 * A LiveKit room of the protocol analysis (core/protocol/livekit-room.ts LiveKitRoom): participants, tracks,
 * peer connection roles, reconnect episodes, leave. Older bundles lack `rooms`.
 */
export type BundleRoom = Stored<LiveKitRoom, 'id' | 'state' | 'participants' | 'reconnects'>;

/**
 * How a call ended, as stored: `cause` is always written ('' when the wire gave none), so readers of
 * older bundles and tools outside find the field they always found.
 */
export type BundleHangup = Partial<NonNullable<CallModel['hangup']>>;

/**
 * A call of the protocol analysis (core/protocol/types.ts CallModel). `hangup` is null while the call
 * had not ended. `summary` is the call in a few figures (core/protocol/call-summary.ts): outcome and
 * cause in words, who hung up, timeToRingMs, timeToAnswerMs, timeToMediaMs, lengthMs, quality
 * min/avg/max in and out; older bundles lack it.
 */
export type BundleCall = Stored<Omit<CallModel, 'hangup'>, 'id' | 'sdk' | 'direction' | 'states'> & {
  hangup?: BundleHangup | null;
  summary?: BundleCallSummary;
};

/** The call summary as stored: destination and caller stay on the call itself, where redaction handles them. */
export type BundleCallSummary = Omit<CallSummary, 'destination' | 'caller'>;

/** A finding (core/protocol/types.ts Finding): rule, severity, time, message, advice and evidence. */
export type BundleFinding = Stored<Finding, 'rule' | 'severity' | 't' | 'message'>;

/**
 * What a decoded frame leaves out in a bundle: what its frame already holds (t, dir, size, truncated)
 * and its index (its position in the list), a third of a signaling-heavy bundle otherwise.
 */
export const SLIMMED_FRAME_FIELDS = ['t', 'dir', 'size', 'truncated', 'index'] as const;

/** A decoded frame of the protocol analysis (core/protocol/types.ts) as stored: see SLIMMED_FRAME_FIELDS. */
export type BundleDecodedFrame = Partial<Omit<DecodedFrame, (typeof SLIMMED_FRAME_FIELDS)[number]>>;

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
  /** LiveKit rooms, when the capture holds LiveKit signaling (optional: older bundles lack it). */
  rooms?: BundleRoom[];
  /** Decoded signaling messages from the protocol analyzer (summary per frame), when it ran. */
  messages?: BundleDecodedFrame[];
  /** Not written by version 1 builders (derived from the stats; recompute with the analyzer); readers may meet it. */
  quality?: unknown;
  preflight: BundlePreflight | null;
  /** The documents (page loads, frames) the events came from; `doc` on sockets and peer connections points here. */
  documents?: BundleDocument[];
  dropped: DropCounts;
  notices: { t: number; level: string; code: string; message: string }[];
  /**
   * Faults Simulate armed during the capture (core/simulate/faults.ts), so a provoked failure is
   * told from a real one: when, which kind, its params, and when it stopped (`until`; absent if it
   * was still armed when the bundle was made). Stable since issue 18; absent in older bundles.
   */
  faults?: BundleFault[];
}

/** One armed fault. `reason`: how it stopped ('stopped', 'done', 'expired', 'unloaded'). */
export interface BundleFault {
  t: number;
  kind: string;
  params: Record<string, Json>;
  until?: number;
  reason?: string;
}

/** A document of the tab (the service worker's DocInfo) as stored. */
export type BundleDocument = Pick<DocInfo, 'docId' | 'url' | 'top' | 'loadId' | 'startedAt' | 'title'>;

export interface RedactOptions {
  phoneNumbers?: 'keep' | 'remove';
  sipAddresses?: 'keep' | 'remove';
}
