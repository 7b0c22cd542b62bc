import type { DecodedFrame, NestedMessage } from '../types.js';
import type { Obj } from './util.js';
import type { SipMessage } from './sip.js';
import type { LiveKitSignal } from './livekit.js';

/**
 * What parseFrame reads from one frame's text, before the analyzer places it: the DecodedFrame fields
 * the text decides on its own (declared once, on DecodedFrame; the analyzer adds socket, index, time,
 * size and pairing), plus the parsed parts the connection and call models read. The parsed parts stay
 * here and never reach DecodedFrame: params and results carry credentials and whole SDPs, and
 * Analysis.messages is what bundles store.
 */
export interface ParsedFrame extends Pick<DecodedFrame, 'protocol' | 'sdk' | 'method' | 'id' | 'kind' | 'callId' | 'error' | 'summary' | 'parseError'> {
  /** Parsed JSON-RPC pieces (absent for non-JSON frames). */
  params?: Obj;
  result?: unknown;
  inner?: ParsedNested;
  sip?: SipMessage;
  debug?: { type: string; reportId?: string; callId?: string };
  /** A LiveKit frame's decoded SignalRequest / SignalResponse (the room model reads it). */
  livekit?: LiveKitSignal;
}

/** The NestedMessage of an envelope with its own parsed params and result, as ParsedFrame keeps them. */
export interface ParsedNested {
  msg: NestedMessage;
  params?: Obj;
  result?: unknown;
}
