import { faultFindings } from '../../core/simulate/verdict.js';
import { useState } from 'preact/hooks';
import type { PanelStore } from '../data/store.js';
import type { Finding } from '../../core/protocol/types.js';
import type { ChartPoint } from '../data/analysis-types.js';
import type { PeerConnectionModel, SocketModel } from '../../core/capture/model.js';
import { bytes, clock, ms, oneLine } from '../format.js';
import { sdkSourcesLine } from '../../core/sdk/identity.js';
import { Timeline } from './Timeline.js';
import { dropBanners } from './drops-model.js';
import { CallCards } from './CallCards.js';
import { Rooms } from './Rooms.js';
import { importNotesOf } from './import-notes.js';
import { pcClosedText, socketStateText } from './closed-text.js';
import { stamp } from '../time-stamp.js';
import { MoreLine, useCapped } from '../components/CappedList.js';
import './overview.css';

export interface Navigate {
  /** Jumps to a finding's evidence: a frame in Signaling or a moment in Media/Calls. */
  toEvidence(f: Finding): void;
  /** Opens a call's timeline in Calls. */
  toCall?(callId: string): void;
  /** Opens a frame (index in the analysis' messages) in Signaling. */
  toFrame?(index: number): void;
  /** Opens a peer connection's charts in Media, at a time when given. */
  toMedia?(pcId: string, t?: number): void;
}

function statsLine(p: ChartPoint | undefined): string {
  if (!p) return 'no stats yet';
  const parts: string[] = [];
  const kbps = (label: string, v: number | undefined) => v !== undefined && parts.push(`${label} ${Math.round(v)} kbps`);
  // Only directions that carry a stream: a send-only connection's "audio in 0 kbps" would read as
  // "I can't hear them", and an audio-only call's "video in 0 kbps" as a video problem. A stream that
  // exists and carries nothing still shows its 0.
  if (p.audioIn) kbps('audio in', p.audioInKbps);
  if (p.audioOut) kbps('audio out', p.audioOutKbps);
  if (p.videoIn) kbps('video in', p.videoInKbps);
  if (p.videoOut) kbps('video out', p.videoOutKbps);
  if (p.rttMs !== undefined) parts.push(`RTT ${Math.round(p.rttMs)} ms`);
  if (p.lossInPct !== undefined || p.lossOutPct !== undefined) {
    const dir = [p.lossInPct !== undefined ? `in ${p.lossInPct.toFixed(1)}%` : '', p.lossOutPct !== undefined ? `out ${p.lossOutPct.toFixed(1)}%` : ''].filter(Boolean);
    parts.push(`loss ${dir.join(' ')}`);
  } else if (p.lossPct !== undefined) parts.push(`loss ${p.lossPct.toFixed(1)}%`);
  if (p.mos !== undefined) parts.push(`MOS ${p.mos.toFixed(2)}`);
  return parts.join(' · ') || 'stats received';
}

/** The last frames of a socket: cut to one line each, readable in full on demand (and in the tooltip). */
function LastFrames(props: { socket: SocketModel; label: string }) {
  const [open, setOpen] = useState(false);
  const frames = props.socket.frames.slice(-3);
  if (frames.length === 0) return null;
  const text = (f: SocketModel['frames'][number], max: number) => `${f.dir === 'sent' ? '↑' : '↓'} ${f.binary ? `binary ${f.size} B` : oneLine(f.text, max)}`;
  return (
    <div class={`last-frames-box${open ? ' open' : ''}`}>
      {frames.map((f, i) => (
        <div key={i} class={`frame ${f.dir}`} title={text(f, 2000)}>
          {text(f, open ? 2000 : 80)}
        </div>
      ))}
      <button type="button" class="link more" aria-expanded={open} onClick={() => setOpen(!open)} aria-label={`${open ? 'Shorten' : 'Show in full'}: last frames of ${props.label}`}>
        {open ? 'Shorten' : 'Show in full'}
      </button>
    </div>
  );
}

function PcStateCell(props: { pc: PeerConnectionModel; stamp: (t: number) => string }) {
  const closed = pcClosedText(props.pc);
  if (!closed) return <td>{props.pc.connectionState}</td>;
  return (
    <td class="closed-cell" title={props.pc.closedAt !== undefined ? `${closed.text} at ${props.stamp(props.pc.closedAt)}` : closed.text}>
      <span class="closed-tag">{closed.state}</span> <span class="dim">{closed.detail}</span>
    </td>
  );
}

