/**
 * The "bad for N seconds in a row, once per episode" bookkeeping most media rules share: feed it each
 * interval's verdict; it says when an episode has lasted long enough to report, and re-arms once the
 * condition clears.
 */
export class Sustained {
  private since = new Map<string, number>();
  private reported = new Set<string>();

  /**
   * `bad` for the interval ending at `t` (which began at `start`). Returns when the episode began if it
   * has now lasted `forMs` and was not yet reported, else undefined.
   */
  step(key: string, bad: boolean, start: number, t: number, forMs: number): number | undefined {
    if (!bad) {
      this.since.delete(key);
      this.reported.delete(key);
      return undefined;
    }
    let since = this.since.get(key);
    if (since === undefined) this.since.set(key, (since = start));
    if (this.reported.has(key) || t - since < forMs) return undefined;
    this.reported.add(key);
    return since;
  }

  /** Not judged now (not in a call, on hold): forget the running episode but keep "reported". */
  pause(key: string): void {
    this.since.delete(key);
  }
}
