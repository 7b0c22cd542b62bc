import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  /** Renders row `i` (0-based position in the list); must set its own key. */
  row: (i: number) => ComponentChildren;
  /** Position to bring into view (e.g. the selected row); undefined leaves scrolling to the user. */
  scrollTo?: number;
  /**
   * Moves keyboard focus to row `i` once it is rendered (after `scrollTo` brought it into view); a new
   * `seq` asks again for the same row. The row's element must be focusable (tabIndex -1).
   */
  focusRow?: { i: number; seq: number };
  /** Keeps the newest rows in view while the user is already at the bottom, like a live log. */
  follow?: boolean;
  overscan?: number;
  role?: string;
  label: string;
  onKeyDown?: (e: KeyboardEvent) => void;
  activeDescendant?: string;
  rowCountForAria?: number;
  /**
   * A header that stays at the top while rows scroll under it. It sits in the flow above the rows,
   * so it never covers the first row; `headerHeight` (px) must be its rendered height.
   */
  header?: ComponentChildren;
  headerHeight?: number;
  /** Minimum width of the rows (CSS length): wider than the list scrolls sideways, header included. */
  minWidth?: string;
  /** Scroll position to start at (a view coming back); negative or undefined: the live end. */
  initialScrollTop?: number;
  onScrollTop?: (top: number) => void;
}

/** Renders only the rows in view, so 100k rows cost what 50 do. */
export function VirtualList(props: VirtualListProps) {
  const { count, rowHeight, overscan = 10 } = props;
  const head = props.header ? (props.headerHeight ?? rowHeight) : 0;
  const ref = useRef<HTMLDivElement>(null);
  const rowsRef = useRef<HTMLDivElement>(null);
  const restore = props.initialScrollTop !== undefined && props.initialScrollTop >= 0 ? props.initialScrollTop : undefined;
  const [scrollTop, setScrollTop] = useState(restore ?? 0);
  const [height, setHeight] = useState(400);
  const atBottom = useRef(restore === undefined);
  const focusDone = useRef<number | undefined>(undefined);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setHeight(el.clientHeight || 400);
    if (restore !== undefined) {
      el.scrollTop = restore;
      setScrollTop(el.scrollTop);
    }
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight || 400));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // New rows arrived: stay at the bottom if that is where the user was.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || !props.follow || !atBottom.current) return;
    el.scrollTop = el.scrollHeight;
    setScrollTop(el.scrollTop);
  }, [count, props.follow]);

  useLayoutEffect(() => {
    const el = ref.current;
    const i = props.scrollTo;
    if (!el || i === undefined || i < 0) return;
    // Rows start below the sticky header: a row is in view between scrollTop + head and the bottom edge.
    const top = head + i * rowHeight;
    if (top < el.scrollTop + head) el.scrollTop = top - head;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
    setScrollTop(el.scrollTop);
  }, [props.scrollTo, props.focusRow?.seq, rowHeight, head]);

  const first = Math.max(0, Math.floor(Math.max(0, scrollTop - head) / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);

  // Focus follows the request once the row exists; with virtual rows it may take a render after the scroll.
  useEffect(() => {
    const req = props.focusRow;
    if (!req || focusDone.current === req.seq) return;
    if (req.i < first || req.i >= last) return;
    const el = rowsRef.current?.children[req.i - first] as HTMLElement | undefined;
    if (!el) return;
    focusDone.current = req.seq;
    el.focus({ preventScroll: true });
  });

  const rows: ComponentChildren[] = [];
  for (let i = first; i < last; i++) rows.push(props.row(i));

  return (
    <div
      ref={ref}
      class="vscroll"
      onScroll={(e) => {
        const el = e.currentTarget as HTMLDivElement;
        atBottom.current = el.scrollTop + el.clientHeight >= el.scrollHeight - rowHeight;
        // A focused row about to scroll out of the rendered window would be removed, dropping focus to
        // the page body: hand focus to the list itself so the keyboard keeps working.
        const rowsEl = rowsRef.current;
        const active = document.activeElement;
        if (rowsEl && active && active.parentElement === rowsEl) {
          const i = first + Array.prototype.indexOf.call(rowsEl.children, active);
          const nextFirst = Math.max(0, Math.floor(Math.max(0, el.scrollTop - head) / rowHeight) - overscan);
          const nextLast = Math.min(count, Math.ceil((el.scrollTop + height) / rowHeight) + overscan);
          if (i < nextFirst || i >= nextLast) (rowsEl.parentElement as HTMLElement).focus({ preventScroll: true });
        }
        setScrollTop(el.scrollTop);
        props.onScrollTop?.(atBottom.current ? -1 : el.scrollTop);
      }}
    >
      {props.header && (
        <div class="vhead-wrap" style={{ height: `${head}px`, minWidth: props.minWidth }}>
          {props.header}
        </div>
      )}
      <div
        class="vbody"
        role={(props.role ?? 'list') as 'list'}
        aria-label={props.label}
        aria-rowcount={props.rowCountForAria}
        aria-activedescendant={props.activeDescendant}
        tabIndex={0}
        onKeyDown={props.onKeyDown}
        style={{ height: `${count * rowHeight}px`, position: 'relative', minWidth: props.minWidth }}
      >
        <div ref={rowsRef} style={{ position: 'absolute', top: `${first * rowHeight}px`, left: 0, right: 0 }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
