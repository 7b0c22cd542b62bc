/**
 * A peer connection that has both descriptions but whose ICE never connects: it sits in "new" or "checking".
 * Chrome reports "failed" only once every candidate pair has timed out, tens of seconds later (and never when
 * there is no candidate pair to try at all, e.g. relay-only with no TURN server): this says so well before.
 * An ICE "failed" is the ice-failed rule's business.
 */
import { secs } from './format.js';
import type { Rule } from './types.js';

/**
 * From the first setRemoteDescription call. Recorded calls connect 10-25 ms after it on loopback
 * (tests/fixtures/protocol/recorded/*-ext-*), calls through STUN/TURN on real networks within a second or two;
 * the Telnyx SDK allows ICE gathering 15 s (ICE_GATHERING_SAFETY_TIMEOUT_MS) before it gives up on a call.
 */
export const ICE_CONNECT_MS = 10_000;

const CONNECTED = new Set(['connected', 'completed']);
const OVER = new Set(['failed', 'closed']);

export function createIceStuckRule(): Rule {
  /** Peer connections waiting to connect, with when their checks could start. */
  const waiting = new Map<string, number>();
  const done = new Set<string>();
  return {
    id: 'ice-not-connected',
    on(s) {
      if (s.type !== 'capture') return;
      const ev = s.ev;
      if (ev.kind === 'pc.call') {
        if (ev.method === 'setRemoteDescription' && !done.has(ev.id) && !waiting.has(ev.id)) waiting.set(ev.id, ev.t);
        else if (ev.method === 'close') {
          waiting.delete(ev.id);
          done.add(ev.id);
        }
        return;
      }
      if (ev.kind !== 'pc.event' || (ev.type !== 'iceconnectionstatechange' && ev.type !== 'connectionstatechange')) return;
      const state = (ev.data as { state?: unknown } | null)?.state;
      if (typeof state === 'string' && (CONNECTED.has(state) || OVER.has(state))) {
        waiting.delete(ev.id);
        done.add(ev.id);
      }
    },
    tick(now, ctx) {
      for (const [id, since] of waiting) {
        if (now - since < ICE_CONNECT_MS) continue;
        waiting.delete(id);
        done.add(id);
        const pc = ctx.pc(id);
        if (pc?.closedAt !== undefined) continue;
        const call = ctx.callOfPc(id);
        const noCandidates = pc !== undefined && pc.candidateTypes.size === 0;
        ctx.emit(
          {
            rule: 'ice-not-connected',
            severity: 'error',
            t: since + ICE_CONNECT_MS,
            message: `ICE has not connected on ${id}${call ? ` (call ${call.destination ? `to ${call.destination}` : call.id})` : ''} ${secs(ICE_CONNECT_MS)} after the remote description: ICE is still ${pc?.iceConnectionState ?? 'new'}, no media can flow`,
            advice: noCandidates
              ? 'This side gathered no ICE candidate at all, so there is nothing to check. With iceTransportPolicy "relay" only TURN can give one: check the TURN servers, credentials and ports (UDP 3478, TCP/TLS 443).'
              : 'Connectivity checks are not getting through: a firewall or NAT drops them, or the far end offered addresses this side cannot reach. Configure a TURN server (TCP/TLS 443 passes most firewalls) and compare the candidate types on both sides.',
            evidence: [{ kind: 'event', pcId: id, t: since }],
          },
          `icestuck:${id}`,
        );
      }
    },
  };
}