export function Overview(props: { store: PanelStore; nav: Navigate }) {
  const { store, nav } = props;
  const m = store.model;
  const a = store.analyzer.snapshot();
  const sockets = [...m.sockets.values()];
  const pcs = [...m.peerConnections.values()];
  const severityOrder = { error: 0, warning: 1, info: 2 } as const;
  // Simulate's verdicts raise findings too (a fault the SDK did not survive as documented).
  const judgedAt = store.source.kind === 'live' ? Date.now() : (m.lastT ?? 0);
  const findings = [...a.findings, ...faultFindings(m.faultLog.faults, store.analyzer.raw(), judgedAt)].sort((x, y) => severityOrder[x.severity] - severityOrder[y.severity] || x.t - y.t);
  const drops = dropBanners(store.dropped);
  const problems = importNotesOf(store);
  const loads = store.loads();
  const zone = zoneOf(store);
  const at = (t: number) => stamp(t, zone);
  // A page decides how long these lists get: each renders its first rows and a "… N more" line.
  const noticeList = useCapped(m.notices);
  const findingList = useCapped(findings);
  const loadList = useCapped(loads);
  const sdkList = useCapped(a.sdks);
  const socketList = useCapped(sockets);
  const pcList = useCapped(pcs);
  const gumList = useCapped(m.media.getUserMedia);
  return (
    <div class="overview">
      {problems.length > 0 && (
        <div class="banner warn import-problems" role="status" aria-label="Import problems">
          <p>
            <b>{`Parts of ${store.source.label || 'this file'} could not be read`}</b>
            {' — what they held is missing from every view, so an empty list below may not mean nothing happened:'}
          </p>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {drops.cap && (
        <p class="banner warn" role="status">
          {drops.cap}
        </p>
      )}
      {drops.lost && (
        <p class="banner warn" role="status">
          {drops.lost}
        </p>
      )}
      {drops.refused && (
        <p class="banner warn" role="status">
          {drops.refused}
        </p>
      )}
      {noticeList.shown.map((n, i) => (
        <p key={i} class={`banner ${n.level}`} role="status">
          {n.message}
        </p>
      ))}
      <MoreLine list={noticeList} noun="notices" />

      <section aria-labelledby="ov-callsum">
        <h2 id="ov-callsum">Calls</h2>
        <CallCards store={store} nav={nav} stamp={at} damaged={problems.length > 0} />
      </section>

      {a.rooms.length > 0 && (
        <section aria-labelledby="ov-rooms">
          <h2 id="ov-rooms">Rooms</h2>
          <Rooms rooms={a.rooms} toMedia={nav.toMedia ? (pcId) => nav.toMedia!(pcId) : undefined} />
        </section>
      )}

      <section aria-labelledby="ov-findings">
        <h2 id="ov-findings">Findings</h2>
        {findings.length === 0 ? (
          <p class="empty">{problems.length ? 'No findings in what could be read.' : 'No findings.'}</p>
        ) : (
          <ul class="findings">
            {findingList.shown.map((f, i) => (
              <li key={i} class={`finding ${f.severity}`}>
                <button type="button" class="link" onClick={() => nav.toEvidence(f)} aria-label={`${f.severity}: ${f.message} — show evidence`} title={at(f.t)}>
                  <span class="sev">{f.severity}</span> <span class="when">{clock(f.t)}</span> {f.message}
                </button>
                {f.advice && <p class="advice">{f.advice}</p>}
              </li>
            ))}
            <MoreLine list={findingList} noun="findings" as="li" />
          </ul>
        )}
      </section>

      {loads.length > 1 && (
        <section aria-labelledby="ov-loads">
          <h2 id="ov-loads">Page loads</h2>
          <ol class="loads" aria-labelledby="ov-loads">
            {loadList.shown.map((l) => (
              <li key={l.loadId} title={at(l.startedAt)}>
                <b>{`Load ${l.ordinal}`}</b> <span class="when">{clock(l.startedAt)}</span> <span class="url">{l.url || '(address unknown)'}</span>
                {l.title && <span class="dim">{` · ${l.title}`}</span>}
                {l.ordinal === loads.length && <span class="dim"> · current</span>}
              </li>
            ))}
            <MoreLine list={loadList} noun="page loads" as="li" />
          </ol>
        </section>
      )}

      <section aria-labelledby="ov-conn">
        <h2 id="ov-conn">Connection status</h2>
        <Timeline store={store} zone={zone} />
      </section>

      <section aria-labelledby="ov-sdks">
        <h2 id="ov-sdks">SDKs</h2>
        {a.sdks.length === 0 ? (
          <p class="empty">No SDK recognised{sockets.length || pcs.length ? ' (plain WebSocket/WebRTC)' : ''}.</p>
        ) : (
          <ul class="sdks">
            {sdkList.shown.map((s, i) => {
              const why = sdkSourcesLine(s);
              return (
                <li key={i}>
                  <b>{s.version ? `${s.name} ${s.version}` : `${s.name} (version unknown)`}</b>
                  {why && ` — ${why}`}
                </li>
              );
            })}
            <MoreLine list={sdkList} noun="SDKs" as="li" />
          </ul>
        )}
      </section>

      <section aria-labelledby="ov-sockets">
        <h2 id="ov-sockets">WebSockets</h2>
        {sockets.length === 0 ? (
          <p class="empty">{problems.length ? 'No WebSocket could be read from this file.' : 'No WebSocket captured.'}</p>
        ) : (
          <div class="table-scroll">
            <table class="grid" aria-labelledby="ov-sockets">
              <thead>
                <tr>
                  <th scope="col">Socket</th>
                  <th scope="col">URL</th>
                  <th scope="col">State</th>
                  <th scope="col">Sent</th>
                  <th scope="col">Received</th>
                  <th scope="col">Last frames</th>
                </tr>
              </thead>
              <tbody>
                {socketList.shown.map((s) => {
                  const label = store.label(s.id);
                  return (
                    <tr key={s.id} data-socket={s.id}>
                      <td>{label}</td>
                      <td class="url">{s.url}</td>
                      <td title={s.closedAt !== undefined ? `closed at ${at(s.closedAt)}` : undefined}>{socketStateText(s)}</td>
                      <td>{`${s.sent} (${bytes(s.bytesSent)})`}</td>
                      <td>{`${s.received} (${bytes(s.bytesReceived)})`}</td>
                      <td class="last-frames">
                        <LastFrames socket={s} label={label} />
                      </td>
                    </tr>
                  );
                })}
                <MoreLine list={socketList} noun="WebSockets" as="tr" colSpan={6} />
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="ov-pcs">
        <h2 id="ov-pcs">Peer connections</h2>
        {pcs.length === 0 ? (
          <p class="empty">{problems.length ? 'No RTCPeerConnection could be read from this file.' : 'No RTCPeerConnection captured.'}</p>
        ) : (
          <div class="table-scroll">
            <table class="grid" aria-labelledby="ov-pcs">
              <thead>
                <tr>
                  <th scope="col">Connection</th>
                  <th scope="col">State</th>
                  <th scope="col">ICE</th>
                  <th scope="col">Signaling</th>
                  <th scope="col">Last stats</th>
                </tr>
              </thead>
              <tbody>
                {pcList.shown.map((pc) => (
                  <tr key={pc.id} data-pc={pc.id}>
                    <td>{store.label(pc.id)}</td>
                    <PcStateCell pc={pc} stamp={at} />
                    <td>{pc.iceConnectionState}</td>
                    <td>{pc.signalingState}</td>
                    <td>{`${pc.stats.length} samples · ${statsLine(a.quality[pc.id]?.at(-1))}`}</td>
                  </tr>
                ))}
                <MoreLine list={pcList} noun="peer connections" as="tr" colSpan={5} />
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="ov-media">
        <h2 id="ov-media">Devices and getUserMedia</h2>
        <p>{`${m.media.devices.length} devices · ${m.media.getUserMedia.length} getUserMedia/getDisplayMedia calls`}</p>
        {m.media.getUserMedia.length > 0 && (
          <ul class="gum">
            {gumList.shown.map((g, i) => (
              <li key={i}>
                {`${clock(g.request.t)} ${g.request.api} → ` +
                  (!g.result
                    ? 'pending'
                    : g.result.ok
                      ? `ok in ${ms(g.result.durationMs)}: ${(g.result.tracks ?? []).map((t) => `${t.kind} "${t.label}"`).join(', ')}`
                      : `${g.result.error?.name ?? 'error'}: ${g.result.error?.message ?? ''}`)}
              </li>
            ))}
            <MoreLine list={gumList} noun="calls" as="li" />
          </ul>
        )}
      </section>
    </div>
  );
}

/** The zone the capture's clock ran in: a bundle's recorded zone, else this browser's. */
export function zoneOf(store: PanelStore): string | undefined {
  const b = store.source.bundle as { environment?: { timeZone?: unknown } } | undefined;
  const z = store.source.kind === 'live' ? undefined : b?.environment?.timeZone;
  return typeof z === 'string' && z ? z : undefined;
}
