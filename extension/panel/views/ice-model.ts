/** ICE candidates and the selected pair, read from the newest getStats sample. */
import type { Json, PcStats } from '../../../core/capture/events.js';

export interface CandidateRow {
  id: string;
  side: 'local' | 'remote';
  type: string;
  protocol: string;
  address: string;
  port: string;
  network: string;
  url: string;
  selected: boolean;
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
      selected: id === localId || id === remoteId,
    });
  }
  const describe = (cid: string) => {
    const c = candidates.find((x) => x.id === cid);
    return c ? `${c.type} ${c.protocol} ${c.address}:${c.port}` : undefined;
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
