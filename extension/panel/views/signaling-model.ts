/**
 * Which frames the Signaling table shows. The filter runs incrementally: new frames are tested
 * once as they arrive; only a filter change (or a reset) re-scans the whole list.
 */
import type { WsFrame } from '../../../core/capture/events.js';
import type { DecodedMessage } from '../data/analysis-types.js';

export interface FrameFilter {
  text: string;
  method: string;
  dir: '' | 'sent' | 'received';
  socket: string;
  errorsOnly: boolean;
}

export const emptyFilter: FrameFilter = { text: '', method: '', dir: '', socket: '', errorsOnly: false };

export function methodOf(msg: DecodedMessage | undefined): string {
  if (!msg) return '';
  return msg.inner?.method ?? msg.method ?? '';
}

export function isErrorMessage(msg: DecodedMessage | undefined): boolean {
  return !!msg && (msg.kind === 'error' || msg.error !== undefined);
}

/** Case-insensitive substring test without copying or lower-casing 100k frame texts per keystroke. */
export function textMatcher(needle: string): (hay: string) => boolean {
  const re = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  return (hay) => re.test(hay);
}

export function frameMatches(frame: WsFrame, msg: DecodedMessage | undefined, f: FrameFilter, text?: (hay: string) => boolean): boolean {
  if (f.dir && frame.dir !== f.dir) return false;
  if (f.socket && frame.id !== f.socket) return false;
  if (f.errorsOnly && !isErrorMessage(msg)) return false;
  if (f.method && methodOf(msg) !== f.method && msg?.method !== f.method) return false;
  if (f.text) {
    const test = text ?? textMatcher(f.text);
    if (!test(frame.text ?? frame.preview ?? '') && !test(msg?.summary ?? '')) return false;
  }
  return true;
}

function sameFilter(a: FrameFilter, b: FrameFilter): boolean {
  return a.text === b.text && a.method === b.method && a.dir === b.dir && a.socket === b.socket && a.errorsOnly === b.errorsOnly;
}

export class FilteredFrames {
  /** Positions (into the store's frame list) of the frames that pass the filter, in order. */
  rows: number[] = [];
  /** Every method seen, for the method filter's options. */
  methods = new Set<string>();
  sockets = new Set<string>();
  private scanned = 0;
  private methodsScanned = 0;
  private generation = -1;
  private filter: FrameFilter = emptyFilter;

  update(frames: readonly WsFrame[], messages: readonly DecodedMessage[], filter: FrameFilter, generation: number): number[] {
    if (generation !== this.generation) {
      this.generation = generation;
      this.methods = new Set();
      this.sockets = new Set();
      this.methodsScanned = 0;
      this.scanned = 0;
      this.rows = [];
    }
    if (!sameFilter(filter, this.filter)) {
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
    const text = filter.text ? textMatcher(filter.text) : undefined;
    for (let i = this.scanned; i < frames.length; i++) {
      if (frameMatches(frames[i]!, messages[i], filter, text)) rows.push(i);
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
