/**
 * Network quality past the thresholds preflight tools warn at (loss > 1 %, jitter > 30 ms, RTT > 400 ms,
 * MOS < 3), reported once per episode when they hold for SUSTAIN consecutive samples.
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
    message: (s, pc) => `Packet loss ${pct(s.lossPct)} on ${pc} (above 1%)`,
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
