/**
 * The fault vocabulary of Simulate (issue 18): every fault the panel, the Playwright fixture and the
 * MCP server can arm on a tab, with its parameters, one validator and the labels the panel shows.
 *
 * A fault is `{kind, params}`; armed, it gets an id and a start time (`ArmedFault`). The same shape
 * is what the page hook receives, what the `fault.armed` capture event carries and what the bundle
 * lists in `faults[] {t, kind, params, until?}`, so a support engineer reads one vocabulary
 * everywhere. Kinds are stable names (bundles hold them): never rename one.
 *
 * `parseFault` runs in the page hook too (a window message can be forged by page script), so it is
 * small, pure and never throws.
 */

/** Signaling faults: applied by the hook to the page's own sockets. */
export const SIGNALING_FAULT_KINDS = ['drop-connection', 'withhold-replies', 'delay-frames'] as const;
/** Media and network faults: applied by the hook to peer connections, tracks and devices. */
export const MEDIA_FAULT_KINDS = ['force-relay', 'block-udp', 'mute-microphone', 'end-camera-track', 'unplug-device'] as const;
export const FAULT_KINDS = [...SIGNALING_FAULT_KINDS, ...MEDIA_FAULT_KINDS] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Limits every duration and count is held to (a huge value is a typo, not a plan). */
export const MAX_OFFLINE_S = 600;
export const MAX_DELAY_MS = 60_000;
export const MAX_COUNT = 1000;
export const MAX_PATTERN = 200;
const MAX_ID = 200;

export interface FaultParams {
  /**
   * Every signaling socket of the tab is lost as a network loss loses it: the page sees an abnormal
   * close (1006, wasClean false). `socket`: only that socket (a ws id as captured, e.g. "ws-2").
   * `offlineS` > 0: for that long, new sockets to the same URLs fail (error + close 1006).
   */
  'drop-connection': { offlineS: number; socket?: string };
  /**
   * Requests whose method matches `method` (a regular expression searched in the method name:
   * JSON-RPC method, the Verto method nested in SignalWire's envelope, SIP method by CSeq) get no
   * reply delivered to the page; a request the server sends (a ping) is not delivered either.
   * `count`: only the next N matching requests.
   */
  'withhold-replies': { method: string; count?: number };
  /** Every frame in `dir` reaches its destination `delayMs` late, order kept. */
  'delay-frames': { dir: 'sent' | 'received'; delayMs: number };
  /** Only relay ICE candidates reach the far end and the SDK. */
  'force-relay': Record<string, never>;
  /** Only TCP/TLS relay candidates: no UDP at all. */
  'block-udp': Record<string, never>;
  /** The microphone track stays live and sends silence. `track`: one track id, else every microphone track. */
  'mute-microphone': { track?: string };
  /** The camera track ends as if the camera went away. `track`: one track id, else every camera track. */
  'end-camera-track': { track?: string };
  /** The device disappears from enumerateDevices, with a devicechange. */
  'unplug-device': { deviceId: string };
}

export type FaultOf<K extends FaultKind> = { kind: K; params: FaultParams[K] };
export type Fault = { [K in FaultKind]: FaultOf<K> }[FaultKind];

/** A fault the worker armed on a tab: the page hook applies it until stopped or reloaded. */
export interface ArmedFault {
  /** Unique per arming, e.g. "fault-lq3x-1". */
  id: string;
  /** When it was armed (ms since the epoch, the worker's clock). */
  t: number;
  fault: Fault;
}

/** The panel's names for each fault (the words; the Simulate view shows them). */
export const FAULT_LABELS: Record<FaultKind, string> = {
  'drop-connection': 'Drop connection',
  'withhold-replies': 'Withhold replies',
  'delay-frames': 'Delay frames',
  'force-relay': 'Force relay',
  'block-udp': 'Block UDP',
  'mute-microphone': 'Mute microphone at source',
  'end-camera-track': 'End camera track',
  'unplug-device': 'Unplug device',
};

/** The panel's names for each parameter. */
export const PARAM_LABELS = {
  offlineS: 'Offline for (s)',
  socket: 'Socket',
  method: 'Method',
  count: 'Only the next (requests)',
  dir: 'Direction',
  delayMs: 'Delay (ms)',
  track: 'Track',
  deviceId: 'Device',
} as const;

export type ParseFaultResult = { ok: true; fault: Fault } | { ok: false; error: string };

function bad(error: string): ParseFaultResult {
  return { ok: false, error };
}

function num(v: unknown, label: string, max: number, integer: boolean, minimum = 0): number | string {
  if (typeof v !== 'number' || v !== v) return `${label} must be a number`;
  if (v < minimum) return `${label} must be at least ${minimum} (got ${v})`;
  if (v > max) return `${label} must be at most ${max} (got ${v})`;
  if (integer && Math.floor(v) !== v) return `${label} must be a whole number`;
  return v;
}

