/**
 * Tearing a rig down in order without letting one failed step leak the rest: a browser that
 * would not close must not keep a server (and its port) alive for the rest of the run.
 */

export type Step = () => Promise<unknown>;

/** Runs every step in order, each even when an earlier one threw; then throws the first error. */
export async function closeInOrder(steps: readonly Step[]): Promise<void> {
  const errors: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} teardown steps failed`);
}

/**
 * Collects the undo of each start-up step as it succeeds. `close()` undoes them newest first,
 * once: later calls get the same promise, so a start-up failure and an afterAll can both call it.
 */
export class Teardown {
  private steps: Step[] = [];
  private done: Promise<void> | undefined;

  add(step: Step): void {
    this.steps.push(step);
  }

  close(): Promise<void> {
    this.done ??= closeInOrder([...this.steps].reverse());
    return this.done;
  }
}
