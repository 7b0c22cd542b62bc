/**
 * Names an SDK and its version from what it says on the wire: SignalWire's `agent` string in
 * signalwire.connect, Telnyx's `User-Agent.sdkVersion` in login, a SIP User-Agent header.
 */
import type { ParsedFrame } from './decoders/index.js';
import { obj, str } from './decoders/util.js';

export interface SdkGuess {
  name: string;
  version: string;
}

/** Agents seen: "@signalwire/js/browser/3.30.0", "signalwire-js/4.0.0", "@signalwire/nodejs/realtime-api/4.2.1". */
export function sdkFromAgent(agent: string): SdkGuess {
  const version = /(\d+\.\d+\.\d+(?:[-+][\w.]+)?)\s*$/.exec(agent)?.[1] ?? '';
  let name = agent;
  if (agent.includes('realtime-api')) name = '@signalwire/realtime-api';
  else if (/^@signalwire\/js\b/.test(agent) || /^signalwire-js\b/.test(agent)) name = '@signalwire/js';
  else if (version) name = agent.slice(0, agent.length - version.length).replace(/[/@\s]+$/, '');
  return { name, version };
}

export function sdkFromSipUserAgent(ua: string): SdkGuess | undefined {
  const m = /(JsSIP|SIP\.js|sipjs)[/ ]v?(\d+\.\d+\.\d+)/i.exec(ua);
  if (!m) return undefined;
  return { name: m[1]!.toLowerCase() === 'jssip' ? 'JsSIP' : 'SIP.js', version: m[2]! };
}

/** Returns the SDK the frame identifies, if it does. */
export function sdkFromFrame(d: ParsedFrame): SdkGuess | undefined {
  if (d.kind !== 'request') return d.sip?.userAgent && d.sip.status === undefined ? sdkFromSipUserAgent(d.sip.userAgent) : undefined;
  const p = d.params;
  if (d.method === 'signalwire.connect') {
    const agent = str(p?.agent);
    if (agent) return sdkFromAgent(agent);
    const major = obj(p?.version)?.major;
    return { name: 'signalwire', version: typeof major === 'number' ? `${major}.x` : '' };
  }
  if (d.sdk === 'telnyx' && (d.method === 'login' || d.method === 'anonymous_login')) {
    const ver = str(obj(p?.['User-Agent'])?.sdkVersion);
    return { name: '@telnyx/webrtc', version: ver ?? '' };
  }
  if (d.sip?.userAgent) return sdkFromSipUserAgent(d.sip.userAgent);
  return undefined;
}
