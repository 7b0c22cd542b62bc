/**
 * "Send to support": POSTs a gzipped bundle to the URL a support team configured, and turns every
 * outcome into one plain sentence. The protocol (docs/preflight.md, "Upload protocol"):
 *
 *   POST <url>   content-type: application/gzip   x-rtc-devtools-ticket: <ticket, when given>
 *   body: the gzipped bundle file        reply: 2xx with JSON { "id": "<reference>" }
 *
 * Only https URLs are accepted, plus http on a loopback host (a receiver on the same machine): a
 * bundle never crosses a network in the clear. Used by the preflight page and the in-app recorder.
 */

export const TICKET_HEADER = 'x-rtc-devtools-ticket';
export const UPLOAD_TIMEOUT_MS = 30_000;
const MAX_TICKET = 200;
const MAX_REPLY_ID = 200;

export type UploadUrlCheck = { ok: true; url: URL } | { ok: false; error: string };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether `raw` may receive bundles: https anywhere, http only on a loopback host. */
export function checkUploadUrl(raw: string): UploadUrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, error: `The upload address is not a URL: ${raw.slice(0, 200)}` };
  }
  if (url.protocol === 'https:') return { ok: true, url };
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return { ok: true, url };
  if (url.protocol === 'http:') return { ok: false, error: `The upload address must use https (http is accepted only for this machine, 127.0.0.1): ${url.origin}` };
  return { ok: false, error: `The upload address must be an https URL, not ${url.protocol.replace(/:$/, '')}:` };
}

/** A ticket id as a header value: printable ASCII only, bounded. */
export function cleanTicket(ticket: string): string {
  return ticket.replace(/[^\x20-\x7e]/g, '').trim().slice(0, MAX_TICKET);
}

export type UploadResult =
  | { ok: true; status: number; /** The server's reference, when its reply held one. */ id?: string; reply: unknown }
  | { ok: false; reason: 'bad-url' | 'too-large' | 'server-error' | 'refused' | 'timeout' | 'unreachable'; status?: number; message: string };

export interface UploadOptions {
  ticket?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Sends `bytes` (a gzipped bundle) to `rawUrl`. Never rejects: every failure is a result with a sentence. */
export async function uploadBundle(rawUrl: string, bytes: Uint8Array, opts: UploadOptions = {}): Promise<UploadResult> {
  const checked = checkUploadUrl(rawUrl);
  if (!checked.ok) return { ok: false, reason: 'bad-url', message: checked.error };
  const url = checked.url;
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = opts.timeoutMs ?? UPLOAD_TIMEOUT_MS;
  const headers: Record<string, string> = { ...opts.headers, 'content-type': 'application/gzip' };
  const ticket = opts.ticket === undefined ? '' : cleanTicket(opts.ticket);
  if (ticket) headers[TICKET_HEADER] = ticket;
  const ctrl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctrl.abort();
  }, timeoutMs);
  try {
    const res = await doFetch(url.href, { method: 'POST', headers, body: bytes as BodyInit, signal: ctrl.signal, credentials: 'omit', redirect: 'error' });
    const text = await res.text().catch(() => '');
    if (res.status === 413) return { ok: false, reason: 'too-large', status: 413, message: `${url.host} refused the bundle as too large (HTTP 413).` };
    if (res.status >= 500) return { ok: false, reason: 'server-error', status: res.status, message: `${url.host} failed to take the bundle (HTTP ${res.status}). Try again later.` };
    if (!res.ok) return { ok: false, reason: 'refused', status: res.status, message: `${url.host} refused the bundle (HTTP ${res.status}).` };
    let reply: unknown = text;
    try {
      reply = JSON.parse(text);
    } catch {
      /* a reply that is not JSON: kept as text */
    }
    const rawId = reply && typeof reply === 'object' ? (reply as { id?: unknown }).id : undefined;
    const id = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId).slice(0, MAX_REPLY_ID) : undefined;
    return { ok: true, status: res.status, reply, ...(id ? { id } : {}) };
  } catch (e) {
    if (timedOut) return { ok: false, reason: 'timeout', message: `${url.host} gave no answer in ${Math.round(timeoutMs / 1000)} s.` };
    const why = e instanceof Error && e.message ? ` (${e.message.slice(0, 200)})` : '';
    return { ok: false, reason: 'unreachable', message: `Could not reach ${url.host}${why}. Is the address right and the server up?` };
  } finally {
    clearTimeout(timer);
  }
}
