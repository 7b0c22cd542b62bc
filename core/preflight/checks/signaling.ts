/** Check 7: can the signaling WebSocket be reached, how fast does it open, and how long does a round trip take? */
import type { CheckContext, CheckDefinition, CheckOutcome } from '../types.js';
import { stripUrlSecrets } from '../config.js';
import { TIMED_OUT, median, round, within } from './util.js';

const PINGS = 3;
/** Above this, signaling feels slow (call setup waits on several round trips). */
export const SLOW_CONNECT_MS = 1000;
export const SLOW_RTT_MS = 400;

export interface SignalingFacts {
  url: string;
  opened: boolean;
  connectMs: number | null;
  /** Why it did not open: 'timeout', or the close code seen. */
  failure?: string;
  rttsMs: number[];
  /** True when the server answered nothing we could pair with our pings. */
  unanswered: boolean;
  protocol?: string;
}

export function defaultPing(id: number): string {
  return JSON.stringify({ type: 'ping', id });
}

export function evaluateSignaling(f: SignalingFacts): CheckOutcome {
  const rtt = median(f.rttsMs);
  const metrics = {
    url: stripUrlSecrets(f.url),
    connectMs: f.connectMs === null ? null : round(f.connectMs, 1),
    rttMs: rtt === null ? null : round(rtt, 1),
    rttSamplesMs: f.rttsMs.map((v) => round(v, 1)),
    rttMeasured: rtt !== null,
    ...(f.failure ? { failure: f.failure } : {}),
    ...(f.protocol ? { protocol: f.protocol } : {}),
  };
  if (!f.opened) {
    return {
      status: 'fail',
      summary: `The signaling server could not be reached (${f.failure ?? 'no connection'}).`,
      metrics,
      advice: [
        'Check your internet connection. A company firewall or proxy may block WebSocket connections: ask IT to allow this address.',
        'If you use a VPN, try without it.',
      ],
    };
  }
  const connect = `connected in ${round(f.connectMs ?? 0, 0)} ms`;
  const rttText =
    rtt === null
      ? 'the server did not answer our ping, so the round-trip time could not be measured (that is normal for servers that only answer their own protocol)'
      : `round trip ${round(rtt, 1)} ms`;
  const slow = (f.connectMs ?? 0) > SLOW_CONNECT_MS || (rtt ?? 0) > SLOW_RTT_MS;
  if (slow) {
    return {
      status: 'warn',
      summary: `Signaling is slow: ${connect}, ${rttText}.`,
      metrics,
      advice: ['Calls may take longer to start. A wired connection or a closer network helps.'],
    };
  }
  return { status: 'pass', summary: `Signaling ${connect}; ${rttText}.`, metrics, advice: [] };
}

/** Pairs answers with pings by JSON `id` when the answer has one, else by order. */
function answerId(data: unknown): number | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const j = JSON.parse(data) as { id?: unknown };
    return typeof j?.id === 'number' ? j.id : undefined;
  } catch {
    return undefined;
  }
}

export async function probeSignaling(ctx: CheckContext, url: string): Promise<SignalingFacts> {
  const timeoutMs = ctx.config.durations.signalingTimeoutMs;
  const ping = ctx.config.signalingPing ?? defaultPing;
  const facts: SignalingFacts = { url, opened: false, connectMs: null, rttsMs: [], unanswered: true };
  let ws: WebSocket;
  try {
    ws = new WebSocket(url);
  } catch (err) {
    facts.failure = `invalid address: ${err instanceof Error ? err.message : String(err)}`;
    return facts;
  }
  const started = performance.now();
  try {
    const open = await within(
      new Promise<string>((resolve) => {
        ws.addEventListener('open', () => resolve('open'), { once: true });
        ws.addEventListener('close', (e) => resolve(`closed with code ${e.code}${e.reason ? ` (${e.reason})` : ''}`), { once: true });
      }),
      timeoutMs,
      ctx.signal,
    );
    if (open !== 'open') {
      facts.failure = open === TIMED_OUT ? `no answer within ${timeoutMs} ms` : open;
      return facts;
    }
    facts.opened = true;
    facts.connectMs = performance.now() - started;
    facts.protocol = ws.protocol || undefined;
    ctx.progress(0.3);
    for (let i = 1; i <= PINGS; i++) {
      const id = 900_000 + i;
      const sent = performance.now();
      const answered = await within(
        new Promise<boolean>((resolve) => {
          const onMessage = (e: MessageEvent) => {
            const got = answerId(e.data);
            if (got !== undefined && got !== id) return;
            cleanup();
            resolve(true);
          };
          const onClose = () => {
            cleanup();
            resolve(false);
          };
          const cleanup = () => {
            ws.removeEventListener('message', onMessage);
            ws.removeEventListener('close', onClose);
          };
          ws.addEventListener('message', onMessage);
          ws.addEventListener('close', onClose);
          ws.send(ping(id));
        }),
        // Unanswered pings must not eat the run's time budget.
        i === 1 ? Math.min(timeoutMs, 1500) : 1000,
        ctx.signal,
      );
      if (answered !== true) break;
      facts.rttsMs.push(performance.now() - sent);
      facts.unanswered = false;
      ctx.progress(0.3 + (0.7 * i) / PINGS);
    }
    return facts;
  } finally {
    ws.close(1000, 'preflight done');
  }
}

export const signalingCheck: CheckDefinition = {
  id: 'signaling',
  title: 'Signaling connection',
  async run(ctx) {
    const url = ctx.config.signalingUrl;
    if (!url) return { status: 'skip', summary: 'Skipped: no signaling server address was given.' };
    return evaluateSignaling(await probeSignaling(ctx, url));
  },
};
