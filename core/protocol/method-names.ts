/**
 * Method names as people scan them in a frame list. An SDK prefixes every method with its family
 * (`telnyx_rtc.invite`, `telnyx_rtc.ping`, `signalwire.connect`); in a narrow column the repeated
 * prefix is all that shows. Short names drop a family only when it is repeated (two or more methods
 * share it) and only when the rest stays unambiguous, so `invite` never stands for two methods.
 */
import { isKeepaliveMethod } from './connections.js';
import type { DecodedFrame } from './types.js';

/** "telnyx_rtc" of "telnyx_rtc.invite"; '' when the name has no family part. */
export function methodFamily(method: string): string {
  const i = method.indexOf('.');
  return i > 0 && i < method.length - 1 ? method.slice(0, i) : '';
}

/**
 * Short display name for each method: the family dropped when at least two distinct methods share it,
 * the full name kept where dropping it would make two methods read alike.
 */
export function shortMethodNames(methods: Iterable<string>): Map<string, string> {
  const all = [...new Set(methods)];
  const perFamily = new Map<string, number>();
  for (const m of all) {
    const f = methodFamily(m);
    if (f) perFamily.set(f, (perFamily.get(f) ?? 0) + 1);
  }
  const proposed = new Map<string, string>();
  const uses = new Map<string, number>();
  for (const m of all) {
    const f = methodFamily(m);
    const short = f && (perFamily.get(f) ?? 0) >= 2 ? m.slice(f.length + 1) : m;
    proposed.set(m, short);
    uses.set(short, (uses.get(short) ?? 0) + 1);
  }
  const out = new Map<string, string>();
  for (const m of all) {
    const short = proposed.get(m)!;
    out.set(m, (uses.get(short) ?? 0) > 1 ? m : short);
  }
  return out;
}

/** Keepalive traffic (pings, their replies, SIP CRLF): what a "hide keepalives" switch hides. */
export function isKeepaliveMessage(msg: Pick<DecodedFrame, 'method' | 'inner'> | undefined): boolean {
  if (!msg) return false;
  return msg.method === 'CRLF keepalive' || isKeepaliveMethod(msg.method) || isKeepaliveMethod(msg.inner?.method);
}
