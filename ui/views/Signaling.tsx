/**
 * Every WebSocket frame, decoded, in a Network-panel-like list: filter (regex, exclusions, hide
 * keepalives), relative times, frame numbers per socket, a resizable split with the selected
 * frame's detail (JSON tree, raw text, embedded SDP line by line), page-load markers. What the
 * view remembers across tab switches lives in ./signaling-state.ts.
 */
import type { ComponentChild } from 'preact';
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import './signaling.css';
import type { PanelStore } from '../data/store.js';
import type { DecodedFrame } from '../../core/protocol/types.js';
import { VirtualList } from '../components/VirtualList.js';
import { JsonTree, copyableValue } from '../components/JsonTree.js';
import { DragHandle } from '../components/DragHandle.js';
import { copyText } from '../components/copy.js';
import { bytes, clock, ms, oneLine } from '../format.js';
import { stamp } from '../time-stamp.js';
import { redactText } from '../../core/bundle/redact.js';
import { methodFamily, shortMethodNames } from '../../core/protocol/method-names.js';
import { findEmbeddedSdps, sdpLines } from '../../core/protocol/sdp-text.js';
import { pendingAge, type PendingAge, type PendingRequest } from '../../core/protocol/pending.js';
import type { WsFrame } from '../../core/capture/events.js';
import {
  displayOfRow,
  emptyFilter,
  emptyMessage,
  FilteredFrames,
  fitColumns,
  innerMessage,
  isErrorMessage,
  isFilterActive,
  itemAt,
  loadBreaks,
  methodlessLabel,
  methodOf,
  moveSelection,
  frameTree,
  rowPreview,
  rowOfFrame,
  splitSummary,
  timeCell,
  type ColumnDef,
  type FrameFilter,
  type TimeMode,
} from './signaling-model.js';
import { clampShare, loadLayout, saveLayout, viewStateOf, type SignalingLayout } from './signaling-state.js';

const ROW = 20;
const HEAD = 22;
const GAP = 6;
const DATA_MIN = 90;
const STACK_BELOW = 560;

/** Columns in display order; `data` (between method and call) takes the width left over. */
const COLUMNS: ColumnDef[] = [
  { id: 'no', label: '#', width: 38, min: 28, dropOrder: 3 },
  { id: 'time', label: 'Time', width: 76, min: 48 },
  { id: 'dir', label: '', width: 14, min: 14 },
  { id: 'socket', label: 'Socket', width: 92, min: 36, dropOrder: 2 },
  { id: 'method', label: 'Method', width: 104, min: 44 },
  { id: 'call', label: 'Call', width: 70, min: 36, dropOrder: 0 },
  { id: 'size', label: 'Size', width: 56, min: 36, dropOrder: 1 },
  { id: 'status', label: 'Latency', width: 64, min: 40 },
];
const DATA_AFTER = 'method';

