/**
 * Media capture: getUserMedia/getDisplayMedia (request, tracks or error, duration), enumerateDevices,
 * devicechange as a diff, track ended/mute/unmute, camera/microphone permission state.
 * Device monitoring and permission queries start on the page's first media or peer-connection use,
 * so pages that never touch WebRTC get no extra work.
 */
import type { DeviceInfo, TrackInfo } from '../../core/capture/events.js';
import type { Emitter } from './emitter.js';
import { listenerFor, wrapMethod } from './native.js';
import { toJson } from './serialize.js';
import { apply, mapList, SafeSet, onSettle } from './intrinsics.js';
import { mediaGates, visibleList } from './faults/media.js';

const TRACK_EVENTS = ['ended', 'mute', 'unmute'] as const;
const PERMISSION_NAMES = ['camera', 'microphone'] as const;

export interface MediaHook {
  /** Start device-change monitoring and permission tracking (idempotent). */
  activate(): void;
  /** The frame's getUserMedia tracks not seen to end (the media faults act on them). */
  tracks(): MediaStreamTrack[];
}

type GumApi = 'getUserMedia' | 'getDisplayMedia';

function deviceInfo(d: MediaDeviceInfo): DeviceInfo {
  return { deviceId: String(d.deviceId), groupId: String(d.groupId), kind: String(d.kind), label: String(d.label) };
}

export function diffDevices(before: DeviceInfo[], after: DeviceInfo[]): { added: DeviceInfo[]; removed: DeviceInfo[] } {
  const key = (d: DeviceInfo) => `${d.kind}\u0000${d.deviceId}\u0000${d.label}`;
  const had = new SafeSet<string>();
  const has = new SafeSet<string>();
  for (let i = 0; i < before.length; i++) had.add(key(before[i]!));
  for (let i = 0; i < after.length; i++) has.add(key(after[i]!));
  const added: DeviceInfo[] = [];
  const removed: DeviceInfo[] = [];
  for (let i = 0; i < after.length; i++) if (!had.has(key(after[i]!))) added[added.length] = after[i]!;
  for (let i = 0; i < before.length; i++) if (!has.has(key(before[i]!))) removed[removed.length] = before[i]!;
  return { added, removed };
}

