/**
 * The text MCP tools return: compact, one screen where it can be, every string from a page or a server
 * with its control characters escaped (escapeControls). The server passes each whole result through the
 * one secret policy (redactFreeText) after this, so nothing here decides what is a secret.
 */
import type { CallSummary } from '../../core/protocol/call-summary.js';
import type { ConnectionSession, DecodedFrame, Finding } from '../../core/protocol/types.js';
import type { QualitySample, QualitySeries } from '../../core/quality/types.js';
import type { PreflightResult } from '../../core/preflight/types.js';
import { formatPreflightSummary } from '../../core/preflight/summary.js';
import { findingsAtLeast, type RtcCall, type RtcCapture, type RtcPeerConnection, type Severity } from '../../automation/capture.js';
import { escapeControls as e } from '../report.js';
import { pageOf, type Page } from './paging.js';

/** Findings listed in the overview before the rest are counted. */
const OVERVIEW_FINDINGS = 8;
/** Calls, sessions, sockets and peer connections listed in the overview before the rest are counted. */
const OVERVIEW_ITEMS = 6;
/** Per-second rows get_stats lists (the most recent ones). */
export const STATS_ROWS = 15;

const num = (v: number | undefined, digits = 0, unit = '') => (v === undefined || !Number.isFinite(v) ? '–' : `${v.toFixed(digits)}${unit}`);
const ms = (v: number | undefined) => (v === undefined ? '–' : v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(1)} s`);
const rel = (t: number, t0: number) => `+${((t - t0) / 1000).toFixed(3)}s`;

function capped<T>(items: readonly T[], max: number, line: (x: T) => string, noun: string): string[] {
  const out = items.slice(0, max).map((x) => `  ${line(x)}`);
  if (items.length > max) out.push(`  … ${items.length - max} more ${noun} (not shown here; see the tool for them)`);
  return out;
}

export function sessionLine(s: ConnectionSession): string {
  const auth = s.auth ? `auth ${s.auth.state}${s.auth.latencyMs !== undefined ? ` in ${ms(s.auth.latencyMs)}` : ''}${s.auth.error ? ` (${e(s.auth.error.code)} ${e(s.auth.error.message)})` : ''}` : 'no auth seen';
  const ka = s.keepalive.sent ? `, keepalive ${s.keepalive.answered}/${s.keepalive.sent}${s.keepalive.missed ? ` (${s.keepalive.missed} missed)` : ''}` : '';
  return `${e(s.id)} ${e(s.sdkName ?? s.sdk)} ${s.state} ${e(s.endpoint)}: ${auth}, ${s.reconnects.length} reconnect(s)${ka}, ${s.messages} message(s)`;
}

export function callLine(c: RtcCall): string {
  const who = `${c.direction}${c.destination ? ` to ${e(c.destination)}` : ''}${c.caller ? ` from ${e(c.caller)}` : ''}`;
  const s = c.summary;
  const times = [s.timeToRingMs !== undefined ? `ring ${ms(s.timeToRingMs)}` : '', s.timeToAnswerMs !== undefined ? `answer ${ms(s.timeToAnswerMs)}` : '', s.timeToMediaMs !== undefined ? `media ${ms(s.timeToMediaMs)}` : '', s.lengthMs !== undefined ? `length ${ms(s.lengthMs)}` : '']
    .filter(Boolean)
    .join(', ');
  return `${e(c.id)} ${e(c.sdk)} ${who}: ${c.state} — ${e(s.outcomeText)}${times ? ` (${times})` : ''}`;
}

export function findingLine(f: Finding, t0?: number): string {
  return `[${f.severity}] ${e(f.rule)}${t0 !== undefined ? ` ${rel(f.t, t0)}` : ''}: ${e(f.message)}`;
}

export function statsLine(s: QualitySample | undefined): string {
  if (!s) return 'no stats yet';
  const parts = [
    `audio in ${num(s.audio.inKbps, 0)} / out ${num(s.audio.outKbps, 0)} kbps`,
    s.video.hasIn || s.video.hasOut ? `video in ${num(s.video.inKbps, 0)} / out ${num(s.video.outKbps, 0)} kbps${s.video.fpsIn !== undefined ? ` ${num(s.video.fpsIn, 0)} fps` : ''}` : '',
    `loss ${num(s.lossPct, 1, '%')}`,
    `jitter ${num(s.jitterMs, 0, ' ms')}`,
    `rtt ${num(s.rttMs, 0, ' ms')}`,
    s.mos !== undefined ? `MOS ${num(s.mos, 1)}${s.band ? ` (${s.band})` : ''}` : '',
    s.localCandidateType ? `route ${e(s.localCandidateType)}→${e(s.remoteCandidateType ?? '?')}` : '',
  ];
  return parts.filter(Boolean).join(', ');
}

export function pcLine(p: RtcPeerConnection): string {
  return `${e(p.id)} ${e(p.connectionState)} (ice ${e(p.iceConnectionState)}, signaling ${e(p.signalingState)})${p.closedBy ? `, closed by ${e(p.closedBy)}` : ''} — last second: ${statsLine(p.lastStats)}`;
}

export interface TabMeta {
  tabId: number;
  url?: string;
  title?: string;
}

/** get_overview: SDKs, sessions, calls, findings, peer connections, sockets; one screen of text. */
export function formatOverview(tab: TabMeta, c: RtcCapture): string {
  const out: string[] = [`Tab ${tab.tabId}${tab.url ? ` — ${e(tab.url)}` : ''}${tab.title ? ` (${e(tab.title)})` : ''}`];
  out.push(`SDKs: ${c.sdks.length ? c.sdks.map((s) => `${e(s.name)}${s.version ? ` ${e(s.version)}` : ''} (${e(s.via)})`).join('; ') : 'none recognised'}`);
  out.push(`Sessions (${c.connections.length}):`, ...capped(c.connections, OVERVIEW_ITEMS, sessionLine, 'sessions'));
  out.push(`Calls (${c.calls.length}):`, ...capped(c.calls, OVERVIEW_ITEMS, callLine, 'calls (get_calls lists all)'));
  const bySev = (s: Severity) => c.findings.filter((f) => f.severity === s).length;
  out.push(
    c.findings.length ? `Findings (${c.findings.length}: ${bySev('error')} error, ${bySev('warning')} warning, ${bySev('info')} info):` : 'Findings: none',
    ...capped([...c.findings].sort((a, b) => sevRank(b.severity) - sevRank(a.severity)), OVERVIEW_FINDINGS, (f) => findingLine(f), 'findings (get_findings lists all)'),
  );
  out.push(`Peer connections (${c.peerConnections.length}):`, ...capped(c.peerConnections, OVERVIEW_ITEMS, pcLine, 'peer connections (get_stats)'));
  out.push(
    `Sockets (${c.sockets.length}):`,
    ...capped(c.sockets, OVERVIEW_ITEMS, (s) => `${e(s.id)} ${s.state} ${e(s.url)}: ${s.sent} sent / ${s.received} received frames${s.close ? `, closed ${s.close.code} by ${s.close.initiator}` : ''}`, 'sockets'),
  );
  if (c.pending.length) out.push(`Waiting for a reply: ${c.pending.map((p) => e(p.method)).slice(0, 10).join(', ')}${c.pending.length > 10 ? ` … ${c.pending.length - 10} more` : ''}`);
  if (c.dropped.events) out.push(`Dropped by the capture: ${c.dropped.events} event(s) (${Object.entries(c.dropped.byKind).map(([k, n]) => `${e(k)} ${n}`).join(', ')})`);
  out.push(`${c.events} event(s) captured.`);
  return out.join('\n');
}

const sevRank = (s: Severity) => (s === 'error' ? 2 : s === 'warning' ? 1 : 0);

/** get_calls: every call with its story (states in order), outcome, cause, times and quality. */
export function formatCalls(calls: readonly RtcCall[]): string {
  if (calls.length === 0) return 'No calls captured in this tab.';
  const out: string[] = [];
  for (const c of calls) {
    const s: CallSummary = c.summary;
    out.push(`Call ${callLine(c)}`);
    out.push(`  states: ${c.states.map((x) => `${x.state} ${rel(x.t, c.startT)}`).join(' → ')}`);
    if (s.cause) out.push(`  cause: ${e(s.cause.name ?? '')}${s.cause.code !== undefined ? ` (${e(s.cause.code)})` : ''}: ${e(s.cause.words)}`);
    if (s.hungUpBy) out.push(`  hung up by: ${s.hungUpBy}`);
    if (s.awaiting) out.push(`  waiting for a reply to ${e(s.awaiting.method)}`);
    if (s.quality.length) out.push(`  quality: ${s.quality.map((q) => `${e(q.label)} avg ${q.avg.toFixed(q.digits)}${q.unit} (min ${q.min.toFixed(q.digits)}, max ${q.max.toFixed(q.digits)})`).join('; ')}`);
    if (s.pcIds.length) out.push(`  peer connections: ${s.pcIds.map(e).join(', ')}`);
  }
  return out.join('\n');
}

/** get_findings: findings at minSeverity or above, each with advice and evidence. */
export function formatFindings(findings: readonly Finding[], minSeverity: Severity, t0: number | undefined, paging: { cursor?: string; limit?: number }): Page {
  const kept = findingsAtLeast(findings, minSeverity);
  const render = (f: Finding) => {
    const ev = f.evidence.slice(0, 6).map((x) => (x.kind === 'frame' ? `frame #${x.index}` : x.kind === 'stats' ? `stats ${e(x.pcId ?? '')}` : `event ${e(x.pcId ?? x.socketId ?? '')}`));
    return [findingLine(f, t0), f.advice ? `    advice: ${e(f.advice)}` : '', ev.length ? `    evidence: ${ev.join(', ')}${f.evidence.length > 6 ? ` … ${f.evidence.length - 6} more` : ''}` : ''].filter(Boolean).join('\n');
  };
  return pageOf(kept, render, { ...paging, noun: `finding(s) at ${minSeverity} or above${kept.length < findings.length ? ` (${findings.length - kept.length} below it not shown)` : ''}` });
}

