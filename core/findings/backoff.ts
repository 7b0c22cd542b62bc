/**
 * Reconnect delays compared with the SDK's documented back-off:
 * SignalWire 4.x: 0.1 s doubling to 3 s; SignalWire 3.x and Realtime: random 1-4 s;
 * Telnyx: 1 s x 2^(n-1) +-25 %, capped at 30 s, 10 tries at most.
 */
import type { ConnectionSession } from '../protocol/types.js';
import { secs } from './format.js';
import type { Rule } from './types.js';

export interface BackoffPolicy {
  name: string;
  /** Accepted delay range before attempt n (1-based), ms. */
  range(n: number): [number, number];
  maxAttempts?: number;
  describe: string;
}

/** Slack for timer and event-loop latency between the close and the new socket. */
const SLACK_MS = 250;

export const SIGNALWIRE_4: BackoffPolicy = {
  name: 'SignalWire 4.x',
  range(n) {
    const exp = Math.min(100 * 2 ** (n - 1), 3000);
    return [exp * 0.5, exp * 1.5 + SLACK_MS];
  },
  describe: 'first retry after 0.1 s, doubling up to 3 s',
};
export const SIGNALWIRE_3: BackoffPolicy = {
  name: 'SignalWire 3.x/Realtime',
  range() {
    return [900, 4000 + SLACK_MS];
  },
  describe: 'a random 1-4 s before each retry',
};
export const TELNYX: BackoffPolicy = {
  name: 'Telnyx',
  range(n) {
    const exp = Math.min(1000 * 2 ** (n - 1), 30_000);
    return [exp * 0.75 - 100, exp * 1.25 + SLACK_MS];
  },
  maxAttempts: 10,
  describe: '1 s x 2^(n-1) +-25 %, capped at 30 s, at most 10 tries',
};

export function policyFor(s: ConnectionSession): BackoffPolicy | undefined {
  if (s.sdk === 'telnyx') return TELNYX;
  if (s.sdk !== 'signalwire') return undefined;
  const major = s.protocolMajor ?? (s.sdkVersion ? Number(s.sdkVersion.split('.')[0]) : undefined);
  if (s.sdkName === '@signalwire/realtime-api') return SIGNALWIRE_3;
  if (major === undefined) return undefined;
  return major >= 4 ? SIGNALWIRE_4 : SIGNALWIRE_3;
}

export const backoffRule: Rule = {
  id: 'backoff',
  on(s, ctx) {
    if (s.type !== 'reconnect.attempt') return;
    const policy = policyFor(s.session);
    if (!policy) return;
    const ep = s.episode;
    const n = ep.attempts;
    const delay = ep.delaysMs[n - 1]!;
    const key = `backoff:${s.session.id}:${ep.startT}`;
    const evidence = [{ kind: 'event' as const, socketId: s.socketId, t: s.t }];
    if (policy.maxAttempts !== undefined && n > policy.maxAttempts) {
      ctx.emit(
        {
          rule: 'backoff-policy',
          severity: 'warning',
          t: s.t,
          message: `Reconnect attempt ${n} goes past ${policy.name}'s limit of ${policy.maxAttempts} tries`,
          advice: `${policy.name} documents ${policy.describe}. More tries mean the app (not the SDK) is reconnecting, or several clients share the page.`,
          evidence,
        },
        key + ':max',
      );
      return;
    }
    const [lo, hi] = policy.range(n);
    if (delay >= lo && delay <= hi) return;
    ctx.emit(
      {
        rule: 'backoff-policy',
        severity: 'warning',
        t: s.t,
        message: `Reconnect attempt ${n} came after ${secs(delay)}; ${policy.name} waits ${secs(lo)}-${secs(hi)} before attempt ${n}`,
        advice:
          `${policy.name} documents ${policy.describe}. ` +
          (delay < lo
            ? 'Retrying faster than that hammers the server: is the app creating a new client on every close, besides the SDK reconnecting?'
            : 'A longer wait leaves users offline: is the page throttled in the background, or is the app reconnecting by itself with its own timer?'),
        evidence,
      },
      key,
    );
  },
};
