/**
 * The "Send to support" button, shown only when the link carries ?upload=<https URL> (and maybe
 * &ticket=<id>): nothing leaves the machine otherwise. Every failure says what happened, offers a
 * retry, and points at the download, so the user is never left without a way to hand the file over.
 */
import { useState } from 'preact/hooks';
import { checkUploadUrl, type UploadResult } from '../../core/bundle/upload.js';
import type { PreflightResult } from '../../core/preflight/index.js';
import { sendBundle } from './export.js';

export interface UploadTarget {
  url: string;
  ticket?: string;
  /** Set when the link's address cannot be used: said instead of offering the button. */
  error?: string;
}

/** The upload target a link names, if any. */
export function uploadTargetFromQuery(search: string): UploadTarget | undefined {
  const q = new URLSearchParams(search);
  const url = q.get('upload');
  if (url === null) return undefined;
  const ticket = q.get('ticket') ?? undefined;
  const checked = checkUploadUrl(url);
  return { url, ...(ticket ? { ticket } : {}), ...(checked.ok ? {} : { error: checked.error }) };
}

type State = { kind: 'idle' } | { kind: 'sending' } | { kind: 'sent'; id?: string } | { kind: 'failed'; message: string };

export function SendToSupport(props: { target: UploadTarget; result: PreflightResult | null; disabled: boolean }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const { target, result } = props;

  if (target.error) {
    return (
      <p class="error-msg" role="alert">
        {`This link's "Send to support" address cannot be used. ${target.error} Use "Download diagnostics file" and attach the file to your ticket.`}
      </p>
    );
  }

  const send = async () => {
    if (!result) return;
    setState({ kind: 'sending' });
    let r: UploadResult;
    try {
      r = await sendBundle(result, target.url, target.ticket);
    } catch (err) {
      r = { ok: false, reason: 'unreachable', message: `The diagnostics file could not be made: ${err instanceof Error ? err.message : String(err)}` };
    }
    setState(r.ok ? { kind: 'sent', ...(r.id ? { id: r.id } : {}) } : { kind: 'failed', message: r.message });
  };

  return (
    <div class="send-to-support" aria-label="Send to support">
      <button type="button" class="primary" disabled={!result || props.disabled || state.kind === 'sending'} onClick={send}>
        Send to support
      </button>
      <p class="status-line" role="status" aria-live="polite" data-upload={state.kind}>
        {state.kind === 'sending' && 'Sending the diagnostics file…'}
        {state.kind === 'sent' && (state.id ? `Sent. Your reference: ${state.id}` : 'Sent. Support has your diagnostics file.')}
        {state.kind === 'failed' && `Sending failed: ${state.message} You can retry, or download the diagnostics file and attach it to your ticket.`}
      </p>
      {state.kind === 'failed' && (
        <button type="button" onClick={send}>
          Retry sending
        </button>
      )}
    </div>
  );
}
