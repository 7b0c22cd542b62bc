/**
 * The raw capture model: groups a stream of capture events into sockets, peer connections and
 * media, incrementally (each event O(1)). The service worker, the panel, the bundle exporter and
 * the Node recorder all build this same model from the same events.
 *
 * Protocol meaning (decoded RPCs, calls, findings) is not here: see core/protocol and core/findings.
 */
import type { CaptureEvent, DeviceInfo, HookNotice, Json, MediaDeviceChange, MediaGum, MediaGumResult, MediaPermission, MediaTrackEvent, PcStats, SdkEvent, SdkFound, WsFrame } from './events.js';
import type { DocInfo } from './events.js';
import { docPart } from './loads.js';
import { applyFaultEvent, createFaultLog, endOfDoc, type FaultLog } from '../simulate/record.js';

/**
 * Who ended a socket or peer connection: the page (`close()`), the server or network (`remote`,
 * sockets only), a `failed` connection state (peer connections), or the document going away
 * (`unloaded`: a navigation, reload or crash closes them without any event the page could see).
 */
export type ClosedBy = 'page' | 'remote' | 'failed' | 'unloaded';

export interface SocketModel {
  id: string;
  url: string;
  protocols: string[];
  createdAt: number;
  /** A socket first seen by a frame (capture began or was cleared mid-page) is `open`: frames prove it. */
  state: 'connecting' | 'open' | 'closed';
  openedAt?: number;
  closedAt?: number;
  /** Set with `closedAt`: `page`/`remote` from the close event, `unloaded` when its document went away. */
  closedBy?: Exclude<ClosedBy, 'failed'>;
  /** First seen after it was created (capture began or was cleared mid-page): url and creation are unknown. */
  seenMidCapture?: boolean;
  close?: { code: number; reason: string; wasClean: boolean; initiator: 'page' | 'remote' };
  errors: number;
  frames: WsFrame[];
  sent: number;
  received: number;
  bytesSent: number;
  bytesReceived: number;
}

export interface PeerConnectionModel {
  id: string;
  createdAt: number;
  config: Json;
  /** API calls, results and events in arrival order. */
  log: CaptureEvent[];
  /**
   * The last state the browser reported, or `closed` once the page called close() or its document
   * went away (Chromium fires no connectionstatechange then), or `unknown` for one first seen mid-capture
   * until an event or a stats sample tells.
   */
  connectionState: string;
  iceConnectionState: string;
  signalingState: string;
  iceGatheringState: string;
  /** When it ended: close(), the document going away, or the time its connection state became `failed`. */
  closedAt?: number;
  /** Why it ended (with closedAt): `page` (close()), `failed`, or `unloaded`. A failed one keeps `failed`. */
  closedBy?: Exclude<ClosedBy, 'remote'>;
  /** First seen after it was created (capture began or was cleared mid-page): its states were derived, not reported. */
  seenMidCapture?: boolean;
  stats: PcStats[];
}

export interface GumCall {
  request: MediaGum;
  result?: MediaGumResult;
}

export interface MediaModel {
  getUserMedia: GumCall[];
  devices: DeviceInfo[];
  devicesAt?: number;
  deviceEvents: MediaDeviceChange[];
  trackEvents: MediaTrackEvent[];
  permissions: Partial<Record<'camera' | 'microphone', MediaPermission>>;
}

export interface CaptureModel {
  sockets: Map<string, SocketModel>;
  peerConnections: Map<string, PeerConnectionModel>;
  media: MediaModel;
  sdks: Map<string, SdkFound & { events: SdkEvent[] }>;
  notices: HookNotice[];
  /** Faults Simulate armed (core/simulate/record.ts): a provoked failure is told from a real one. */
  faultLog: FaultLog;
  firstT?: number;
  lastT?: number;
  eventCount: number;
  /**
   * When each document stopped owning its sockets and peer connections (docId -> ms): its
   * non-persisted page.hide, or else the start of the next page load (a crash sends no page.hide).
   */
  docEnds: Map<string, number>;
  /** docId -> start of the next page load, from setDocs(). */
  loadEnds: Map<string, number>;
}

