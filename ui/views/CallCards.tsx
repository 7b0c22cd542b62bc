import { MoreLine, useCapped } from '../components/CappedList.js';
import type { PanelStore } from '../data/store.js';
import type { Navigate } from './Overview.js';
import { useState } from 'preact/hooks';
import { cardsOf, cardText, type CallCard, type CopyContext } from './call-cards.js';
import { copyText } from '../components/copy.js';
import { captureInfo } from './capture-info.js';

function Card(props: { card: CallCard; nav: Navigate; copy: CopyContext }) {
  const { card: c, nav } = props;
  const [copied, setCopied] = useState('');
  return (
    <article class={`call-card tone-${c.tone}${c.live ? '' : ' ended'}`} aria-label={`Call ${c.id}: ${c.outcome}${c.live ? ', in progress' : ', ended'}`} data-call={c.id}>
      <header class="card-head">
        <span class={`outcome tone-${c.tone}`} title={c.outcomeText}>
          {c.outcome}
        </span>
        <span class={`card-status${c.live ? ' live' : ''}`} title={c.statusTitle}>
          {c.status}
        </span>
        {c.load && (
          <span class="card-load" title={c.load}>
            {c.load}
          </span>
        )}
      </header>
      <h3 class="card-title">{c.heading}</h3>
      <p class="call-id">{c.idLine}</p>
      {c.pending && (
        <p class="pending" role="status">
          <span class="pending-tag">Waiting</span> {c.pending}
        </p>
      )}
      <dl class="card-facts">
        {c.facts.map((f) => (
          <div key={f.label}>
            <dt>{f.label}</dt>
            <dd title={f.title}>{f.value}</dd>
          </div>
        ))}
      </dl>
      {c.quality.length > 0 && (
        <table class="card-quality" aria-label={`Quality of call ${c.id}`}>
          <thead>
            <tr>
              <th scope="col">Quality</th>
              <th scope="col">min</th>
              <th scope="col">avg</th>
              <th scope="col">max</th>
            </tr>
          </thead>
          <tbody>
            {c.quality.map((q) => (
              <tr key={q.label}>
                <th scope="row">{q.label}</th>
                <td>{q.min}</td>
                <td>{q.avg}</td>
                <td>{q.max}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="card-links">
        <button
          type="button"
          class="link"
          onClick={async () => setCopied((await copyText(cardText(c, props.copy))) ? 'Summary copied (times with date and zone).' : 'Copy failed: the browser refused the clipboard.')}
        >
          Copy summary
        </button>
        {nav.toCall && (
          <button type="button" class="link" onClick={() => nav.toCall!(c.id)}>
            Call timeline
          </button>
        )}
        {nav.toFrame && c.inviteIndex !== undefined && (
          <button type="button" class="link" onClick={() => nav.toFrame!(c.inviteIndex!)}>
            Invite frame
          </button>
        )}
        {nav.toMedia && c.pcId && (
          <button type="button" class="link" onClick={() => nav.toMedia!(c.pcId!)}>
            Media charts
          </button>
        )}
        <span class="dim copied" aria-live="polite">
          {copied}
        </span>
      </p>
    </article>
  );
}

/** One card per call, live ones first, then ended ones; each group most recent first. */
export function CallCards(props: { store: PanelStore; nav: Navigate; stamp: (t: number) => string; damaged?: boolean }) {
  const { store, nav } = props;
  const a = store.analyzer.snapshot();
  const now = store.source.kind === 'live' ? Date.now() : (store.model.lastT ?? 0);
  const loads = store.loads();
  const raw = store.analyzer.raw();
  const cards = cardsOf(a.calls, { quality: raw.quality, capture: store.model, now, loads, stamp: props.stamp });
  const info = captureInfo(store);
  const copy: CopyContext = {
    ...(info.title || info.url ? { page: [info.title, info.url].filter(Boolean).join(' · ') } : {}),
    ...(info.browser ? { browser: [info.browser, info.os].filter(Boolean).join(' on ') } : {}),
    ...(info.timeZone ? { timeZone: info.timeZone } : {}),
  };
  const live = cards.filter((c) => c.live);
  const ended = cards.filter((c) => !c.live);
  // A page can open calls without end: each group renders its first cards and a "… N more" line.
  const liveList = useCapped(live);
  const endedList = useCapped(ended);
  if (cards.length === 0) return <p class="empty">{props.damaged ? 'No call could be read from this file.' : 'No call captured.'}</p>;
  return (
    <div class="call-cards">
      <div role="region" aria-label="Active calls">
        {live.length === 0 ? <p class="empty">No active call.</p> : liveList.shown.map((c) => <Card key={c.id} card={c} nav={nav} copy={copy} />)}
        <MoreLine list={liveList} noun="active calls" />
      </div>
      {ended.length > 0 && (
        <div role="region" aria-label="Ended calls">
          {endedList.shown.map((c) => (
            <Card key={c.id} card={c} nav={nav} copy={copy} />
          ))}
          <MoreLine list={endedList} noun="ended calls" />
        </div>
      )}
    </div>
  );
}
