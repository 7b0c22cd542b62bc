import { useState } from 'preact/hooks';
import type { CaptureStore } from '../data/store.js';
import type { CallInfo } from '../data/analysis-types.js';
import type { PeerConnectionModel } from '../../../core/capture/model.js';
import { clock, ms, shortId } from '../format.js';
import { sdpsOf, summarizeSdp } from './sdp-model.js';
import { callEvents, type AxisEvent } from './calls-model.js';

function SdpView(props: { title: string; sdp: string | undefined }) {
  const [raw, setRaw] = useState(false);
  if (!props.sdp) return <p class="empty">{`${props.title}: none seen.`}</p>;
  const { session, media } = summarizeSdp(props.sdp);
  return (
    <div class="sdp">
      <h3>
        {props.title}{' '}
        <button type="button" aria-pressed={raw} onClick={() => setRaw(!raw)} aria-label={`${raw ? 'Readable' : 'Raw'} ${props.title}`}>
          {raw ? 'Readable' : 'Raw'}
        </button>
      </h3>
      {raw ? (
        <pre class="raw" aria-label={`${props.title} SDP`}>
          {props.sdp}
        </pre>
      ) : (
        <div aria-label={`${props.title} m-lines`} role="list">
          {session.bundle && <p>{`BUNDLE ${session.bundle}`}</p>}
          {media.map((m, i) => (
            <div class="mline" role="listitem" key={i}>
              {`m=${m.kind} mid ${m.mid ?? '-'} · ${m.direction} · ${m.protocol} port ${m.port} · codecs ${m.codecs.slice(0, 6).join(', ')}${m.codecs.length > 6 ? ` +${m.codecs.length - 6}` : ''} · ` +
                `${m.candidates} candidates · ${m.ssrcs} SSRC · ${m.hasFingerprint ? 'DTLS fingerprint' : 'no fingerprint'}${m.rtcpMux ? ' · rtcp-mux' : ''}`}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

function Axis(props: { start: number; end: number; events: AxisEvent[]; label: string }) {
  const span = Math.max(1, props.end - props.start);
  return (
    <div class="axis" aria-hidden="true">
      {props.events.map((e, i) => (
        <span key={i} class={`mark ${e.lane}`} style={{ left: `${((e.t - props.start) / span) * 100}%` }} title={`${clock(e.t)} ${e.text}`} />
      ))}
    </div>
  );
}

function Session(props: { title: string; events: AxisEvent[]; offer?: string; answer?: string; offerTitle: string; answerTitle: string }) {
  const { events } = props;
  const start = events[0]?.t ?? 0;
  const end = events.at(-1)?.t ?? start;
  return (
    <article class="call" aria-label={props.title}>
      <h3>{props.title}</h3>
      <Axis start={start} end={end} events={events} label={props.title} />
      <ol class="events" aria-label={`${props.title} timeline`}>
        {events.map((e, i) => (
          <li key={i} class={e.lane}>{`${clock(e.t)} [${e.lane}] ${e.text}`}</li>
        ))}
      </ol>
      <SdpView title={props.offerTitle} sdp={props.offer} />
      <SdpView title={props.answerTitle} sdp={props.answer} />
    </article>
  );
}

function pcSdp(pc: PeerConnectionModel | undefined) {
  return pc ? sdpsOf(pc.log as { kind: string; method?: string; args?: unknown[] }[]) : {};
}

function offerAnswer(call: CallInfo, pc: PeerConnectionModel | undefined) {
  const { local, remote } = pcSdp(pc);
  const outbound = call.direction !== 'inbound';
  return {
    offer: call.offerSdp ?? (outbound ? local?.sdp : remote?.sdp),
    answer: call.answerSdp ?? (outbound ? remote?.sdp : local?.sdp),
  };
}

export function Calls(props: { store: CaptureStore }) {
  const { store } = props;
  const a = store.analyzer.snapshot();
  const pcs = [...store.model.peerConnections.values()];
  const linked = new Set(a.calls.map((c) => c.pcId).filter(Boolean));
  const loosePcs = pcs.filter((p) => !linked.has(p.id));
  if (a.calls.length === 0 && pcs.length === 0) return <p class="empty pad">No call and no peer connection captured.</p>;
  return (
    <div class="pad">
      {a.calls.length > 0 && <h2>Calls</h2>}
      {a.calls.map((call) => {
        const pc = call.pcId ? store.model.peerConnections.get(call.pcId) : undefined;
        const { offer, answer } = offerAnswer(call, pc);
        const state = call.states.at(-1)?.state ?? 'new';
        const hangup = call.hangup ? ` · hangup ${call.hangup.cause ?? ''} ${call.hangup.code ?? ''}` : '';
        const setup = call.setupMs !== undefined ? ` · setup ${ms(call.setupMs)}` : '';
        return (
          <Session
            key={call.id}
            title={`Call ${call.id} · ${call.sdk ?? ''} ${call.direction ?? ''} · ${state}${setup}${hangup}`}
            events={callEvents(store, call, pc)}
            offer={offer}
            answer={answer}
            offerTitle="Offer"
            answerTitle="Answer"
          />
        );
      })}
      {loosePcs.length > 0 && <h2>Peer connections without a recognised call</h2>}
      {loosePcs.map((pc) => {
        const { local, remote } = pcSdp(pc);
        return (
          <Session
            key={pc.id}
            title={`Peer connection ${store.label(pc.id)} · ${pc.connectionState}`}
            events={callEvents(store, undefined, pc)}
            offer={local?.type === 'answer' ? remote?.sdp : local?.sdp}
            answer={local?.type === 'answer' ? local?.sdp : remote?.sdp}
            offerTitle={`Offer (${local?.type === 'answer' ? 'remote' : 'local'})`}
            answerTitle={`Answer (${local?.type === 'answer' ? 'local' : 'remote'})`}
          />
        );
      })}
    </div>
  );
}
