import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildBundle, serializeBundle } from '../../../../core/bundle/build.js';
import { toHar } from '../../../../core/bundle/interop/har.js';
import { toWebrtcInternals } from '../../../../core/bundle/interop/webrtc-internals.js';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import { redactJson } from '../../../../core/redaction/value.js';

/** JSON text nested `depth` deep in arrays and objects, a secret at the bottom. */
function nested(depth: number, shape: boolean[], secret: string): string {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    const obj = shape[i % shape.length];
    open += obj ? '{"a":' : '[';
    close = (obj ? '}' : ']') + close;
  }
  return `${open}{"password":"${secret}"}${close}`;
}

describe('any nesting depth exports (issue 17)', () => {
  it('a frame of any depth goes through the bundle, HAR and dump exports, whole and without its secret', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30_000 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }), (depth, shape) => {
        const secret = `DEEPSECRET-${depth}`;
        const text = nested(depth, shape, secret);
        const events: CaptureEvent[] = [
          { kind: 'ws.create', t: 1, id: 'ws-1', url: 'wss://x.example/', protocols: [] },
          { kind: 'ws.frame', t: 2, id: 'ws-1', dir: 'sent', size: text.length, binary: false, text },
        ];
        const bundle = buildBundle({ events, environment: { userAgent: 'x', pageUrl: 'https://p.example/' } });
        const out = [serializeBundle(bundle), JSON.stringify(toHar(bundle)), JSON.stringify(toWebrtcInternals(bundle))];
        for (const o of out) expect(o).not.toContain(secret);
        // The frame keeps its structure: only the secret's value changed.
        expect(bundle.sockets[0]!.frames[0]!.text).toBe(text.replace(secret, '[redacted]'));
      }),
      { numRuns: 25 },
    );
  });

  it('an object nested deeper than the walk goes is marked, not thrown on', () => {
    let v: unknown = { token: 'T' };
    for (let i = 0; i < 10_000; i++) v = { a: v };
    const { value, report } = redactJson({ diag: v });
    let cur = (value as { diag: unknown }).diag;
    let depth = 0;
    while (typeof cur === 'object' && cur !== null) {
      cur = (cur as { a: unknown }).a;
      depth++;
    }
    expect(typeof cur).toBe('string');
    expect(cur).toMatch(/nested deeper than \d+ levels/);
    expect(depth).toBeGreaterThan(100);
    expect(report.length).toBeGreaterThan(0);
  });
});
