/** Gathering ended without a relay candidate although media may only go through TURN (or TURN was configured). */
import type { Json } from '../capture/events.js';
import type { Rule } from './types.js';

function turnUrls(config: unknown): string[] {
  const servers = (config as { iceServers?: Json } | null)?.iceServers;
  if (!Array.isArray(servers)) return [];
  const out: string[] = [];
  for (const s of servers) {
    const urls = (s as { urls?: Json; url?: Json } | null)?.urls ?? (s as { url?: Json } | null)?.url;
    for (const u of Array.isArray(urls) ? urls : [urls]) if (typeof u === 'string' && /^turns?:/i.test(u)) out.push(u);
  }
  return out;
}

function gatheringDone(ev: { type: string; data: Json }): boolean {
  const d = ev.data as { state?: Json; candidate?: Json } | null;
  if (ev.type === 'icegatheringstatechange') return d?.state === 'complete';
  return ev.type === 'icecandidate' && (d === null || d.candidate === null);
}

export const relayRule: Rule = {
  id: 'relay',
  on(s, ctx) {
    if (s.type !== 'capture' || s.ev.kind !== 'pc.event' || !gatheringDone(s.ev)) return;
    const pc = ctx.pc(s.ev.id);
    if (!pc || pc.candidateTypes.has('relay')) return;
    const relayOnly = (pc.config as { iceTransportPolicy?: unknown } | null)?.iceTransportPolicy === 'relay';
    const turns = turnUrls(pc.config);
    if (!relayOnly && turns.length === 0) return;
    const turnErrors = pc.candidateErrors.filter((e) => !e.url || /^turns?:/i.test(e.url));
    const errors = turnErrors.slice(0, 3).map((e) => `${e.url ?? '?'} ${e.errorCode ?? ''} ${e.errorText ?? ''}`.trim());
    // 401 is the TURN server refusing the username/credential (RFC 8656 §6.2): it answered, so
    // "unreachable" would send the reader to the firewall instead of the credentials.
    const authRefused = turnErrors.some((e) => e.errorCode === 401);
    ctx.emit(
      {
        rule: 'no-relay-candidate',
        severity: relayOnly ? 'error' : 'warning',
        t: s.t,
        message: `no relay candidate: ${authRefused ? 'TURN authentication failed (401: the server refused the username or credential)' : 'TURN unreachable'}${relayOnly ? ' (iceTransportPolicy is "relay", so no media can flow)' : ''}${errors.length ? ' — ' + errors.join('; ') : ''}`,
        advice:
          turns.length === 0
            ? 'iceTransportPolicy is "relay" but no TURN server is configured: add TURN servers to iceServers.'
            : authRefused
              ? 'The TURN server answered but refused the credentials: TURN credentials are usually short-lived (fetched per call from the SDK or your backend); check they are fresh, for this server, and that username and credential are not swapped.'
              : 'The browser could not allocate on any TURN server: check the TURN credentials (they expire), that the host resolves, and that UDP 3478 or TCP/TLS 443 is open. Error 701 means no answer from the server.',
        evidence: [{ kind: 'event', pcId: pc.id, t: s.t }],
      },
      `relay:${pc.id}`,
    );
  },
};
