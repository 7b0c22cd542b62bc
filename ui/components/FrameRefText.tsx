/**
 * Text in which "frame 6 of socket 1" (the redaction review's places) becomes a link that shows
 * that frame in Signaling. Everything else stays plain text.
 */
import type { PanelStore } from '../data/store.js';
import { frameOfRef, splitFrameRefs } from '../views/signaling-model.js';

export function FrameRefText(props: { text: string; store: PanelStore; onOpenFrame?: (frameIndex: number) => void }) {
  const { store, onOpenFrame } = props;
  if (!onOpenFrame) return <>{props.text}</>;
  return (
    <>
      {splitFrameRefs(props.text).map((part, i) => {
        if (typeof part === 'string') return part;
        const index = frameOfRef(part.ref, [...store.model.sockets.keys()], store.analyzer.snapshot().messages);
        if (index < 0) return part.text;
        return (
          <button key={i} type="button" class="link frame-ref" title={`Show ${part.text} in Signaling`} onClick={() => onOpenFrame(index)}>
            {part.text}
          </button>
        );
      })}
    </>
  );
}
