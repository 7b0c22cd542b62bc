import { useState } from 'preact/hooks';
import type { CaptureStore } from '../data/store.js';
import { LineChart } from '../components/LineChart.js';
import { clock, shortId } from '../format.js';
import { findingMarks, METRICS, seriesFor, WINDOWS } from './media-model.js';
import { iceFromStats } from './ice-model.js';
import { unavailableReason } from './unavailable.js';

export function Media(props: { store: CaptureStore; focusPc?: string }) {
  const { store } = props;
  const pcs = [...store.model.peerConnections.values()];
  const [chosen, setChosen] = useState<string | undefined>(props.focusPc);
  const [win, setWin] = useState<string>('300');
  if (pcs.length === 0) return <p class="empty pad">No RTCPeerConnection captured.</p>;
  const pc = pcs.find((p) => p.id === chosen) ?? pcs[0]!;
  const a = store.analyzer.snapshot();
  const points = a.quality[pc.id] ?? [];
  const origin = store.model.firstT ?? pc.createdAt;
  const windowMs = WINDOWS.find((w) => w.id === win)?.ms ?? Infinity;
  const marks = findingMarks(a.findings, pc.id, origin);
  const { candidates, pair } = iceFromStats(pc.stats.at(-1));
  // Candidates the page saw gathered, for when stats have none yet (or the pc never connected).
  const gathered = pc.log.filter((e) => e.kind === 'pc.event' && e.type === 'icecandidate');
  const end = points.at(-1)?.t;
  const xMax = end !== undefined ? (end - origin) / 1000 : undefined;
  const xMin = xMax !== undefined && Number.isFinite(windowMs) ? Math.max(0, xMax - windowMs / 1000) : undefined;
  return (
    <div class="pad">
      <div class="filters">
        <label>
          {'Peer connection '}
          <select aria-label="Peer connection" value={pc.id} onChange={(e) => setChosen((e.currentTarget as HTMLSelectElement).value)}>
            {pcs.map((p) => (
              <option key={p.id} value={p.id}>{`${store.label(p.id)} (${p.connectionState})`}</option>
            ))}
          </select>
        </label>
        <label>
          {'Window '}
          <select aria-label="Time window" value={win} onChange={(e) => setWin((e.currentTarget as HTMLSelectElement).value)}>
            {WINDOWS.map((w) => (
              <option key={w.id} value={w.id}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
        <span class="counts">{`${pc.stats.length} stats samples · ${pc.connectionState} · ICE ${pc.iceConnectionState}`}</span>
      </div>
      <section class="pc-block" aria-label={`Charts for ${store.label(pc.id)}`}>
        {points.length === 0 ? (
          <p class="empty">No stats samples yet.</p>
        ) : (
          <div class="charts">
            {METRICS.map((m) => (
              <LineChart key={`${pc.id}-${m.title}`} title={m.title} unit={m.unit} series={seriesFor(m, points, origin, windowMs)} marks={marks} xMin={xMin} xMax={xMax} />
            ))}
          </div>
        )}
        {points.length > 0 && <Unavailable pcStats={pc.stats} points={points} />}
      </section>
      <section aria-labelledby="ice-pair">
        <h2 id="ice-pair">Selected candidate pair</h2>
        {pair ? (
          <p>{`${pair.local ?? '?'} ⇄ ${pair.remote ?? '?'} · ${pair.state}${pair.rttMs !== undefined ? ` · RTT ${Math.round(pair.rttMs)} ms` : ''}`}</p>
        ) : (
          <p class="empty">No selected pair in the stats yet.</p>
        )}
        <h2 id="ice-cands">ICE candidates</h2>
        {candidates.length > 0 ? (
          <table class="grid" aria-labelledby="ice-cands">
            <thead>
              <tr>
                <th scope="col">Side</th>
                <th scope="col">Type</th>
                <th scope="col">Protocol</th>
                <th scope="col">Address</th>
                <th scope="col">Port</th>
                <th scope="col">Network</th>
                <th scope="col">Selected</th>
              </tr>
            </thead>
            <tbody>
              {candidates.map((c) => (
                <tr key={c.id}>
                  <td>{c.side}</td>
                  <td>{c.type}</td>
                  <td>{c.protocol}</td>
                  <td class="wrap">{c.address}</td>
                  <td>{c.port}</td>
                  <td>{c.network}</td>
                  <td>{c.selected ? 'selected' : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : gathered.length > 0 ? (
          <ul class="events">
            {gathered.map((e, i) => (
              <li key={i}>{`${clock(e.t)} ${JSON.stringify((e as { data: unknown }).data)}`}</li>
            ))}
          </ul>
        ) : (
          <p class="empty">No candidate seen.</p>
        )}
      </section>
    </div>
  );
}

/** Says which charts stay empty for this connection and why (e.g. Firefox's getStats lacks a field). */
function Unavailable(props: { pcStats: Parameters<typeof unavailableReason>[1]; points: Parameters<typeof seriesFor>[1] }) {
  const missing = METRICS.filter((m) => seriesFor(m, props.points, 0, Infinity).length === 0)
    .map((m) => ({ title: m.title, why: unavailableReason(m.title, props.pcStats) }))
    .filter((x): x is { title: string; why: string } => x.why !== undefined);
  if (missing.length === 0) return null;
  return (
    <ul class="events" aria-label="Unavailable charts">
      {missing.map((x) => (
        <li key={x.title}>{`${x.title}: not available, ${x.why}`}</li>
      ))}
    </ul>
  );
}
