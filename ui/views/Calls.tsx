import { useState } from 'preact/hooks';
import { MoreLine, useCapped } from '../components/CappedList.js';
import { LIST_CAP } from '../components/capped-list.js';
import type { PanelStore } from '../data/store.js';
import type { CallModel } from '../../core/protocol/types.js';
import type { PeerConnectionModel } from '../../core/capture/model.js';
import { useEffect, useRef } from 'preact/hooks';
import { clock } from '../format.js';
import { sdpsOf, summarizeSdp } from './sdp-model.js';
import { axisTicks, callEvents, type AxisEvent } from './calls-model.js';
import { cardOf, type CallCard } from './call-cards.js';
import type { Navigate } from './Overview.js';
import { stamp } from '../time-stamp.js';
import { zoneOf } from './Overview.js';
import './overview.css';

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

function Axis(props: { start: number; end: number; events: AxisEvent[]; label: string; stamp: (t: number) => string }) {
  const span = Math.max(1, props.end - props.start);
  const ticks = axisTicks(props.start, props.end);
  return (
    <div class="axis-box" aria-hidden="true">
      <div class="axis">
        {props.events.map((e, i) => (
          <span key={i} class={`mark ${e.lane}`} style={{ left: `${((e.t - props.start) / span) * 100}%` }} title={`${props.stamp(e.t)} ${e.text}`} />
        ))}
      </div>
      <div class="axis-scale">
        {ticks.map((t) => (
          <span key={t.t} class="tick" style={{ left: `${t.pct}%` }}>
            {t.label}
          </span>
        ))}
      </div>
    </div>
  );
}

/** A line of the call's story; signaling lines open their frame, peer connection lines their charts. */
function EventLine(props: { e: AxisEvent; nav?: Navigate; stamp: (t: number) => string }) {
  const { e, nav } = props;
  const text = `${clock(e.t)} [${e.lane}] ${e.text}`;
  if (nav?.toFrame && e.index !== undefined)
    return (
      <li class={e.lane}>
        <button type="button" class="link" title={`${props.stamp(e.t)} · show this frame in Signaling`} onClick={() => nav.toFrame!(e.index!)}>
          {text}
        </button>
      </li>
    );
  if (nav?.toMedia && e.pcId)
    return (
      <li class={e.lane}>
        <button type="button" class="link" title={`${props.stamp(e.t)} · show the charts in Media`} onClick={() => nav.toMedia!(e.pcId!, e.t)}>
          {text}
        </button>
      </li>
    );
  return (
    <li class={e.lane} title={props.stamp(e.t)}>
      {text}
    </li>
  );
}

