/**
 * What the Signaling view remembers while another view is shown. App mounts one view at a time, so
 * state kept in the component would reset on every tab switch; it lives here, one object per
 * capture store (a new capture, e.g. an imported file, starts fresh). Selection and scroll are
 * positions in the store's frame list, so they are dropped when the store's generation changes
 * (Clear, reload without Preserve log); the filter is the user's and survives that.
 *
 * Sizes (split and columns) are the user's layout rather than the capture's: one copy for the panel,
 * kept in localStorage so docked DevTools opens the way it was left.
 */
import { emptyFilter, type FrameFilter, type TimeMode } from './signaling-model.js';

export interface SignalingViewState {
  generation: number;
  filter: FrameFilter;
  /** Selected frame index, -1 for none (then the list takes the full width). */
  selected: number;
  scrollTop: number;
  timeMode: TimeMode;
  /** The last focus request from elsewhere (a finding's evidence) already acted on. */
  handledFocus: number | undefined;
}

const byStore = new WeakMap<object, SignalingViewState>();

export function viewStateOf(store: object, generation: number): SignalingViewState {
  let s = byStore.get(store);
  if (!s) {
    s = { generation, filter: emptyFilter, selected: -1, scrollTop: -1, timeMode: 'start', handledFocus: undefined };
    byStore.set(store, s);
  }
  if (s.generation !== generation) {
    s.generation = generation;
    s.selected = -1;
    s.scrollTop = -1;
  }
  return s;
}

export interface SignalingLayout {
  /** Share of the width the detail pane takes, 0.2…0.8. */
  detail: number;
  /** Column widths in px by column id. */
  columns: Record<string, number>;
}

const KEY = 'rtc-devtools.signaling.layout';
let layout: SignalingLayout | undefined;

export function clampShare(x: number): number {
  return Math.min(0.8, Math.max(0.2, Number.isFinite(x) ? x : 0.4));
}

export function loadLayout(): SignalingLayout {
  if (layout) return layout;
  layout = { detail: 0.4, columns: {} };
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    const v = raw ? (JSON.parse(raw) as Partial<SignalingLayout>) : undefined;
    if (v && typeof v.detail === 'number') layout.detail = clampShare(v.detail);
    if (v && typeof v.columns === 'object' && v.columns) {
      for (const [k, w] of Object.entries(v.columns)) if (typeof w === 'number' && w >= 16 && w <= 2000) layout.columns[k] = Math.round(w);
    }
  } catch {
    // Storage can be unavailable (viewer from file://, privacy settings): the defaults do.
  }
  return layout;
}

export function saveLayout(next: SignalingLayout): void {
  layout = next;
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(next));
  } catch {
    // As above: sizes then last for this panel's life only.
  }
}
