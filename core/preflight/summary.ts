/** A plain-text summary of a preflight run, to paste into a support ticket. */
import type { CheckResult, CheckStatus, PreflightResult } from './types.js';

const LABEL: Record<CheckStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', skip: 'SKIP' };

export function formatPreflightSummary(result: PreflightResult): string {
  const lines: string[] = [];
  const when = new Date(result.startedAt).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  lines.push(`RTC DevTools preflight: ${LABEL[result.verdict]}${result.cancelled ? ' (stopped early)' : ''}`);
  lines.push(`${when}, took ${(result.durationMs / 1000).toFixed(1)} s`);
  lines.push(result.verdictText);
  const ua = result.checks.find((c) => c.id === 'browser')?.metrics.userAgent;
  if (typeof ua === 'string' && ua) lines.push(`Browser: ${ua}`);
  const servers = result.config.iceServers.flatMap((s) => s.urls);
  lines.push(`ICE servers: ${servers.length ? servers.join(', ') : 'none'}`);
  lines.push(`Signaling: ${result.config.signalingUrl ?? 'not tested'}`);
  lines.push('');
  for (const c of result.checks) lines.push(...checkLines(c));
  return lines.join('\n');
}

function checkLines(c: CheckResult): string[] {
  const out = [`[${LABEL[c.status]}] ${c.title} (${c.durationMs} ms): ${c.summary}`];
  for (const a of c.advice) out.push(`    - ${a}`);
  return out;
}
