/**
 * What a signaling frame means to `Withhold replies`, read cheaply enough for the page hook: the
 * method names a request carries (the JSON-RPC method, and the Verto method SignalWire nests in
 * `params.message`), the id a reply will carry back, or for SIP the CSeq that pairs responses with
 * their request. Pure and small: the hook bundles it. Never throws.
 */

/** How a frame takes part in a request/reply exchange; null when it takes none we know. */
export type FrameMeaning =
  /** A request: its methods (outer first, then nested) and the key its reply will carry. */
  | { request: true; methods: string[]; key: string }
  /** A reply to the request with that key. */
  | { request: false; key: string };

/** Frames larger than this are not parsed (an SDP offer is ~10 KB; no request is megabytes). */
const MAX_TEXT = 512 * 1024;

const SIP_STATUS = /^SIP\/2\.0 \d{3}/;
const SIP_REQUEST = /^([A-Z]+) \S+ SIP\/2\.0\r?\n/;
const SIP_CSEQ = /\r?\n(?:CSeq|cseq|CSEQ)\s*:\s*(\d+)\s+([A-Za-z]+)/;

export function frameMeaning(text: string): FrameMeaning | null {
  try {
    if (typeof text !== 'string' || text.length > MAX_TEXT) return null;
    const c = text.charCodeAt(0);
    if (c === 123 /* { */) {
      const m = JSON.parse(text) as { id?: unknown; method?: unknown; params?: { message?: { method?: unknown } } };
      if (!m || typeof m !== 'object') return null;
      const id = typeof m.id === 'string' || typeof m.id === 'number' ? 'j:' + String(m.id) : undefined;
      if (typeof m.method === 'string') {
        const methods = [m.method];
        const nested = m.params && typeof m.params === 'object' ? m.params.message : undefined;
        if (nested && typeof nested === 'object' && typeof nested.method === 'string') methods.push(nested.method);
        return { request: true, methods, key: id ?? 'j:' };
      }
      return id ? { request: false, key: id } : null;
    }
    const cseq = SIP_CSEQ.exec(text);
    if (!cseq) return null;
    const key = 's:' + cseq[1] + ' ' + cseq[2]!.toUpperCase();
    if (SIP_STATUS.test(text)) return { request: false, key };
    const req = SIP_REQUEST.exec(text);
    return req ? { request: true, methods: [req[1]!], key } : null;
  } catch {
    return null;
  }
}

/** Does any of the request's methods match the user's pattern (searched, not anchored)? */
export function methodMatches(re: RegExp, methods: readonly string[]): boolean {
  for (const m of methods) if (re.test(m.slice(0, 200))) return true;
  return false;
}
