import { describe, expect, it } from 'vitest';
import { overallVerdict, verdictText } from '../../../../core/preflight/verdict.js';
import { formatPreflightSummary } from '../../../../core/preflight/summary.js';
import { defaultConfig, redactConfig } from '../../../../core/preflight/config.js';
import type { CheckResult, CheckStatus, PreflightResult } from '../../../../core/preflight/types.js';

function c(id: CheckResult['id'], status: CheckStatus, extra: Partial<CheckResult> = {}): CheckResult {
  return { id, title: id === 'ice' ? 'Network paths (ICE)' : id[0]!.toUpperCase() + id.slice(1), status, summary: `${id} ${status}`, metrics: {}, advice: [], durationMs: 10, ...extra };
}

describe('overall verdict', () => {
  it('is decided by the worst check; skips do not count', () => {
    expect(overallVerdict([c('browser', 'pass'), c('camera', 'skip')])).toBe('pass');
    expect(overallVerdict([c('browser', 'pass'), c('camera', 'warn'), c('ice', 'skip')])).toBe('warn');
    expect(overallVerdict([c('browser', 'pass'), c('camera', 'warn'), c('ice', 'fail')])).toBe('fail');
  });

  it('does not call a run where nothing ran a pass', () => {
    expect(overallVerdict([c('browser', 'skip')])).toBe('warn');
    expect(overallVerdict([])).toBe('warn');
    expect(verdictText([c('browser', 'skip')])).toMatch(/No check could run/);
  });

  it('names the failing checks in plain words', () => {
    const text = verdictText([c('browser', 'pass'), c('ice', 'fail'), c('camera', 'warn')]);
    expect(text).toMatch(/likely to fail/);
    expect(text).toContain('Problems: Network paths (ICE).');
    expect(text).not.toContain('Camera');
    expect(verdictText([c('camera', 'warn')])).toMatch(/should work, but.*Camera/);
    expect(verdictText([c('camera', 'pass')])).toMatch(/looks good/);
    expect(verdictText([c('camera', 'pass')], true)).toMatch(/stopped before it finished/);
  });
});

describe('formatPreflightSummary', () => {
  const config = defaultConfig({
    iceServers: [{ urls: ['turn:turn.example.com:3478'], username: 'alice', credential: 'hunter2-secret' }],
    signalingUrl: 'wss://relay.example.com/?token=abc.def.ghi',
  });
  const result: PreflightResult = {
    version: 1,
    startedAt: Date.UTC(2026, 10, 25, 20, 30, 0),
    durationMs: 11234,
    verdict: 'fail',
    verdictText: 'Calls are likely to fail.',
    cancelled: false,
    config: redactConfig(config),
    checks: [
      c('browser', 'pass', { metrics: { userAgent: 'TestBrowser/1.0' } }),
      c('ice', 'fail', { summary: 'The TURN server rejected the credentials.', advice: ['Check the TURN password.'] }),
    ],
  };

  it('gives a verdict line, the environment and one line per check with its advice', () => {
    const text = formatPreflightSummary(result);
    const lines = text.split('\n');
    expect(lines[0]).toBe('RTC DevTools preflight: FAIL');
    expect(lines[1]).toBe('2026-11-25 20:30:00 UTC, took 11.2 s');
    expect(text).toContain('Browser: TestBrowser/1.0');
    expect(text).toContain('ICE servers: turn:turn.example.com:3478');
    expect(text).toContain('[FAIL] Network paths (ICE) (10 ms): The TURN server rejected the credentials.');
    expect(text).toContain('    - Check the TURN password.');
  });

  it('never contains TURN credentials or signaling tokens', () => {
    const text = formatPreflightSummary(result);
    expect(text).not.toContain('hunter2-secret');
    expect(text).not.toContain('alice');
    expect(text).not.toContain('abc.def.ghi');
    expect(text).toContain('Signaling: wss://relay.example.com/?token=%5Bredacted%5D');
  });

  it('says when a run was stopped early', () => {
    expect(formatPreflightSummary({ ...result, cancelled: true }).split('\n')[0]).toBe('RTC DevTools preflight: FAIL (stopped early)');
  });
});
