/**
 * The media and network faults of Simulate (issue 18), applied by the page hook to this frame's own
 * peer connections, microphone and camera tracks and device list:
 *
 * - `force-relay`: every peer connection gathers relay candidates only (iceTransportPolicy "relay"
 *   set through the saved setConfiguration), so no host or server-reflexive candidate ever reaches
 *   the SDK or the far end: the call connects through TURN or fails for the reason the capture shows.
 * - `block-udp`: the same, and only TURN URLs over TCP or TLS (`?transport=tcp`, `turns:`) are kept,
 *   as on a network that drops UDP: a call connects over TCP relay or not at all.
 *   Both apply to connections created while armed, and to existing ones from their next gathering
 *   (an ICE restart); Stop gives each connection back the configuration it had.
 * - `mute-microphone`: microphone tracks send silence while staying live; the page still reads the
 *   `enabled` it set (the hook disables the track through the saved setter and answers the page's
 *   reads and writes of `enabled` itself while the fault holds it). Stop restores what the page set.
 * - `end-camera-track`: camera tracks end as an unplugged camera ends them: stopped, then an `ended`
 *   event the page hears. A one-shot fault: it ends itself once done.
 * - `unplug-device`: the device leaves enumerateDevices with a `devicechange`, its live tracks end,
 *   and a getUserMedia that lands on it is made again on another device of that kind (NotFoundError
 *   when none is left); Stop brings it back with another `devicechange`.
 *
 * Without an armed fault nothing here runs: the capture code tests one field of `mediaGates` (null
 * when nothing is armed), and the `enabled` accessor is only wrapped on the first microphone fault.
 */
import { registerFaultHandler, type FaultCtx } from './index.js';
import { mask, unwrap } from '../native.js';
import { apply, defineProperty, getOwnPropertyDescriptor, isArray, matches, objectKeys, onSettle, SafeMap } from '../intrinsics.js';

type Cfg = Record<string, unknown>;

// Saved now (document_start): these run later, after page script could have replaced the globals.
const ProxyCtor = Proxy;

/** A plain copy of an object's own enumerable fields (the page's object is read, never changed). */
function copyOf(o: unknown): Cfg {
  const out: Cfg = {};
  if (o && typeof o === 'object') {
    const keys = objectKeys(o);
    for (let i = 0; i < keys.length; i++) out[keys[i]!] = (o as Cfg)[keys[i]!];
  }
  return out;
}

/** Removes `item` from `list` in place without the page's Array.prototype methods. */
function remove<T>(list: T[], item: T): void {
  let j = 0;
  for (let i = 0; i < list.length; i++) if (list[i] !== item) list[j++] = list[i]!;
  list.length = j;
}

/** A TURN URL that reaches its server over TCP or TLS: `turns:`, or `turn:` with `?transport=tcp`. */
export function isTcpTurnUrl(url: unknown): boolean {
  return typeof url === 'string' && (matches(/^turns:/i, url) || (matches(/^turn:/i, url) && matches(/[?&]transport=tcp(?:&|$)/i, url)));
}

/**
 * The configuration a peer connection runs with while a network fault holds it: the page's own
 * configuration with iceTransportPolicy "relay" and, when `tcpOnly`, only its TCP/TLS TURN URLs
 * (servers left with none are dropped; STUN goes too: it is UDP). A plain new object: the page's
 * object is read, never changed.
 */
export function forcedIceConfig(config: unknown, tcpOnly: boolean): Cfg {
  const out = copyOf(config);
  out.iceTransportPolicy = 'relay';
  if (!tcpOnly) return out;
  const servers = out.iceServers;
  const kept: Cfg[] = [];
  if (isArray(servers)) {
    for (let i = 0; i < servers.length; i++) {
      const s = servers[i] as Cfg | null;
      if (!s || typeof s !== 'object') continue;
      const urls = isArray(s.urls) ? s.urls : [s.urls];
      const tcp: string[] = [];
      for (let j = 0; j < urls.length; j++) if (isTcpTurnUrl(urls[j])) tcp[tcp.length] = urls[j] as string;
      if (!tcp.length) continue;
      const copy = copyOf(s);
      copy.urls = tcp;
      kept[kept.length] = copy;
    }
  }
  out.iceServers = kept;
  return out;
}

/** The ICE server URLs of a configuration, for the fault.applied detail (no credentials). */
export function iceUrls(config: Cfg): string {
  const servers = config.iceServers;
  const out: string[] = [];
  if (isArray(servers)) {
    for (let i = 0; i < servers.length; i++) {
      const urls = (servers[i] as Cfg | null)?.urls;
      const list = isArray(urls) ? urls : [urls];
      for (let j = 0; j < list.length; j++) if (typeof list[j] === 'string') out[out.length] = list[j] as string;
    }
  }
  return out.length ? out.join(' ') : 'none';
}

