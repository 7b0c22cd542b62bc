/** ICE / DTLS transport failing or dropping on a peer connection. */
import type { Rule } from './types.js';

export function createIceRule(): Rule {
  /** Per pc: how many times it has (re)connected, so each drop after a recovery is reported again. */
  const generation = new Map<string, number>();
  return {
    id: 'ice',
    on(s, ctx) {
      if (s.type !== 'capture' || s.ev.kind !== 'pc.event') return;
      const ev = s.ev;
      if (ev.type !== 'iceconnectionstatechange' && ev.type !== 'connectionstatechange') return;
      const state = (ev.data as { state?: unknown } | null)?.state;
      if (state === 'connected' || state === 'completed') {
        generation.set(ev.id, (generation.get(ev.id) ?? 0) + 1);
        return;
      }
      if (state !== 'failed' && state !== 'disconnected') return;
      const gen = generation.get(ev.id) ?? 0;
      const failed = state === 'failed';
      const pc = ctx.pc(ev.id);
      const relayOnly = (pc?.config as { iceTransportPolicy?: unknown } | null)?.iceTransportPolicy === 'relay';
      ctx.emit(
        {
          rule: failed ? 'ice-failed' : 'ice-disconnected',
          severity: failed ? 'error' : 'warning',
          t: ev.t,
          message: failed
            ? `ICE failed on ${ev.id}: no network path to the other side`
            : `ICE disconnected on ${ev.id}: media stopped flowing`,
          advice: failed
            ? 'No candidate pair worked. Usually a firewall blocks UDP and no TURN server (or an unreachable one) was configured' +
              (relayOnly ? '; with iceTransportPolicy "relay" only TURN can carry media, so check the TURN credentials and ports.' : '; add a TURN server over TCP/TLS 443.')
            : 'Connectivity checks stopped getting answers, often a network change (Wi-Fi to cellular, VPN) or heavy loss. The browser may recover by itself; if not, the SDK restarts ICE.',
          evidence: [{ kind: 'event', pcId: ev.id, t: ev.t }],
        },
        `ice:${ev.id}:${failed ? 'failed' : 'disconnected'}:${gen}`,
      );
    },
  };
}
