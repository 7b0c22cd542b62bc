/**
 * A peer connection created without any STUN or TURN server while the app talks to a signaling server on
 * another machine. Without STUN the browser only offers its own (often private) addresses; without TURN there
 * is no way through a firewall that blocks UDP. Calls can still work (a media server with a public address
 * learns this side's address from its checks), so this is information, not an error; when ICE then fails, the
 * ICE findings say so. Apps whose signaling is on this machine (local development, our demos) are left alone:
 * both ends are usually local too.
 */
import type { Rule } from './types.js';

function gatheringDone(ev: { type: string; data: unknown }): boolean {
  const d = ev.data as { state?: unknown; candidate?: unknown } | null;
  if (ev.type === 'icegatheringstatechange') return d?.state === 'complete';
  return ev.type === 'icecandidate' && (d === null || d.candidate === null);
}

/** 127.0.0.0/8, ::1, localhost and *.localhost. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  host = host.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export const noIceServersRule: Rule = {
  id: 'no-ice-servers',
  on(s, ctx) {
    if (s.type !== 'capture' || s.ev.kind !== 'pc.event' || !gatheringDone(s.ev)) return;
    const pc = ctx.pc(s.ev.id);
    // A missing configuration is "not captured", not "none configured".
    const config = pc?.config as { iceServers?: unknown; iceTransportPolicy?: unknown } | null | undefined;
    if (!pc || !config || typeof config !== 'object') return;
    if (Array.isArray(config.iceServers) && config.iceServers.length > 0) return;
    if (config.iceTransportPolicy === 'relay') return; // the relay rule explains that one
    const remote = ctx.sessions().find((x) => x.url && !isLoopbackUrl(x.url));
    if (!remote) return;
    ctx.emit(
      {
        rule: 'no-ice-servers',
        severity: 'info',
        t: s.t,
        message: `${pc.id} was created with no STUN or TURN server: it can only offer this device's own addresses`,
        advice:
          'Calls work when the other side has a public address (most media servers do), but from behind a strict NAT or a firewall that blocks UDP nothing gets through. ' +
          'Give the SDK ICE servers (a TURN server on TCP/TLS 443 passes most firewalls), or check why the ones from the server were not applied.',
        evidence: [{ kind: 'event', pcId: pc.id, t: s.t }],
      },
      'no-ice-servers',
    );
  },
};