export interface SignalingFilter {
  /** Text the frame's method or one-line summary contains (case-insensitive). */
  filter?: string;
  method?: string;
  direction?: 'sent' | 'received';
}

export function filterFrames(messages: readonly DecodedFrame[], f: SignalingFilter): DecodedFrame[] {
  const needle = f.filter?.toLowerCase();
  return messages.filter(
    (m) =>
      (f.direction === undefined || m.dir === f.direction) &&
      (f.method === undefined || m.method === f.method || m.inner?.method === f.method) &&
      (needle === undefined || `${m.method ?? ''} ${m.inner?.method ?? ''} ${m.summary}`.toLowerCase().includes(needle)),
  );
}

export function frameLine(m: DecodedFrame, t0: number): string {
  const method = m.inner?.method ? `${e(m.method ?? '?')}/${e(m.inner.method)}` : e(m.method ?? m.protocol);
  const pair = m.pairedWith !== undefined ? ` ↔#${m.pairedWith}${m.latencyMs !== undefined ? ` ${ms(m.latencyMs)}` : ''}` : '';
  const err = m.error ? ` ERROR ${e(m.error.code)} ${e(m.error.message)}` : '';
  return `#${m.index} ${rel(m.t, t0)} ${m.dir === 'sent' ? 'sent' : 'recv'} ${e(m.socketId)} ${method} ${m.kind}${m.id !== undefined ? ` id=${e(m.id)}` : ''}${pair}${err} ${m.size} B: ${e(m.summary)}${m.truncated ? ' [payload truncated by the capture]' : ''}`;
}

