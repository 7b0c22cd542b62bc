import { describe, expect, it } from 'vitest';
import { closeInOrder, Teardown, type Step } from '../../../support/rig/teardown.js';

/** Steps that record their name when run; `fail` names the ones that throw (after recording). */
function recorder(fail: readonly string[] = []) {
  const ran: string[] = [];
  const errors = new Map(fail.map((name) => [name, new Error(`${name} would not close`)]));
  const step =
    (name: string): Step =>
    async () => {
      ran.push(name);
      const e = errors.get(name);
      if (e) throw e;
    };
  return { ran, errors, step };
}

describe('closeInOrder', () => {
  it('runs the steps in the order given, each after the previous one finished', async () => {
    const ran: string[] = [];
    const slow: Step = () => new Promise((r) => setTimeout(() => r(ran.push('slow')), 20));
    await closeInOrder([slow, async () => ran.push('fast')]);
    expect(ran).toEqual(['slow', 'fast']);
  });

  it('still runs every later step when one throws, then rethrows that error itself', async () => {
    const r = recorder(['browser']);
    const done = closeInOrder([r.step('far end'), r.step('browser'), r.step('server')]);
    await expect(done).rejects.toBe(r.errors.get('browser'));
    expect(r.ran).toEqual(['far end', 'browser', 'server']);
  });

  it('reports every failed step, the first one first, when several throw', async () => {
    const r = recorder(['far end', 'server']);
    const err = await closeInOrder([r.step('far end'), r.step('browser'), r.step('server')]).catch((e: unknown) => e);
    expect(r.ran).toEqual(['far end', 'browser', 'server']);
    expect(err).toBeInstanceOf(AggregateError);
    expect((err as AggregateError).errors).toEqual([r.errors.get('far end'), r.errors.get('server')]);
  });

  it('resolves when no step throws, also with no steps', async () => {
    await expect(closeInOrder([])).resolves.toBeUndefined();
    const r = recorder();
    await expect(closeInOrder([r.step('a')])).resolves.toBeUndefined();
  });
});

describe('Teardown', () => {
  it('undoes the started steps newest first', async () => {
    const r = recorder();
    const t = new Teardown();
    for (const name of ['server', 'browser', 'far end']) t.add(r.step(name));
    await t.close();
    expect(r.ran).toEqual(['far end', 'browser', 'server']);
  });

  it('undoes the rest when one undo throws, and rethrows its error', async () => {
    const r = recorder(['browser']);
    const t = new Teardown();
    for (const name of ['server', 'browser', 'far end']) t.add(r.step(name));
    await expect(t.close()).rejects.toBe(r.errors.get('browser'));
    expect(r.ran).toEqual(['far end', 'browser', 'server']);
  });

  it('runs each undo once when closed twice, in flight or after, and gives both callers the same outcome', async () => {
    const r = recorder(['server']);
    const t = new Teardown();
    t.add(r.step('server'));
    t.add(r.step('browser'));
    const first = t.close();
    const second = t.close();
    expect(second).toBe(first);
    await expect(first).rejects.toBe(r.errors.get('server'));
    await expect(t.close()).rejects.toBe(r.errors.get('server'));
    expect(r.ran).toEqual(['browser', 'server']);
  });
});