function Session(props: {
  title: string;
  events: AxisEvent[];
  offer?: string;
  answer?: string;
  offerTitle: string;
  answerTitle: string;
  card?: CallCard;
  nav?: Navigate;
  focused?: boolean;
  stamp: (t: number) => string;
}) {
  const { events, card } = props;
  const start = events[0]?.t ?? 0;
  const end = events.at(-1)?.t ?? start;
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    // Arriving from an Overview card: bring that call into view and give it focus for the keyboard.
    if (props.focused) {
      ref.current?.scrollIntoView({ block: 'start' });
      ref.current?.focus();
    }
  }, [props.focused]);
  return (
    <article class="call" aria-label={props.title} ref={ref} tabIndex={-1}>
      <h3>{card ? `${card.heading} · ${card.outcome}` : props.title}</h3>
      {card && <p class="call-id">{card.idLine}</p>}
      {card?.pending && (
        <p class="pending" role="status">
          {card.pending}
        </p>
      )}
      {card && (
        <dl class="card-facts">
          {card.facts.map((f) => (
            <div key={f.label}>
              <dt>{f.label}</dt>
              <dd title={f.title}>{f.value}</dd>
            </div>
          ))}
        </dl>
      )}
      <Axis start={start} end={end} events={events} label={props.title} stamp={props.stamp} />
      <ol class="events" aria-label={`${props.title} timeline`}>
        {events.map((e, i) => (
          <EventLine key={i} e={e} nav={props.nav} stamp={props.stamp} />
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

function offerAnswer(call: CallModel, pc: PeerConnectionModel | undefined) {
  const { local, remote } = pcSdp(pc);
  const outbound = call.direction !== 'inbound';
  return {
    offer: call.offerSdp ?? (outbound ? local?.sdp : remote?.sdp),
    answer: call.answerSdp ?? (outbound ? remote?.sdp : local?.sdp),
  };
}

/** The call's header in one line, also its accessible name: the figures that cannot be misread. */
export function callTitle(call: CallModel, card: CallCard): string {
  const fact = (label: string) => card.facts.find((f) => f.label === label)?.value;
  const parts = [`Call ${call.id} · ${call.sdk ?? ''} ${call.direction ?? ''} · ${call.state}`];
  const ring = fact('Ringing after');
  const answer = fact('Answered after');
  if (ring && ring !== '—') parts.push(`ringing after ${ring}`);
  if (answer && answer !== '—') parts.push(`answered after ${answer}`);
  if (!card.live) {
    parts.push(`length ${fact('Length')}`);
    parts.push(`hung up by ${fact('Hung up by')}`);
    const cause = fact('Cause');
    if (cause) parts.push(cause);
  }
  return parts.join(' · ');
}

export function Calls(props: { store: PanelStore; focusCall?: string; nav?: Navigate }) {
  const { store } = props;
  const zone = zoneOf(store);
  const at = (t: number) => stamp(t, zone);
  const now = store.source.kind === 'live' ? Date.now() : (store.model.lastT ?? 0);
  const loads = store.loads();
  const raw = store.analyzer.raw();
  const a = store.analyzer.snapshot();
  const pcs = [...store.model.peerConnections.values()];
  const linked = new Set(a.calls.map((c) => c.pcId).filter(Boolean));
  const loosePcs = pcs.filter((p) => !linked.has(p.id));
  // A page can make any number of calls and connections: render the first ones and a "… N more" line,
  // reaching far enough to include the call another view sent the user to.
  const focusAt = props.focusCall ? a.calls.findIndex((c) => c.id === props.focusCall) : -1;
  const callList = useCapped(a.calls, Math.max(LIST_CAP, focusAt + 1));
  const pcList = useCapped(loosePcs);
  if (a.calls.length === 0 && pcs.length === 0) return <p class="empty pad">No call and no peer connection captured.</p>;
  return (
    <div class="pad">
      {a.calls.length > 0 && <h2>Calls</h2>}
      {callList.shown.map((call) => {
        const pc = call.pcId ? store.model.peerConnections.get(call.pcId) : undefined;
        const { offer, answer } = offerAnswer(call, pc);
        const card = cardOf(call, { quality: raw.quality, capture: store.model, now, loads, stamp: at });
        return (
          <Session
            key={call.id}
            title={callTitle(call, card)}
            card={card}
            nav={props.nav}
            focused={props.focusCall === call.id}
            stamp={at}
            events={callEvents(store, call, pc)}
            offer={offer}
            answer={answer}
            offerTitle="Offer"
            answerTitle="Answer"
          />
        );
      })}
      <MoreLine list={callList} noun="calls" />
      {loosePcs.length > 0 && <h2>Peer connections without a recognised call</h2>}
      {pcList.shown.map((pc) => {
        const { local, remote } = pcSdp(pc);
        return (
          <Session
            key={pc.id}
            title={`Peer connection ${store.label(pc.id)} · ${pc.connectionState}`}
            events={callEvents(store, undefined, pc)}
            nav={props.nav}
            stamp={at}
            offer={local?.type === 'answer' ? remote?.sdp : local?.sdp}
            answer={local?.type === 'answer' ? local?.sdp : remote?.sdp}
            offerTitle={`Offer (${local?.type === 'answer' ? 'remote' : 'local'})`}
            answerTitle={`Answer (${local?.type === 'answer' ? 'local' : 'remote'})`}
          />
        );
      })}
      <MoreLine list={pcList} noun="peer connections" />
    </div>
  );
}
