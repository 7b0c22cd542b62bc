/**
 * What the SDK did after a fault, against what it documents. Reads the analyzer's model after the
 * fault (sessions and their reconnect episodes, calls, findings, decoded frames) and says, in
 * sentences a support engineer can repeat: reconnect attempts with their delays against the SDK's
 * documented back-off, session resumed or new, the call kept or ended and why, time to recover, the
 * RPC time-out observed against the SDK's documented value. It never re-derives the model.
 *
 * Documented policies (core/findings/backoff.ts, core/protocol/timeouts.ts, docs/simulate.md):
 * Telnyx 1 s x 2^(n-1) +-25 %, capped 30 s, 10 tries, ping answered within 5 s, modify/bye 10 s;
 * SignalWire 4.x 0.1 s doubling to 3 s, RPC 5 s; SignalWire 3.x a random 1-4 s, RPC 10 s, and a
 * reconnect when no server ping came for 15 s.
 */
import { policyFor } from '../findings/backoff.js';
import { secs } from '../findings/format.js';
import { SW_PING_GAP_MS } from '../protocol/connections.js';
import type { Analysis, CallModel, ConnectionSession, Finding, ReconnectEpisode } from '../protocol/types.js';
import { FAULT_LABELS } from './faults.js';
import type { FaultRecord } from './record.js';

export interface Verdict {
  faultId: string;
  /**
   * `waiting`: the SDK's reaction may still come; `as-documented`; `departs`: the SDK departed from
   * its documentation or the app lost the call (see `findings`); `nothing-to-judge`: the fault met
   * nothing we can judge (no SDK connection, no matching request).
   */
  status: 'waiting' | 'as-documented' | 'departs' | 'nothing-to-judge';
  headline: string;
  /** One sentence each: what happened, with measured numbers and the documented ones beside. */
  facts: string[];
  /** Raised where the SDK departs from its documentation or the app lost the call. */
  findings: Finding[];
  /** Measured numbers, for tests, the bundle reader and automation. */
  measured: {
    attempts?: number;
    delaysMs?: number[];
    resumed?: boolean;
    recoveredMs?: number;
    callsKept?: number;
    callsLost?: number;
    timeoutMs?: number;
    watchdogMs?: number;
  };
}

/** How long after a drop a reconnect may start and still be the SDK's answer to it. */
const REACTION_MS = 5000;
/** Slack over a documented time for timers on a busy machine. */
const SLACK_MS = 1500;

const rel = (t: number, from: number): string => `+${secs(Math.max(0, t - from))}`;

function departs(f: FaultRecord, message: string, advice: string): Finding {
  return { rule: 'simulate-verdict', severity: 'warning', t: f.until ?? f.t, message, advice, evidence: [] };
}

function episodeAfter(a: Analysis, from: number, to: number): { s: ConnectionSession; ep: ReconnectEpisode } | undefined {
  for (const s of a.connections) for (const ep of s.reconnects) if (ep.startT >= from - 100 && ep.startT <= to) return { s, ep };
  return undefined;
}

/** Calls in progress when the fault was armed. */
function liveCalls(a: Analysis, t: number): CallModel[] {
  return a.calls.filter((c) => c.startT <= t && (!c.hangup || c.hangup.t >= t) && c.states.some((st) => st.t <= t && st.state === 'active'));
}

function sdkName(s: ConnectionSession): string {
  const p = policyFor(s);
  return p?.name ?? (s.sdk === 'unknown' ? 'the SDK' : s.sdk);
}

/** Reconnect episode: attempts, delays against policy, resumed, recovery time. Pushes facts and findings. */
function judgeEpisode(f: FaultRecord, s: ConnectionSession, ep: ReconnectEpisode, v: Verdict): void {
  const policy = policyFor(s);
  const name = sdkName(s);
  v.measured.attempts = ep.attempts;
  v.measured.delaysMs = ep.delaysMs.map((d) => Math.round(d));
  const delays = ep.delaysMs.map((d, i) => {
    if (!policy) return secs(d);
    const [lo, hi] = policy.range(i + 1);
    const ok = d >= lo && d <= hi;
    if (!ok) {
      v.findings.push(
        departs(f, `Reconnect attempt ${i + 1} came after ${secs(d)}; ${policy.name} documents ${secs(lo)}-${secs(hi)}`, `${policy.name} documents ${policy.describe}.`),
      );
    }
    return `${secs(d)}${ok ? '' : ` (documented ${secs(lo)}-${secs(hi)})`}`;
  });
  const refused = f.applied.filter((x) => x.action === 'refused').length;
  v.facts.push(
    `${name} reconnected with ${ep.attempts} attempt${ep.attempts === 1 ? '' : 's'}, after ${delays.join(', ')}` +
      (refused ? ` (${refused} refused while offline)` : '') +
      (policy ? `; documented: ${policy.describe}.` : '.'),
  );
  if (policy?.maxAttempts !== undefined && ep.attempts > policy.maxAttempts) {
    v.findings.push(departs(f, `${ep.attempts} reconnect attempts, past ${policy.name}'s ${policy.maxAttempts}`, `${policy.name} documents ${policy.describe}.`));
  }
  if (ep.outcome === 'ongoing') return;
  if (ep.outcome === 'gave-up') {
    v.findings.push(departs(f, `${name} gave up reconnecting after ${ep.attempts} attempts`, 'The page is offline for good: the app must offer to reconnect.'));
    v.facts.push(`${name} gave up after ${ep.attempts} attempts.`);
    return;
  }
  if (ep.endT !== undefined) {
    v.measured.recoveredMs = Math.round(ep.endT - ep.startT);
    v.facts.push(`Connected again ${secs(ep.endT - ep.startT)} after the connection was lost.`);
  }
  v.measured.resumed = ep.resumed === true;
  v.facts.push(
    ep.resumed
      ? `Session resumed (${s.sdk === 'telnyx' ? 'login with reconnection:true and the same sessid' : s.sdk === 'signalwire' ? 'signalwire.connect with the same protocol' : 'the old session carried over'}).`
      : 'A new session: the server was not asked to resume the old one.',
  );
}

