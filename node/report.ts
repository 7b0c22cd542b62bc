/**
 * The terminal report of `rtc-devtools analyze`: what a support engineer reads first about a
 * capture. Plain text; times are seconds from the start of the capture.
 *
 * Every string in a bundle came from a page or a server and may carry terminal escape sequences (an
 * OSC that retitles the window or plants a link, a CSI that clears the screen). Each one goes through
 * `escapeControls` before it is printed; only the report's own colour codes reach the terminal raw.
 */
import { captureEnd, pendingAt, summarizeCalls, type AnalyzedCall } from '../core/api.js';
import type { Bundle } from '../core/bundle/types.js';
import { secs } from '../core/findings/format.js';
import type { CallSummary } from '../core/protocol/call-summary.js';
import type { Analysis } from '../core/protocol/types.js';
import { sdkSourcesLine } from '../core/sdk/identity.js';
import { roomViews } from '../core/protocol/livekit-room-lines.js';

/** C0 and C1 controls, DEL, line/paragraph separators and bidi overrides (which reorder what a line appears to say). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Text safe for a terminal: control characters shown as \xHH or \u{HHHH} instead of acting. Numbers pass through. */
export function escapeControls(v: unknown): string {
  return String(v).replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** What JSON.stringify leaves raw in strings but a terminal may act on (see jsonForTerminal). */
const RAW_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text for `analyze --json`. JSON.stringify already escapes C0 controls; C1 controls (U+0080–U+009F: 0x9b
 * is a CSI on some terminals), DEL, line separators and bidi overrides it writes raw. Written as \uXXXX they
 * stay the same JSON value.
 */
export function jsonForTerminal(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface ReportOptions {
  color?: boolean;
  /** Signaling messages listed before the list is cut (the rest are counted). */
  maxMessages?: number;
}

const SEVERITY_ORDER: Record<string, number> = { error: 0, warning: 1, info: 2 };

export function formatAnalysis(bundle: Bundle, a: Analysis, opts: ReportOptions = {}): string {
  const maxMessages = opts.maxMessages ?? 200;
  const paint = (code: string, s: string) => (opts.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const e = escapeControls;
  const t0 = bundle.window?.start || a.messages[0]?.t || 0;
  const at = (t: number) => `${((t - t0) / 1000).toFixed(3).padStart(8)}s`;
  const out: string[] = [];
  const head = (s: string) => out.push('', paint('1', s));

  out.push(paint('1', `RTC DevTools bundle — ${e(bundle.environment?.source ?? 'unknown source')}, created ${e(bundle.createdAt)}`));
  out.push(`  environment: ${e(bundle.environment?.userAgent ?? '?')}`);
  if (bundle.environment?.pageUrl) out.push(`  page:        ${e(bundle.environment.pageUrl)}`);
  const frames = bundle.sockets.reduce((n, s) => n + s.frames.length, 0);
  out.push(`  captured:    ${bundle.sockets.length} socket(s), ${frames} frame(s), ${bundle.peerConnections.length} peer connection(s)`);
  if (bundle.dropped?.events) out.push(paint('33', `  dropped:     ${e(bundle.dropped.events)} event(s) over the capture cap`));

  head(`SDKs (${a.sdks.length})`);
  for (const s of a.sdks) {
    const why = sdkSourcesLine(s);
    out.push(`  ${e(s.name)} ${s.version ? e(s.version) : '(version unknown)'}${why ? `  — ${e(why)}` : ''}${s.socketId ? ` (socket ${e(s.socketId)})` : ''}`);
  }

  head(`Connection sessions (${a.connections.length})`);
  for (const c of a.connections) {
    out.push(`  ${e(c.endpoint)}  [${e(c.sdkName ?? c.sdk)}${c.sdkVersion ? ` ${e(c.sdkVersion)}` : ''}]  now ${e(c.state)}`);
    out.push(`    states: ${c.states.map((s) => `${at(s.t).trim()} ${e(s.state)}`).join(' → ')}`);
    if (c.auth) {
      const err = c.auth.error ? ` — ${e(c.auth.error.code)} ${e(c.auth.error.message)}` : '';
      out.push(`    auth: ${e(c.auth.method)} ${e(c.auth.state)}${c.auth.latencyMs !== undefined ? ` in ${Math.round(c.auth.latencyMs)} ms` : ''}${err}`);
    }
    const ids = Object.entries(c.ids).filter(([, v]) => v);
    if (ids.length) out.push(`    ids: ${ids.map(([k, v]) => `${e(k)}=${e(v)}`).join(' ')}`);
    for (const r of c.reconnects) {
      out.push(
        `    reconnect at ${at(r.startT).trim()}: ${r.attempts} attempt(s), delays ${r.delaysMs.map((d) => `${Math.round(d)} ms`).join(', ') || '—'}, ${e(r.outcome)}${r.resumed === undefined ? '' : r.resumed ? ', session resumed' : ', new session'}`,
      );
    }
    const k = c.keepalive;
    if (k.sent || k.answered || k.missed) out.push(`    keepalive${k.method ? ` (${e(k.method)})` : ''}: ${k.sent} sent, ${k.answered} answered, ${k.missed} missed`);
    if (c.flushedAfterReconnect) out.push(`    ${c.flushedAfterReconnect} queued request(s) flushed after reconnect`);
  }

  if (a.rooms.length) {
    head(`LiveKit rooms (${a.rooms.length})`);
    for (const r of roomViews(a.rooms, secs)) {
      out.push(`  ${e(r.title)}  ${e(r.facts.join(' · '))}`);
      out.push(`    you: ${e(r.local ?? 'not joined')}`);
      for (const t of r.localTracks) out.push(`      ${e(t)}`);
      for (const p of r.participants) {
        out.push(`    participant ${e(p.line)}`);
        for (const t of p.tracks) out.push(`      ${e(t)}`);
      }
      if (r.pcs.length) out.push(`    peer connections: ${r.pcs.map((p) => `${p.role} ${e(p.pcId)}`).join(', ')}`);
      for (const line of r.reconnects) out.push(`    reconnect: ${e(line)}`);
      if (r.leave) out.push(`    ${e(r.leave)}`);
    }
  }

  head(`Calls (${a.calls.length})`);
  const peak = peakConcurrentCalls(a);
  if (peak.all > 1) {
    out.push(`  peak concurrent calls: ${peak.all} (inbound ${peak.inbound})`);
    // RELAY clients drop inbound calls past maxActiveCalls with only a log line: nothing on the wire.
    if (peak.inbound > 1) out.push('  note: a RELAY client drops inbound calls beyond its maxActiveCalls with only a log warning; compare with its setting');
  }
  const summaries = callSummaries(bundle, a);
  for (const c of a.calls) {
    const who = `${c.destination ? ` to ${e(c.destination)}` : ''}${c.caller ? ` from ${e(c.caller)}` : ''}`;
    out.push(`  ${e(c.id)}  ${e(c.direction)}${who}  [${e(c.sdk)}]  now ${e(c.state)}`);
    const s = summaries.get(c);
    if (s) out.push(...summaryLines(s).map((l) => `    ${l}`));
    out.push(`    states: ${c.states.map((st) => `${at(st.t).trim()} ${e(st.state)}`).join(' → ')}`);
    const pcs = s?.pcIds ?? (c.pcId ? [c.pcId] : []);
    if (pcs.length) out.push(`    peer connection${pcs.length > 1 ? 's' : ''}: ${pcs.map(e).join(', ')}`);
  }

  // What the page still waited on when the capture stopped: the request a support engineer chases first.
  const pending = pendingAt(a, captureEnd(bundle));
  head(`Requests still pending at the end of the capture (${pending.length})`);
  for (const { request: p, age } of pending) {
    const where = `on socket ${e(p.socketId)}${p.callId ? ` for call ${e(p.callId)}` : ''}`;
    const line = `  ${at(p.t)} → ${e(p.method)}${p.wireMethod !== p.method ? ` (in ${e(p.wireMethod)})` : ''} ${where}: ${age.text}`;
    out.push(age.overdue ? paint('33', line) : line);
  }

  head(`Findings (${a.findings.length})`);
  const sorted = [...a.findings].sort((x, y) => (SEVERITY_ORDER[x.severity] ?? 3) - (SEVERITY_ORDER[y.severity] ?? 3) || x.t - y.t);
  for (const f of sorted) {
    const sev = f.severity === 'error' ? paint('31', 'ERROR  ') : f.severity === 'warning' ? paint('33', 'WARNING') : 'INFO   ';
    out.push(`  ${sev} ${at(f.t)}  ${e(f.message)}`);
    if (f.advice) out.push(`          ${' '.repeat(9)}→ ${e(f.advice)}`);
  }

  head(`Signaling messages (${a.messages.length})`);
  for (const m of a.messages.slice(0, maxMessages)) {
    const arrow = m.dir === 'sent' ? '→' : '←';
    // Replies already say their latency in the summary; a request shows how long its reply took.
    const lat = m.kind === 'request' && m.latencyMs !== undefined ? ` (answered in ${Math.round(m.latencyMs)} ms)` : '';
    const err = m.error ? paint('31', ` error ${e(m.error.code)} ${e(m.error.message)}`) : '';
    out.push(`  ${at(m.t)} ${arrow} ${e(m.summary)}${lat}${err}`);
  }
  if (a.messages.length > maxMessages) out.push(`  … ${a.messages.length - maxMessages} more (use --json for all)`);
  return `${out.join('\n')}\n`;
}

/** Each call's summary, by call; empty when the calls cannot be summarised (the rest of the report still prints). */
function callSummaries(bundle: Bundle, a: Analysis): Map<AnalyzedCall['call'], CallSummary> {
  try {
    return new Map(summarizeCalls(bundle, a).map(({ call, summary }) => [call, summary]));
  } catch {
    return new Map();
  }
}

const HUNG_UP_BY: Record<NonNullable<CallSummary['hungUpBy']>, string> = {
  local: 'this page (local)',
  remote: 'the far end (remote)',
  'page-unloaded': 'nobody: the page went away',
};

/** "287 ms", "5.6 s". */
function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : secs(ms);
}

/** The call's summary as the Overview card says it: outcome in words, who hung up, its length and times. */
export function summaryLines(s: CallSummary): string[] {
  const e = escapeControls;
  const lines: string[] = [];
  const cause = s.cause ? [s.cause.name, s.cause.code !== undefined ? `(${s.cause.code})` : ''].filter(Boolean).join(' ') : '';
  lines.push(`outcome: ${e(s.outcomeText)}${cause ? ` — cause ${e(cause)}: ${e(s.cause!.words)}` : ''}`);
  if (s.hungUpBy) lines.push(`hung up by: ${HUNG_UP_BY[s.hungUpBy] ?? e(s.hungUpBy)}`);
  const times = [
    `length ${s.lengthMs !== undefined ? duration(s.lengthMs) : s.outcome === 'in-progress' ? 'not answered yet' : 'never answered'}`,
    `ringing after ${s.timeToRingMs !== undefined ? duration(s.timeToRingMs) : '—'}`,
    `answered after ${s.timeToAnswerMs !== undefined ? duration(s.timeToAnswerMs) : '—'}`,
    `first media after ${s.timeToMediaMs !== undefined ? duration(s.timeToMediaMs) : '—'}`,
  ];
  lines.push(times.join(' · '));
  return lines;
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
