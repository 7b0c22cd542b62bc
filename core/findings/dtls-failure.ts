/**
 * DTLS failures: the connection failed although ICE had connected (`connectionState` failed while
 * `iceConnectionState` was connected or completed), or a transport report says `dtlsState: failed`. ICE found
 * a path, then the encryption handshake over it did not complete: a certificate fingerprint that does not
 * match the SDP, a middlebox dropping DTLS, or both sides taking the same DTLS role. Threshold and source:
 * docs/findings.md.
 */
import type { Json } from '../capture/events.js';
import { reportsOf, str } from './stats-reading.js';
import type { Rule } from './types.js';

const ADVICE =
  'ICE found a network path, then the DTLS handshake that sets up encryption failed on it. Typical causes: the a=fingerprint in the SDP does not match the certificate (SDP changed on the way), both sides answered with the same a=setup role, or a firewall/proxy drops DTLS packets while letting STUN through.';

export function createDtlsFailureRule(): Rule {
  const iceUp = new Set<string>();
  const reported = new Set<string>();
  return {
    id: 'dtls-failure',
    on(s, ctx) {
      const emit = (pcId: string, t: number, how: string) => {
        if (reported.has(pcId)) return;
        reported.add(pcId);
        ctx.emit({ rule: 'dtls-failure', severity: 'error', t, message: `DTLS failed on ${pcId}: ${how}`, advice: ADVICE, evidence: [{ kind: 'event', pcId, t }] });
      };
      if (s.type === 'quality') {
        for (const [, tr] of reportsOf(s.reports, 'transport')) if (str(tr, 'dtlsState') === 'failed') emit(s.pcId, s.t, 'the transport reports dtlsState failed');
        return;
      }
      if (s.type !== 'capture' || s.ev.kind !== 'pc.event') return;
      const ev = s.ev;
      const state = (ev.data as { state?: Json } | null)?.state;
      if (ev.type === 'iceconnectionstatechange') {
        if (state === 'connected' || state === 'completed') iceUp.add(ev.id);
        else iceUp.delete(ev.id);
      } else if (ev.type === 'connectionstatechange' && state === 'failed' && iceUp.has(ev.id)) {
        emit(ev.id, ev.t, 'the connection failed while ICE was connected');
      }
    },
  };
}
