/**
 * Property-based: any capture the worker could hold (random sockets, frames of every awkward kind,
 * peer connections with TURN credentials, SDK state), built into a bundle, serialized, gzipped and
 * imported again, never throws, fits the schema, keeps every frame, and never lets a planted secret
 * out. Then the same bytes, cut or flipped, import to a clear message or a usable bundle.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import { buildBundle, serializeBundle } from '../../../../core/bundle/build.js';
import { readBundleFile } from '../../../../core/bundle/import.js';
import { eventsFromBundle } from '../../../../core/bundle/to-events.js';
import { validateBundle } from '../../../../core/bundle/validate.js';
import { gzip } from '../../../../core/bundle/gzip.js';

const SECRET = 'S3cr3t-Pl4nted-Value';
const t = fc.integer({ min: 1_790_000_000_000, max: 1_790_000_600_000 });
const awkward = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('<img src=x onerror=alert(1)>', '\uD800\uDC00\uDFFF', '{"a":', '['.repeat(500) + ']'.repeat(500), '__proto__', 'constructor'),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
);
/** Frames an SDK would send, with a secret where SDKs put one. */
const secretFrame = fc.constantFrom(
  JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'login', params: { login: 'alice', passwd: SECRET } }),
  JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'signalwire.connect', params: { authentication: { jwt_token: SECRET } } }),
  JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'telnyx_rtc.login', params: { login_token: SECRET } }),
);

const capture = fc
  .record({
    sockets: fc.integer({ min: 1, max: 3 }),
    frames: fc.array(fc.record({ sock: fc.nat(2), dir: fc.constantFrom('sent' as const, 'received' as const), text: fc.oneof(awkward, secretFrame), binary: fc.boolean(), t }), { maxLength: 25 }),
    pcs: fc.integer({ min: 1, max: 2 }),
    sdkState: fc.jsonValue({ maxDepth: 3 }),
  })
  .map(({ sockets, frames, pcs, sdkState }) => {
    const events: CaptureEvent[] = [];
    const t0 = 1_790_000_000_000;
    for (let s = 0; s < sockets; s++) events.push({ kind: 'ws.create', t: t0, id: `ws-${s}`, url: `wss://sig.example/${s}`, protocols: [] });
    // Always one secret on the wire, so the no-leak check is never vacuous.
    events.push({ kind: 'ws.frame', t: t0, id: 'ws-0', dir: 'sent', size: 90, binary: false, text: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'login', params: { passwd: SECRET } }) });
    let kept = 1;
    for (const f of frames) {
      if (f.sock >= sockets) continue;
      kept++;
      events.push(
        f.binary
          ? { kind: 'ws.frame', t: f.t, id: `ws-${f.sock}`, dir: f.dir, size: f.text.length, binary: true, preview: '00 01' }
          : { kind: 'ws.frame', t: f.t, id: `ws-${f.sock}`, dir: f.dir, size: new TextEncoder().encode(f.text).length, binary: false, text: f.text },
      );
    }
    for (let p = 0; p < pcs; p++) {
      events.push({ kind: 'pc.create', t: t0, id: `pc-${p}`, config: { iceServers: [{ urls: 'turn:127.0.0.1:3478', username: 'u', credential: SECRET }] } });
    }
    events.push({ kind: 'sdk.found', t: t0, id: 'sdk-1', sdk: 'signalwire', version: '4', via: 'register' } as unknown as CaptureEvent);
    events.push({ kind: 'sdk.event', t: t0 + 1, id: 'sdk-1', name: 'state', data: sdkState } as unknown as CaptureEvent);
    events.sort((a, b) => a.t - b.t);
    return { events, kept };
  });

describe('bundle round trip under generated captures', () => {
  it('build -> serialize -> gzip -> import never throws, fits the schema, keeps every frame, leaks no secret', async () => {
    await fc.assert(
      fc.asyncProperty(capture, async ({ events, kept }) => {
        const bundle = buildBundle({ events, environment: { userAgent: 'test' }, now: new Date(1_790_000_700_000) });
        const text = serializeBundle(bundle);
        expect(JSON.stringify(events)).toContain(SECRET);
        expect(text).not.toContain(SECRET);
        expect(validateBundle(JSON.parse(text))).toEqual([]);
        const r = await readBundleFile(await gzip(new TextEncoder().encode(text)), 'x.json.gz');
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const back = eventsFromBundle(r.bundle);
        expect(back.filter((e) => e.kind === 'ws.frame')).toHaveLength(kept);
      }),
      { numRuns: 1000 },
    );
  });

  it('the same bytes cut short or with flipped bytes import to a clear message or a usable bundle, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(capture, fc.double({ min: 0, max: 1, noNaN: true }), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }), fc.boolean(), async ({ events }, cut, flips, zipped) => {
        const text = serializeBundle(buildBundle({ events, environment: {}, now: new Date(1_790_000_700_000) }));
        let bytes: Uint8Array = new TextEncoder().encode(text);
        if (zipped) bytes = await gzip(bytes);
        bytes = bytes.slice(0, Math.floor(bytes.length * (0.5 + cut / 2)));
        for (const [at, v] of flips) if (bytes.length) bytes[Math.floor(at * (bytes.length - 1))] = v;
        const r = await readBundleFile(bytes, zipped ? 'x.json.gz' : 'x.json');
        if (r.ok) expect(() => eventsFromBundle(r.bundle)).not.toThrow();
        else expect(r.error.length).toBeGreaterThan(10);
      }),
      { numRuns: 1000 },
    );
  });
});
