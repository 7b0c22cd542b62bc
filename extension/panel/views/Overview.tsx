import type { CaptureStore } from '../data/store.js';
import type { FindingInfo, QualityPoint } from '../data/analysis-types.js';
import { bytes, clock, ms, oneLine, shortId } from '../format.js';
import { sdkSourcesLine } from '../../../core/sdk/identity.js';
import { Timeline } from './Timeline.js';
import { dropBanners } from './drops-model.js';

export interface Navigate {
  /** Jumps to a finding's evidence: a frame in Signaling or a moment in Media/Calls. */
  toEvidence(f: FindingInfo): void;
}

function statsLine(p: QualityPoint | undefined): string {
  if (!p) return 'no stats yet';
  const parts: string[] = [];
  const kbps = (label: string, v: number | undefined) => v !== undefined && parts.push(`${label} ${Math.round(v)} kbps`);
  kbps('audio in', p.audioInKbps);
  kbps('audio out', p.audioOutKbps);
  kbps('video in', p.videoInKbps);
  kbps('video out', p.videoOutKbps);
  if (p.rttMs !== undefined) parts.push(`RTT ${Math.round(p.rttMs)} ms`);
  if (p.lossPct !== undefined) parts.push(`loss ${p.lossPct.toFixed(1)}%`);
  if (p.mos !== undefined) parts.push(`MOS ${p.mos.toFixed(2)}`);
  return parts.join(' · ') || 'stats received';
}

export function Overview(props: { store: CaptureStore; nav: Navigate }) {
  const { store, nav } = props;
  const m = store.model;
  const a = store.analyzer.snapshot();
  const sockets = [...m.sockets.values()];
  const pcs = [...m.peerConnections.values()];
  const severityOrder = { error: 0, warning: 1, info: 2 } as const;
  const findings = [...a.findings].sort((x, y) => severityOrder[x.severity] - severityOrder[y.severity] || x.t - y.t);
  const drops = dropBanners(store.dropped);
  const activeCalls = a.calls.filter((c) => c.states.at(-1)?.state !== 'hangup' && !c.hangup);
  return (
    <div class="overview">
      {drops.cap && (
        <p class="banner warn" role="status">
          {drops.cap}
        </p>
      )}
      {drops.refused && (
        <p class="banner warn" role="status">
          {drops.refused}
        </p>
      )}
      {m.notices.map((n, i) => (
        <p key={i} class={`banner ${n.level}`} role="status">
          {n.message}
        </p>
      ))}

      <section aria-labelledby="ov-sdks">
        <h2 id="ov-sdks">SDKs</h2>
        {a.sdks.length === 0 ? (
          <p class="empty">No SDK recognised{sockets.length || pcs.length ? ' (plain WebSocket/WebRTC)' : ''}.</p>
        ) : (
          <ul class="sdks">
            {a.sdks.map((s, i) => {
              const why = sdkSourcesLine(s);
              return (
                <li key={i}>
                  <b>{s.version ? `${s.name} ${s.version}` : `${s.name} (version unknown)`}</b>
                  {why && ` — ${why}`}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section aria-labelledby="ov-conn">
        <h2 id="ov-conn">Connection status</h2>
        <Timeline store={store} />
      </section>

      <section aria-labelledby="ov-findings">
        <h2 id="ov-findings">Findings</h2>
        {findings.length === 0 ? (
          <p class="empty">No findings.</p>
        ) : (
          <ul class="findings">
            {findings.map((f, i) => (
              <li key={i} class={`finding ${f.severity}`}>
                <button type="button" class="link" onClick={() => nav.toEvidence(f)} aria-label={`${f.severity}: ${f.message} — show evidence`}>
                  <span class="sev">{f.severity}</span> <span class="when">{clock(f.t)}</span> {f.message}
                </button>
                {f.advice && <p class="advice">{f.advice}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="ov-calls">
        <h2 id="ov-calls">Active calls</h2>
        {activeCalls.length === 0 ? (
          <p class="empty">No active call.</p>
        ) : (
          <ul>
            {activeCalls.map((c) => (
              <li key={c.id}>{`${c.id} · ${c.direction ?? ''} · ${c.states.at(-1)?.state ?? 'new'}`}</li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="ov-sockets">
        <h2 id="ov-sockets">WebSockets</h2>
        {sockets.length === 0 ? (
          <p class="empty">No WebSocket captured.</p>
        ) : (
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
              {sockets.map((s) => (
                <tr key={s.id} data-socket={s.id}>
                  <td>{store.label(s.id)}</td>
                  <td class="url">{s.url}</td>
                  <td>{s.state + (s.close ? ` (${s.close.code}${s.close.reason ? ' ' + s.close.reason : ''})` : '') + (s.errors ? ` · ${s.errors} errors` : '')}</td>
                  <td>{`${s.sent} (${bytes(s.bytesSent)})`}</td>
                  <td>{`${s.received} (${bytes(s.bytesReceived)})`}</td>
                  <td class="last-frames">
                    {s.frames.slice(-3).map((f, i) => (
                      <div key={i} class={`frame ${f.dir}`}>
                        {`${f.dir === 'sent' ? '↑' : '↓'} ${f.binary ? `binary ${f.size} B` : oneLine(f.text, 80)}`}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="ov-pcs">
        <h2 id="ov-pcs">Peer connections</h2>
        {pcs.length === 0 ? (
          <p class="empty">No RTCPeerConnection captured.</p>
        ) : (
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
              {pcs.map((pc) => (
                <tr key={pc.id} data-pc={pc.id}>
                  <td>{store.label(pc.id)}</td>
                  <td>{pc.connectionState}</td>
                  <td>{pc.iceConnectionState}</td>
                  <td>{pc.signalingState}</td>
                  <td>{`${pc.stats.length} samples · ${statsLine(a.quality[pc.id]?.at(-1))}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="ov-media">
        <h2 id="ov-media">Devices and getUserMedia</h2>
        <p>{`${m.media.devices.length} devices · ${m.media.getUserMedia.length} getUserMedia/getDisplayMedia calls`}</p>
        {m.media.getUserMedia.length > 0 && (
          <ul class="gum">
            {m.media.getUserMedia.map((g, i) => (
              <li key={i}>
                {`${clock(g.request.t)} ${g.request.api} → ` +
                  (!g.result
                    ? 'pending'
                    : g.result.ok
                      ? `ok in ${ms(g.result.durationMs)}: ${(g.result.tracks ?? []).map((t) => `${t.kind} "${t.label}"`).join(', ')}`
                      : `${g.result.error?.name ?? 'error'}: ${g.result.error?.message ?? ''}`)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
