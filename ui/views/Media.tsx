import { useState } from 'preact/hooks';
import type { PanelStore } from '../data/store.js';
import type { Json, PcStats } from '../../core/capture/events.js';
import type { PeerConnectionModel } from '../../core/capture/model.js';
import { fieldSeries, numericFields, reportChoices, segmentTotals, streamRows, textFields, textSegments, type StreamRow } from '../../core/quality/report-series.js';
import { LineChart, type Series } from '../components/LineChart.js';
import { JsonTree } from '../components/JsonTree.js';
import { bytes, clock } from '../format.js';
import { absenceNotes, chartMarks, eventSpan, METRICS, pcPickerLabel, seriesFor, streamsOf, WINDOWS, xOf, xRange, yAxis, type ChartMark } from './media-model.js';
import { candidatePairs, iceFromStats, selectedPair } from './ice-model.js';
import { apiLogRows, type ApiRow } from './api-log-model.js';
import { sdpLines } from '../../core/protocol/sdp-text.js';
import { unavailableReason } from './unavailable.js';
import { configInForce, configRows } from './pc-config-model.js';
import './media.css';

/** focusT: a time another view linked to (Calls timeline, a finding), marked on the charts. */
export function Media(props: { store: PanelStore; focusPc?: string; focusT?: number }) {
  const { store } = props;
  const pcs = [...store.model.peerConnections.values()];
  const [chosen, setChosen] = useState<string | undefined>(props.focusPc);
  // A linked time older than the default window would fall off the charts: show everything then.
  const [win, setWin] = useState<string>(() => {
    const last = props.store.model.lastT;
    return props.focusT !== undefined && last !== undefined && last - props.focusT > 300_000 ? 'all' : '300';
  });
  if (pcs.length === 0) return <p class="empty pad">No RTCPeerConnection captured.</p>;
  const pc = pcs.find((p) => p.id === chosen) ?? pcs[0]!;
  const a = store.analyzer.snapshot();
  const points = a.quality[pc.id] ?? [];
  const origin = store.model.firstT ?? pc.createdAt;
  const windowMs = WINDOWS.find((w) => w.id === win)?.ms ?? Infinity;
  const marks = chartMarks({ pcId: pc.id, origin, calls: a.calls, findings: a.findings, loads: store.loads(), closedAt: pc.closedAt, focusT: pc.id === props.focusPc ? props.focusT : undefined });
  const { xMin, xMax } = xRange(points, origin, windowMs, eventSpan(marks));
  const streams = streamsOf(points);
  const hasVideo = streams.videoIn || streams.videoOut;
  const charts = METRICS.filter((m) => !m.video || hasVideo)
    .map((m) => ({ m, series: seriesFor(m, points, origin, windowMs) as Series[] }))
    .filter((c) => c.series.length > 0);
  const latest = pc.stats.at(-1);
  const closed = pcPickerLabel(store.label(pc.id), pc, clock);
  return (
    <div class="pad media">
      <div class="filters">
        <label>
          {'Peer connection '}
          <select aria-label="Peer connection" value={pc.id} onChange={(e) => setChosen((e.currentTarget as HTMLSelectElement).value)}>
            {pcs.map((p) => (
              <option key={p.id} value={p.id}>
                {pcPickerLabel(store.label(p.id), p, clock)}
              </option>
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
        <span class="counts" title={closed}>{`${pc.stats.length} stats samples · ${closed}`}</span>
      </div>
      <section class="pc-block" aria-label={`Charts for ${store.label(pc.id)}`}>
        {points.length === 0 ? (
          <p class="empty">No stats samples yet.</p>
        ) : (
          <>
            <p class="media-legend">Solid lines: what this side receives (in). Dashed: what it sends (out), as the far end reports it.</p>
            <div class="charts">
              {charts.map(({ m, series }) => (
                <LineChart key={`${pc.id}-${m.id}`} id={m.id} title={m.title} unit={m.unit} series={series} marks={marks} xMin={xMin} xMax={xMax} y={yAxis(m, series)} />
              ))}
            </div>
            <ul class="events media-notes" aria-label="Unavailable charts">
              {absenceNotes(points).map((n) => (
                <li key={n}>{n}</li>
              ))}
              {unavailable(charts.map((c) => c.m.title), pc.stats, hasVideo).map((x) => (
                <li key={x.title}>{`${x.title}: not available, ${x.why}`}</li>
              ))}
            </ul>
          </>
        )}
      </section>
      <StreamsTable rows={streamRows(latest)} />
      <FieldExplorer key={pc.id} stats={pc.stats} origin={origin} windowMs={windowMs} marks={marks} range={{ xMin, xMax }} />
      <IceSection stats={pc.stats} latest={latest} origin={origin} windowMs={windowMs} marks={marks} range={{ xMin, xMax }} gathered={pc.log.filter((e) => e.kind === 'pc.event' && e.type === 'icecandidate').length} />
      <ConfigSection config={pc.config} log={pc.log} />
      <ApiLog rows={apiLogRows(pc.log)} origin={origin} />
    </div>
  );
}

/** Why a chart that has a stream still has no line (e.g. Firefox's getStats lacks a field). */
function unavailable(shown: string[], stats: readonly PcStats[], hasVideo: boolean): { title: string; why: string }[] {
  return METRICS.filter((m) => !shown.includes(m.title) && (!m.video || hasVideo) && m.id !== 'mos')
    .map((m) => ({ title: m.title, why: unavailableReason(m.title === 'Frame height' ? 'Resolution' : m.title, stats) }))
    .filter((x): x is { title: string; why: string } => x.why !== undefined);
}

const fixed = (v: number | undefined, digits = 0) => (v === undefined ? '' : v.toFixed(digits));

/** Each RTP stream, in and out apart, with the counters that explain bad media (totals as reported). */
function StreamsTable(props: { rows: StreamRow[] }) {
  if (props.rows.length === 0) return null;
  return (
    <section aria-labelledby="rtp-streams">
      <h2 id="rtp-streams">RTP streams</h2>
      <div class="table-scroll">
        <table class="grid streams" aria-labelledby="rtp-streams">
          <thead>
            <tr>
              <th scope="col">Stream</th>
              <th scope="col">Packets</th>
              <th scope="col">Lost</th>
              <th scope="col" title="Retransmission requests (sent for inbound, received for outbound)">NACK</th>
              <th scope="col" title="Picture loss indications">PLI</th>
              <th scope="col" title="Full intra requests">FIR</th>
              <th scope="col" title="Audio played as invented samples to hide losses">Concealed</th>
              <th scope="col" title="Average time a sample waited in the jitter buffer">Jitter buffer</th>
              <th scope="col">Quality limited by</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.id} data-dir={r.dir}>
                <th scope="row">{`${r.kind} ${r.dir} · ssrc ${r.ssrc}`}</th>
                <td>{fixed(r.packets)}</td>
                <td>{fixed(r.packetsLost)}</td>
                <td>{fixed(r.nackCount)}</td>
                <td>{fixed(r.pliCount)}</td>
                <td>{fixed(r.firCount)}</td>
                <td>{r.concealedSamples === undefined ? '' : `${r.concealedSamples}${r.concealedPct !== undefined ? ` (${r.concealedPct.toFixed(1)} %)` : ''}`}</td>
                <td>{r.jitterBufferMs === undefined ? '' : `${Math.round(r.jitterBufferMs)} ms`}</td>
                <td class="wrap">
                  {r.qualityLimitationReason === undefined
                    ? ''
                    : `${r.qualityLimitationReason} now${r.qualityLimitationDurations?.length ? ' · ' + r.qualityLimitationDurations.map((d) => `${d.reason} ${d.seconds.toFixed(1)} s`).join(', ') : ''}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const PREFERRED = ['jitterBufferDelay/jitterBufferEmittedCount', 'concealedSamples', 'nackCount', 'packetsLost', 'availableOutgoingBitrate', 'bytesSent', 'bytesReceived'];

/** Any numeric field of any report, the way webrtc-internals offers them, as rates where that reads better. */
type XRange = { xMin?: number; xMax?: number };

function FieldExplorer(props: { stats: readonly PcStats[]; origin: number; windowMs: number; marks: ChartMark[]; range: XRange }) {
  const latest = props.stats.at(-1);
  const choices = reportChoices(latest);
  const [reportId, setReportId] = useState<string | undefined>(undefined);
  const [field, setField] = useState<string | undefined>(undefined);
  if (!latest || choices.length === 0) return null;
  const report = choices.find((c) => c.id === reportId) ?? choices[0]!;
  const fields = numericFields(latest, report.id);
  const texts = textFields(latest, report.id);
  const all = [...fields, ...texts];
  const f = field !== undefined && all.includes(field) ? field : (PREFERRED.find((p) => fields.includes(p)) ?? fields[0] ?? texts[0]);
  const end = latest.t;
  const from = Number.isFinite(props.windowMs) ? end - props.windowMs : -Infinity;
  return (
    <section aria-labelledby="stats-field">
      <h2 id="stats-field">Any stats field</h2>
      <div class="filters">
        <label>
          {'Report '}
          <select aria-label="Stats report" value={report.id} onChange={(e) => setReportId((e.currentTarget as HTMLSelectElement).value)}>
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {'Field '}
          <select aria-label="Stats field" value={f} onChange={(e) => setField((e.currentTarget as HTMLSelectElement).value)}>
            {all.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </label>
      </div>
      {f === undefined ? (
        <p class="empty">This report has no field to chart.</p>
      ) : texts.includes(f) ? (
        <TextStrip stats={props.stats} reportId={report.id} field={f} from={from} origin={props.origin} />
      ) : (
        <FieldChart stats={props.stats} reportId={report.id} field={f} from={from} origin={props.origin} marks={props.marks} label={report.label} range={props.range} />
      )}
    </section>
  );
}

/** One field's series on the same time axis as the quality charts (its own when they have none). */
function FieldChart(props: { stats: readonly PcStats[]; reportId: string; field: string; from: number; origin: number; marks: ChartMark[]; label: string; range: XRange; id?: string; title?: string }) {
  const s = fieldSeries(props.stats, props.reportId, props.field, props.from);
  const points = s.points.map((p) => ({ x: xOf(p.t, props.origin), y: p.y, raw: p.raw }));
  const title = props.title ?? `${props.field}${s.mode === 'rate' ? ' per second' : s.mode === 'ratio' ? ' (average per interval)' : ''}`;
  const range = props.range.xMax !== undefined ? props.range : xRange(s.points, props.origin, Infinity);
  return (
    <div class="charts">
      <LineChart id={props.id ?? 'field'} title={title} unit={s.unit || 'value'} series={points.length ? [{ label: props.label, role: 'in', dir: 'none', points }] : []} marks={props.marks} xMin={range.xMin} xMax={range.xMax} y={{ min: Math.min(0, ...points.map((p) => p.y)) }} />
    </div>
  );
}

function TextStrip(props: { stats: readonly PcStats[]; reportId: string; field: string; from: number; origin: number }) {
  const segs = textSegments(props.stats, props.reportId, props.field, props.from);
  if (segs.length === 0) return <p class="empty">No value in this window.</p>;
  const totals = segmentTotals(segs);
  return (
    <div aria-label={`${props.field} over time`}>
      <p>{totals.map((t) => `${t.value} ${t.seconds.toFixed(t.seconds < 10 ? 1 : 0)} s`).join(' · ')}</p>
      <ol class="events strip">
        {segs.map((s, i) => (
          <li key={i}>{`${((s.from - props.origin) / 1000).toFixed(1)} s – ${((s.to - props.origin) / 1000).toFixed(1)} s: ${s.value}`}</li>
        ))}
      </ol>
    </div>
  );
}

const num = (v: number | undefined) => (v === undefined ? '' : String(v));

function IceSection(props: { stats: readonly PcStats[]; latest: PcStats | undefined; origin: number; windowMs: number; marks: ChartMark[]; range: XRange; gathered: number }) {
  const { candidates, pair } = iceFromStats(props.latest);
  const pairs = candidatePairs(props.latest);
  const sel = selectedPair(props.latest);
  const from = props.latest && Number.isFinite(props.windowMs) ? props.latest.t - props.windowMs : -Infinity;
  return (
    <section aria-labelledby="ice-pair">
      <h2 id="ice-pair">Selected candidate pair</h2>
      {pair ? (
        <p>{`${pair.local ?? '?'} ⇄ ${pair.remote ?? '?'} · ${pair.state}${pair.rttMs !== undefined ? ` · RTT ${Math.round(pair.rttMs)} ms` : ''}`}</p>
      ) : (
        <p class="empty">No selected pair in the stats yet.</p>
      )}
      {sel && (
        <div class="charts">
          <FieldChart id="pair-rtt" title="Selected pair round trip" stats={props.stats} reportId={sel} field="currentRoundTripTime" from={from} origin={props.origin} marks={props.marks} label="current RTT" range={props.range} />
          <FieldChart id="pair-bytes" title="Selected pair send rate" stats={props.stats} reportId={sel} field="bytesSent" from={from} origin={props.origin} marks={props.marks} label="sent" range={props.range} />
        </div>
      )}
      <h2 id="ice-pairs">Candidate pairs</h2>
      {pairs.length > 0 ? (
        <div class="table-scroll">
          <table class="grid pairs" aria-labelledby="ice-pairs">
            <thead>
              <tr>
                <th scope="col">Local</th>
                <th scope="col">Remote</th>
                <th scope="col">State</th>
                <th scope="col">Nominated</th>
                <th scope="col" title="STUN connectivity checks: requests sent / received">Requests s/r</th>
                <th scope="col" title="STUN responses sent / received">Responses s/r</th>
                <th scope="col">Bytes sent</th>
                <th scope="col">Bytes received</th>
                <th scope="col">RTT</th>
                <th scope="col">Relay</th>
              </tr>
            </thead>
            <tbody>
              {pairs.map((p) => (
                <tr key={p.id} data-selected={p.selected ? 'true' : undefined} class={p.selected ? 'selected-pair' : undefined}>
                  <td class="addr">
                    {p.selected && <span class="pair-badge">✔ selected</span>}
                    {p.local}
                  </td>
                  <td class="addr">{p.remote}</td>
                  <td>{p.state}</td>
                  <td>{p.nominated ? 'yes' : ''}</td>
                  <td>{`${num(p.requestsSent)} / ${num(p.requestsReceived)}`}</td>
                  <td>{`${num(p.responsesSent)} / ${num(p.responsesReceived)}`}</td>
                  <td>{p.bytesSent !== undefined ? bytes(p.bytesSent) : ''}</td>
                  <td>{p.bytesReceived !== undefined ? bytes(p.bytesReceived) : ''}</td>
                  <td>{p.rttMs !== undefined ? `${Math.round(p.rttMs)} ms` : ''}</td>
                  <td class="wrap">{[p.relayProtocol, p.url].filter(Boolean).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">No candidate pair in the stats yet.</p>
      )}
      <h2 id="ice-cands">ICE candidates</h2>
      {candidates.length > 0 ? (
        <div class="table-scroll">
          <table class="grid" aria-labelledby="ice-cands">
            <thead>
              <tr>
                <th scope="col">Side</th>
                <th scope="col">Type</th>
                <th scope="col">Protocol</th>
                <th scope="col">Address</th>
                <th scope="col">Port</th>
                <th scope="col">Network</th>
                <th scope="col">Relay protocol</th>
                <th scope="col">URL</th>
                <th scope="col">Selected</th>
              </tr>
            </thead>
            <tbody>
              {candidates.map((c) => (
                <tr key={c.id}>
                  <td>{c.side}</td>
                  <td>{c.type}</td>
                  <td>{c.protocol}</td>
                  <td class="wrap">{c.address.includes(':') ? `[${c.address}]` : c.address}</td>
                  <td>{c.port}</td>
                  <td>{c.network}</td>
                  <td>{c.relayProtocol}</td>
                  <td class="wrap">{c.url}</td>
                  <td>{c.selected ? 'selected' : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">{props.gathered > 0 ? `${props.gathered} candidates gathered (see the API log); none in the stats yet.` : 'No candidate seen.'}</p>
      )}
    </section>
  );
}

function ConfigSection(props: { config: Json; log: PeerConnectionModel['log'] }) {
  const { config, changedAt } = configInForce(props.config, props.log);
  const rows = configRows(config);
  return (
    <section aria-labelledby="pc-config">
      <h2 id="pc-config">Configuration</h2>
      {changedAt !== undefined && <p class="empty">{`As changed by setConfiguration() at ${clock(changedAt)}.`}</p>}
      <dl class="config-rows" aria-labelledby="pc-config">
        {rows.map((r) => (
          <div key={r.name}>
            <dt>{r.name}</dt>
            <dd>{r.value}</dd>
          </div>
        ))}
      </dl>
      {config !== null && config !== undefined && (
        <details>
          <summary>Configuration as captured</summary>
          <JsonTree value={config} label="RTCConfiguration" />
        </details>
      )}
    </section>
  );
}

const MAX_ROWS = 400;

function ApiLog(props: { rows: ApiRow[]; origin: number }) {
  const rows = props.rows.length > MAX_ROWS ? props.rows.slice(-MAX_ROWS) : props.rows;
  return (
    <section aria-labelledby="api-log">
      <h2 id="api-log">API log</h2>
      {props.rows.length > MAX_ROWS && <p class="empty">{`Showing the last ${MAX_ROWS} of ${props.rows.length} entries.`}</p>}
      {rows.length === 0 ? (
        <p class="empty">No API call captured.</p>
      ) : (
        <div class="table-scroll api-log-box">
          <table class="grid api-log" aria-labelledby="api-log">
            <thead>
              <tr>
                <th scope="col" class="col-time">Time</th>
                <th scope="col">Call or event</th>
                <th scope="col" class="col-result">Result</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i} class={`api-${r.kind}${r.result && !r.result.ok ? ' api-error' : ''}`}>
                  <td title={clock(r.t)}>{`${((r.t - props.origin) / 1000).toFixed(3)} s`}</td>
                  <td class="wrap">
                    <span class="api-title">{r.title}</span>
                    {r.detail && <span class="api-detail">{` ${r.detail}`}</span>}
                    {r.sdp && (
                      <details class="sdp">
                        <summary>{`${r.sdp.label} (${sdpLines(r.sdp.text).length} lines)`}</summary>
                        <ol class="sdp-lines">
                          {sdpLines(r.sdp.text).map((line, j) => (
                            <li key={j}>{line}</li>
                          ))}
                        </ol>
                      </details>
                    )}
                  </td>
                  <td class="wrap">{r.kind === 'call' ? (r.result ? `${r.result.ok ? '✔' : '✖'} ${r.result.text} · ${Math.round(r.result.ms)} ms` : 'pending') : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
