/**
 * Hang-up causes in plain words. Verto (SignalWire, Telnyx) carries FreeSWITCH cause names with their ITU-T Q.850
 * cause values (NORMAL_CLEARING 16, USER_BUSY 17, ...), plus a few FreeSWITCH-only names; SIP calls end with a
 * SIP status (486 Busy Here, 603 Decline, ...). The wording is ours, from the public meaning of each value.
 */

/** What kind of end a cause is: decides how a call's outcome reads and how loud a finding is. */
export type CauseKind = 'normal' | 'busy' | 'no-answer' | 'rejected' | 'cancelled' | 'unreachable' | 'failure';

export interface CauseInfo {
  /** Canonical name when known (USER_BUSY), else what the wire said. */
  name?: string;
  code?: number;
  kind: CauseKind;
  /** One plain sentence fragment: "the other side was busy". */
  words: string;
}

type Entry = [code: number | undefined, kind: CauseKind, words: string];

/** Q.850 / FreeSWITCH names. */
const BY_NAME: Record<string, Entry> = {
  UNALLOCATED_NUMBER: [1, 'unreachable', 'the number does not exist'],
  NO_ROUTE_TRANSIT_NET: [2, 'unreachable', 'no route to the network that serves the number'],
  NO_ROUTE_DESTINATION: [3, 'unreachable', 'no route to the destination'],
  CHANNEL_UNACCEPTABLE: [6, 'failure', 'the network could not use the offered channel'],
  NORMAL_CLEARING: [16, 'normal', 'normal hang-up'],
  USER_BUSY: [17, 'busy', 'the other side was busy'],
  NO_USER_RESPONSE: [18, 'no-answer', "the other side's device did not respond"],
  NO_ANSWER: [19, 'no-answer', 'it rang but nobody answered'],
  SUBSCRIBER_ABSENT: [20, 'unreachable', 'the other side is offline or not registered'],
  CALL_REJECTED: [21, 'rejected', 'the other side (or its network) declined the call'],
  NUMBER_CHANGED: [22, 'unreachable', 'the number has changed'],
  REDIRECTION_TO_NEW_DESTINATION: [23, 'normal', 'the call was redirected elsewhere'],
  EXCHANGE_ROUTING_ERROR: [25, 'failure', 'a routing error in the network'],
  DESTINATION_OUT_OF_ORDER: [27, 'unreachable', "the other side's line is out of order"],
  INVALID_NUMBER_FORMAT: [28, 'unreachable', 'the number is incomplete or badly formatted'],
  FACILITY_REJECTED: [29, 'rejected', 'the network refused a requested feature'],
  NORMAL_UNSPECIFIED: [31, 'normal', 'normal end, no reason given'],
  NORMAL_CIRCUIT_CONGESTION: [34, 'failure', 'no line free in the network'],
  NETWORK_OUT_OF_ORDER: [38, 'failure', 'the network is out of order'],
  NORMAL_TEMPORARY_FAILURE: [41, 'failure', 'a temporary network failure: trying again may work'],
  SWITCH_CONGESTION: [42, 'failure', 'the switching equipment is overloaded'],
  REQUESTED_CHAN_UNAVAIL: [44, 'failure', 'the requested channel is not available'],
  FACILITY_NOT_SUBSCRIBED: [50, 'rejected', 'the account is not subscribed to this feature'],
  OUTGOING_CALL_BARRED: [52, 'rejected', 'outgoing calls are barred for this account'],
  INCOMING_CALL_BARRED: [54, 'rejected', 'the other side does not accept incoming calls'],
  BEARERCAPABILITY_NOTAUTH: [57, 'rejected', 'the account may not make this kind of call'],
  BEARERCAPABILITY_NOTAVAIL: [58, 'failure', 'this kind of call is not available right now'],
  SERVICE_UNAVAILABLE: [63, 'failure', 'the service is not available'],
  BEARERCAPABILITY_NOTIMPL: [65, 'failure', 'this kind of call is not supported'],
  FACILITY_NOT_IMPLEMENTED: [69, 'failure', 'a requested feature is not supported'],
  SERVICE_NOT_IMPLEMENTED: [79, 'failure', 'the service is not supported'],
  INCOMPATIBLE_DESTINATION: [88, 'failure', 'the other side cannot take this kind of call (media or codecs)'],
  RECOVERY_ON_TIMER_EXPIRE: [102, 'failure', 'a network timer ran out: the other side did not reply in time'],
  MANDATORY_IE_MISSING: [96, 'failure', 'the signaling lacked required information'],
  PROTOCOL_ERROR: [111, 'failure', 'a signaling protocol error'],
  INTERWORKING: [127, 'failure', 'a failure between networks, no detail given'],
  ORIGINATOR_CANCEL: [487, 'cancelled', 'the caller hung up before the answer'],
  // FreeSWITCH-only names (no Q.850 value of their own).
  MEDIA_TIMEOUT: [undefined, 'failure', 'no media arrived for too long, so the server ended the call'],
  ALLOTTED_TIMEOUT: [undefined, 'normal', 'the call reached its time limit'],
  USER_NOT_REGISTERED: [undefined, 'unreachable', 'the other side is not registered'],
  PICKED_OFF: [undefined, 'normal', 'someone else picked the call up'],
  LOSE_RACE: [undefined, 'normal', 'another device answered first'],
  MANAGER_REQUEST: [undefined, 'normal', 'ended by the server on request'],
  ATTENDED_TRANSFER: [undefined, 'normal', 'transferred'],
  BLIND_TRANSFER: [undefined, 'normal', 'transferred'],
  GATEWAY_DOWN: [undefined, 'failure', 'the carrier gateway is down'],
  INVALID_GATEWAY: [undefined, 'failure', 'the carrier gateway is misconfigured'],
  // SIP methods the call model uses as a cause when the dialog ended without a reason header.
  BYE: [undefined, 'normal', 'hung up'],
  CANCEL: [undefined, 'cancelled', 'cancelled before the answer'],
  // Our own cause for calls whose invite the SDK stopped waiting for (core/protocol/calls.ts INVITE_TIMEOUT_CAUSE).
  INVITE_TIMEOUT: [undefined, 'failure', 'the SDK gave up waiting for a reply to the invite'],
  // Our own cause for calls the SDK dropped on a Telnyx punt (core/protocol/calls.ts PUNT_CAUSE).
  PUNT: [undefined, 'failure', 'the session was taken over by another login (Telnyx punt)'],
};

