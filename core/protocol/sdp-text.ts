/**
 * SDP carried inside signaling frames (Verto/Telnyx `params.sdp`, SignalWire `sdp` fields, SIP
 * bodies): found wherever a string holds one, and split into lines so a person can read it rather
 * than one escaped string with `\r\n` in it.
 */

/** A string that is an SDP session description: starts with `v=0` and has an origin or media line. */
export function looksLikeSdp(s: string): boolean {
  return /^\s*v=0\r?\n/.test(s) && /\r?\n[om]=/.test(s);
}

/** The lines of an SDP, without line terminators and without the empty tail after the last CRLF. */
export function sdpLines(sdp: string): string[] {
  const lines = sdp.replace(/^\s+/, '').split(/\r\n|\n|\r/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export interface EmbeddedSdp {
  /** Where in the value, JSON-path-like: `params.sdp`, `params.message.params.sdp`, `[0].sdp`. */
  path: string;
  sdp: string;
}

/** Every SDP string inside a parsed JSON value, in document order; bounded in depth and count. */
export function findEmbeddedSdps(value: unknown, limit = 10): EmbeddedSdp[] {
  const out: EmbeddedSdp[] = [];
  const walk = (v: unknown, path: string, depth: number): void => {
    if (out.length >= limit || depth > 12) return;
    if (typeof v === 'string') {
      if (looksLikeSdp(v)) out.push({ path: path || '(value)', sdp: v });
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${i}]`, depth + 1));
      return;
    }
    for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k, depth + 1);
  };
  walk(value, '', 0);
  return out;
}