/** Calls live at the fault: kept (re-attached or untouched) or lost. */
function judgeCalls(f: FaultRecord, a: Analysis, v: Verdict, now: number): void {
  const calls = liveCalls(a, f.t);
  let kept = 0;
  let lost = 0;
  for (const c of calls) {
    const label = `Call ${c.id.slice(0, 8)}`;
    if (c.hangup && c.hangup.t >= f.t) {
      lost++;
      const why = c.hangup.cause ? ` (${c.hangup.cause})` : '';
      v.facts.push(`${label} ended ${rel(c.hangup.t, f.t)} after the fault, hung up by ${c.hangup.by}${why}.`);
      v.findings.push(departs(f, `${label} was lost after ${FAULT_LABELS[f.kind]}`, 'The SDK documents surviving this fault; the call ended instead. See the call and the signaling around the fault.'));
      continue;
    }
    kept++;
    const attach = c.attaches.find((x) => x.t >= f.t);
    v.facts.push(
      `${label} kept${attach ? ` (re-attached ${rel(attach.t, f.t)} after the fault)` : ''}, now ${c.state}${c.state === 'recovering' && now - f.t > 20_000 ? ' for too long' : ''}.`,
    );
  }
  v.measured.callsKept = kept;
  v.measured.callsLost = lost;
}

function judgeDrop(f: FaultRecord, a: Analysis, now: number, v: Verdict): void {
  const dropped = f.applied.filter((x) => x.action === 'dropped').length;
  if (!dropped) {
    v.status = 'nothing-to-judge';
    v.headline = 'No socket was open to drop.';
    return;
  }
  const found = episodeAfter(a, f.t, f.t + REACTION_MS);
  if (!found) {
    if (now - f.t < REACTION_MS + 60_000) {
      v.status = 'waiting';
      v.headline = `${dropped} socket${dropped === 1 ? '' : 's'} dropped; no reconnect yet (${secs(now - f.t)}).`;
    } else {
      v.headline = 'The SDK never reconnected.';
      v.findings.push(departs(f, 'No reconnect after the connection was dropped', 'The SDKs document reconnecting on their own; nothing came. Is the socket an SDK socket, and was the client still in use?'));
    }
    judgeCalls(f, a, v, now);
    return;
  }
  judgeEpisode(f, found.s, found.ep, v);
  judgeCalls(f, a, v, now);
  if (found.ep.outcome === 'ongoing') {
    v.status = 'waiting';
    v.headline = `Reconnecting: attempt ${found.ep.attempts} so far.`;
    return;
  }
  v.headline =
    found.ep.outcome === 'recovered'
      ? `Recovered in ${secs((found.ep.endT ?? now) - found.ep.startT)} after ${found.ep.attempts} attempt${found.ep.attempts === 1 ? '' : 's'}${found.ep.resumed ? ', session resumed' : ', new session'}${v.measured.callsLost ? `; ${v.measured.callsLost} call lost` : v.measured.callsKept ? ', call kept' : ''}.`
      : 'The SDK gave up reconnecting.';
}