/** What the capture code asks while a fault is armed; each field is null when nothing needs it. */
export const mediaGates: {
  /** A network fault is armed: a new peer connection (or the page's setConfiguration) goes through this. */
  net: NetGate | null;
  /** A microphone fault is armed: each new getUserMedia track goes through this. */
  track: ((t: MediaStreamTrack) => void) | null;
  /** Devices unplugged: enumerateDevices lists only the visible ones, getUserMedia fails on the others. */
  devices: DeviceGate | null;
} = { net: null, track: null, devices: null };

export interface NetGate {
  /** A connection was just constructed: force it, and return the configuration it now runs with. */
  created(pc: object, config: unknown): Cfg;
  /** Its pc.create is recorded: record what the fault did to it under the same id. */
  recorded(pc: object, id: string): void;
  /** The page calls setConfiguration while forced: returns the argument to pass instead. */
  pageSets(pc: object, config: unknown): unknown;
}

export interface DeviceGate {
  visible(deviceId: string): boolean;
  /**
   * A getUserMedia answer with a track on an unplugged device: its tracks are stopped (never handed
   * to the page) and the request is made again on another device of that kind, as a browser picks
   * one when the device it would use is gone; it fails with NotFoundError when none is left, and
   * with OverconstrainedError when the page asked for exactly the unplugged one. null: nothing to redo.
   */
  reopen(stream: MediaStream, constraints: unknown, open: (c: MediaStreamConstraints) => Promise<MediaStream>): Promise<MediaStream> | null;
}

/**
 * The constraints to ask again with, on `alternatives` (kind -> a visible deviceId, or undefined if
 * none) for each kind whose device went away; an error name when the request cannot be met.
 */
export function reopenConstraints(constraints: unknown, gone: string[], alternatives: Record<string, string | undefined>): Cfg | 'NotFoundError' | 'OverconstrainedError' {
  const out = copyOf(constraints);
  for (let i = 0; i < gone.length; i++) {
    const kind = gone[i]!;
    const want = out[kind];
    const wanted = want && typeof want === 'object' ? (want as Cfg) : {};
    const id = wanted.deviceId;
    if (id && typeof id === 'object' && (id as Cfg).exact !== undefined) return 'OverconstrainedError';
    const alt = alternatives[kind];
    if (!alt) return 'NotFoundError';
    const copy = copyOf(wanted);
    copy.deviceId = { exact: alt };
    out[kind] = copy;
  }
  return out;
}

/** What the capture hooks hand the faults: the frame's open peer connections and getUserMedia tracks. */
export interface MediaFaultSources {
  pcs(): { pc: object; id: string }[];
  tracks(): MediaStreamTrack[];
}

