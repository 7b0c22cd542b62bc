import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  /** Renders row `i` (0-based position in the list); must set its own key. */
  row: (i: number) => ComponentChildren;
  /** Position to bring into view (e.g. the selected row); undefined leaves scrolling to the user. */
  scrollTo?: number;
  /** Keeps the newest rows in view while the user is already at the bottom, like a live log. */
  follow?: boolean;
  overscan?: number;
  role?: string;
  label: string;
  onKeyDown?: (e: KeyboardEvent) => void;
  activeDescendant?: string;
  rowCountForAria?: number;
}

/** Renders only the rows in view, so 100k rows cost what 50 do. */
export function VirtualList(props: VirtualListProps) {
  const { count, rowHeight, overscan = 10 } = props;
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);
  const atBottom = useRef(true);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setHeight(el.clientHeight || 400);
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

  useEffect(() => {
    const el = ref.current;
    const i = props.scrollTo;
    if (!el || i === undefined || i < 0) return;
    const top = i * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
    setScrollTop(el.scrollTop);
  }, [props.scrollTo, rowHeight]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  const rows: ComponentChildren[] = [];
  for (let i = first; i < last; i++) rows.push(props.row(i));

  return (
    <div
      ref={ref}
      class="vscroll"
      role={(props.role ?? 'list') as 'list'}
      aria-label={props.label}
      aria-rowcount={props.rowCountForAria}
      aria-activedescendant={props.activeDescendant}
      tabIndex={0}
      onKeyDown={props.onKeyDown}
      onScroll={(e) => {
        const el = e.currentTarget as HTMLDivElement;
        atBottom.current = el.scrollTop + el.clientHeight >= el.scrollHeight - rowHeight;
        setScrollTop(el.scrollTop);
      }}
    >
      <div style={{ height: `${count * rowHeight}px`, position: 'relative' }}>
        <div style={{ position: 'absolute', top: `${first * rowHeight}px`, left: 0, right: 0 }}>{rows}</div>
      </div>
    </div>
  );
}