const BY_Q850 = new Map<number, string>();
for (const [name, [code]] of Object.entries(BY_NAME)) if (code !== undefined && !BY_Q850.has(code)) BY_Q850.set(code, name);

/** SIP final responses a call can end with. */
const SIP: Record<number, [CauseKind, string]> = {
  403: ['rejected', 'the server refused the call (forbidden)'],
  404: ['unreachable', 'the number or user was not found'],
  408: ['no-answer', 'the request timed out: no answer from the other side'],
  410: ['unreachable', 'the number is no longer in service'],
  480: ['unreachable', 'the other side is temporarily unavailable'],
  484: ['unreachable', 'the number is incomplete'],
  486: ['busy', 'the other side was busy'],
  487: ['cancelled', 'the call was cancelled before the answer'],
  488: ['failure', 'the other side cannot take this media (codecs or SDP)'],
  500: ['failure', 'server error'],
  502: ['failure', 'a gateway further on failed'],
  503: ['failure', 'the service is unavailable'],
  504: ['failure', 'a server further on timed out'],
  600: ['busy', 'busy everywhere'],
  603: ['rejected', 'the other side declined the call'],
  604: ['unreachable', 'the number does not exist anywhere'],
};

function codeOf(code: number | string | undefined): number | undefined {
  const n = typeof code === 'number' ? code : typeof code === 'string' && /^\d+$/.test(code.trim()) ? Number(code) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Describes a hang-up cause. `sip`: the call is a SIP dialog, so a number is a SIP status rather than Q.850.
 * Returns undefined when there is neither a cause nor a code.
 */
export function describeCause(cause: string | undefined, code: number | string | undefined, sip = false): CauseInfo | undefined {
  const n = codeOf(code);
  const name = cause?.trim() ? cause.trim().toUpperCase() : undefined;
  const known = name ? BY_NAME[name] : undefined;
  if (known) return { name, code: n ?? known[0], kind: known[1], words: known[2] };
  if (n !== undefined && !sip) {
    const qName = BY_Q850.get(n);
    if (qName) {
      const e = BY_NAME[qName]!;
      return { name: cause ?? qName, code: n, kind: e[1], words: e[2] };
    }
  }
  if (n !== undefined && (sip || n >= 300)) {
    const s = SIP[n];
    if (s) return { ...(cause ? { name: cause } : {}), code: n, kind: s[0], words: s[1] };
    const cls = n >= 600 ? 'refused everywhere' : n >= 500 ? 'server failure' : n >= 400 ? 'request refused' : 'redirected';
    return { ...(cause ? { name: cause } : {}), code: n, kind: n >= 300 && n < 400 ? 'unreachable' : 'failure', words: `SIP ${n}: ${cls}` };
  }
  if (cause === undefined && n === undefined) return undefined;
  // A cause we have no words for: show it as it came, treated as a failure only if it does not look like a normal end.
  const text = cause ?? `cause ${n}`;
  return { ...(cause ? { name: cause } : {}), ...(n !== undefined ? { code: n } : {}), kind: /normal|bye|hangup|clear/i.test(text) ? 'normal' : 'failure', words: text };
}
