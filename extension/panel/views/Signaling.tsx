import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CaptureStore } from '../data/store.js';
import type { DecodedMessage } from '../data/analysis-types.js';
import { VirtualList } from '../components/VirtualList.js';
import { JsonTree } from '../components/JsonTree.js';
import { copyText } from '../components/copy.js';
import { bytes, clock, ms, oneLine, shortId } from '../format.js';
import { emptyFilter, FilteredFrames, innerMessage, isErrorMessage, methodOf, moveSelection, rowOfFrame, type FrameFilter } from './signaling-model.js';
import type { WsFrame } from '../../../core/capture/events.js';

const ROW = 20;

function parse(text: string | undefined): { ok: true; value: unknown } | { ok: false } {
  if (!text) return { ok: false };
  const c = text.trimStart()[0];
  if (c !== '{' && c !== '[') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function Detail(props: { frame: WsFrame; msg: DecodedMessage | undefined; onGo: (frameIndex: number) => void }) {
  const { frame, msg } = props;
  const [mode, setMode] = useState<'tree' | 'raw'>('tree');
  const [copied, setCopied] = useState('');
  const parsed = useMemo(() => parse(frame.text), [frame]);
  const inner = parsed.ok && typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value)
    ? innerMessage(parsed.value as Record<string, unknown>)
    : undefined;
  const raw = frame.text ?? frame.preview ?? '';
  const paired = msg?.pairedWith ?? msg?.inner?.pairedWith;
  return (
    <div class="frame-detail" aria-label="Frame details" role="region">
      <div class="filters">
        <button type="button" aria-pressed={mode === 'tree'} onClick={() => setMode('tree')} disabled={!parsed.ok}>
          JSON tree
        </button>
        <button type="button" aria-pressed={mode === 'raw'} onClick={() => setMode('raw')}>
          Raw
        </button>
        <button
          type="button"
          onClick={async () => setCopied((await copyText(raw)) ? 'Copied' : 'Copy failed')}
        >
          Copy
        </button>
        {paired !== undefined && (
          <button type="button" onClick={() => props.onGo(paired)}>
            {msg?.kind === 'request' || msg?.inner?.kind === 'request' ? 'Go to reply' : 'Go to request'}
          </button>
        )}
        <span role="status">{copied}</span>
      </div>
      <dl class="facts">
        <dt>Time</dt>
        <dd>{clock(frame.t)}</dd>
        <dt>Direction</dt>
        <dd>{frame.dir}</dd>
        <dt>Socket</dt>
        <dd>{frame.id}</dd>
        <dt>Size</dt>
        <dd>{`${bytes(frame.size)}${frame.truncated ? ' (text truncated by the capture)' : ''}`}</dd>
        {msg && (
          <>
            <dt>Decoded</dt>
            <dd>{`${msg.protocol} ${msg.kind}${msg.method ? ' ' + msg.method : ''}${msg.id !== undefined ? ' #' + String(msg.id) : ''}`}</dd>
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
              <JsonTree value={inner} label="Inner message" />
              <h3>Whole frame</h3>
            </>
          )}
          <JsonTree value={parsed.value} label="Frame JSON" />
        </>
      ) : (
        <pre class="raw" aria-label="Raw frame">
          {raw}
        </pre>
      )}
    </div>
  );
}

