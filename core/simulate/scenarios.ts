/**
 * Scenarios: named sequences of faults, runnable in one click from the Simulate view and from the
 * automation API (each step is a fault order, see docs/simulate.md), each ending with a verdict
 * (./verdict.ts) once `judgeAfterMs` has passed since its last step, or sooner when the verdict
 * settles. Names are stable: automation refers to them.
 */
import type { Fault } from './faults.js';

export interface ScenarioStep {
  /** Wait this long after the previous step (or the start) before arming. */
  afterMs: number;
  fault: Fault;
  /** Stop this step's fault this long after arming it (absent: it stays until Stop simulating). */
  stopAfterMs?: number;
}

export interface Scenario {
  id: string;
  name: string;
  /** What it provokes and what the SDKs document for it, one sentence. */
  description: string;
  steps: ScenarioStep[];
  /** How long the verdict may take after the last step: the slowest documented reaction plus slack. */
  judgeAfterMs: number;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'network-blip-3s',
    name: 'Network blip 3 s mid-call',
    description: 'Every signaling socket is lost and the network stays away for 3 s: the SDK must reconnect with its documented back-off and keep the call.',
    steps: [{ afterMs: 0, fault: { kind: 'drop-connection', params: { offlineS: 3 } } }],
    judgeAfterMs: 20_000,
  },
  {
    id: 'server-stops-pings',
    name: 'Server stops answering pings',
    description:
      'Pings go unanswered (Telnyx: telnyx_rtc.ping replies; SignalWire: the server\'s signalwire.ping never arrives): the SDK\'s watchdog must reconnect (Telnyx after 5 s without a reply, SignalWire 3.x after 15 s without a ping).',
    steps: [{ afterMs: 0, fault: { kind: 'withhold-replies', params: { method: '(^|\\.)ping$' } } }],
    judgeAfterMs: 45_000,
  },
  {
    id: 'hold-unanswered',
    name: 'Hold gets no answer',
    description: 'The next hold/modify request gets no reply: the SDK must time it out (Telnyx 10 s, SignalWire 4.x 5 s, 3.x 10 s).',
    steps: [{ afterMs: 0, fault: { kind: 'withhold-replies', params: { method: '(telnyx_rtc|verto)\\.modify$', count: 1 } } }],
    judgeAfterMs: 15_000,
  },
  {
    id: 'turn-only',
    name: 'TURN only',
    description: 'Only relay candidates reach the far end and the SDK: a new call must connect through TURN, or fail with the reason shown.',
    steps: [{ afterMs: 0, fault: { kind: 'force-relay', params: {} } }],
    judgeAfterMs: 20_000,
  },
  {
    id: 'slow-network',
    name: 'Slow signaling (1 s each way)',
    description: 'Every frame is delayed 1 s in both directions, order kept: requests must not time out.',
    steps: [
      { afterMs: 0, fault: { kind: 'delay-frames', params: { dir: 'sent', delayMs: 1000 } }, stopAfterMs: 30_000 },
      { afterMs: 0, fault: { kind: 'delay-frames', params: { dir: 'received', delayMs: 1000 } }, stopAfterMs: 30_000 },
    ],
    judgeAfterMs: 30_000,
  },
];

export function scenarioById(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