export function installMediaFaults(win: Window & typeof globalThis, sources: MediaFaultSources): void {
  const PC = win.RTCPeerConnection?.prototype;
  const getConfiguration = PC?.getConfiguration;
  const setConfiguration = PC?.setConfiguration;
  const TrackProto = win.MediaStreamTrack?.prototype;
  const enabledDesc = TrackProto && getOwnPropertyDescriptor(TrackProto, 'enabled');
  const stopTrack = TrackProto?.stop;
  const getSettings = TrackProto?.getSettings;
  const getTracks = win.MediaStream?.prototype.getTracks;
  // The original, not the hook's wrapper (which would record and filter this internal look-up).
  const enumerate = unwrap(win.MediaDevices?.prototype.enumerateDevices);
  const DOMEx = win.DOMException;
  const dispatch = win.EventTarget.prototype.dispatchEvent;
  const EventCtor = win.Event;
  const readId = (t: MediaStreamTrack) => t.id;
  const readKind = (t: MediaStreamTrack) => t.kind;
  const isLive = (t: MediaStreamTrack) => t.readyState === 'live';
  const isTop = () => {
    try {
      return win.top === win;
    } catch {
      return false;
    }
  };

  // ---- Force relay / Block UDP -------------------------------------------------------------
  /** Armed network faults, newest last: the newest one's ctx records what later connections get. */
  const netFaults: { ctx: FaultCtx; tcpOnly: boolean }[] = [];
  /** Connections the faults changed, with the configuration to give back on Stop. */
  let saved = new SafeMap<object, Cfg>();
  const tcpOnly = () => {
    for (let i = 0; i < netFaults.length; i++) if (netFaults[i]!.tcpOnly) return true;
    return false;
  };

  function force(pc: object): Cfg | undefined {
    if (!getConfiguration || !setConfiguration) return undefined;
    try {
      if (!saved.has(pc)) saved.set(pc, apply(getConfiguration, pc, []) as Cfg);
      const cfg = forcedIceConfig(saved.get(pc), tcpOnly());
      apply(setConfiguration, pc, [cfg]);
      return cfg;
    } catch {
      return undefined; // closed, or a configuration the browser refuses to change
    }
  }

  function note(id: string, cfg: Cfg): void {
    const last = netFaults[netFaults.length - 1];
    last?.ctx.applied(id, tcpOnly() ? 'tcp relay only' : 'relay only', `ICE servers: ${iceUrls(cfg)}`);
  }

  function applyNet(): void {
    const list = sources.pcs();
    for (let i = 0; i < list.length; i++) {
      const cfg = force(list[i]!.pc);
      if (cfg) note(list[i]!.id, cfg);
    }
  }

  const netGate: NetGate = {
    created(pc, config) {
      // The record keeps the page's own objects (sanitized later), with the forced fields.
      return force(pc) ? forcedIceConfig(config, tcpOnly()) : (config as Cfg);
    },
    recorded(pc, id) {
      const pcCfg = saved.get(pc);
      if (pcCfg) note(id, forcedIceConfig(pcCfg, tcpOnly()));
    },
    /** The page changes its configuration while forced: keep it for Stop, apply the forced form. */
    pageSets(pc, config) {
      if (config && typeof config === 'object') saved.set(pc, config as Cfg);
      return forcedIceConfig(config, tcpOnly());
    },
  };

  function armNet(ctx: FaultCtx, tcp: boolean): () => void {
    const entry = { ctx, tcpOnly: tcp };
    netFaults[netFaults.length] = entry;
    mediaGates.net = netGate;
    applyNet();
    return () => {
      remove(netFaults, entry);
      if (netFaults.length) return applyNet();
      mediaGates.net = null;
      saved.forEach((cfg, pc) => {
        try {
          apply(setConfiguration!, pc, [cfg]);
        } catch {
          /* closed meanwhile */
        }
      });
      saved = new SafeMap<object, Cfg>();
    };
  }

  registerFaultHandler('force-relay', (_f, ctx) => armNet(ctx, false));
  registerFaultHandler('block-udp', (_f, ctx) => armNet(ctx, true));

  // ---- Mute microphone at source ------------------------------------------------------------
  /** Tracks a microphone fault holds silent -> the `enabled` the page last set on each. */
  const silenced = new SafeMap<MediaStreamTrack, boolean>();
  const muteFaults: { ctx: FaultCtx; track?: string; mine: MediaStreamTrack[] }[] = [];
  let enabledWrapped = false;

  /** The page's reads and writes of `enabled` on a silenced track see and keep its own value. */
  function wrapEnabled(): void {
    if (enabledWrapped || !enabledDesc?.get || !enabledDesc.set || !enabledDesc.configurable) return;
    enabledWrapped = true;
    const get = new ProxyCtor(enabledDesc.get, {
      apply: (target, self: MediaStreamTrack, args: unknown[]) => (silenced.has(self) ? silenced.get(self) : apply(target, self, args)),
    });
    const set = new ProxyCtor(enabledDesc.set, {
      apply: (target, self: MediaStreamTrack, args: unknown[]) => {
        if (silenced.has(self)) silenced.set(self, !!args[0]);
        else apply(target, self, args);
      },
    });
    mask(get, enabledDesc.get);
    mask(set, enabledDesc.set);
    defineProperty(TrackProto!, 'enabled', { ...enabledDesc, get, set });
  }

  function silence(t: MediaStreamTrack): void {
    for (let i = 0; i < muteFaults.length; i++) {
      const f = muteFaults[i]!;
      if (silenced.has(t) || readKind(t) !== 'audio' || !isLive(t) || (f.track && f.track !== readId(t))) continue;
      silenced.set(t, apply(enabledDesc!.get!, t, []) as boolean);
      apply(enabledDesc!.set!, t, [false]);
      f.mine[f.mine.length] = t;
      f.ctx.applied(readId(t), 'silenced', t.label);
    }
  }

  registerFaultHandler('mute-microphone', (f, ctx) => {
    if (!enabledDesc?.get || !enabledDesc.set) {
      ctx.applied('page', 'not applied', 'this browser offers no MediaStreamTrack.enabled to hold');
      return ctx.end('done');
    }
    wrapEnabled();
    const entry = { ctx, track: f.params.track, mine: [] as MediaStreamTrack[] };
    muteFaults[muteFaults.length] = entry;
    mediaGates.track = silence;
    const tracks = sources.tracks();
    for (let i = 0; i < tracks.length; i++) silence(tracks[i]!);
    return () => {
      remove(muteFaults, entry);
      if (!muteFaults.length) mediaGates.track = null;
      for (let i = 0; i < entry.mine.length; i++) {
        const t = entry.mine[i]!;
        const pageValue = silenced.get(t);
        silenced.delete(t);
        apply(enabledDesc.set!, t, [pageValue !== false]);
      }
    };
  });

  // ---- End camera track / Unplug device ----------------------------------------------------
  /** Ends a live track as a device that went away ends it: stopped, then an `ended` event. */
  function endTrack(t: MediaStreamTrack, ctx: FaultCtx, why: string): void {
    if (!isLive(t) || !stopTrack) return;
    apply(stopTrack, t, []);
    apply(dispatch, t, [new EventCtor('ended')]);
    ctx.applied(readId(t), 'ended', why);
  }

  registerFaultHandler('end-camera-track', (f, ctx) => {
    const tracks = sources.tracks();
    let n = 0;
    for (let i = 0; i < tracks.length; i++) {
      const t = tracks[i]!;
      if (readKind(t) !== 'video' || !isLive(t) || (f.params.track && f.params.track !== readId(t))) continue;
      endTrack(t, ctx, t.label);
      n++;
    }
    // Said by the top frame only: every frame gets the order, and most (ads, widgets) have no camera.
    if (!n && isTop()) ctx.applied('page', 'not applied', f.params.track ? `no live camera track ${f.params.track} in the top frame` : 'no live camera track in the top frame');
    ctx.end('done');
  });

  const deviceOf = (t: MediaStreamTrack): string => {
    try {
      return String((apply(getSettings!, t, []) as { deviceId?: unknown }).deviceId ?? '');
    } catch {
      return '';
    }
  };
  /** Unplugged device ids (a device unplugged twice comes back when both are stopped). */
  const unplugged = new SafeMap<string, number>();
  const deviceGate: DeviceGate = {
    visible: (deviceId) => !unplugged.has(deviceId),
    reopen(stream, constraints, open) {
      const got = getTracks ? (apply(getTracks, stream, []) as MediaStreamTrack[]) : [];
      const gone: string[] = [];
      for (let i = 0; i < got.length; i++) if (unplugged.has(deviceOf(got[i]!))) gone[gone.length] = readKind(got[i]!);
      if (!gone.length) return null;
      for (let i = 0; i < got.length; i++) apply(stopTrack!, got[i]!, []);
      const md = win.navigator.mediaDevices;
      return onSettle(apply(enumerate!, md, []) as Promise<MediaDeviceInfo[]>, (list) => {
        const alternatives: Record<string, string | undefined> = {};
        for (let i = 0; i < list.length; i++) {
          const d = list[i]!;
          const kind = d.kind === 'audioinput' ? 'audio' : d.kind === 'videoinput' ? 'video' : '';
          if (kind && d.deviceId && !unplugged.has(d.deviceId)) alternatives[kind] ??= d.deviceId;
        }
        const c = reopenConstraints(constraints, gone, alternatives);
        if (typeof c === 'string') throw new DOMEx(c === 'NotFoundError' ? 'Requested device not found' : 'The unplugged device was asked for exactly', c);
        return open(c as MediaStreamConstraints);
      });
    },
  };
  const devicechange = () => {
    const md = win.navigator.mediaDevices;
    if (md) apply(dispatch, md, [new EventCtor('devicechange')]);
  };

  registerFaultHandler('unplug-device', (f, ctx) => {
    const id = f.params.deviceId;
    // The hook checks orders lightly (the bridge validated them): a forged one ends here.
    if (typeof id !== 'string' || !id) return ctx.end('done');
    unplugged.set(id, (unplugged.get(id) ?? 0) + 1);
    mediaGates.devices = deviceGate;
    ctx.applied(id, 'unplugged');
    const tracks = sources.tracks();
    for (let i = 0; i < tracks.length; i++) if (deviceOf(tracks[i]!) === id) endTrack(tracks[i]!, ctx, `on unplugged device ${id}`);
    devicechange();
    return () => {
      const n = (unplugged.get(id) ?? 1) - 1;
      if (n > 0) return void unplugged.set(id, n);
      unplugged.delete(id);
      if (!unplugged.size) mediaGates.devices = null;
      ctx.applied(id, 'plugged back');
      devicechange();
    };
  });
}

/** Keeps only the devices a page may see while some are unplugged. */
export function visibleList<T extends { deviceId: string }>(list: ArrayLike<T>, visible: (id: string) => boolean): T[] {
  const out: T[] = [];
  for (let i = 0; i < list.length; i++) if (visible(list[i]!.deviceId)) out[out.length] = list[i]!;
  return out;
}
