import { describe, expect, it } from 'vitest';
import { firstValueFrom, toArray } from 'rxjs';
import { runPreflight, preflightResult, type Plan } from '../../../../core/preflight/runner.js';
import { defaultConfig } from '../../../../core/preflight/config.js';
import type { CheckDefinition, CheckId, CheckOutcome, PreflightEvent } from '../../../../core/preflight/types.js';

function def(id: CheckId, run: CheckDefinition['run']): CheckDefinition {
  return { id, title: `Title ${id}`, run };
}
const pass = (summary = 'ok'): CheckOutcome => ({ status: 'pass', summary });
const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    });
  });

describe('preflight runner', () => {
  it('runs lanes of a stage concurrently and stages one after another', async () => {
    const log: string[] = [];
    const step = (id: CheckId, ms: number) =>
      def(id, async () => {
        log.push(`start ${id}`);
        await wait(ms);
        log.push(`end ${id}`);
        return pass();
      });
    const defs = new Map([step('browser', 5), step('permissions', 30), step('ice', 5), step('connectivity', 5), step('quality', 5)].map((d) => [d.id, d]));
    const plan: Plan = [[['browser'], ['permissions']], [['ice', 'connectivity']], [['quality']]];
    const result = await preflightResult(runPreflight(defaultConfig(), { definitions: defs, plan }));
    expect(log.slice(0, 2).sort()).toEqual(['start browser', 'start permissions']);
    // ICE waits for the slow permissions check (stage barrier); connectivity waits for ICE (same lane).
    expect(log.indexOf('start ice')).toBeGreaterThan(log.indexOf('end permissions'));
    expect(log.indexOf('start connectivity')).toBeGreaterThan(log.indexOf('end ice'));
    expect(log.at(-1)).toBe('end quality');
    expect(result.checks.map((c) => c.id)).toEqual(['browser', 'permissions', 'ice', 'connectivity', 'quality']);
    expect(result.verdict).toBe('pass');
    expect(result.checks.find((c) => c.id === 'permissions')!.durationMs).toBeGreaterThanOrEqual(25);
  });

  it('turns a throwing check into a failed result and keeps going', async () => {
    const defs = new Map([
      def('browser', async () => {
        throw new TypeError('boom');
      }),
      def('ice', async () => pass()),
    ].map((d) => [d.id, d]));
    const result = await preflightResult(runPreflight(defaultConfig(), { definitions: defs }));
    const browser = result.checks.find((c) => c.id === 'browser')!;
    expect(browser.status).toBe('fail');
    expect(browser.summary).toContain('TypeError: boom');
    expect(browser.advice.length).toBeGreaterThan(0);
    expect(result.checks.find((c) => c.id === 'ice')!.status).toBe('pass');
    expect(result.verdict).toBe('fail');
  });

  it('emits start, per-check start/progress/done and a final done, with progress never going back', async () => {
    const defs = new Map([
      def('quality', async (ctx) => {
        ctx.progress(0.5, 'half');
        ctx.progress(0.2);
        ctx.progress(2);
        return pass();
      }),
    ].map((d) => [d.id, d]));
    const events = await firstValueFrom(runPreflight(defaultConfig(), { definitions: defs }).pipe(toArray()));
    expect(events.map((e) => e.type)).toEqual(['start', 'check-start', 'progress', 'progress', 'progress', 'check-done', 'done']);
    const fractions = events.filter((e): e is Extract<PreflightEvent, { type: 'progress' }> => e.type === 'progress').map((e) => e.fraction);
    expect(fractions).toEqual([0.5, 0.5, 1]);
  });

  it('runs only the checks asked for, and later checks see earlier results and hand-offs', async () => {
    let seen: string | undefined;
    const defs = new Map([
      def('camera', async (ctx) => {
        ctx.shared.set('probe', 'ladder');
        return pass('camera ok');
      }),
      def('capabilities', async (ctx) => {
        seen = `${ctx.results.get('camera')?.summary}/${String(ctx.shared.get('probe'))}`;
        return pass();
      }),
      def('quality', async () => pass()),
    ].map((d) => [d.id, d]));
    const result = await preflightResult(runPreflight(defaultConfig({ only: ['camera', 'capabilities'] }), { definitions: defs }));
    expect(result.checks.map((c) => c.id)).toEqual(['camera', 'capabilities']);
    expect(seen).toBe('camera ok/ladder');
  });

  it('unsubscribing aborts running checks and emits nothing more', async () => {
    let aborted = false;
    let startedResolve!: () => void;
    const started = new Promise<void>((r) => (startedResolve = r));
    const defs = new Map([
      def('quality', async (ctx) => {
        ctx.signal.addEventListener('abort', () => (aborted = true));
        startedResolve();
        await wait(10_000, ctx.signal);
        return pass();
      }),
    ].map((d) => [d.id, d]));
    const events: PreflightEvent[] = [];
    const sub = runPreflight(defaultConfig(), { definitions: defs }).subscribe((e) => events.push(e));
    await started;
    sub.unsubscribe();
    await wait(20);
    expect(aborted).toBe(true);
    expect(events.map((e) => e.type)).toEqual(['start', 'check-start']);
  });

  it('keeps credentials out of the result', async () => {
    const defs = new Map([def('ice', async () => pass())].map((d) => [d.id, d]));
    const config = defaultConfig({ iceServers: [{ urls: 'turn:t:3478', username: 'u-secret', credential: 'c-secret' }] });
    const result = await preflightResult(runPreflight(config, { definitions: defs }));
    expect(JSON.stringify(result)).not.toMatch(/u-secret|c-secret/);
  });
});