export function Signaling(props: { store: CaptureStore; focusFrame?: number }) {
  const { store } = props;
  const [filter, setFilter] = useState<FrameFilter>(emptyFilter);
  const [selected, setSelected] = useState<number>(props.focusFrame ?? -1);
  const [scrollTo, setScrollTo] = useState<number | undefined>(undefined);
  const filtered = useRef(new FilteredFrames());
  const lastFocus = useRef<number | undefined>(undefined);
  const a = store.analyzer.snapshot();
  const gen = store.state$.value.generation;
  const rows = filtered.current.update(store.frames, a.messages, filter, gen);
  const count = rows.length;

  useEffect(() => {
    if (props.focusFrame === lastFocus.current) return;
    lastFocus.current = props.focusFrame;
    if (props.focusFrame !== undefined) {
      setSelected(props.focusFrame);
      setScrollTo(rowOfFrame(filtered.current.rows, props.focusFrame));
    }
  }, [props.focusFrame]);

  const selRow = selected >= 0 ? rowOfFrame(rows, selected) : -1;
  const set = (patch: Partial<FrameFilter>) => setFilter({ ...filter, ...patch });
  const select = (frameIndex: number) => {
    setSelected(frameIndex);
    setScrollTo(rowOfFrame(rows, frameIndex));
  };
  const onKey = (e: KeyboardEvent) => {
    const el = e.currentTarget as HTMLElement;
    const next = moveSelection(e.key, selRow, count, Math.max(1, Math.floor(el.clientHeight / ROW) - 1));
    if (next === undefined) return;
    e.preventDefault();
    setSelected(rows[next]!);
    setScrollTo(next);
  };
  const selMsg = selected >= 0 ? a.messages[selected] : undefined;
  const pairedOfSelected = selMsg?.pairedWith ?? selMsg?.inner?.pairedWith;
  const frame = selected >= 0 ? store.frames[selected] : undefined;

  return (
    <div class="signaling">
      <div class="filters" role="search" aria-label="Frame filters">
        <input type="search" placeholder="Filter" aria-label="Filter frames" value={filter.text} onInput={(e) => set({ text: (e.currentTarget as HTMLInputElement).value })} />
        <select aria-label="Method" value={filter.method} onChange={(e) => set({ method: (e.currentTarget as HTMLSelectElement).value })}>
          <option value="">All methods</option>
          {[...filtered.current.methods].sort().map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
        <select aria-label="Direction" value={filter.dir} onChange={(e) => set({ dir: (e.currentTarget as HTMLSelectElement).value as FrameFilter['dir'] })}>
          <option value="">Both directions</option>
          <option value="sent">Sent</option>
          <option value="received">Received</option>
        </select>
        <select aria-label="Socket" value={filter.socket} onChange={(e) => set({ socket: (e.currentTarget as HTMLSelectElement).value })}>
          <option value="">All sockets</option>
          {[...filtered.current.sockets].map((s) => (
            <option key={s} value={s}>
              {`${store.label(s)} ${oneLine(store.model.sockets.get(s)?.url, 60)}`}
            </option>
          ))}
        </select>
        <label class="check">
          <input type="checkbox" checked={filter.errorsOnly} onChange={(e) => set({ errorsOnly: (e.currentTarget as HTMLInputElement).checked })} />
          Errors only
        </label>
        <span class="counts">{`${count} of ${store.frames.length} frames`}</span>
      </div>
      <div class="split">
        <div class="list">
          <div class="vhead" aria-hidden="true">
            <span>Time</span>
            <span />
            <span class="opt">Socket</span>
            <span>Method / type</span>
            <span class="opt">Call</span>
            <span>Size</span>
            <span class="opt">Latency</span>
          </div>
          <VirtualList
            count={count}
            rowHeight={ROW}
            follow
            scrollTo={scrollTo}
            role="listbox"
            label="Frames"
            onKeyDown={onKey}
            activeDescendant={selected >= 0 ? `frame-${selected}` : undefined}
            row={(i) => {
              const fi = rows[i]!;
              const f = store.frames[fi]!;
              const m = a.messages[fi];
              const err = isErrorMessage(m);
              const label = m?.summary ?? (f.binary ? `binary ${f.size} B` : oneLine(f.text, 120));
              return (
                <div
                  key={fi}
                  id={`frame-${fi}`}
                  role="option"
                  aria-selected={fi === selected}
                  class={`vrow ${f.dir}${err ? ' error' : ''}${fi === pairedOfSelected ? ' paired' : ''}`}
                  onClick={() => setSelected(fi)}
                >
                  <span>{clock(f.t).slice(0, 12)}</span>
                  <span aria-label={f.dir}>{f.dir === 'sent' ? '↑' : '↓'}</span>
                  <span class="opt">{store.label(f.id)}</span>
                  <span title={methodOf(m)}>{label}</span>
                  <span class="opt">{m?.callId ? m.callId.slice(0, 8) : ''}</span>
                  <span>{bytes(f.size)}</span>
                  <span class="opt">{m?.latencyMs !== undefined && m.kind !== 'request' ? ms(m.latencyMs) : ''}</span>
                </div>
              );
            }}
          />
        </div>
        <div class="detail">
          {frame ? <Detail key={selected} frame={frame} msg={a.messages[selected]} onGo={select} /> : <p class="empty">Select a frame to see it decoded.</p>}
        </div>
      </div>
    </div>
  );
}
