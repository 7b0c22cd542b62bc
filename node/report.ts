/**
 * The terminal report of `rtc-devtools analyze`: what a support engineer reads first about a
 * capture. Plain text; times are seconds from the start of the capture.
 */
import type { Bundle } from '../core/bundle/types.js';
import type { Analysis } from '../core/protocol/types.js';
import { sdkSourcesLine } from '../core/sdk/identity.js';

export interface ReportOptions {
  color?: boolean;
  /** Signaling messages listed before the list is cut (the rest are counted). */
  maxMessages?: number;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

export function formatAnalysis(bundle: Bundle, a: Analysis, opts: ReportOptions = {}): string {
  const maxMessages = opts.maxMessages ?? 200;
  const paint = (code: string, s: string) => (opts.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const t0 = bundle.window?.start || a.messages[0]?.t || 0;
  const at = (t: number) => `${((t - t0) / 1000).toFixed(3).padStart(8)}s`;
  const out: string[] = [];
  const head = (s: string) => out.push('', paint('1', s));

  out.push(paint('1', `RTC DevTools bundle — ${bundle.environment?.source ?? 'unknown source'}, created ${bundle.createdAt}`));
  out.push(`  environment: ${bundle.environment?.userAgent ?? '?'}`);
  if (bundle.environment?.pageUrl) out.push(`  page:        ${bundle.environment.pageUrl}`);
  const frames = bundle.sockets.reduce((n, s) => n + s.frames.length, 0);
  out.push(`  captured:    ${bundle.sockets.length} socket(s), ${frames} frame(s), ${bundle.peerConnections.length} peer connection(s)`);
  if (bundle.dropped?.events) out.push(paint('33', `  dropped:     ${bundle.dropped.events} event(s) over the capture cap`));

  head(`SDKs (${a.sdks.length})`);
  for (const s of a.sdks) {
    const why = sdkSourcesLine(s);
    out.push(`  ${s.name} ${s.version || '(version unknown)'}${why ? `  — ${why}` : ''}${s.socketId ? ` (socket ${s.socketId})` : ''}`);
  }

  head(`Connection sessions (${a.connections.length})`);
  for (const c of a.connections) {
    out.push(`  ${c.endpoint}  [${c.sdkName ?? c.sdk}${c.sdkVersion ? ` ${c.sdkVersion}` : ''}]  now ${c.state}`);
    out.push(`    states: ${c.states.map((s) => `${at(s.t).trim()} ${s.state}`).join(' → ')}`);
    if (c.auth) out.push(`    auth: ${c.auth.method} ${c.auth.state}${c.auth.latencyMs !== undefined ? ` in ${Math.round(c.auth.latencyMs)} ms` : ''}${c.auth.error ? ` — ${c.auth.error.code} ${c.auth.error.message}` : ''}`);
    const ids = Object.entries(c.ids).filter(([, v]) => v);
    if (ids.length) out.push(`    ids: ${ids.map(([k, v]) => `${k}=${v}`).join(' ')}`);
    for (const r of c.reconnects) {
      out.push(
        `    reconnect at ${at(r.startT).trim()}: ${r.attempts} attempt(s), delays ${r.delaysMs.map((d) => `${Math.round(d)} ms`).join(', ') || '—'}, ${r.outcome}${r.resumed === undefined ? '' : r.resumed ? ', session resumed' : ', new session'}`,
      );
    }
    const k = c.keepalive;
    if (k.sent || k.answered || k.missed) out.push(`    keepalive${k.method ? ` (${k.method})` : ''}: ${k.sent} sent, ${k.answered} answered, ${k.missed} missed`);
    if (c.flushedAfterReconnect) out.push(`    ${c.flushedAfterReconnect} queued request(s) flushed after reconnect`);
  }

  head(`Calls (${a.calls.length})`);
  const peak = peakConcurrentCalls(a);
  if (peak.all > 1) {
    out.push(`  peak concurrent calls: ${peak.all} (inbound ${peak.inbound})`);
    // RELAY clients drop inbound calls past maxActiveCalls with only a log line: nothing on the wire.
    if (peak.inbound > 1) out.push('  note: a RELAY client drops inbound calls beyond its maxActiveCalls with only a log warning; compare with its setting');
  }
  for (const c of a.calls) {
    out.push(`  ${c.id}  ${c.direction}${c.destination ? ` to ${c.destination}` : ''}${c.caller ? ` from ${c.caller}` : ''}  [${c.sdk}]  now ${c.state}`);
    out.push(`    states: ${c.states.map((s) => `${at(s.t).trim()} ${s.state}`).join(' → ')}`);
    const timing = [c.setupMs !== undefined ? `setup ${Math.round(c.setupMs)} ms` : '', c.answerMs !== undefined ? `answered after ${Math.round(c.answerMs)} ms` : '', c.durationMs !== undefined ? `lasted ${(c.durationMs / 1000).toFixed(1)} s` : ''].filter(Boolean);
    if (timing.length) out.push(`    ${timing.join(', ')}`);
    if (c.hangup) {
      const cause = [c.hangup.cause, c.hangup.code !== undefined ? `(${c.hangup.code})` : ''].filter(Boolean).join(' ');
      out.push(`    hangup by ${c.hangup.by}${cause ? `: ${cause}` : ''}`);
    }
    if (c.pcId) out.push(`    peer connection: ${c.pcId}`);
  }

  head(`Findings (${a.findings.length})`);
  const sorted = [...a.findings].sort((x, y) => SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity] || x.t - y.t);
  for (const f of sorted) {
    const sev = f.severity === 'error' ? paint('31', 'ERROR  ') : f.severity === 'warning' ? paint('33', 'WARNING') : 'INFO   ';
    out.push(`  ${sev} ${at(f.t)}  ${f.message}`);
    if (f.advice) out.push(`          ${' '.repeat(9)}→ ${f.advice}`);
  }

  head(`Signaling messages (${a.messages.length})`);
  for (const m of a.messages.slice(0, maxMessages)) {
    const arrow = m.dir === 'sent' ? '→' : '←';
    // Replies already say their latency in the summary; a request shows how long its reply took.
    const lat = m.kind === 'request' && m.latencyMs !== undefined ? ` (answered in ${Math.round(m.latencyMs)} ms)` : '';
    const err = m.error ? paint('31', ` error ${m.error.code} ${m.error.message}`) : '';
    out.push(`  ${at(m.t)} ${arrow} ${m.summary}${lat}${err}`);
  }
  if (a.messages.length > maxMessages) out.push(`  … ${a.messages.length - maxMessages} more (use --json for all)`);
  return `${out.join('\n')}\n`;
}

/** Most calls alive at once (from their first state to hangup), overall and inbound only. */
export function peakConcurrentCalls(a: Analysis): { all: number; inbound: number } {
  const edges: { t: number; d: number; inbound: boolean }[] = [];
  for (const c of a.calls) {
    const start = c.states[0]?.t ?? c.startT;
    const end = c.hangup?.t ?? c.states.find((s) => s.state === 'hangup')?.t ?? Infinity;
    edges.push({ t: start, d: 1, inbound: c.direction === 'inbound' }, { t: end, d: -1, inbound: c.direction === 'inbound' });
  }
  // Ends before starts at the same instant: a call that ends as the next starts is not concurrent.
  edges.sort((x, y) => x.t - y.t || x.d - y.d);
  let all = 0;
  let inbound = 0;
  const peak = { all: 0, inbound: 0 };
  for (const e of edges) {
    all += e.d;
    if (e.inbound) inbound += e.d;
    peak.all = Math.max(peak.all, all);
    peak.inbound = Math.max(peak.inbound, inbound);
  }
  return peak;
}
