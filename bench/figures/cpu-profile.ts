/**
 * Where CPU goes during a browser figure: V8's sampling profiler (over CDP) on a page and, through
 * the same session's Target domain, on the extension's service worker. Self time is summed per
 * script file (hook.js, bridge.js, ...) and, for native code, per function name (postMessage, ...).
 * A profiler costs time of its own, so profiled rounds are never the ones a ratio is taken from.
 */
import type { BrowserContext, CDPSession, Page } from '@playwright/test';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self milliseconds per bucket; `busy` is everything but idle, `total` everything sampled. */
export type CpuSplit = Record<string, number> & { busy: number; total: number };

export function splitProfile(profile: Profile): CpuSplit {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const out: Record<string, number> = { busy: 0, total: 0 };
  for (let i = 0; i < profile.samples.length; i++) {
    const frame = byId.get(profile.samples[i]!);
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (!frame) continue;
    const file = frame.url ? frame.url.slice(frame.url.lastIndexOf('/') + 1) : '';
    const bucket = file || frame.functionName || '(anonymous native)';
    out[bucket] = (out[bucket] ?? 0) + ms;
    out.total! += ms;
    if (bucket !== '(idle)') out.busy! += ms;
  }
  return out as CpuSplit;
}

/** A profiler on some target: start now, stop() gives its split. */
interface Running {
  stop(): Promise<CpuSplit>;
}

const SAMPLING_US = 200;

async function startOn(send: (method: string, params?: object) => Promise<unknown>): Promise<Running> {
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: SAMPLING_US });
  await send('Profiler.start');
  return {
    async stop() {
      const { profile } = (await send('Profiler.stop')) as { profile: Profile };
      await send('Profiler.disable');
      return splitProfile(profile);
    },
  };
}

/**
 * The extension's service worker, reached through the page session's Target domain (a persistent
 * context has no browser-level session in Playwright). Messages go through sendMessageToTarget, so
 * the worker's session needs no flat-mode support from the client.
 */
async function workerSession(cdp: CDPSession): Promise<{ send: (method: string, params?: object) => Promise<unknown>; detach(): Promise<void> } | undefined> {
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
  const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
  if (!sw) return undefined;
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: sw.targetId, flatten: false })) as { sessionId: string };
  const pending = new Map<number, { ok(v: unknown): void; fail(e: Error): void }>();
  let next = 1;
  const onMessage = (e: { sessionId: string; message: string }) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message) as { id?: number; result?: unknown; error?: { message: string } };
    const p = m.id === undefined ? undefined : pending.get(m.id);
    if (!p) return;
    pending.delete(m.id!);
    if (m.error) p.fail(new Error(m.error.message));
    else p.ok(m.result);
  };
  cdp.on('Target.receivedMessageFromTarget', onMessage);
  return {
    send(method, params = {}) {
      const id = next++;
      return new Promise((ok, fail) => {
        pending.set(id, { ok, fail });
        cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(fail);
      });
    },
    async detach() {
      cdp.off('Target.receivedMessageFromTarget', onMessage);
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    },
  };
}

/** Runs `fn` with the page (and the extension's worker, if there is one) profiled. */
export async function profileRound<T>(context: BrowserContext, page: Page, fn: () => Promise<T>): Promise<{ result: T; page: CpuSplit; worker?: CpuSplit }> {
  const cdp = await context.newCDPSession(page);
  try {
    const worker = await workerSession(cdp);
    const onPage = await startOn((m, p) => cdp.send(m as 'Profiler.enable', p as undefined));
    const onWorker = worker ? await startOn(worker.send) : undefined;
    const result = await fn();
    const pageSplit = await onPage.stop();
    const workerSplit = await onWorker?.stop();
    await worker?.detach();
    return { result, page: pageSplit, ...(workerSplit ? { worker: workerSplit } : {}) };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
