/** The overall verdict: the worst check decides, and the sentence names what to look at first. */
import type { CheckResult, CheckStatus, Verdict } from './types.js';

const RANK: Record<CheckStatus, number> = { skip: 0, pass: 1, warn: 2, fail: 3 };

export function worstStatus(statuses: CheckStatus[]): CheckStatus {
  let worst: CheckStatus = 'skip';
  for (const s of statuses) if (RANK[s] > RANK[worst]) worst = s;
  return worst;
}

export function overallVerdict(checks: CheckResult[]): Verdict {
  const worst = worstStatus(checks.map((c) => c.status));
  // Everything skipped tells nothing good: say so as a warning rather than a pass.
  return worst === 'skip' ? 'warn' : worst;
}

export function verdictText(checks: CheckResult[], cancelled = false): string {
  if (cancelled) return 'The check was stopped before it finished, so the result is incomplete.';
  const failed = checks.filter((c) => c.status === 'fail');
  const warned = checks.filter((c) => c.status === 'warn');
  const ran = checks.filter((c) => c.status !== 'skip');
  if (ran.length === 0) return 'No check could run, so we cannot tell whether calls will work here.';
  if (failed.length > 0) {
    return `Calls are likely to fail or sound/look bad here. Problems: ${listTitles(failed)}. See the advice below each.`;
  }
  if (warned.length > 0) {
    return `Calls should work, but some things could cause trouble: ${listTitles(warned)}.`;
  }
  return 'Everything checked looks good: calls should work well from this browser and network.';
}

function listTitles(checks: CheckResult[]): string {
  return checks.map((c) => c.title).join(', ');
}
