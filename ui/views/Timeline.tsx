import type { PanelStore } from '../data/store.js';
import { clock } from '../format.js';
import { stamp } from '../time-stamp.js';
import { buildLanes, faultSpans } from './timeline-model.js';
import { MoreLine, useLimit } from '../components/CappedList.js';

/** Connection status now and over time: a strip per socket/session and per peer connection. */
export function Timeline(props: { store: PanelStore; zone?: string }) {
  const { store } = props;
  const live = store.source.kind === 'live';
  // One strip per socket: a page opening thousands would build and render thousands of them.
  const limit = useLimit();
  const { start, end, lanes, total } = buildLanes(store.model, store.analyzer.snapshot(), live ? Date.now() : (store.model.lastT ?? 0), (id) => store.label(id), limit.limit);
  const laneList = limit.capped(lanes, total);
  if (lanes.length === 0) return <p class="empty">No connection yet.</p>;
  const span = end - start;
  // Where the page changed (reload or navigation with Preserve log): a line across every strip.
  const loadMarks = store.loads().filter((l) => l.ordinal > 1 && l.startedAt >= start && l.startedAt <= end);
  const faultMarks = faultSpans(store.model.faultLog, start, end);
  return (
    <div class="timeline" role="list" aria-label="Connection timeline">
      {laneList.shown.map((lane) => {
        const now = lane.segments.at(-1)?.state ?? 'unknown';
        return (
          <div class="lane" role="listitem" key={lane.id} aria-label={`${lane.label}: ${now}${lane.note ? ` · ${lane.note}` : ''}`}>
            <span class="lane-label">{lane.label}</span>
            <span class={`state-now st-${now}`}>{now}</span>
            <div class="strip">
              {lane.segments.map((s, i) => (
                <span
                  key={i}
                  class={`seg st-${s.state}`}
                  style={{ left: `${((s.from - start) / span) * 100}%`, width: `${Math.max(0.3, ((s.to - s.from) / span) * 100)}%` }}
                  title={`${s.state} from ${clock(s.from)} (${stamp(s.from, props.zone)})`}
                />
              ))}
              {faultMarks.map((f) => (
                <span
                  key={f.id}
                  class="fault-mark"
                  style={{ left: `${((f.from - start) / span) * 100}%`, width: `${((f.to - f.from) / span) * 100}%` }}
                  title={`Simulated: ${f.text}, ${stamp(f.from, props.zone)}`}
                />
              ))}
              {loadMarks.map((l) => (
                <span
                  key={l.loadId}
                  class="load-mark"
                  style={{ left: `${((l.startedAt - start) / span) * 100}%` }}
                  title={`Load ${l.ordinal} started ${stamp(l.startedAt, props.zone)}: ${l.url}`}
                />
              ))}
            </div>
            {lane.note && <span class="lane-note">{lane.note}</span>}
          </div>
        );
      })}
      <MoreLine list={laneList} noun="connections" />
    </div>
  );
}