export function createCaptureModel(): CaptureModel {
  return {
    sockets: new Map(),
    peerConnections: new Map(),
    media: { getUserMedia: [], devices: [], deviceEvents: [], trackEvents: [], permissions: {} },
    sdks: new Map(),
    notices: [],
    faultLog: createFaultLog(),
    eventCount: 0,
    docEnds: new Map(),
    loadEnds: new Map(),
  };
}

/** When the document that owns `id` (`${docId}:ws-1`) went away, if it did. */
function endOf(m: CaptureModel, id: string): number | undefined {
  const doc = docPart(id);
  const hidden = m.docEnds.get(doc);
  const next = m.loadEnds.get(doc);
  if (hidden === undefined) return next;
  return next === undefined ? hidden : Math.min(hidden, next);
}

/** A socket still connecting or open when its document went away closed with it. */
function settleSocket(m: CaptureModel, s: SocketModel): void {
  const end = endOf(m, s.id);
  if (end === undefined) return;
  const at = Math.max(end, s.createdAt);
  if (s.state !== 'closed') {
    s.state = 'closed';
    s.closedAt = at;
    s.closedBy = 'unloaded';
  } else if (s.closedBy === 'unloaded' && s.closedAt !== undefined && at < s.closedAt) {
    // Closed at the next load's start, then its page.hide told the earlier, real time.
    s.closedAt = at;
  }
}

/** A peer connection not closed when its document went away closed with it. */
function settlePc(m: CaptureModel, pc: PeerConnectionModel): void {
  const end = endOf(m, pc.id);
  if (end === undefined) return;
  const at = Math.max(end, pc.createdAt);
  if (pc.connectionState !== 'closed') markPcClosed(pc, at, 'unloaded');
  else if (pc.closedBy === 'unloaded' && pc.closedAt !== undefined && at < pc.closedAt) pc.closedAt = at;
}

function markPcClosed(pc: PeerConnectionModel, t: number, by: 'page' | 'unloaded'): void {
  pc.connectionState = 'closed';
  pc.iceConnectionState = 'closed';
  pc.signalingState = 'closed';
  // A failed connection keeps the cause and the time it failed; otherwise this is the end.
  if (pc.closedBy === 'failed') return;
  // An explicit close() outranks the unload the model assumed (its batch can arrive after the next
  // load started); otherwise the first end stands.
  if (pc.closedBy === undefined || (by === 'page' && pc.closedBy === 'unloaded')) {
    pc.closedAt = t;
    pc.closedBy = by;
  }
}

/**
 * Tells the model which page load each document belongs to (DocInfo from the service worker).
 * A document whose load was followed by another one is gone: whatever it left open closes as
 * `unloaded` at the next load's start, also when it never said so (a crash). Call again whenever
 * the list grows; cost is linear in the sockets and peer connections, once per change.
 */
export function setDocs(m: CaptureModel, docs: readonly DocInfo[]): void {
  // Loads in the order the tab started them, each with its first start time.
  const order: string[] = [];
  const start = new Map<string, number>();
  for (const d of docs) {
    const s = start.get(d.loadId);
    if (s === undefined) order.push(d.loadId);
    start.set(d.loadId, s === undefined ? d.startedAt : Math.min(s, d.startedAt));
  }
  const nextStart = new Map<string, number>();
  for (let i = 0; i + 1 < order.length; i++) nextStart.set(order[i]!, start.get(order[i + 1]!)!);
  m.loadEnds.clear();
  for (const d of docs) {
    const end = nextStart.get(d.loadId);
    if (end !== undefined) m.loadEnds.set(d.docId, end);
  }
  for (const s of m.sockets.values()) settleSocket(m, s);
  for (const pc of m.peerConnections.values()) settlePc(m, pc);
  // A reload disarms: a fault armed in an earlier load ended when the next one started.
  for (const [docId, end] of m.loadEnds) endOfDoc(m.faultLog, docId, end);
}

/** A candidate pair in a stats sample that proves ICE connected: succeeded and nominated. */
function hasConnectedPair(reports: PcStats['reports']): boolean {
  for (const id in reports) {
    const r = reports[id]!;
    if (r.type === 'candidate-pair' && r.state === 'succeeded' && r.nominated === true) return true;
  }
  return false;
}

function pcStateField(type: string): keyof PeerConnectionModel | undefined {
  switch (type) {
    case 'connectionstatechange':
      return 'connectionState';
    case 'iceconnectionstatechange':
      return 'iceConnectionState';
    case 'signalingstatechange':
      return 'signalingState';
    case 'icegatheringstatechange':
      return 'iceGatheringState';
    default:
      return undefined;
  }
}

