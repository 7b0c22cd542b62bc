import type { DecodedMessage, InnerMessage } from '../types.js';
import type { Obj } from './util.js';
import type { SipMessage } from './sip.js';

/**
 * The fields of a DecodedMessage that one frame's text decides on its own. They are declared once, on
 * DecodedMessage; the analyzer adds where and when the frame was (socket, index, time, size) and pairing.
 */
export type FrameMeaning = Pick<DecodedMessage, 'protocol' | 'sdk' | 'method' | 'id' | 'kind' | 'callId' | 'error' | 'summary' | 'parseError'>;

/**
 * What a decoder learns from one frame: its meaning plus the parsed parts the connection and call models
 * read. The parsed parts stay here and never reach DecodedMessage: params and results carry credentials
 * and whole SDPs, and Analysis.messages is what bundles store.
 */
export interface Decoded extends FrameMeaning {
  /** Parsed JSON-RPC pieces (absent for non-JSON frames). */
  params?: Obj;
  result?: unknown;
  inner?: DecodedInner;
  sip?: SipMessage;
  debug?: { type: string; reportId?: string; callId?: string };
}

export interface DecodedInner {
  msg: InnerMessage;
  params?: Obj;
  result?: unknown;
}
