/** ICE candidates and the selected pair, read from the newest getStats sample. */
import type { Json, PcStats } from '../../core/capture/events.js';

export interface CandidateRow {
  id: string;
  side: 'local' | 'remote';
  type: string;
  protocol: string;
  address: string;
  port: string;
  network: string;
  url: string;
  /** How a relay candidate reaches its TURN server (udp, tcp, tls). */
  relayProtocol: string;
  selected: boolean;
}

/** One row of the candidate-pairs table: every pair the browser tried, not only the selected one. */
export interface PairRow {
  id: string;
  local: string;
  remote: string;
  state: string;
  nominated: boolean;
  selected: boolean;
  requestsSent?: number;
  requestsReceived?: number;
  responsesSent?: number;
  responsesReceived?: number;
  bytesSent?: number;
  bytesReceived?: number;
  rttMs?: number;
  /** The local candidate's relay protocol and TURN URL, when it is a relay. */
  relayProtocol: string;
  url: string;
}

export interface PairInfo {
  local?: string;
  remote?: string;
  state: string;
  rttMs?: number;
}

function s(v: Json | undefined): string {
  return v === undefined || v === null ? '' : String(v);
}

function n(v: Json | undefined): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** address:port, with an IPv6 address in brackets so its colons do not run into the port. */
export function hostPort(address: string, port: string): string {
  const host = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
  return port ? `${host}:${port}` : host;
}

function selectedPairId(sample: PcStats): string | undefined {
  for (const r of Object.values(sample.reports)) {
    if (r.type === 'transport' && typeof r.selectedCandidatePairId === 'string') return r.selectedCandidatePairId;
  }
  // Firefox has no transport report: it flags the pair itself.
  for (const [id, r] of Object.entries(sample.reports)) {
    if (r.type === 'candidate-pair' && (r.selected === true || (r.nominated === true && r.state === 'succeeded'))) return id;
  }
  return undefined;
}

export function iceFromStats(sample: PcStats | undefined): { candidates: CandidateRow[]; pair?: PairInfo } {
  if (!sample) return { candidates: [] };
  const pairId = selectedPairId(sample);
  const pairReport = pairId ? sample.reports[pairId] : undefined;
  const localId = s(pairReport?.localCandidateId);
  const remoteId = s(pairReport?.remoteCandidateId);
  const candidates: CandidateRow[] = [];
  for (const [id, r] of Object.entries(sample.reports)) {
    if (r.type !== 'local-candidate' && r.type !== 'remote-candidate') continue;
    candidates.push({
      id,
      side: r.type === 'local-candidate' ? 'local' : 'remote',
      type: s(r.candidateType),
      protocol: s(r.protocol),
      address: s(r.address ?? r.ip),
      port: s(r.port),
      network: s(r.networkType),
      url: s(r.url),
      relayProtocol: s(r.relayProtocol),
      selected: id === localId || id === remoteId,
    });
  }
  const describe = (cid: string) => {
    const c = candidates.find((x) => x.id === cid);
    return c ? `${c.type} ${c.protocol} ${hostPort(c.address, c.port)}` : undefined;
  };
  const pair = pairReport
    ? {
        local: describe(localId),
        remote: describe(remoteId),
        state: s(pairReport.state),
        rttMs: typeof pairReport.currentRoundTripTime === 'number' ? pairReport.currentRoundTripTime * 1000 : undefined,
      }
    : undefined;
  return { candidates, pair };
}

/** Every candidate pair of a sample, the selected one first, then by state (succeeded, in progress, …). */
export function candidatePairs(sample: PcStats | undefined): PairRow[] {
  if (!sample) return [];
  const selected = selectedPairId(sample);
  const cand = (id: string) => {
    const c = sample.reports[id];
    if (!c) return { text: id || '?', relayProtocol: '', url: '' };
    return { text: `${s(c.candidateType)} ${s(c.protocol)} ${hostPort(s(c.address ?? c.ip), s(c.port))}`, relayProtocol: s(c.relayProtocol), url: s(c.url) };
  };
  const order = ['succeeded', 'in-progress', 'waiting', 'frozen', 'failed'];
  const rows: PairRow[] = [];
  for (const [id, r] of Object.entries(sample.reports)) {
    if (r.type !== 'candidate-pair') continue;
    const local = cand(s(r.localCandidateId));
    const rtt = n(r.currentRoundTripTime);
    rows.push({
      id,
      local: local.text,
      remote: cand(s(r.remoteCandidateId)).text,
      state: s(r.state),
      nominated: r.nominated === true,
      selected: id === selected,
      requestsSent: n(r.requestsSent),
      requestsReceived: n(r.requestsReceived),
      responsesSent: n(r.responsesSent),
      responsesReceived: n(r.responsesReceived),
      bytesSent: n(r.bytesSent),
      bytesReceived: n(r.bytesReceived),
      rttMs: rtt !== undefined ? rtt * 1000 : undefined,
      relayProtocol: local.relayProtocol,
      url: local.url,
    });
  }
  const rank = (st: string) => (order.indexOf(st) < 0 ? order.length : order.indexOf(st));
  return rows.sort((a, b) => Number(b.selected) - Number(a.selected) || rank(a.state) - rank(b.state) || a.id.localeCompare(b.id));
}

/** The selected pair's id in a sample, for charting its history. */
export function selectedPair(sample: PcStats | undefined): string | undefined {
  return sample ? selectedPairId(sample) : undefined;
}