/** get_signaling: decoded, paired frames, filtered, a page at a time. */
export function formatSignaling(messages: readonly DecodedFrame[], f: SignalingFilter, paging: { cursor?: string; limit?: number }): Page {
  const kept = filterFrames(messages, f);
  const t0 = messages[0]?.t ?? 0;
  const narrowed = f.filter !== undefined || f.method !== undefined || f.direction !== undefined;
  return pageOf(kept, (m) => frameLine(m, t0), { ...paging, noun: narrowed ? `matching frame(s) (of ${messages.length})` : 'frame(s)' });
}

interface Agg {
  min: number;
  max: number;
  sum: number;
  n: number;
}
function agg(values: (number | undefined)[]): Agg | undefined {
  const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (!v.length) return undefined;
  return { min: Math.min(...v), max: Math.max(...v), sum: v.reduce((a, b) => a + b, 0), n: v.length };
}

/** get_stats: per peer connection, figures over the whole series and the last seconds, one row per second. */
export function formatStats(quality: Record<string, QualitySeries>, pcs: readonly RtcPeerConnection[], pc?: string): string {
  const ids = pc !== undefined ? [pc] : pcs.map((p) => p.id);
  if (pc !== undefined && !pcs.some((p) => p.id === pc)) throw new Error(`no peer connection "${pc.slice(0, 80)}" in this tab; it has: ${pcs.map((p) => p.id).join(', ') || 'none'}`);
  if (ids.length === 0) return 'No peer connections in this tab.';
  const out: string[] = [];
  for (const id of ids) {
    const p = pcs.find((x) => x.id === id)!;
    const s = quality[id];
    out.push(`Peer connection ${pcLine(p)}`);
    if (!s || s.samples.length === 0) {
      out.push('  no per-second stats yet (the first needs two samples, one second apart)');
      continue;
    }
    const samples = s.samples;
    const t0 = samples[0]!.t;
    out.push(`  ${samples.length + s.dropped} second(s) of stats${s.dropped ? ` (${s.dropped} oldest no longer kept)` : ''}; over the series:`);
    const figures: [string, (x: QualitySample) => number | undefined, number, string][] = [
      ['audio in kbps', (x) => x.audio.inKbps, 0, ''],
      ['audio out kbps', (x) => x.audio.outKbps, 0, ''],
      ['video in kbps', (x) => (x.video.hasIn ? x.video.inKbps : undefined), 0, ''],
      ['video out kbps', (x) => (x.video.hasOut ? x.video.outKbps : undefined), 0, ''],
      ['loss', (x) => x.lossPct, 1, '%'],
      ['jitter', (x) => x.jitterMs, 0, ' ms'],
      ['rtt', (x) => x.rttMs, 0, ' ms'],
      ['MOS', (x) => x.mos, 2, ''],
    ];
    for (const [label, pick, d, unit] of figures) {
      const a = agg(samples.map(pick));
      if (a) out.push(`    ${label}: min ${a.min.toFixed(d)}${unit}, avg ${(a.sum / a.n).toFixed(d)}${unit}, max ${a.max.toFixed(d)}${unit}`);
    }
    const rows = samples.slice(-STATS_ROWS);
    out.push(`  last ${rows.length} of ${samples.length} second(s) (t from the first sample kept):`);
    out.push('    t        aIn  aOut  vIn  vOut  loss%  jit ms  rtt ms  MOS   fps');
    for (const x of rows) {
      out.push(
        `    ${rel(x.t, t0).padEnd(8)} ${num(x.audio.inKbps).padStart(4)} ${num(x.audio.outKbps).padStart(5)} ${num(x.video.hasIn ? x.video.inKbps : undefined).padStart(4)} ${num(x.video.hasOut ? x.video.outKbps : undefined).padStart(5)} ${num(x.lossPct, 1).padStart(6)} ${num(x.jitterMs).padStart(7)} ${num(x.rttMs).padStart(7)} ${num(x.mos, 1).padStart(4)} ${num(x.video.fpsIn).padStart(5)}`,
      );
    }
  }
  return out.join('\n');
}

export interface TabListing {
  tabId?: number;
  url: string;
  title: string;
  /** Why the extension has no tab id for it. */
  problem?: string;
}

export function formatTabs(tabs: readonly TabListing[]): string {
  if (tabs.length === 0) return 'No pages open. open_page {url} opens one.';
  return tabs.map((t) => (t.tabId !== undefined ? `tab ${t.tabId}: ${e(t.url)}${t.title ? ` (${e(t.title)})` : ''}` : `(not captured) ${e(t.url)}: ${e(t.problem ?? '')}`)).join('\n');
}

export function formatPreflight(result: PreflightResult): string {
  return formatPreflightSummary(result)
    .split('\n')
    .map((l) => e(l))
    .join('\n');
}

/** A page's lines and its footer as one text. */
export function pageText(head: string, page: Page): string {
  return [head, ...page.lines, page.footer].filter((l) => l !== '').join('\n');
}
