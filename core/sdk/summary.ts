/**
 * The state of each SDK client "now", derived from its sdk.found and sdk.event stream, for views
 * that show one line per client (panel overview, bundle viewer) without knowing each SDK's
 * event vocabulary.
 */
import type { Json, SdkEvent, SdkFound } from '../capture/events.js';
import { COMMAND_RESULT_EVENT, SDK_COMMANDS, type SdkCommandName } from './commands.js';

export interface SdkClientState {
  id: string;
  sdk: string;
  version: string;
  via: string;
  /** App-given label (registration `name`), if any. */
  name?: string;
  /** True for the entry that stands for a loaded library rather than a client instance. */
  library: boolean;
  /** For a client found through its library's wrapped constructor: the library entry's id. */
  libraryId?: string;
  connected: boolean | null;
  registered: boolean | null;
  ready: boolean | null;
  destroyed: boolean;
  errors: number;
  lastError: Json | null;
  warnings: number;
  lastWarning: Json | null;
  /** Call id -> latest state (Telnyx calls; SignalWire 4.x calls are not sampled). */
  calls: Record<string, string>;
  devices: { audioInput: number | null; audioOutput: number | null; videoInput: number | null };
  /** Commands this client can run (see core/sdk/commands.ts). */
  commands: SdkCommandName[];
  commandResults: number;
  lastEventAt: number | null;
}

function detailOf(f: SdkFound): Record<string, Json> {
  return f.detail && typeof f.detail === 'object' && !Array.isArray(f.detail) ? (f.detail as Record<string, Json>) : {};
}

function bool(v: Json): boolean | null {
  return typeof v === 'boolean' ? v : null;
}

function commandsFor(f: SdkFound, library: boolean): SdkCommandName[] {
  if (library) return [];
  const d = detailOf(f);
  // A hook that checked the instance's methods says exactly which commands it wired up.
  if (Array.isArray(d.commands)) return SDK_COMMANDS.filter((c) => (d.commands as Json[]).includes(c));
  if (f.sdk === 'telnyx') return ['preflight', 'getDeviceCapabilities'];
  if (f.sdk === 'signalwire' && d.generation === 4) return ['preflight', 'getDeviceCapabilities', 'exportDiagnostics'];
  return [];
}

/** Folds one client's events (in time order) into its current state. */
export function deriveSdkState(found: SdkFound, events: readonly SdkEvent[]): SdkClientState {
  const d = detailOf(found);
  const library = d.library === true;
  const s: SdkClientState = {
    id: found.id,
    sdk: found.sdk,
    version: found.version,
    via: found.via,
    library,
    connected: null,
    registered: null,
    ready: null,
    destroyed: false,
    errors: 0,
    lastError: null,
    warnings: 0,
    lastWarning: null,
    calls: {},
    devices: { audioInput: null, audioOutput: null, videoInput: null },
    commands: commandsFor(found, library),
    commandResults: 0,
    lastEventAt: null,
  };
  if (typeof d.name === 'string') s.name = d.name;
  if (typeof d.library === 'string') s.libraryId = d.library;
  for (const e of events) {
    if (e.id !== found.id) continue;
    s.lastEventAt = e.t;
    const data = e.data;
    const obj = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, Json>) : {};
    switch (e.name) {
      case 'isConnected$':
        s.connected = bool(data);
        break;
      case 'connected':
        s.connected = bool(obj.connected ?? null);
        break;
      case 'telnyx.socket.close':
        s.connected = false;
        break;
      case 'isRegistered$':
        s.registered = bool(data);
        break;
      case 'ready$':
        s.ready = bool(data);
        break;
      case 'telnyx.ready':
        s.ready = true;
        s.registered = true;
        break;
      case 'destroyed':
        s.destroyed = true;
        break;
      case 'errors$':
      case 'telnyx.error':
      case 'telnyx.rtc.peerConnectionFailureError':
      case 'telnyx.rtc.mediaError':
        s.errors += 1;
        s.lastError = data;
        break;
      case 'warnings$':
      case 'telnyx.warning':
        s.warnings += 1;
        s.lastWarning = data;
        break;
      case 'call.added':
      case 'call.state':
        if (typeof obj.id === 'string' && typeof obj.state === 'string') s.calls[obj.id] = obj.state;
        break;
      case 'call.removed':
        if (typeof obj.id === 'string') delete s.calls[obj.id];
        break;
      case 'audioInputDevices$':
        s.devices.audioInput = Array.isArray(data) ? data.length : null;
        break;
      case 'audioOutputDevices$':
        s.devices.audioOutput = Array.isArray(data) ? data.length : null;
        break;
      case 'videoInputDevices$':
        s.devices.videoInput = Array.isArray(data) ? data.length : null;
        break;
      case COMMAND_RESULT_EVENT:
        s.commandResults += 1;
        break;
    }
  }
  return s;
}

/**
 * One state per sdk.found, clients first then libraries, in discovery order. Accepts the
 * capture model's `sdks` map values (SdkFound with its events) or plain pairs.
 */
export function deriveSdkStates(entries: Iterable<SdkFound & { events: readonly SdkEvent[] }>): SdkClientState[] {
  const out: SdkClientState[] = [];
  for (const e of entries) out.push(deriveSdkState(e, e.events));
  return [...out.filter((s) => !s.library), ...out.filter((s) => s.library)];
}
