/**
 * A bundle back into capture events, so everything built on events (the capture model, the
 * protocol analyzer, the panel views) works the same on an imported bundle as on a live tab.
 * Order: by time, stable, as the hook would have emitted them.
 */
import type { CaptureEvent, Json } from '../capture/events.js';
import { docPart } from '../capture/loads.js';
import { parseResultType } from './pc-vocabulary.js';
import { decodeStats } from './stats-delta.js';
import type { Bundle } from './types.js';
import { parseFault } from '../simulate/faults.js';

export function eventsFromBundle(b: Bundle): CaptureEvent[] {
  const out: CaptureEvent[] = [];
  for (const s of b.sockets ?? []) {
    out.push({ kind: 'ws.create', t: s.createdAt, id: s.id, url: s.url, protocols: s.protocols ?? [] });
    if (s.openedAt !== undefined) out.push({ kind: 'ws.open', t: s.openedAt, id: s.id, protocol: '', extensions: '' });
    for (const f of s.frames ?? []) {
      out.push({
        kind: 'ws.frame',
        t: f.t,
        id: s.id,
        dir: f.dir,
        size: f.size,
        binary: f.binary === true,
        ...(f.text !== undefined ? { text: f.text } : {}),
        ...(f.preview !== undefined ? { preview: f.preview } : {}),
        ...(f.truncated ? { truncated: true } : {}),
      });
    }
    // The bundle keeps only the count of socket errors; they come back at the close (or last frame).
    const errorAt = s.closedAt ?? s.frames?.[s.frames.length - 1]?.t ?? s.createdAt;
    for (let i = 0; i < Math.min(s.errors ?? 0, 1000); i++) out.push({ kind: 'ws.error', t: errorAt, id: s.id });
    if (s.close && s.closedAt !== undefined) out.push({ kind: 'ws.close', t: s.closedAt, id: s.id, ...s.close });
    // Closed with its document: the page.hide that closed it in the capture model closes it again.
    if (s.closedBy === 'unloaded' && s.closedAt !== undefined) out.push({ kind: 'page.hide', t: s.closedAt, docId: docPart(s.id), persisted: false });
  }
  for (const pc of b.peerConnections ?? []) {
    let created = false;
    for (const e of pc.events ?? []) {
      if (e.kind === 'create') {
        created = true;
        out.push({ kind: 'pc.create', t: e.t, id: pc.id, config: pc.config });
      } else if (e.kind === 'call') {
        out.push({ kind: 'pc.call', t: e.t, id: pc.id, method: e.type, args: e.args ?? [] });
      } else if (e.kind === 'result') {
        // The entry's own `ok` wins; a bundle from another writer may carry only the joined name.
        const named = parseResultType(e.type);
        out.push({ kind: 'pc.result', t: e.t, id: pc.id, method: named?.method ?? e.type, ok: e.ok ?? named?.ok ?? true, ...(e.value !== undefined ? { value: e.value } : {}), durationMs: e.durationMs ?? 0 });
      } else {
        out.push({ kind: 'pc.event', t: e.t, id: pc.id, type: e.type, data: (e.data ?? null) as Json });
      }
    }
    if (!created) out.push({ kind: 'pc.create', t: pc.createdAt, id: pc.id, config: pc.config });
    if (pc.closedBy === 'unloaded' && pc.closedAt !== undefined) out.push({ kind: 'page.hide', t: pc.closedAt, docId: docPart(pc.id), persisted: false });
    if (pc.stats?.samples) {
      for (const s of decodeStats(pc.stats.samples).samples) out.push({ kind: 'pc.stats', t: s.t, id: pc.id, reports: s.reports });
    }
  }
  const m = b.media;
  if (m) {
    for (const g of m.getUserMedia ?? []) {
      out.push({ kind: 'media.gum', t: g.t, id: g.id, api: g.api, constraints: g.constraints });
      if (g.result) out.push({ kind: 'media.gum.result', id: g.id, api: g.api, ...g.result });
    }
    for (const d of m.deviceEvents ?? []) out.push({ kind: 'media.devicechange', ...d });
    if (m.devices?.length && !(m.deviceEvents ?? []).length) out.push({ kind: 'media.devices', t: m.devicesAt ?? b.window?.start ?? 0, devices: m.devices });
    for (const e of m.trackEvents ?? []) out.push({ kind: 'media.track', ...e, event: e.event as 'ended' | 'mute' | 'unmute' });
    for (const p of m.permissions ?? []) {
      out.push({ kind: 'media.permission', t: p.t, name: p.name as 'camera' | 'microphone', state: p.state as 'granted' | 'denied' | 'prompt' | 'unknown' });
    }
  }
  for (const s of b.sdks ?? []) {
    if (!s.id) continue;
    out.push({ kind: 'sdk.found', t: s.t ?? b.window?.start ?? 0, id: s.id, sdk: s.name, version: s.version, via: s.via ?? 'bundle', ...(s.detail !== undefined ? { detail: s.detail } : {}) });
    for (const e of s.events ?? []) out.push({ kind: 'sdk.event', t: e.t, id: s.id, name: e.name, data: e.data });
  }
  for (const n of b.notices ?? []) out.push({ kind: 'hook.notice', t: n.t, level: n.level === 'warn' ? 'warn' : 'info', code: n.code, message: n.message });
  (b.faults ?? []).forEach((f, i) => {
    // A bundle is hostile input: only faults the vocabulary accepts come back.
    const parsed = parseFault({ kind: f.kind, params: f.params });
    if (!parsed.ok || typeof f.t !== 'number') return;
    const id = `bundle-fault-${i + 1}`;
    out.push({ kind: 'fault.armed', t: f.t, id, fault: parsed.fault });
    if (typeof f.until === 'number') {
      const reason = f.reason === 'done' || f.reason === 'expired' ? f.reason : 'stopped';
      out.push({ kind: 'fault.ended', t: f.until, id, reason });
    }
  });
  // Stable sort keeps same-time events in their recorded order.
  return out.map((ev, i) => [ev, i] as const).sort((a, b) => a[0].t - b[0].t || a[1] - b[1]).map(([ev]) => ev);
}
