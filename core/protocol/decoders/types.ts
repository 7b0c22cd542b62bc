import type { InnerMessage, MessageKind, Protocol, RpcError, SdkFamily } from '../types.js';
import type { Obj } from './util.js';
import type { SipMessage } from './sip.js';

/** What a decoder learns from one frame: the public message fields plus the parsed parts models need. */
export interface Decoded {
  protocol: Protocol;
  sdk?: SdkFamily;
  method?: string;
  id?: string | number;
  kind: MessageKind;
  callId?: string;
  error?: RpcError;
  summary: string;
  parseError?: string;
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
