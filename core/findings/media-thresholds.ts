/**
 * Network quality past the thresholds preflight tools warn at (loss > 1 %, jitter > 30 ms, RTT > 400 ms,
 * MOS < 3), reported once per episode when they hold for SUSTAIN consecutive samples. Each reads only
 * streams that exist: jitter and MOS from what this side receives (a send-only connection has neither),
 * loss from both sides, the sending side's as the far end reports it. Thresholds and sources: docs/findings.md.
 */
import type { QualitySample } from '../quality/types.js';
import { ms, pct } from './format.js';
import type { Rule } from './types.js';

export const SUSTAIN = 3;

interface Metric {
  id: string;
  bad(s: QualitySample): boolean;
  message(s: QualitySample, pcId: string): string;
  advice: string;
  severity: 'warning' | 'error';
}

export const METRICS: Metric[] = [
  {
    id: 'packet-loss',
    bad: (s) => s.lossPct > 1,
    // Loss on what we send is only known from the far end's receiver reports: say so, since the fix
    // (our uplink) differs from loss on what we receive.
    message: (s, pc) => `Packet loss ${pct(s.lossPct)} on ${pc} (above 1%)${lossIsOutbound(s) ? ' on what it sends, as the far end reports' : ''}`,
    advice: 'Loss above 1% is audible. Usually Wi-Fi interference, a congested uplink, or a VPN; try a wired connection or close bandwidth-heavy apps.',
    severity: 'warning',
  },
  {
    id: 'high-jitter',
    bad: (s) => (s.jitterMs ?? 0) > 30,
    message: (s, pc) => `Jitter ${ms(s.jitterMs ?? 0)} on ${pc} (above 30 ms)`,
    advice: 'Packets arrive unevenly, so the jitter buffer grows and adds delay. Typical causes: Wi-Fi, congested links, CPU starved senders.',
    severity: 'warning',
  },
  {
    id: 'high-rtt',
    bad: (s) => (s.rttMs ?? 0) > 400,
    message: (s, pc) => `Round-trip time ${ms(s.rttMs ?? 0)} on ${pc} (above 400 ms)`,
    advice: 'People will talk over each other. Check whether media goes through a distant TURN server (relay candidate) or a VPN, and pick a closer region.',
    severity: 'warning',
  },
  {
    id: 'low-mos',
    bad: (s) => s.mos !== undefined && s.mos < 3,
    message: (s, pc) => `Call quality MOS ${s.mos!.toFixed(1)} on ${pc} (below 3: degraded)`,
    advice: 'The estimated voice quality is poor; the loss, jitter and RTT findings say which part of the network causes it.',
    severity: 'error',
  },
];

/** Whether the worst loss in the sample is on the sending side (remote-inbound-rtp), not on what we receive. */
function lossIsOutbound(s: QualitySample): boolean {
  const lossIn = Math.max(s.audio.lossInPct ?? 0, s.video.lossInPct ?? 0);
  const lossOut = Math.max(s.audio.lossOutPct ?? 0, s.video.lossOutPct ?? 0);
  return lossOut > lossIn;
}

export function createMediaThresholdRule(): Rule {
  const state = new Map<string, { run: number; first: number; reported: boolean }>();
  return {
    id: 'media-thresholds',
    on(s, ctx) {
      if (s.type !== 'quality') return;
      for (const m of METRICS) {
        const key = `${s.pcId}:${m.id}`;
        let st = state.get(key);
        if (!st) state.set(key, (st = { run: 0, first: s.t, reported: false }));
        if (!m.bad(s.sample)) {
          st.run = 0;
          st.reported = false;
          continue;
        }
        if (st.run === 0) st.first = s.t;
        st.run++;
        if (st.run >= SUSTAIN && !st.reported) {
          st.reported = true;
          ctx.emit({
            rule: m.id,
            severity: m.severity,
            t: s.t,
            message: m.message(s.sample, s.pcId),
            advice: m.advice,
            evidence: [
              { kind: 'stats', pcId: s.pcId, t: st.first },
              { kind: 'stats', pcId: s.pcId, t: s.t },
            ],
          });
        }
      }
    },
  };
}