function optId(v: unknown, label: string): string | undefined | { error: string } {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || v.length > MAX_ID) return { error: `${label} must be a short text` };
  return v;
}

/** Checks a method pattern; returns an error message or undefined. */
export function checkMethodPattern(p: unknown): string | undefined {
  if (typeof p !== 'string' || p.trim() === '') return `${PARAM_LABELS.method} is required (e.g. telnyx_rtc.modify)`;
  if (p.length > MAX_PATTERN) return `${PARAM_LABELS.method} is longer than ${MAX_PATTERN} characters`;
  try {
    new RegExp(p);
  } catch (e) {
    return `${PARAM_LABELS.method} is not a valid pattern: ${e instanceof Error ? e.message : String(e)}`;
  }
  return undefined;
}

/**
 * Validates a fault from anywhere (panel form, automation, a window message, a bundle) and returns
 * a clean copy with only the known params, or a sentence saying what is wrong. Never throws.
 */
export function parseFault(raw: unknown): ParseFaultResult {
  try {
    if (!raw || typeof raw !== 'object') return bad('a fault must be an object {kind, params}');
    const r = raw as { kind?: unknown; params?: unknown };
    const p = (r.params && typeof r.params === 'object' ? r.params : {}) as Record<string, unknown>;
    const kind = r.kind;
    switch (kind) {
      case 'drop-connection': {
        const offlineS = num(p.offlineS ?? 0, PARAM_LABELS.offlineS, MAX_OFFLINE_S, false);
        if (typeof offlineS === 'string') return bad(offlineS);
        const socket = optId(p.socket, PARAM_LABELS.socket);
        if (typeof socket === 'object') return bad(socket.error);
        return { ok: true, fault: { kind, params: socket ? { offlineS, socket } : { offlineS } } };
      }
      case 'withhold-replies': {
        const err = checkMethodPattern(p.method);
        if (err) return bad(err);
        if (p.count === undefined || p.count === null || p.count === 0) return { ok: true, fault: { kind, params: { method: p.method as string } } };
        const count = num(p.count, PARAM_LABELS.count, MAX_COUNT, true, 1);
        if (typeof count === 'string') return bad(count);
        return { ok: true, fault: { kind, params: { method: p.method as string, count } } };
      }
      case 'delay-frames': {
        if (p.dir !== 'sent' && p.dir !== 'received') return bad(`${PARAM_LABELS.dir} must be "sent" or "received"`);
        const delayMs = num(p.delayMs, PARAM_LABELS.delayMs, MAX_DELAY_MS, false);
        if (typeof delayMs === 'string') return bad(delayMs);
        return { ok: true, fault: { kind, params: { dir: p.dir, delayMs } } };
      }
      case 'force-relay':
      case 'block-udp':
        return { ok: true, fault: { kind, params: {} } };
      case 'mute-microphone':
      case 'end-camera-track': {
        const track = optId(p.track, PARAM_LABELS.track);
        if (typeof track === 'object') return bad(track.error);
        return { ok: true, fault: { kind, params: track ? { track } : {} } };
      }
      case 'unplug-device': {
        const deviceId = optId(p.deviceId, PARAM_LABELS.deviceId);
        if (typeof deviceId === 'object') return bad(deviceId.error);
        if (!deviceId) return bad(`${PARAM_LABELS.deviceId} is required: choose the device to unplug`);
        return { ok: true, fault: { kind, params: { deviceId } } };
      }
      default:
        return bad(`unknown fault kind ${typeof kind === 'string' ? JSON.stringify(kind.slice(0, 60)) : String(typeof kind)}; known: ${FAULT_KINDS.join(', ')}`);
    }
  } catch {
    return bad('the fault could not be read');
  }
}

/** Validates an armed fault (id, time, fault); null when anything is off. Never throws. */
export function parseArmedFault(raw: unknown): ArmedFault | null {
  try {
    const r = raw as { id?: unknown; t?: unknown; fault?: unknown };
    if (typeof r.id !== 'string' || !r.id || r.id.length > MAX_ID) return null;
    if (typeof r.t !== 'number' || !(r.t >= 0)) return null;
    const f = parseFault(r.fault);
    return f.ok ? { id: r.id, t: r.t, fault: f.fault } : null;
  } catch {
    return null;
  }
}

/** One line a person reads: "Withhold replies · Method telnyx_rtc.modify · Only the next (requests) 1". */
export function describeFault(f: Fault): string {
  const parts: string[] = [FAULT_LABELS[f.kind]];
  for (const [k, v] of Object.entries(f.params as Record<string, unknown>)) {
    if (v === undefined) continue;
    parts.push(`${PARAM_LABELS[k as keyof typeof PARAM_LABELS] ?? k} ${String(v)}`);
  }
  return parts.join(' · ');
}

let counter = 0;
/** A fault id unique across panels and reloads. */
export function newFaultId(now = Date.now()): string {
  counter += 1;
  return `fault-${now.toString(36)}-${counter}`;
}
