import { describe, expect, it } from 'vitest';
import { checkUploadUrl, cleanTicket, TICKET_HEADER, uploadBundle } from '../../../../core/bundle/upload.js';

const BYTES = new Uint8Array([0x1f, 0x8b, 1, 2]);

function reply(status: number, body: string): typeof fetch {
  return (async () => new Response(body, { status })) as typeof fetch;
}

describe('Send to support: upload URL policy', () => {
  it('accepts https anywhere and http only on loopback', () => {
    expect(checkUploadUrl('https://support.example/upload').ok).toBe(true);
    expect(checkUploadUrl('http://127.0.0.1:8123/u').ok).toBe(true);
    expect(checkUploadUrl('http://localhost/u').ok).toBe(true);
    const http = checkUploadUrl('http://support.example/upload');
    expect(http.ok === false && http.error).toMatch(/must use https/);
    const js = checkUploadUrl('javascript:alert(1)');
    expect(js.ok === false && js.error).toMatch(/https URL, not javascript:/);
    expect(checkUploadUrl('not a url').ok).toBe(false);
  });

  it('keeps a ticket printable and bounded', () => {
    expect(cleanTicket(' T-1\r\nX: y ')).toBe('T-1X: y');
    expect(cleanTicket('a'.repeat(500))).toHaveLength(200);
  });
});

describe('Send to support: uploadBundle', () => {
  it('POSTs gzip with the ticket header and returns the server reference', async () => {
    let seen: RequestInit | undefined;
    let seenUrl = '';
    const res = await uploadBundle('https://support.example/upload', BYTES, {
      ticket: 'CASE-7',
      headers: { authorization: 'Bearer t' },
      fetch: (async (url: string, init: RequestInit) => {
        seenUrl = url;
        seen = init;
        return new Response('{"id":"ref-123"}', { status: 201 });
      }) as unknown as typeof fetch,
    });
    expect(res).toEqual({ ok: true, status: 201, id: 'ref-123', reply: { id: 'ref-123' } });
    expect(seenUrl).toBe('https://support.example/upload');
    expect(seen?.method).toBe('POST');
    expect(seen?.headers).toEqual({ authorization: 'Bearer t', 'content-type': 'application/gzip', [TICKET_HEADER]: 'CASE-7' });
    expect(seen?.body).toBe(BYTES);
  });

  it('says plainly what went wrong: bad URL, 413, 500, refusal, no server, no answer', async () => {
    expect(await uploadBundle('ftp://x.example/', BYTES)).toMatchObject({ ok: false, reason: 'bad-url' });
    expect(await uploadBundle('https://s.example/', BYTES, { fetch: reply(413, '') })).toMatchObject({ ok: false, reason: 'too-large', message: expect.stringContaining('too large') });
    expect(await uploadBundle('https://s.example/', BYTES, { fetch: reply(500, '') })).toMatchObject({ ok: false, reason: 'server-error', status: 500 });
    expect(await uploadBundle('https://s.example/', BYTES, { fetch: reply(403, '') })).toMatchObject({ ok: false, reason: 'refused', status: 403 });
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await uploadBundle('https://s.example/', BYTES, { fetch: down })).toMatchObject({ ok: false, reason: 'unreachable', message: expect.stringContaining('Could not reach s.example') });
    const hang = ((_u: string, init: RequestInit) =>
      new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new Error('aborted'))))) as unknown as typeof fetch;
    expect(await uploadBundle('https://s.example/', BYTES, { fetch: hang, timeoutMs: 50 })).toMatchObject({ ok: false, reason: 'timeout' });
  });
});
