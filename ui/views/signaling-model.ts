/**
 * Which frames the Signaling table shows, and how each cell reads. The filter runs incrementally:
 * new frames are tested once as they arrive; only a filter change (or a reset) re-scans the whole list.
 * The text filter follows the Network panel: words must all match, `/regex/` is a pattern,
 * `-word` excludes, `method:name` (or `-method:name`) matches a method by full or short name.
 */
import type { WsFrame } from '../../core/capture/events.js';
import { isKeepaliveMessage } from '../../core/protocol/method-names.js';
import type { DecodedFrame } from '../../core/protocol/types.js';
import { liveKitTree } from '../../core/protocol/decoders/livekit.js';

export interface FrameFilter {
  text: string;
  method: string;
  dir: '' | 'sent' | 'received';
  socket: string;
  errorsOnly: boolean;
  /** Hide pings and their replies (the analysis' keepalive methods). */
  hideKeepalives: boolean;
}

export const emptyFilter: FrameFilter = { text: '', method: '', dir: '', socket: '', errorsOnly: false, hideKeepalives: false };

export function methodOf(msg: DecodedFrame | undefined): string {
  if (!msg) return '';
  return msg.inner?.method ?? msg.method ?? '';
}

export function isErrorMessage(msg: DecodedFrame | undefined): boolean {
  return !!msg && (msg.kind === 'error' || msg.error !== undefined);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Case-insensitive substring test without copying or lower-casing 100k frame texts per keystroke. */
export function textMatcher(needle: string): (hay: string) => boolean {
  const re = new RegExp(escapeRe(needle), 'i');
  return (hay) => re.test(hay);
}

export interface FilterTerm {
  /** `-term`: frames matching it are hidden. */
  neg: boolean;
  /** What the term looks at: the frame's text and summary, or its method names. */
  key: 'text' | 'method';
  test: (hay: string) => boolean;
  /** The term as typed, for messages. */
  source: string;
}

export interface ParsedQuery {
  terms: FilterTerm[];
  /** Terms that could not be used as typed (an invalid regex, which then matches literally). */
  errors: string[];
}

/** `/…/flags` as a case-insensitive pattern (stateful flags dropped: one regex tests many frames). */
function regexOf(body: string, flags: string): RegExp {
  const f = new Set(flags.replace(/[gy]/g, '').split('').filter(Boolean));
  f.add('i');
  return new RegExp(body, [...f].join(''));
}

/** Splits the filter text into terms; a `/regex/` may contain spaces, a `"phrase"` too. */
export function parseQuery(q: string): ParsedQuery {
  const terms: FilterTerm[] = [];
  const errors: string[] = [];
  let i = 0;
  while (i < q.length) {
    while (i < q.length && /\s/.test(q[i]!)) i++;
    if (i >= q.length) break;
    const start = i;
    let neg = false;
    if (q[i] === '-' && i + 1 < q.length && !/\s/.test(q[i + 1]!)) {
      neg = true;
      i++;
    }
    let key: FilterTerm['key'] = 'text';
    const keyMatch = /^method:/i.exec(q.slice(i));
    if (keyMatch) {
      key = 'method';
      i += keyMatch[0].length;
    }
    let test: ((hay: string) => boolean) | undefined;
    if (q[i] === '/') {
      // The closing slash is the last one before whitespace (or the end) that is not escaped.
      let j = i + 1;
      let close = -1;
      for (; j < q.length; j++) {
        if (q[j] === '\\') {
          j++;
          continue;
        }
        if (q[j] === '/') {
          const rest = /^[a-z]*/.exec(q.slice(j + 1))![0];
          const after = j + 1 + rest.length;
          if (after >= q.length || /\s/.test(q[after]!)) {
            close = j;
            break;
          }
        }
      }
      if (close > i + 1) {
        const body = q.slice(i + 1, close);
        const flags = /^[a-z]*/.exec(q.slice(close + 1))![0];
        i = close + 1 + flags.length;
        try {
          const re = regexOf(body, flags);
          test = (hay) => re.test(hay);
        } catch (e) {
          errors.push(`/${body}/ is not a valid regular expression (${e instanceof Error ? e.message : String(e)}); it matches as plain text`);
          test = textMatcher(`/${body}/`);
        }
      }
    } else if (q[i] === '"') {
      const close = q.indexOf('"', i + 1);
      if (close > i + 1) {
        test = textMatcher(q.slice(i + 1, close));
        i = close + 1;
      }
    }
    if (!test) {
      const end = q.slice(i).search(/\s/);
      const word = end < 0 ? q.slice(i) : q.slice(i, i + end);
      i += word.length;
      if (!word) continue;
      if (key === 'method') {
        const lower = word.toLowerCase();
        test = (hay) => hay.toLowerCase() === lower;
      } else test = textMatcher(word);
    }
    terms.push({ neg, key, test, source: q.slice(start, i) });
  }
  return { terms, errors };
}

/** A method matches `method:x` by its full name, or by the name without its family (`ping` for `telnyx_rtc.ping`). */
function methodNames(msg: DecodedFrame | undefined): string[] {
  const out: string[] = [];
  for (const m of [msg?.method, msg?.inner?.method]) {
    if (!m) continue;
    out.push(m);
    const dot = m.indexOf('.');
    if (dot > 0) out.push(m.slice(dot + 1));
  }
  return out;
}

export function frameMatches(frame: WsFrame, msg: DecodedFrame | undefined, f: FrameFilter, query?: ParsedQuery): boolean {
  if (f.dir && frame.dir !== f.dir) return false;
  if (f.socket && frame.id !== f.socket) return false;
  if (f.errorsOnly && !isErrorMessage(msg)) return false;
  if (f.hideKeepalives && isKeepaliveMessage(msg)) return false;
  if (f.method && methodOf(msg) !== f.method && msg?.method !== f.method) return false;
  if (f.text) {
    const q = query ?? parseQuery(f.text);
    for (const term of q.terms) {
      let hit: boolean;
      if (term.key === 'method') hit = methodNames(msg).some(term.test);
      else hit = term.test(frame.text ?? frame.preview ?? '') || term.test(msg?.summary ?? '');
      if (hit === term.neg) return false;
    }
  }
  return true;
}

function sameFilter(a: FrameFilter, b: FrameFilter): boolean {
  return (
    a.text === b.text &&
    a.method === b.method &&
    a.dir === b.dir &&
    a.socket === b.socket &&
    a.errorsOnly === b.errorsOnly &&
    a.hideKeepalives === b.hideKeepalives
  );
}

export function isFilterActive(f: FrameFilter): boolean {
  return !sameFilter(f, emptyFilter);
}

export class FilteredFrames {
  /** Positions (into the store's frame list) of the frames that pass the filter, in order. */
  rows: number[] = [];
  /** Every method seen, for the method filter's options. */
  methods = new Set<string>();
  sockets = new Set<string>();
  /** The parsed text filter in use (its errors are shown beside the filter box). */
  query: ParsedQuery = { terms: [], errors: [] };
  private scanned = 0;
  private methodsScanned = 0;
  private generation = -1;
  private filter: FrameFilter = emptyFilter;

  update(frames: readonly WsFrame[], messages: readonly DecodedFrame[], filter: FrameFilter, generation: number): number[] {
    if (generation !== this.generation) {
      this.generation = generation;
      this.methods = new Set();
      this.sockets = new Set();
      this.methodsScanned = 0;
      this.scanned = 0;
      this.rows = [];
    }
    if (!sameFilter(filter, this.filter)) {
      if (filter.text !== this.filter.text || this.query.terms.length === 0) this.query = parseQuery(filter.text);
      this.filter = filter;
      this.scanned = 0;
      this.rows = [];
    }
    for (let i = this.methodsScanned; i < frames.length; i++) {
      const m = methodOf(messages[i]);
      if (m) this.methods.add(m);
      this.sockets.add(frames[i]!.id);
    }
    this.methodsScanned = frames.length;
    const rows = this.scanned === 0 ? [] : this.rows;
    for (let i = this.scanned; i < frames.length; i++) {
      if (frameMatches(frames[i]!, messages[i], filter, this.query)) rows.push(i);
    }
    this.scanned = frames.length;
    this.rows = rows;
    return this.rows;
  }
}

/** Next row position for a Network-panel-style key, or undefined when the key is not ours. */
export function moveSelection(key: string, current: number, count: number, page: number): number | undefined {
  if (count === 0) return undefined;
  switch (key) {
    case 'ArrowDown':
      return Math.min(count - 1, current < 0 ? 0 : current + 1);
    case 'ArrowUp':
      return Math.max(0, current < 0 ? 0 : current - 1);
    case 'PageDown':
      return Math.min(count - 1, Math.max(0, current) + page);
    case 'PageUp':
      return Math.max(0, current - page);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

/** Binary search: the row position showing frame `frameIndex`, or -1. */
export function rowOfFrame(rows: readonly number[], frameIndex: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = rows[mid]!;
    if (v === frameIndex) return mid;
    if (v < frameIndex) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The message an SDK wrapped in an outer envelope (webrtc.verto params.message, webrtc.message events), for the detail view. */
export function innerMessage(msg: Obj): Obj | undefined {
  if (isObj(msg.result) && isObj(msg.result.result) && msg.result.result.jsonrpc !== undefined) return msg.result.result;
  const params = isObj(msg.params) ? msg.params : undefined;
  if (!params) return undefined;
  if (isObj(params.message) && (params.message.method !== undefined || params.message.result !== undefined)) return params.message;
  const nested = isObj(params.params) ? params.params : undefined;
  if (nested && isObj(nested.params) && nested.event_type === 'webrtc.message') return nested.params;
  return undefined;
}

/** Parses a frame's text when it is a JSON object or array; anything else stays raw text. */
export function parseFrameJson(text: string | undefined): { ok: true; value: unknown } | { ok: false } {
  if (!text) return { ok: false };
  const c = text.trimStart()[0];
  if (c !== '{' && c !== '[') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * The tree the frame details show: a LiveKit frame's decoded SignalRequest / SignalResponse (its bytes are
 * protobuf), any other frame's JSON text.
 */
export function frameTree(frame: Pick<WsFrame, 'dir' | 'binary' | 'text' | 'preview'>, msg: Pick<DecodedFrame, 'protocol'> | undefined): { ok: true; value: unknown } | { ok: false } {
  if (msg?.protocol === 'livekit') {
    const value = liveKitTree(frame);
    return value === undefined ? { ok: false } : { ok: true, value };
  }
  return parseFrameJson(frame.text);
}

/** The Data column of a frame: a LiveKit frame's decoded message on one line, else previewText. */
export function rowPreview(frame: Pick<WsFrame, 'dir' | 'text' | 'preview' | 'binary' | 'size'>, msg: Pick<DecodedFrame, 'protocol' | 'parseError'> | undefined, max = 160): string {
  if (msg?.protocol === 'livekit' && !msg.parseError) {
    const t = frameTree(frame, msg);
    if (t.ok) {
      try {
        return oneLinePreview(JSON.stringify(t.value) ?? '', max);
      } catch {
        /* fall through to the bytes */
      }
    }
  }
  return previewText(frame, max);
}

/** Envelope fields every JSON-RPC frame repeats; the preview shows what differs between frames. */
const ENVELOPE = new Set(['jsonrpc', 'id', 'method']);

/**
 * The Data column: what the frame carries, without its envelope (params, result or error of the
 * innermost message; the rest of the object otherwise), on one line. Binary frames show size and hex.
 */
export function previewText(frame: Pick<WsFrame, 'text' | 'preview' | 'binary' | 'size'>, max = 160): string {
  if (frame.binary) return `binary ${frame.size} B${frame.preview ? ' ' + oneLinePreview(frame.preview, max) : ''}`;
  const text = frame.text ?? frame.preview ?? '';
  const parsed = text.length <= 262_144 ? parseFrameJson(text) : { ok: false as const };
  if (!parsed.ok) return oneLinePreview(text, max);
  let v: unknown = parsed.value;
  if (isObj(v)) {
    const inner = innerMessage(v) ?? v;
    if (inner.error !== undefined) v = { error: inner.error };
    else if (inner.params !== undefined) v = inner.params;
    else if (inner.result !== undefined) v = inner.result;
    else v = Object.fromEntries(Object.entries(inner).filter(([k]) => !ENVELOPE.has(k)));
  }
  let s: string;
  try {
    s = JSON.stringify(v) ?? '';
  } catch {
    s = text;
  }
  return oneLinePreview(s, max);
}

function oneLinePreview(s: string, max: number): string {
  const cut = s.length > max * 2 ? s.slice(0, max * 2) : s;
  // Control characters would render as boxes or move the text; a space reads better in one line.
  // eslint-disable-next-line no-control-regex
  const line = cut.replace(/[\s\u0000-\u001f\u007f]+/g, ' ');
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

export type TimeMode = 'start' | 'previous' | 'clock';

/** "850 ms", "12.345 s", "2:05.400", "1:02:05.400": relative times that stay short in a column. */
export function relativeTime(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const sign = ms < 0 ? '-' : '';
  const a = Math.abs(ms);
  if (a < 1000) return `${sign}${Math.round(a)} ms`;
  if (a < 60_000) return `${sign}${(a / 1000).toFixed(3)} s`;
  const totalMs = Math.round(a);
  const h = Math.floor(totalMs / 3_600_000);
  const m = Math.floor((totalMs % 3_600_000) / 60_000);
  const s = ((totalMs % 60_000) / 1000).toFixed(3).padStart(6, '0');
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, '0')}:${s}` : `${sign}${m}:${s}`;
}

/**
 * The Time cell: since the capture started, since the frame shown above (the filter decides which
 * that is, as in the Network panel), or the clock time.
 */
export function timeCell(mode: TimeMode, t: number, captureStart: number, previousT: number | undefined, clock: (t: number) => string): string {
  if (mode === 'clock') return clock(t);
  if (mode === 'previous') return previousT === undefined ? '0 ms' : `+${relativeTime(t - previousT)}`;
  return relativeTime(t - captureStart);
}

/** Why the list is empty, in words a person can act on. */
export function emptyMessage(o: { frames: number; sockets: number; shown: number; cleared: boolean; ready: boolean; filter: FrameFilter }): string | undefined {
  if (o.shown > 0) return undefined;
  if (!o.ready) return 'Loading the capture…';
  if (o.frames === 0) {
    if (o.sockets > 0) return `${o.sockets === 1 ? 'One WebSocket is' : `${o.sockets} WebSockets are`} open, but no frame has crossed ${o.sockets === 1 ? 'it' : 'them'} yet.`;
    if (o.cleared) return 'The capture was cleared: frames sent from now on appear here.';
    return 'No WebSocket captured on this page yet: frames appear here as the page sends or receives them.';
  }
  const parts: string[] = [];
  const f = o.filter;
  if (f.text) parts.push(`filter “${f.text}”`);
  if (f.method) parts.push(`method ${f.method}`);
  if (f.dir) parts.push(`direction ${f.dir}`);
  if (f.socket) parts.push('the socket choice');
  if (f.errorsOnly) parts.push('“Errors only”');
  if (f.hideKeepalives) parts.push('“Hide keepalives”');
  const what = parts.length > 0 ? parts.join(', ') : 'the filters';
  return `${what} ${parts.length > 1 ? 'hide' : 'hides'} all ${o.frames} frame${o.frames === 1 ? '' : 's'}.`;
}

/** A page-load marker in the list: shown before row position `at`. */
export interface LoadBreak {
  at: number;
  ordinal: number;
  url: string;
  startedAt: number;
}

/**
 * Where each page load starts among the shown rows (frames arrive in time order, so a binary search
 * by time finds it). Only when the capture spans more than one load; every load gets its marker,
 * the first one too, so each group of rows says which page it came from.
 */
export function loadBreaks(
  rows: readonly number[],
  timeOf: (frameIndex: number) => number,
  loads: readonly { ordinal: number; url: string; startedAt: number }[],
): LoadBreak[] {
  if (loads.length < 2) return [];
  const out: LoadBreak[] = [];
  for (const l of loads) {
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (timeOf(rows[mid]!) < l.startedAt) lo = mid + 1;
      else hi = mid;
    }
    out.push({ at: l.ordinal === 1 ? 0 : lo, ordinal: l.ordinal, url: l.url, startedAt: l.startedAt });
  }
  out.sort((a, b) => a.at - b.at || a.ordinal - b.ordinal);
  return out;
}

/** The list shows rows and load markers interleaved: what display position `d` holds. */
export function itemAt(d: number, breaks: readonly LoadBreak[]): { row: number } | { load: LoadBreak } {
  for (let k = 0; k < breaks.length; k++) {
    const pos = breaks[k]!.at + k;
    if (d === pos) return { load: breaks[k]! };
    if (d < pos) return { row: d - k };
  }
  return { row: d - breaks.length };
}

/** Display position of row position `r` (markers before it shift it down). */
export function displayOfRow(r: number, breaks: readonly LoadBreak[]): number {
  if (r < 0) return r;
  let k = 0;
  while (k < breaks.length && breaks[k]!.at <= r) k++;
  return r + k;
}

/** "frame 6 of socket 1" (the redaction review's places, 1-based, sockets in capture order). */
export interface FrameRef {
  socket: number;
  frame: number;
}

export function parseFrameRef(text: string): FrameRef | undefined {
  const m = /\bframe (\d+)(?: \((?:sent|received)\))? of socket (\d+)\b/i.exec(text);
  if (!m) return undefined;
  return { frame: Number(m[1]), socket: Number(m[2]) };
}

/**
 * The frame index (into the store's frames / analysis messages) of frame number `frame` (1-based,
 * per socket, as the list's # column shows) on `socketId`; -1 when there is none.
 */
export function frameIndexOf(messages: readonly Pick<DecodedFrame, 'socketId' | 'frame'>[], socketId: string, frame: number): number {
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.socketId === socketId && m.frame === frame - 1) return i;
  }
  return -1;
}

/** A column of the frame list: its default width (px); the Data column takes what is left. */
export interface ColumnDef {
  id: string;
  label: string;
  width: number;
  min: number;
  /** Dropped first when the list is narrow (lower drops earlier); undefined: always shown. */
  dropOrder?: number;
}

/**
 * Which columns fit in `available` px: drop the optional ones in order until the fixed columns
 * leave the flexible one at least `flexMin`.
 */
export function fitColumns(cols: readonly ColumnDef[], widths: Record<string, number>, available: number, flexMin: number, gap: number): string[] {
  const shown = cols.map((c) => c.id);
  const width = (id: string) => widths[id] ?? cols.find((c) => c.id === id)!.width;
  const need = () => shown.reduce((s, id) => s + width(id) + gap, 0) + flexMin;
  const droppable = cols.filter((c) => c.dropOrder !== undefined).sort((a, b) => a.dropOrder! - b.dropOrder!);
  for (const c of droppable) {
    if (need() <= available) break;
    shown.splice(shown.indexOf(c.id), 1);
  }
  return shown;
}

/**
 * The decoded summary without the method it starts with (the Method column already shows it):
 * `hidden` is that leading part, kept in the row's text for search and screen readers.
 */
export function splitSummary(summary: string, methods: readonly (string | undefined)[]): { hidden: string; visible: string } {
  for (const m of methods) {
    if (!m || !summary.startsWith(m)) continue;
    const rest = summary.slice(m.length);
    const sep = /^(:\s*|\s+)/.exec(rest)?.[0] ?? '';
    if (rest.length > 0 && !sep) continue;
    return { hidden: m + sep, visible: rest.slice(sep.length) };
  }
  return { hidden: '', visible: summary };
}

/** What the Method column says for a frame that has no method: what kind of frame it is. */
export function methodlessLabel(msg: Pick<DecodedFrame, 'kind' | 'protocol'> | undefined, binary: boolean): string {
  if (binary) return 'binary';
  if (!msg) return 'text';
  if (msg.kind === 'error') return 'error';
  if (msg.kind === 'response') return 'reply';
  if (msg.protocol === 'raw') return 'text';
  return msg.protocol;
}

/**
 * The frame a reference points at: `socketIds` in capture order (the bundle lists sockets in the
 * order the capture model has them, which is what the review's "socket N" counts); -1 when gone.
 */
export function frameOfRef(ref: FrameRef, socketIds: readonly string[], messages: readonly Pick<DecodedFrame, 'socketId' | 'frame'>[]): number {
  const socketId = socketIds[ref.socket - 1];
  return socketId === undefined ? -1 : frameIndexOf(messages, socketId, ref.frame);
}

/** Splits text around "frame N of socket M" references so each can become a link. */
export function splitFrameRefs(text: string): (string | { text: string; ref: FrameRef })[] {
  const out: (string | { text: string; ref: FrameRef })[] = [];
  const re = /\bframe (\d+)(?: \((?:sent|received)\))? of socket (\d+)\b/gi;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index! > last) out.push(text.slice(last, m.index));
    out.push({ text: m[0], ref: { frame: Number(m[1]), socket: Number(m[2]) } });
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
