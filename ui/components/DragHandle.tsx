/**
 * A separator a person can drag or move with the keyboard (arrows, Home/End), for split panes and
 * column edges. It reports deltas in px; the owner clamps and keeps the size.
 */
import { useRef } from 'preact/hooks';

export interface DragHandleProps {
  label: string;
  /** 'vertical' separates left and right (drags sideways). */
  orientation: 'vertical' | 'horizontal';
  /** Current size for assistive tech, with its bounds (any unit the owner uses). */
  value: number;
  min: number;
  max: number;
  /** Pointer moved by `dx` px since the last call (sideways for vertical handles, down for horizontal ones). */
  onDrag: (dx: number) => void;
  /** Keyboard: a step of -1/+1 (arrows), or 'min'/'max' (Home/End). */
  onStep: (step: -1 | 1 | 'min' | 'max') => void;
  class?: string;
}

export function DragHandle(props: DragHandleProps) {
  const last = useRef<number | undefined>(undefined);
  const pos = (e: PointerEvent) => (props.orientation === 'vertical' ? e.clientX : e.clientY);
  return (
    <div
      role="separator"
      class={`drag-handle ${props.orientation}${props.class ? ' ' + props.class : ''}`}
      aria-label={props.label}
      title={props.label}
      aria-orientation={props.orientation}
      aria-valuenow={Math.round(props.value)}
      aria-valuemin={Math.round(props.min)}
      aria-valuemax={Math.round(props.max)}
      tabIndex={0}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.preventDefault();
        e.stopPropagation();
        (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
        last.current = pos(e);
      }}
      onPointerMove={(e) => {
        if (last.current === undefined) return;
        const p = pos(e);
        const d = p - last.current;
        if (d === 0) return;
        last.current = p;
        props.onDrag(d);
      }}
      onPointerUp={(e) => {
        last.current = undefined;
        (e.currentTarget as HTMLElement).releasePointerCapture?.(e.pointerId);
      }}
      onPointerCancel={() => (last.current = undefined)}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        const back = props.orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
        const fwd = props.orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
        const step = e.key === back ? -1 : e.key === fwd ? 1 : e.key === 'Home' ? 'min' : e.key === 'End' ? 'max' : undefined;
        if (step === undefined) return;
        e.preventDefault();
        e.stopPropagation();
        props.onStep(step);
      }}
    />
  );
}
