/**
 * How the tables and lanes say that a connection is over: when, and by whom. A peer connection the
 * page closed never fires connectionstatechange, so its last reported state ("connected") must not
 * be what the row shows once the model knows it was closed.
 */
import type { PeerConnectionModel, SocketModel } from '../../core/capture/model.js';
import { clock } from '../format.js';

/** Who ended a connection, as the model records it (core/capture/model.ts `closedBy`). */
export type ClosedBy = 'page' | 'failed' | 'unloaded' | 'remote';

const BY_WORDS: Record<string, string> = {
  page: 'by the page (close())',
  failed: 'after it failed',
  unloaded: 'page unloaded',
  remote: 'by the server',
};

export function closedByWords(by: string | undefined): string {
  return (by && BY_WORDS[by]) || '';
}

export interface ClosedText {
  /** "closed" or "failed": the state to show instead of the last reported one. */
  state: string;
  /** "11:32:05.120 · by the page (close())" */
  detail: string;
  /** Both in one line, for labels and tooltips. */
  text: string;
}

export function pcClosedText(pc: PeerConnectionModel): ClosedText | undefined {
  if (pc.closedAt === undefined && pc.connectionState !== 'closed') return undefined;
  const by = pc.closedBy;
  const state = by === 'failed' ? 'failed' : 'closed';
  const detail = [pc.closedAt !== undefined ? clock(pc.closedAt) : '', closedByWords(by)].filter(Boolean).join(' · ');
  return { state, detail, text: detail ? `${state} ${detail}` : state };
}

/** A closed socket's when and by whom ("11:32:05.120 · page unloaded"); undefined while it is open. */
export function socketClosedText(s: SocketModel): ClosedText | undefined {
  if (s.state !== 'closed') return undefined;
  const by = s.closedBy ?? s.close?.initiator;
  const detail = [s.closedAt !== undefined ? clock(s.closedAt) : '', by === 'page' ? 'by the page' : closedByWords(by)].filter(Boolean).join(' · ');
  return { state: 'closed', detail, text: detail ? `closed ${detail}` : 'closed' };
}

export function socketStateText(s: SocketModel): string {
  let text = s.state;
  if (s.close) text += ` (${s.close.code}${s.close.reason ? ' ' + s.close.reason : ''})`;
  const closed = socketClosedText(s);
  if (closed?.detail) text += ` · ${closed.detail}`;
  if (s.errors) text += ` · ${s.errors} errors`;
  return text;
}
