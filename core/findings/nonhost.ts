/**
 * SignalWire 4.x sends verto.invite only once the local SDP has a non-host (server-reflexive or
 * relay) candidate in every media section. When gathering ends with host candidates only, the dial
 * silently waits and then fails with "Call create timeout": nothing on the wire says why, so this
 * rule does.
 */
import type { Rule } from './types.js';

const NON_HOST = ['srflx', 'relay', 'prflx'];

function gatheringDone(ev: { type: string; data: unknown }): boolean {
  const d = ev.data as { state?: unknown; candidate?: unknown } | null;
  if (ev.type === 'icegatheringstatechange') return d?.state === 'complete';
  return ev.type === 'icecandidate' && (d === null || d.candidate === null);
}

export const nonHostRule: Rule = {
  id: 'signalwire-host-only',
  on(s, ctx) {
    if (s.type !== 'capture' || s.ev.kind !== 'pc.event' || !gatheringDone(s.ev)) return;
    const pc = ctx.pc(s.ev.id);
    if (!pc || NON_HOST.some((t) => pc.candidateTypes.has(t))) return;
    const v4 = ctx.sessions().find((x) => x.sdk === 'signalwire' && x.protocolMajor === 4 && x.state !== 'disconnected');
    if (!v4) return;
    const servers = (pc.config as { iceServers?: unknown[] } | null)?.iceServers;
    const none = !Array.isArray(servers) || servers.length === 0;
    ctx.emit(
      {
        rule: 'signalwire-host-only',
        severity: 'error',
        t: s.t,
        message: `ICE gathered only host candidates on ${pc.id}: SignalWire 4.x will not send the invite, the dial will time out`,
        advice: none
          ? 'No STUN or TURN server was given to this peer connection. The SDK takes them from the ice_servers of the signalwire.connect reply: check that the reply carries them.'
          : 'None of the configured STUN/TURN servers answered. Check that UDP 3478 (or TCP/TLS 443 for TURN) is open from this network and that the TURN credentials from signalwire.connect are not expired.',
        evidence: [{ kind: 'event', pcId: pc.id, t: s.t }],
      },
      `nonhost:${pc.id}`,
    );
  },
};
