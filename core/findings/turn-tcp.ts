/**
 * Media relayed over TURN on TCP or TLS: the selected candidate pair's local candidate is a relay one whose
 * `relayProtocol` (W3C webrtc-stats, the protocol between the browser and the TURN server) is tcp or tls.
 * The browser falls back to these only when UDP to the TURN server did not work; media then suffers from
 * head-of-line blocking: one lost packet delays all that follow. Reported once per connection, after the
 * pair has carried media for TURN_TCP_MS. Threshold and source: docs/findings.md.
 */
import { secs } from './format.js';
import { num, reportsOf, str, type Report } from './stats-reading.js';
import type { Rule, StatsReports } from './types.js';

export const TURN_TCP_MS = 3000;

/** The selected pair of a sample: the transport's selectedCandidatePairId, else a pair flagged selected. */
export function selectedPair(reports: StatsReports): { id: string; pair: Report } | undefined {
  for (const [, t] of reportsOf(reports, 'transport')) {
    const id = str(t, 'selectedCandidatePairId');
    const pair = id ? reports[id] : undefined;
    if (id && pair && typeof pair === 'object' && !Array.isArray(pair)) return { id, pair };
  }
  const flagged = reportsOf(reports, 'candidate-pair').find(([, p]) => p.selected === true);
  return flagged ? { id: flagged[0], pair: flagged[1] } : undefined;
}

export function createTurnTcpRule(): Rule {
  const since = new Map<string, number>();
  const reported = new Set<string>();
  return {
    id: 'turn-tcp',
    on(s, ctx) {
      if (s.type !== 'quality' || reported.has(s.pcId)) return;
      const sel = selectedPair(s.reports);
      const local = sel ? s.reports[str(sel.pair, 'localCandidateId') ?? ''] : undefined;
      const proto = local && typeof local === 'object' && !Array.isArray(local) ? str(local, 'relayProtocol') : undefined;
      const relayed = !!local && str(local as Report, 'candidateType') === 'relay' && (proto === 'tcp' || proto === 'tls');
      if (!ctx.inCall() || !relayed || (num(sel!.pair, 'bytesReceived') ?? 0) + (num(sel!.pair, 'bytesSent') ?? 0) === 0) {
        since.delete(s.pcId);
        return;
      }
      const from = since.get(s.pcId) ?? s.t - s.sample.intervalS * 1000;
      since.set(s.pcId, from);
      if (s.t - from < TURN_TCP_MS) return;
      reported.add(s.pcId);
      const l = local as Report;
      const server = str(l, 'url') ?? (str(l, 'address') ?? str(l, 'ip'));
      ctx.emit({
        rule: 'turn-tcp',
        severity: 'warning',
        t: s.t,
        message: `Media relayed over TURN/${proto!.toUpperCase()} on ${s.pcId}${server ? ` (${server})` : ''} for ${secs(s.t - from)}: UDP to the TURN server did not work`,
        advice:
          'Over TCP a single lost packet holds back every packet after it, so audio and video stall under loss. A firewall or VPN likely blocks UDP (TURN port 3478 and the UDP relay range): allowing UDP restores direct or UDP-relayed media. Keep TCP/TLS TURN URLs in iceServers as the fallback they are (Telnyx: iceServers; forceRelayCandidate only forces a relay, not its protocol).',
        evidence: [
          { kind: 'stats', pcId: s.pcId, t: from },
          { kind: 'stats', pcId: s.pcId, t: s.t },
        ],
      });
    },
  };
}
