/**
 * Runs preflight checks as an rxjs observable of progress events. Unsubscribing cancels: every
 * check gets an aborted signal and must release devices and connections promptly.
 *
 * Checks run in stages; inside a stage, lanes run concurrently and the checks of one lane run one
 * after another. Lanes only share a stage when they don't distort each other's measurements (the
 * loopback call gets a stage of its own so it has the CPU and the camera to itself).
 */
import { Observable, filter, lastValueFrom, map } from 'rxjs';
import { ALL_CHECKS, redactConfig } from './config.js';
import { overallVerdict, verdictText } from './verdict.js';
import type {
  CheckContext,
  CheckDefinition,
  CheckId,
  CheckResult,
  PreflightConfig,
  PreflightEvent,
  PreflightResult,
} from './types.js';

export type Plan = CheckId[][][];

export const DEFAULT_PLAN: Plan = [
  [['browser'], ['permissions']],
  [['microphone'], ['camera', 'capabilities', 'speakers'], ['signaling'], ['ice'], ['connectivity']],
  [['quality']],
];

export class CancelledError extends Error {
  constructor() {
    super('Preflight was cancelled');
    this.name = 'CancelledError';
  }
}

export interface RunOptions {
  /** Check implementations by id; the browser checks from ./checks/index.js by default. */
  definitions: ReadonlyMap<CheckId, CheckDefinition>;
  plan?: Plan;
  now?: () => number;
}

export function runPreflight(config: PreflightConfig, options: RunOptions): Observable<PreflightEvent> {
  return new Observable<PreflightEvent>((subscriber) => {
    const abort = new AbortController();
    const now = options.now ?? (() => performance.now());
    const plan = prunePlan(options.plan ?? DEFAULT_PLAN, config.only ?? [...ALL_CHECKS], options.definitions);
    const order = plan.flat(2);
    const results = new Map<CheckId, CheckResult>();
    const shared = new Map<string, unknown>();
    const startedAt = Date.now();
    const t0 = now();
    let finished = false;

    const emit = (e: PreflightEvent) => {
      if (!subscriber.closed) subscriber.next(e);
    };
    emit({
      type: 'start',
      startedAt,
      checks: order.map((id) => ({ id, title: options.definitions.get(id)!.title })),
    });

    const runOne = async (id: CheckId): Promise<void> => {
      const def = options.definitions.get(id)!;
      if (abort.signal.aborted) return;
      emit({ type: 'check-start', id });
      const started = now();
      let lastFraction = 0;
      const ctx: CheckContext = {
        config,
        signal: abort.signal,
        progress(fraction, note) {
          if (abort.signal.aborted) return;
          // Never go backwards: concurrent sub-steps report out of order.
          lastFraction = Math.max(lastFraction, Math.min(1, Math.max(0, fraction)));
          emit({ type: 'progress', id, fraction: lastFraction, ...(note ? { note } : {}) });
        },
        results,
        shared,
      };
      let result: CheckResult;
      try {
        const out = await def.run(ctx);
        result = {
          id,
          title: def.title,
          status: out.status,
          summary: out.summary,
          metrics: out.metrics ?? {},
          advice: out.advice ?? [],
          durationMs: Math.round(now() - started),
        };
      } catch (err) {
        if (abort.signal.aborted) return;
        // A check that throws is a bug in the check or an API we did not expect: report, don't stop the run.
        result = {
          id,
          title: def.title,
          status: 'fail',
          summary: `The check stopped with an unexpected error: ${errorText(err)}`,
          metrics: { error: errorText(err) },
          advice: ['Run the check again; if it keeps failing, send the diagnostics bundle to support.'],
          durationMs: Math.round(now() - started),
        };
      }
      if (abort.signal.aborted) return;
      results.set(id, result);
      emit({ type: 'check-done', result });
    };

    const run = async () => {
      for (const stage of plan) {
        await Promise.all(
          stage.map(async (lane) => {
            for (const id of lane) await runOne(id);
          }),
        );
        if (abort.signal.aborted) return;
      }
      finished = true;
      const checks = order.map((id) => results.get(id)).filter((r): r is CheckResult => Boolean(r));
      const result: PreflightResult = {
        version: 1,
        startedAt,
        durationMs: Math.round(now() - t0),
        verdict: overallVerdict(checks),
        verdictText: verdictText(checks),
        cancelled: false,
        config: redactConfig(config),
        checks,
      };
      emit({ type: 'done', result });
      subscriber.complete();
    };
    run().catch((err) => subscriber.error(err));

    return () => {
      if (!finished) abort.abort(new CancelledError());
    };
  });
}

/** The final result of a run, as a promise (rejects with CancelledError-free errors only). */
export function preflightResult(events: Observable<PreflightEvent>): Promise<PreflightResult> {
  return lastValueFrom(
    events.pipe(
      filter((e): e is Extract<PreflightEvent, { type: 'done' }> => e.type === 'done'),
      map((e) => e.result),
    ),
  );
}

/** Builds the partial result shown when the user stops a run midway. */
export function cancelledResult(config: PreflightConfig, startedAt: number, checks: CheckResult[]): PreflightResult {
  return {
    version: 1,
    startedAt,
    durationMs: Date.now() - startedAt,
    verdict: overallVerdict(checks),
    verdictText: verdictText(checks, true),
    cancelled: true,
    config: redactConfig(config),
    checks,
  };
}

function prunePlan(plan: Plan, wanted: readonly CheckId[], defs: ReadonlyMap<CheckId, CheckDefinition>): Plan {
  return plan
    .map((stage) => stage.map((lane) => lane.filter((id) => wanted.includes(id) && defs.has(id))).filter((l) => l.length))
    .filter((s) => s.length);
}

export function errorText(err: unknown): string {
  if (err instanceof Error) return err.name && err.name !== 'Error' ? `${err.name}: ${err.message}` : err.message;
  return String(err);
}