/** Events that reference an id the model has not seen (e.g. capture started mid-page) get a placeholder. */
function socketFor(m: CaptureModel, id: string, t: number): SocketModel {
  let s = m.sockets.get(id);
  if (!s) {
    s = {
      id,
      url: '(unknown: opened before capture)',
      protocols: [],
      createdAt: t,
      // Only frames, errors and closes reference a socket the capture did not see created: a frame
      // or an error needs a socket past connecting, so `open` is derived, not assumed.
      state: 'open',
      seenMidCapture: true,
      errors: 0,
      frames: [],
      sent: 0,
      received: 0,
      bytesSent: 0,
      bytesReceived: 0,
    };
    m.sockets.set(id, s);
  }
  return s;
}

function pcFor(m: CaptureModel, id: string, t: number): PeerConnectionModel {
  let pc = m.peerConnections.get(id);
  if (!pc) {
    pc = {
      id,
      createdAt: t,
      config: null,
      log: [],
      // Created before the capture saw it: nothing says it is new or stable. Events or stats tell later.
      connectionState: 'unknown',
      iceConnectionState: 'unknown',
      signalingState: 'unknown',
      iceGatheringState: 'unknown',
      seenMidCapture: true,
      stats: [],
    };
    m.peerConnections.set(id, pc);
  }
  return pc;
}