function judgeWithhold(f: FaultRecord, a: Analysis, now: number, v: Verdict): void {
  const withheld = f.applied.filter((x) => x.action === 'withheld' || x.action === 'watching');
  if (!withheld.length) {
    v.status = 'waiting';
    v.headline = 'No matching request yet.';
    return;
  }
  const end = f.until ?? now;
  // Server pings the page never got: the SDK's watchdog should reconnect.
  const pings = f.applied.filter((x) => x.action === 'withheld' && /ping/.test(x.detail ?? ''));
  const timeouts = a.findings.filter((x) => x.rule === 'rpc-timeout' && x.t >= f.t);
  for (const t of timeouts) v.facts.push(`${t.message} (documented time-out).`);
  if (timeouts.length) {
    const m = /in (\d+(?:\.\d+)?) s/.exec(timeouts[0]!.message);
    if (m) v.measured.timeoutMs = Number(m[1]) * 1000;
  }
  const keepalive = a.findings.filter((x) => (x.rule.startsWith('keepalive') || x.rule === 'ping-gap') && x.t >= f.t);
  for (const k of keepalive) v.facts.push(`${k.message}.`);
  const found = episodeAfter(a, f.t, end + REACTION_MS);
  if (found) {
    const s = found.s;
    const lastPing = lastReceived(a, s, /ping$/, found.ep.startT);
    const silent = found.ep.startT - Math.max(lastPing ?? f.t, f.t);
    if (pings.length && s.sdk === 'signalwire') {
      v.measured.watchdogMs = Math.round(found.ep.startT - (lastPing ?? f.t));
      const asDoc = Math.abs(found.ep.startT - (lastPing ?? f.t) - SW_PING_GAP_MS) <= SLACK_MS + 1000;
      v.facts.push(
        `The SDK's ${secs(SW_PING_GAP_MS)} ping watchdog fired: it reconnected ${secs(found.ep.startT - (lastPing ?? f.t))} after the last signalwire.ping it received` +
          (asDoc ? ' (documented: no ping for 15 s).' : `; documented: ${secs(SW_PING_GAP_MS)}.`),
      );
      if (!asDoc) v.findings.push(departs(f, `Ping watchdog fired after ${secs(silent)}, not ${secs(SW_PING_GAP_MS)}`, 'SignalWire 3.x documents reconnecting when no server ping came for 15 s.'));
    } else {
      v.facts.push(`The SDK closed the connection and reconnected ${rel(found.ep.startT, f.t)} after the fault was armed.`);
    }
    judgeEpisode(f, s, found.ep, v);
  } else if (pings.length && now - (f.t) > SW_PING_GAP_MS + SLACK_MS + REACTION_MS && a.connections.some((s) => s.sdk === 'signalwire')) {
    v.findings.push(departs(f, 'Server pings withheld but the SDK did not reconnect', 'SignalWire 3.x documents reconnecting when no server ping came for 15 s.'));
    v.facts.push(`No reconnect ${secs(now - f.t)} after pings stopped.`);
  }
  judgeCalls(f, a, v, now);
  // The methods, not the replies' ids.
  const what = [...new Set(withheld.map((x) => x.detail ?? ''))].filter((d) => d && !d.startsWith('reply ')).slice(0, 3).join(', ');
  if (found?.ep.outcome === 'ongoing' || (!found && !timeouts.length)) {
    v.status = 'waiting';
    v.headline = `Withholding replies to ${what}; waiting for the SDK's time-out.`;
  } else {
    v.headline = found ? `The SDK reconnected after its ${pings.length && found.s.sdk === 'signalwire' ? 'ping watchdog' : 'time-out'} (${what}).` : `The SDK timed out ${what}.`;
  }
}

function lastReceived(a: Analysis, s: ConnectionSession, method: RegExp, before: number): number | undefined {
  let last: number | undefined;
  for (const m of a.messages) {
    if (m.t >= before) continue;
    if (m.dir === 'received' && m.method && method.test(m.method) && s.sockets.includes(m.socketId)) last = m.t;
  }
  return last;
}

/** Judges one fault on the analyzer's current model. `now`: the capture's clock (its last event, or live time). */
export function verdictFor(f: FaultRecord, a: Analysis, now: number): Verdict {
  const v: Verdict = { faultId: f.id, status: 'as-documented', headline: '', facts: [], findings: [], measured: {} };
  if (f.kind === 'drop-connection') judgeDrop(f, a, now, v);
  else if (f.kind === 'withhold-replies') judgeWithhold(f, a, now, v);
  else {
    // Delay frames and the media faults: what the rules noticed while it was armed.
    const end = f.until ?? now;
    const seen = a.findings.filter((x) => x.t >= f.t && x.t <= end + REACTION_MS && x.rule !== 'simulate-verdict');
    for (const x of seen.slice(0, 8)) v.facts.push(`${x.message}.`);
    const found = episodeAfter(a, f.t, end);
    if (found) judgeEpisode(f, found.s, found.ep, v);
    judgeCalls(f, a, v, now);
    v.headline = seen.length ? `${seen.length} finding${seen.length === 1 ? '' : 's'} while armed.` : f.until === undefined ? 'Armed; nothing noticed so far.' : 'Nothing noticed.';
    if (f.until === undefined && !seen.length) v.status = 'waiting';
  }
  if (v.findings.length) v.status = 'departs';
  return v;
}

/**
 * The findings every fault's verdict raised (departures from documented policy, calls lost), to
 * list beside the analyzer's own: the panel's Findings, the bundle's `findings[]`. A healthy SDK's
 * verdicts raise none.
 */
export function faultFindings(faults: readonly FaultRecord[], a: Analysis, now: number): Finding[] {
  const out: Finding[] = [];
  for (const f of faults) for (const x of verdictFor(f, a, now).findings) out.push(x);
  return out;
}
