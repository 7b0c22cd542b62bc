/**
 * The raw capture model: groups a stream of capture events into sockets, peer connections and
 * media, incrementally (each event O(1)). The service worker, the panel, the bundle exporter and
 * the Node recorder all build this same model from the same events.
 *
 * Protocol meaning (decoded RPCs, calls, findings) is not here: see core/protocol and core/findings.
 */
import type {
  CaptureEvent,
  DeviceInfo,
  HookNotice,
  Json,
  MediaDeviceChange,
  MediaGum,
  MediaGumResult,
  MediaPermission,
  MediaTrackEvent,
  PcStats,
  SdkEvent,
  SdkFound,
  WsFrame,
} from './events.js';

export interface SocketModel {
  id: string;
  url: string;
  protocols: string[];
  createdAt: number;
  state: 'connecting' | 'open' | 'closed';
  openedAt?: number;
  closedAt?: number;
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
  connectionState: string;
  iceConnectionState: string;
  signalingState: string;
  iceGatheringState: string;
  closedAt?: number;
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
  firstT?: number;
  lastT?: number;
  eventCount: number;
}

export function createCaptureModel(): CaptureModel {
  return {
    sockets: new Map(),
    peerConnections: new Map(),
    media: { getUserMedia: [], devices: [], deviceEvents: [], trackEvents: [], permissions: {} },
    sdks: new Map(),
    notices: [],
    eventCount: 0,
  };
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
      state: 'open',
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
      connectionState: 'new',
      iceConnectionState: 'new',
      signalingState: 'stable',
      iceGatheringState: 'new',
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
      break;
    }
    case 'ws.open': {
      const s = socketFor(m, ev.id, ev.t);
      s.state = 'open';
      s.openedAt = ev.t;
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
      break;
    }
    case 'ws.close': {
      const s = socketFor(m, ev.id, ev.t);
      s.state = 'closed';
      s.closedAt = ev.t;
      s.close = { code: ev.code, reason: ev.reason, wasClean: ev.wasClean, initiator: ev.initiator };
      break;
    }
    case 'ws.error':
      socketFor(m, ev.id, ev.t).errors++;
      break;
    case 'pc.create': {
      const pc = pcFor(m, ev.id, ev.t);
      pc.createdAt = ev.t;
      pc.config = ev.config;
      pc.log.push(ev);
      break;
    }
    case 'pc.call':
    case 'pc.result': {
      const pc = pcFor(m, ev.id, ev.t);
      pc.log.push(ev);
      if (ev.kind === 'pc.call' && ev.method === 'close') pc.closedAt = ev.t;
      break;
    }
    case 'pc.event': {
      const pc = pcFor(m, ev.id, ev.t);
      pc.log.push(ev);
      const field = pcStateField(ev.type);
      const data = ev.data as { state?: unknown } | null;
      if (field && data && typeof data.state === 'string') {
        (pc as unknown as Record<string, string>)[field] = data.state;
        if (field === 'connectionState' && data.state === 'closed') pc.closedAt ??= ev.t;
      }
      break;
    }
    case 'pc.stats':
      pcFor(m, ev.id, ev.t).stats.push(ev);
      break;
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
  }
}

export function buildCaptureModel(events: Iterable<CaptureEvent>): CaptureModel {
  const m = createCaptureModel();
  for (const ev of events) applyEvent(m, ev);
  return m;
}
