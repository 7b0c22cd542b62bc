/**
 * The Telnyx demo call as the e2e specs drive it: the URL of tests/demo/telnyx for a fake server,
 * and the signaling one call produces with the pinned SDK (2.27.10), as the server logs it.
 */
import type { TelnyxFrame, TelnyxServer } from './telnyx.js';

/** One outbound call, login to bye, as the fake server's frame log names it ('in' = from the SDK). */
export const TELNYX_CALL_SEQUENCE = [
  'in login',
  'out result',
  'out telnyx_rtc.clientReady',
  'in telnyx_rtc.gatewayState',
  'out result',
  'in telnyx_rtc.invite',
  'out result',
  'out telnyx_rtc.ringing',
  'in result',
  'out telnyx_rtc.answer',
  'in result',
  'in telnyx_rtc.bye',
  'out result',
] as const;

export const DEMO_USER = { login: 'alice', passwd: 'secret-pw' } as const;

let run = 0;

/** A unique URL per call (the extension rigs find a tab by its URL). `extra` adds demo options. */
export function telnyxDemoUrl(srv: TelnyxServer, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({
    host: srv.url.replace(/\/$/, ''),
    ...DEMO_USER,
    destination: '+15557654321',
    run: `${process.pid}-${++run}`,
    ...extra,
  });
  return `${srv.httpUrl}/telnyx/index.html?${q}`;
}

/** The server's log of one connection as `'<dir> <method or kind>'` lines, comparable to TELNYX_CALL_SEQUENCE. */
export function frameSequence(frames: readonly TelnyxFrame[]): string[] {
  return frames.map((f) => `${f.dir} ${f.method ?? f.kind ?? '?'}`);
}