export function installMediaHook(win: typeof globalThis, em: Emitter): MediaHook | undefined {
  const MD = win.MediaDevices;
  const proto = MD?.prototype;
  const on = listenerFor(win);
  const origEnumerate = proto?.enumerateDevices;
  const getTracks = win.MediaStream?.prototype.getTracks;
  const permissions = win.navigator?.permissions;
  const query = permissions && win.Permissions?.prototype.query;

  let devices: DeviceInfo[] | undefined;
  /** devicechange events whose diff is still being computed. */
  let changing = 0;
  let active = false;
  /** getUserMedia tracks, dropped when they end (or are found stopped on the next call). */
  let userTracks = new SafeSet<MediaStreamTrack>();
  function tracks(): MediaStreamTrack[] {
    const out: MediaStreamTrack[] = [];
    const still = new SafeSet<MediaStreamTrack>();
    userTracks.forEach((t) => {
      if (t.readyState === 'ended') return;
      out[out.length] = t;
      still.add(t);
    });
    userTracks = still;
    return out;
  }

  function trackInfo(t: MediaStreamTrack): TrackInfo {
    let settings: unknown = null;
    try {
      settings = t.getSettings();
    } catch {
      /* not every track offers settings */
    }
    return { id: t.id, kind: t.kind, label: t.label, settings: toJson(settings), readyState: t.readyState, muted: t.muted };
  }

  function watchTrack(t: MediaStreamTrack): void {
    for (let i = 0; i < TRACK_EVENTS.length; i++) {
      const event = TRACK_EVENTS[i]!;
      on(t, event, () => em.emit({ kind: 'media.track', t: em.now(), trackId: t.id, trackKind: t.kind, label: t.label, event }));
    }
  }

  async function enumerateQuietly(): Promise<DeviceInfo[] | undefined> {
    const md = win.navigator.mediaDevices;
    if (!md || !origEnumerate) return undefined;
    const list = (await apply(origEnumerate, md, [])) as MediaDeviceInfo[];
    // What the page sees: an unplugged device (Simulate) leaves this list too, so the capture's
    // devicechange shows it removed.
    const gate = mediaGates.devices;
    return mapList(gate ? visibleList(list, gate.visible) : list, deviceInfo);
  }

  function activate(): void {
    if (active) return;
    active = true;
    try {
      const md = win.navigator.mediaDevices;
      if (md) {
        void onSettle(
          enumerateQuietly(),
          (d) => {
            devices ??= d;
          },
          noop,
        );
        on(md, 'devicechange', () => {
          changing++;
          void onSettle(
            enumerateQuietly(),
            (now) => {
              changing--;
              if (!now) return;
              const { added, removed } = diffDevices(devices ?? [], now);
              devices = now;
              em.emit({ kind: 'media.devicechange', t: em.now(), added, removed, devices: now });
            },
            () => {
              changing--;
            },
          );
        });
      }
    } catch {
      /* no media devices in this context (e.g. insecure origin) */
    }
    if (query && permissions) {
      for (let i = 0; i < PERMISSION_NAMES.length; i++) {
        const name = PERMISSION_NAMES[i]!;
        let p: Promise<PermissionStatus>;
        try {
          p = apply(query, permissions, [{ name }]) as Promise<PermissionStatus>;
        } catch {
          continue;
        }
        onSettle(
          p,
          (status) => {
            const emitState = () => {
              const s = status.state;
              em.emit({ kind: 'media.permission', t: em.now(), name, state: s === 'granted' || s === 'denied' || s === 'prompt' ? s : 'unknown' });
            };
            emitState();
            on(status, 'change', emitState);
          },
          () => em.emit({ kind: 'media.permission', t: em.now(), name, state: 'unknown' }),
        );
      }
    }
  }

  if (!proto) return { activate, tracks };

  for (const api of ['getUserMedia', 'getDisplayMedia'] as const satisfies readonly GumApi[]) {
    wrapMethod(proto, api, (original, md, args) => {
      activate();
      const id = em.nextId('gum');
      const started = em.now();
      em.emit({ kind: 'media.gum', t: started, id, api, constraints: toJson(args[0]) });
      const ret = apply(original, md, args) as Promise<MediaStream>;
      const failed = (err: unknown): never => {
        try {
          const e = err as { name?: unknown; message?: unknown } | null;
          const error = { name: String(e?.name ?? 'Error'), message: String(e?.message ?? err) };
          em.emit({ kind: 'media.gum.result', t: em.now(), id, api, ok: false, error, durationMs: em.now() - started });
        } catch {
          /* capture only */
        }
        throw err;
      };
      const opened = (stream: MediaStream): MediaStream | Promise<MediaStream> => {
        // Simulate's Unplug device: a device that is gone cannot be opened; the browser picks another.
        const again = mediaGates.devices?.reopen(stream, args[0], (c) => apply(original, md, [c]) as Promise<MediaStream>);
        if (again) return onSettle(again, opened, failed);
        try {
          const tracks = getTracks ? (apply(getTracks, stream, []) as MediaStreamTrack[]) : [];
          for (let i = 0; i < tracks.length; i++) {
            watchTrack(tracks[i]!);
            if (api === 'getUserMedia') {
              userTracks.add(tracks[i]!);
              mediaGates.track?.(tracks[i]!);
            }
          }
          em.emit({ kind: 'media.gum.result', t: em.now(), id, api, ok: true, tracks: mapList(tracks, trackInfo), durationMs: em.now() - started });
        } catch {
          /* capture only */
        }
        return stream;
      };
      return onSettle(ret, opened, failed);
    });
  }

  wrapMethod(proto, 'enumerateDevices', (original, md, args) => {
    activate();
    const ret = apply(original, md, args) as Promise<MediaDeviceInfo[]>;
    return onSettle(ret, (all) => {
      // Simulate's Unplug device: the page does not see an unplugged device.
      const gate = mediaGates.devices;
      const list = gate ? visibleList(all, gate.visible) : all;
      try {
        const now = mapList(list, deviceInfo);
        // Not while a devicechange is being diffed: a page that enumerates on devicechange (most
        // SDKs) gets its answer first and would leave the diff nothing to show.
        if (!changing) devices = now;
        em.emit({ kind: 'media.devices', t: em.now(), devices: now });
      } catch {
        /* capture only */
      }
      return list;
    });
  });

  return { activate, tracks };
}

function noop(): void {}
