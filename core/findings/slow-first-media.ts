/**
 * Media that arrived late: the first received bytes came more than FIRST_MEDIA_MS after the connection was
 * both connected and negotiated to receive (the later of `connectionstatechange` connected and the answer
 * that allows receiving). Users hear the first seconds of the call as dead air. Judged only once media did
 * arrive: a connection that never receives is one-way-media's case, and a subscriber waiting for someone to
 * publish gets its media sections only when they do. Threshold and source: docs/findings.md.
 */
import type { Json } from '../capture/events.js';
import { secs } from './format.js';
import type { Rule } from './types.js';

export const FIRST_MEDIA_MS = 3000;

export function createSlowFirstMediaRule(): Rule {
  const connectedAt = new Map<string, number>();
  const done = new Set<string>();
  return {
    id: 'slow-first-media',
    on(s, ctx) {
      if (s.type === 'capture') {
        const ev = s.ev;
        if (ev.kind === 'pc.event' && ev.type === 'connectionstatechange' && (ev.data as { state?: Json } | null)?.state === 'connected') {
          if (!connectedAt.has(ev.id)) connectedAt.set(ev.id, ev.t);
        }
        return;
      }
      if (s.type !== 'quality' || done.has(s.pcId)) return;
      const connected = connectedAt.get(s.pcId);
      if (connected === undefined || s.sample.bytesIn <= 0) return;
      done.add(s.pcId);
      const negotiated = ctx.pc(s.pcId)?.negotiated;
      if (negotiated && !negotiated.recv) return;
      const from = Math.max(connected, negotiated?.t ?? connected);
      // Media arrived somewhere in the interval that ended at s.t: its start is the earliest it can have been.
      const firstAt = s.t - s.sample.intervalS * 1000;
      if (firstAt - from <= FIRST_MEDIA_MS) return;
      ctx.emit({
        rule: 'slow-first-media',
        severity: 'warning',
        t: s.t,
        message: `Slow first media on ${s.pcId}: nothing was received for ${secs(firstAt - from)} after the connection was up`,
        advice:
          'The first seconds of the call were silent although the connection was up. The far end (or the media server) started sending late: it may wait for its own ICE/DTLS, a keyframe, a media server that joins late, or an answer it had not applied.',
        evidence: [
          { kind: 'event', pcId: s.pcId, t: from },
          { kind: 'stats', pcId: s.pcId, t: s.t },
        ],
      });
    },
  };
}