export function applyEvent(m: CaptureModel, ev: CaptureEvent): void {
  m.eventCount++;
  if (m.firstT === undefined || ev.t < m.firstT) m.firstT = ev.t;
  if (m.lastT === undefined || ev.t > m.lastT) m.lastT = ev.t;
  switch (ev.kind) {
    case 'ws.create': {
      const s = socketFor(m, ev.id, ev.t);
      s.url = ev.url;
      s.protocols = ev.protocols;
      s.createdAt = ev.t;
      s.state = 'connecting';
      delete s.seenMidCapture;
      settleSocket(m, s);
      break;
    }
    case 'ws.open': {
      const s = socketFor(m, ev.id, ev.t);
      // Late news of a socket already closed (its document went away) does not reopen it.
      if (s.state !== 'closed') s.state = 'open';
      s.openedAt = ev.t;
      settleSocket(m, s);
      break;
    }
    case 'ws.frame': {
      const s = socketFor(m, ev.id, ev.t);
      s.frames.push(ev);
      if (ev.dir === 'sent') {
        s.sent++;
        s.bytesSent += ev.size;
      } else {
        s.received++;
        s.bytesReceived += ev.size;
      }
      settleSocket(m, s);
      break;
    }
    case 'ws.close': {
      const s = socketFor(m, ev.id, ev.t);
      // The close event says who closed it, also when the model had already assumed an unload.
      s.state = 'closed';
      s.closedAt = ev.t;
      s.closedBy = ev.initiator;
      s.close = { code: ev.code, reason: ev.reason, wasClean: ev.wasClean, initiator: ev.initiator };
      break;
    }
    case 'ws.error': {
      const s = socketFor(m, ev.id, ev.t);
      s.errors++;
      settleSocket(m, s);
      break;
    }
    case 'pc.create': {
      const pc = pcFor(m, ev.id, ev.t);
      pc.createdAt = ev.t;
      pc.config = ev.config;
      pc.log.push(ev);
      if (pc.seenMidCapture) {
        delete pc.seenMidCapture;
        pc.connectionState = 'new';
        pc.iceConnectionState = 'new';
        pc.signalingState = 'stable';
        pc.iceGatheringState = 'new';
      }
      settlePc(m, pc);
      break;
    }
    case 'pc.call':
    case 'pc.result': {
      const pc = pcFor(m, ev.id, ev.t);
      pc.log.push(ev);
      // Chromium fires no state change on close(): the call itself is the page closing it.
      if (ev.kind === 'pc.call' && ev.method === 'close') markPcClosed(pc, ev.t, 'page');
      else settlePc(m, pc);
      break;
    }
    case 'pc.event': {
      const pc = pcFor(m, ev.id, ev.t);
      pc.log.push(ev);
      const field = pcStateField(ev.type);
      const data = ev.data as { state?: unknown } | null;
      // Known to have ended before it happened (the documents were known first, as when a bundle is
      // built): a failure before the unload is still why it ended.
      if (field === 'connectionState' && data?.state === 'failed' && pc.closedBy === 'unloaded' && pc.closedAt !== undefined && ev.t <= pc.closedAt) {
        pc.closedAt = ev.t;
        pc.closedBy = 'failed';
      }
      // After close() the browser reports nothing meaningful; a late event must not reopen it.
      if (field && data && typeof data.state === 'string' && pc.connectionState !== 'closed') {
        (pc as unknown as Record<string, string>)[field] = data.state;
        if (field === 'connectionState') {
          if (data.state === 'failed') {
            pc.closedAt = ev.t;
            pc.closedBy = 'failed';
          } else if (data.state === 'closed') {
            markPcClosed(pc, ev.t, 'page');
          } else if (pc.closedBy === 'failed') {
            // An ICE restart brought it back: it did not end.
            delete pc.closedAt;
            delete pc.closedBy;
          }
        }
      }
      settlePc(m, pc);
      break;
    }
    case 'pc.stats': {
      const pc = pcFor(m, ev.id, ev.t);
      pc.stats.push(ev);
      // Seen mid-capture: a nominated pair that succeeded proves ICE, and the connection, are up.
      if (pc.connectionState === 'unknown' && hasConnectedPair(ev.reports)) {
        pc.connectionState = 'connected';
        if (pc.iceConnectionState === 'unknown') pc.iceConnectionState = 'connected';
      }
      settlePc(m, pc);
      break;
    }
    case 'media.gum':
      m.media.getUserMedia.push({ request: ev });
      break;
    case 'media.gum.result': {
      // Results usually settle in order; search from the end so this stays O(1) in practice.
      for (let i = m.media.getUserMedia.length - 1; i >= 0; i--) {
        const call = m.media.getUserMedia[i]!;
        if (call.request.id === ev.id) {
          call.result = ev;
          break;
        }
      }
      break;
    }
    case 'media.devices':
      m.media.devices = ev.devices;
      m.media.devicesAt = ev.t;
      break;
    case 'media.devicechange':
      m.media.deviceEvents.push(ev);
      m.media.devices = ev.devices;
      m.media.devicesAt = ev.t;
      break;
    case 'media.track':
      m.media.trackEvents.push(ev);
      break;
    case 'media.permission':
      m.media.permissions[ev.name] = ev;
      break;
    case 'sdk.found':
      m.sdks.set(ev.id, { ...ev, events: m.sdks.get(ev.id)?.events ?? [] });
      break;
    case 'sdk.event': {
      const sdk = m.sdks.get(ev.id);
      if (sdk) sdk.events.push(ev);
      break;
    }
    case 'hook.notice':
      m.notices.push(ev);
      break;
    case 'fault.armed':
    case 'fault.applied':
    case 'fault.ended': {
      applyFaultEvent(m.faultLog, ev);
      // Armed in a document already gone (a capture read back in order): it ended with it.
      const doc = (ev as { doc?: string }).doc;
      const end = doc === undefined ? undefined : (m.docEnds.get(doc) ?? m.loadEnds.get(doc));
      if (ev.kind === 'fault.armed' && end !== undefined) endOfDoc(m.faultLog, doc!, end);
      break;
    }
    case 'page.hide': {
      // Kept in the back/forward cache, the page may come back with its connections.
      if (ev.persisted) break;
      const prev = m.docEnds.get(ev.docId);
      if (prev === undefined || ev.t < prev) m.docEnds.set(ev.docId, ev.t);
      for (const s of m.sockets.values()) if (docPart(s.id) === ev.docId) settleSocket(m, s);
      for (const pc of m.peerConnections.values()) if (docPart(pc.id) === ev.docId) settlePc(m, pc);
      endOfDoc(m.faultLog, ev.docId, ev.t);
      break;
    }
  }
}

/** `docs` (when known) lets documents of earlier page loads close what they left open, crash or not. */
export function buildCaptureModel(events: Iterable<CaptureEvent>, docs?: readonly DocInfo[]): CaptureModel {
  const m = createCaptureModel();
  if (docs) setDocs(m, docs);
  for (const ev of events) applyEvent(m, ev);
  return m;
}