function Detail(props: {
  store: PanelStore;
  frame: WsFrame;
  msg: DecodedFrame | undefined;
  captureStart: number;
  /** Set while this request waits for its reply. */
  waiting: PendingAge | undefined;
  onGo: (frameIndex: number) => void;
  onClose: () => void;
  goNote: string;
}) {
  const { frame, msg, store } = props;
  const [mode, setMode] = useState<'tree' | 'raw'>('tree');
  const [copied, setCopied] = useState('');
  const parsed = useMemo(() => frameTree(frame, msg), [frame, msg]);
  const inner = parsed.ok && typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value)
    ? innerMessage(parsed.value as Record<string, unknown>)
    : undefined;
  const sdps = useMemo(() => (parsed.ok ? findEmbeddedSdps(parsed.value) : []), [parsed]);
  const raw = frame.text ?? frame.preview ?? '';
  const paired = msg?.pairedWith ?? msg?.inner?.pairedWith;
  const isRequest = msg?.kind === 'request' || msg?.inner?.kind === 'request';
  const method = methodOf(msg);
  const url = store.model.sockets.get(frame.id)?.url;
  const copy = async (what: string, text: string) => setCopied((await copyText(text)) ? `Copied ${what}` : 'Copy failed');
  return (
    <div class="frame-detail" aria-label="Frame details" role="region">
      <div class="detail-bar">
        <button type="button" class="close" aria-label="Close frame details" title="Close frame details (Esc)" onClick={props.onClose}>
          ×
        </button>
        <button type="button" aria-pressed={mode === 'tree'} onClick={() => setMode('tree')} disabled={!parsed.ok}>
          JSON tree
        </button>
        <button type="button" aria-pressed={mode === 'raw'} onClick={() => setMode('raw')}>
          Raw
        </button>
        <button type="button" title="Copy the frame as it was sent" onClick={() => void copy('frame text', raw)}>
          Copy
        </button>
        {parsed.ok && (
          <button type="button" title="Copy the frame as indented JSON" onClick={() => void copy('frame as JSON', JSON.stringify(parsed.value, null, 2))}>
            Copy as JSON
          </button>
        )}
        {paired !== undefined && (
          <button type="button" onClick={() => props.onGo(paired)}>
            {isRequest ? 'Go to reply' : 'Go to request'}
          </button>
        )}
        <span class="detail-status" role="status">
          {props.goNote || copied}
        </span>
      </div>
      <dl class="facts">
        <dt>Frame</dt>
        <dd>{`#${msg ? msg.frame + 1 : '?'} on ${store.label(frame.id)}${url ? ' · ' + oneLine(url, 200) : ''}`}</dd>
        <dt>Time</dt>
        <dd>{`${stamp(frame.t)} · ${timeCell('start', frame.t, props.captureStart, undefined, clock)} after capture start`}</dd>
        <dt>Direction</dt>
        <dd>{frame.dir}</dd>
        <dt>Size</dt>
        <dd>{`${bytes(frame.size)}${frame.truncated ? ' (text truncated by the capture)' : ''}`}</dd>
        {method && (
          <>
            <dt>Method</dt>
            <dd>{method}</dd>
          </>
        )}
        {msg && (
          <>
            <dt>Decoded</dt>
            <dd>{`${msg.protocol} ${msg.kind}${msg.method ? ' ' + msg.method : ''}${msg.id !== undefined ? ' #' + String(msg.id) : ''}`}</dd>
          </>
        )}
        {props.waiting && (
          <>
            <dt>Reply</dt>
            <dd class={`pending-note${props.waiting.overdue ? ' overdue' : ''}`}>{props.waiting.text}</dd>
          </>
        )}
        {msg?.latencyMs !== undefined && (
          <>
            <dt>Latency</dt>
            <dd>{ms(msg.latencyMs)}</dd>
          </>
        )}
        {msg?.callId && (
          <>
            <dt>Call</dt>
            <dd>{msg.callId}</dd>
          </>
        )}
        {msg?.error && (
          <>
            <dt>Error</dt>
            <dd class="error-msg">{`${msg.error.code ?? ''} ${msg.error.message ?? ''}`}</dd>
          </>
        )}
      </dl>
      {mode === 'tree' && parsed.ok ? (
        <>
          {inner && (
            <>
              <h3>{`Inner message${typeof inner.method === 'string' ? ` (${inner.method})` : ''}`}</h3>
              <JsonTree value={inner} label="Inner message" sdpNote onCopy={(path, v) => void copy(path, copyableValue(v))} />
              <h3>Whole frame</h3>
            </>
          )}
          <JsonTree value={parsed.value} label="Frame JSON" sdpNote onCopy={(path, v) => void copy(path, copyableValue(v))} />
        </>
      ) : (
        <pre class="raw" aria-label="Raw frame">
          {raw}
        </pre>
      )}
      {sdps.map((s) => (
        <section key={s.path} class="sdp-block">
          <h3>{`SDP in ${s.path}`}</h3>
          <ol class="sdp-lines" aria-label={`SDP lines of ${s.path}`}>
            {sdpLines(s.sdp).map((line, i) => (
              <li key={i} class={line.startsWith('m=') ? 'mline' : undefined}>
                {line}
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}

/** A method name with its repeated family shown only to assistive tech (and the row's text), the full name as tooltip. */
function MethodCell(props: { full: string; short: string; fallback: string }) {
  if (!props.full) return <span class="c-method dim">{props.fallback}</span>;
  const hidden = props.short !== props.full ? props.full.slice(0, props.full.length - props.short.length) : '';
  return (
    <span class="c-method" title={props.full}>
      {hidden && <span class="sr-only">{hidden}</span>}
      {props.short}
    </span>
  );
}

export function Signaling(props: { store: PanelStore; focusFrame?: number }) {
  const { store } = props;
  const gen = store.state$.value.generation;
  const vs = viewStateOf(store, gen);
  const [, rerender] = useState(0);
  const update = (patch: Partial<typeof vs>) => {
    Object.assign(vs, patch);
    rerender((n) => n + 1);
  };
  const [layout, setLayout] = useState<SignalingLayout>(loadLayout);
  const changeLayout = (next: SignalingLayout) => {
    saveLayout(next);
    setLayout(next);
  };
  const [scrollTo, setScrollTo] = useState<number | undefined>(undefined);
  const [focusReq, setFocusReq] = useState<{ i: number; seq: number } | undefined>(undefined);
  const [goNote, setGoNote] = useState('');
  const [listWidth, setListWidth] = useState(0);
  const [splitWidth, setSplitWidth] = useState(0);
  const filtered = useRef(new FilteredFrames());
  const splitRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const a = store.analyzer.snapshot();

  // A finding's evidence asks for a frame: select it once per request, even if a kept filter hid it.
  if (props.focusFrame !== undefined && props.focusFrame !== vs.handledFocus && props.focusFrame < store.frames.length) {
    vs.handledFocus = props.focusFrame;
    vs.selected = props.focusFrame;
    vs.scrollTop = -1;
    if (!frameVisible(filtered.current, store, a.messages, vs.filter, gen, props.focusFrame)) vs.filter = emptyFilter;
  }
  const filter = vs.filter;
  const rows = filtered.current.update(store.frames, a.messages, filter, gen);
  const count = rows.length;
  const loads = store.loads();
  const breaks = loadBreaks(rows, (fi) => store.frames[fi]!.t, loads);
  const displayCount = count + breaks.length;
  const selected = vs.selected < store.frames.length ? vs.selected : -1;
  const selRow = selected >= 0 ? rowOfFrame(rows, selected) : -1;
  const selDisplay = displayOfRow(selRow, breaks);
  const shortNames = useMemo(() => shortMethodNames(filtered.current.methods), [filtered.current.methods.size, gen]);
  const captureStart = (store.events[0] as { t?: number } | undefined)?.t ?? store.frames[0]?.t ?? 0;
  // Live, a wait grows with the clock (the store ticks every second); in a file it ends where the capture ends.
  const now = store.source.kind === 'live' ? Date.now() : ((store.events[store.events.length - 1] as { t?: number } | undefined)?.t ?? 0);
  const pendingByIndex = new Map<number, PendingRequest>();
  for (const p of a.pending ?? []) pendingByIndex.set(p.index, p);
  const waitingOf = (fi: number): PendingAge | undefined => {
    const p = pendingByIndex.get(fi);
    return p ? pendingAge(p, now) : undefined;
  };

  // On first show (and coming back), bring the selected row into view unless a scroll position was kept.
  useLayoutEffect(() => {
    if (vs.scrollTop < 0 && selDisplay >= 0) setScrollTo(selDisplay);
  }, []);

  useLayoutEffect(() => {
    const el = listRef.current;
    const split = splitRef.current;
    if (!el || !split) return;
    setListWidth(el.clientWidth);
    setSplitWidth(split.clientWidth);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      setListWidth(el.clientWidth);
      setSplitWidth(split.clientWidth);
    });
    ro.observe(split);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const setFilter = (patch: Partial<FrameFilter>) => update({ filter: { ...filter, ...patch }, scrollTop: -1 });
  const select = (frameIndex: number, focus: boolean) => {
    update({ selected: frameIndex });
    const r = rowOfFrame(filtered.current.rows, frameIndex);
    const d = displayOfRow(r, breaks);
    if (d >= 0) {
      setScrollTo(d);
      if (focus) setFocusReq({ i: d, seq: (focusReq?.seq ?? 0) + 1 });
    }
    return r;
  };
  const goTo = (frameIndex: number) => {
    const r = select(frameIndex, true);
    setGoNote(r < 0 ? 'That frame is hidden by the filter; it is shown here.' : '');
  };
  const close = () => {
    update({ selected: -1 });
    setGoNote('');
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && selected >= 0) {
      e.preventDefault();
      close();
      return;
    }
    const box = (e.currentTarget as HTMLElement).parentElement;
    const next = moveSelection(e.key, selRow, count, Math.max(1, Math.floor((box?.clientHeight ?? 400) / ROW) - 2));
    if (next === undefined) return;
    e.preventDefault();
    setGoNote('');
    select(rows[next]!, true);
  };

  // Columns: the user's widths, minus the optional ones that do not fit this width.
  const widths = layout.columns;
  const shown = fitColumns(COLUMNS, widths, listWidth > 0 ? listWidth - 14 : 10_000, DATA_MIN, GAP);
  const colWidth = (c: ColumnDef) => widths[c.id] ?? c.width;
  const template: string[] = [];
  for (const c of COLUMNS) {
    if (!shown.includes(c.id)) continue;
    template.push(`${colWidth(c)}px`);
    if (c.id === DATA_AFTER) template.push(`minmax(${DATA_MIN}px, 1fr)`);
  }
  const minRow = COLUMNS.filter((c) => shown.includes(c.id)).reduce((s, c) => s + colWidth(c) + GAP, DATA_MIN + 8);
  const gridStyle = { gridTemplateColumns: template.join(' '), columnGap: `${GAP}px` };
  const resizeColumn = (c: ColumnDef, w: number) => changeLayout({ ...layout, columns: { ...widths, [c.id]: Math.round(Math.min(800, Math.max(c.min, w))) } });

  const headCell = (c: ColumnDef) => (
    <span key={c.id} class={`hcell h-${c.id}`}>
      {c.id === 'time' ? timeHeader(vs.timeMode) : c.label}
      {c.id !== 'dir' && (
        <DragHandle
          label={`Resize ${c.id === 'time' ? 'Time' : c.label === '#' ? 'frame number' : c.label} column`}
          orientation="vertical"
          value={colWidth(c)}
          min={c.min}
          max={800}
          onDrag={(dx) => resizeColumn(c, colWidth(c) + dx)}
          onStep={(s) => resizeColumn(c, s === 'min' ? c.min : s === 'max' ? 800 : colWidth(c) + s * 8)}
          class="col-handle"
        />
      )}
    </span>
  );
  const header = (
    <div class="vhead" style={gridStyle}>
      {COLUMNS.flatMap((c) => {
        if (!shown.includes(c.id)) return [];
        const cell = headCell(c);
        return c.id === DATA_AFTER ? [cell, <span key="data" class="hcell h-data">Data</span>] : [cell];
      })}
    </div>
  );

  const renderRow = (d: number) => {
    const item = itemAt(d, breaks);
    if ('load' in item) {
      const l = item.load;
      // Like the capture header, a marker is what gets screenshotted: credentials in the page's query never show.
      const url = l.url ? redactText(l.url) : '(address unknown)';
      return (
        <div key={`load-${l.ordinal}`} class="vrow load-break" role="separator" aria-label={`Page load ${l.ordinal}: ${url}`} title={`${stamp(l.startedAt)} · ${url}`}>
          <span>{`Page load ${l.ordinal}`}</span>
          <span class="load-url">{url}</span>
        </div>
      );
    }
    const r = item.row;
    const fi = rows[r]!;
    const f = store.frames[fi]!;
    const m = a.messages[fi];
    const err = isErrorMessage(m);
    const full = methodOf(m);
    const short = shortNames.get(full) ?? full;
    const summary = m?.summary ?? (f.binary ? `binary ${f.size} B` : oneLine(f.text, 120));
    const sum = splitSummary(summary, [m?.inner?.method, m?.method]);
    const preview = rowPreview(f, m);
    const prevT = r > 0 ? store.frames[rows[r - 1]!]!.t : undefined;
    const url = store.model.sockets.get(f.id)?.url;
    const waiting = waitingOf(fi);
    const cells: Record<string, ComponentChild> = {
      no: <span class="c-no">{m ? `#${m.frame + 1}` : ''}</span>,
      time: (
        <span class="c-time" onPointerEnter={(e) => lazyTitle(e.currentTarget as HTMLElement, () => stamp(f.t))}>
          {timeCell(vs.timeMode, f.t, captureStart, prevT, (t) => clock(t).slice(0, 12))}
        </span>
      ),
      dir: (
        <span class="c-dir" aria-label={f.dir} title={f.dir}>
          {f.dir === 'sent' ? '↑' : '↓'}
        </span>
      ),
      socket: (
        <span class="c-socket" title={`${store.label(f.id)}${url ? ' ' + oneLine(url, 300) : ''}`}>
          {store.label(f.id)}
        </span>
      ),
      method: <MethodCell full={full} short={short} fallback={methodlessLabel(m, f.binary)} />,
      call: (
        <span class="c-call" title={m?.callId}>
          {m?.callId ? m.callId.slice(0, 8) : ''}
        </span>
      ),
      size: <span class="c-size">{bytes(f.size)}</span>,
      status: waiting ? (
        <span class={`c-status ${waiting.overdue ? 'overdue' : 'pending'}`} title={waiting.text}>
          {waiting.sdkGaveUp ? 'gave up' : waiting.overdue ? 'overdue' : 'pending'}
        </span>
      ) : (
        <span class="c-status">{m?.latencyMs !== undefined && m.kind !== 'request' ? ms(m.latencyMs) : ''}</span>
      ),
    };
    const dataCell = (
      <span class="c-data" title={`${waiting ? waiting.text + '\n' : ''}${summary}\n${preview.slice(0, 500)}`}>
        {waiting && <span class={`wait${waiting.overdue ? ' overdue' : ''}`}>{`${waiting.text} · `}</span>}
        {sum.hidden && <span class="sr-only">{sum.hidden}</span>}
        {sum.visible}
        {preview && preview !== sum.visible && <span class="dim preview">{sum.visible ? ` ${preview}` : preview}</span>}
      </span>
    );
    return (
      <div
        key={fi}
        id={`frame-${fi}`}
        role="option"
        tabIndex={-1}
        aria-selected={fi === selected}
        class={`vrow ${f.dir}${err ? ' error' : ''}${fi === pairedOfSelected ? ' paired' : ''}`}
        style={gridStyle}
        onClick={() => {
          setGoNote('');
          update({ selected: fi });
        }}
      >
        {COLUMNS.flatMap((c) => (!shown.includes(c.id) ? [] : c.id === DATA_AFTER ? [cells[c.id], dataCell] : [cells[c.id]]))}
      </div>
    );
  };

  const selMsg = selected >= 0 ? a.messages[selected] : undefined;
  const pairedOfSelected = selMsg?.pairedWith ?? selMsg?.inner?.pairedWith;
  const frame = selected >= 0 ? store.frames[selected] : undefined;
  const empty = emptyMessage({
    frames: store.frames.length,
    sockets: store.model.sockets.size,
    shown: count,
    cleared: gen > 0 && store.source.kind === 'live',
    ready: store.ready || store.source.kind !== 'live',
    filter,
  });
  const share = clampShare(layout.detail);
  // Too narrow for two columns side by side (a phone-width window, DevTools docked very narrow): detail below the list.
  const stacked = splitWidth > 0 && splitWidth < STACK_BELOW;
  const queryErrors = filtered.current.query.errors;

  return (
    <div class="signaling">
      <div class="filters" role="search" aria-label="Frame filters">
        <input
          type="search"
          class="frame-filter"
          placeholder="Filter: text, /regex/, -exclude, method:name"
          title="Words must all match; /regex/ is a pattern; -word or -method:name hides matching frames"
          aria-label="Filter frames"
          aria-invalid={queryErrors.length > 0}
          value={filter.text}
          onInput={(e) => setFilter({ text: (e.currentTarget as HTMLInputElement).value })}
        />
        <select aria-label="Method" value={filter.method} onChange={(e) => setFilter({ method: (e.currentTarget as HTMLSelectElement).value })}>
          <option value="">All methods</option>
          {[...filtered.current.methods].sort().map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
        <select aria-label="Direction" value={filter.dir} onChange={(e) => setFilter({ dir: (e.currentTarget as HTMLSelectElement).value as FrameFilter['dir'] })}>
          <option value="">Both directions</option>
          <option value="sent">Sent</option>
          <option value="received">Received</option>
        </select>
        <select aria-label="Socket" value={filter.socket} onChange={(e) => setFilter({ socket: (e.currentTarget as HTMLSelectElement).value })}>
          <option value="">All sockets</option>
          {[...filtered.current.sockets].map((s) => (
            <option key={s} value={s}>
              {`${store.label(s)} ${oneLine(store.model.sockets.get(s)?.url, 60)}`}
            </option>
          ))}
        </select>
        <label class="check">
          <input type="checkbox" checked={filter.errorsOnly} onChange={(e) => setFilter({ errorsOnly: (e.currentTarget as HTMLInputElement).checked })} />
          Errors only
        </label>
        <label class="check">
          <input type="checkbox" checked={filter.hideKeepalives} onChange={(e) => setFilter({ hideKeepalives: (e.currentTarget as HTMLInputElement).checked })} />
          Hide keepalives
        </label>
        <select aria-label="Time column" value={vs.timeMode} onChange={(e) => update({ timeMode: (e.currentTarget as HTMLSelectElement).value as TimeMode })}>
          <option value="start">Time since capture start</option>
          <option value="previous">Time since previous frame</option>
          <option value="clock">Clock time</option>
        </select>
        <span class="counts">{`${count} of ${store.frames.length} frames`}</span>
        {queryErrors.length > 0 && (
          <span class="error-msg filter-error" role="alert">
            {queryErrors.join('; ')}
          </span>
        )}
      </div>
      <div class={`split${frame ? ' with-detail' : ''}${stacked ? ' stacked' : ''}`} ref={splitRef}>
        <div class="list" ref={listRef}>
          {empty && (
            <div class="list-empty" role="status">
              <span>{empty}</span>
              {store.frames.length > 0 && isFilterActive(filter) && (
                <button type="button" onClick={() => update({ filter: emptyFilter, scrollTop: -1 })}>
                  Clear filters
                </button>
              )}
            </div>
          )}
          <VirtualList
            key={`${gen}`}
            count={displayCount}
            rowHeight={ROW}
            header={header}
            headerHeight={HEAD}
            minWidth={`${minRow}px`}
            follow
            scrollTo={scrollTo}
            focusRow={focusReq}
            initialScrollTop={vs.scrollTop}
            onScrollTop={(top) => (vs.scrollTop = top)}
            role="listbox"
            label="Frames"
            onKeyDown={onKey}
            activeDescendant={selected >= 0 && selRow >= 0 ? `frame-${selected}` : undefined}
            row={renderRow}
          />
        </div>
        {frame && (
          <>
            <DragHandle
              label="Resize frame details"
              orientation={stacked ? 'horizontal' : 'vertical'}
              value={share * 100}
              min={20}
              max={80}
              onDrag={(dx) => {
                const w = (stacked ? splitRef.current?.clientHeight : splitRef.current?.clientWidth) ?? 0;
                if (w > 0) changeLayout({ ...layout, detail: clampShare(share - dx / w) });
              }}
              onStep={(s) => changeLayout({ ...layout, detail: clampShare(s === 'min' ? 0.8 : s === 'max' ? 0.2 : share - s * 0.03) })}
              class="split-handle"
            />
            <div class="detail" style={{ flexBasis: `${(share * 100).toFixed(1)}%` }}>
              <Detail key={selected} store={store} frame={frame} msg={a.messages[selected]} captureStart={captureStart} waiting={waitingOf(selected)} onGo={goTo} onClose={close} goNote={goNote} />
            </div>
          </>
        )}
      </div>
    </div>
  );
}

/**
 * Sets a tooltip the first time the pointer reaches the cell. Formatting a zoned date costs an Intl
 * formatter per call; doing it for every rendered row on every live update slowed loading 100k frames.
 */
function lazyTitle(el: HTMLElement, text: () => string): void {
  if (!el.title) el.title = text();
}

function timeHeader(mode: TimeMode): string {
  return mode === 'clock' ? 'Clock' : mode === 'previous' ? 'Δ Time' : 'Time';
}

/** Whether a frame passes the filter, without disturbing the incremental list (a copy is tested). */
function frameVisible(ff: FilteredFrames, store: PanelStore, messages: readonly DecodedFrame[], filter: FrameFilter, gen: number, fi: number): boolean {
  const rows = ff.update(store.frames, messages, filter, gen);
  return rowOfFrame(rows, fi) >= 0;
}
