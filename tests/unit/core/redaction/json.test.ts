import { describe, expect, it } from 'vitest';
import { toSafeJson } from '../../../../core/redaction/json.js';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLXNlY3JldA';

/** Replaces built-in methods with recorders, as tests/fixtures/pages/reliability/builtins.html does in a page. */
function withReplacedBuiltins(run: () => void): string[] {
  const called: string[] = [];
  const targets: [object, string][] = [
    [Object, 'keys'],
    [Object, 'entries'],
    [Array, 'isArray'],
    [Array, 'from'],
    [Array.prototype, 'push'],
    [Array.prototype, 'map'],
    [Array.prototype, 'join'],
    [RegExp.prototype, 'exec'],
    [RegExp.prototype, 'test'],
    [String.prototype, 'slice'],
    [String.prototype, 'replace'],
    [String.prototype, 'indexOf'],
    [String.prototype, 'includes'],
    [String.prototype, 'toLowerCase'],
    [Map.prototype, 'forEach'],
    [Map.prototype, 'entries'],
    [Date.prototype, 'toISOString'],
  ];
  const saved = targets.map(([o, k]) => Object.getOwnPropertyDescriptor(o, k)!);
  targets.forEach(([o, k], i) => {
    const orig = saved[i]!.value as (...a: unknown[]) => unknown;
    Object.defineProperty(o, k, {
      ...saved[i],
      value: function (this: unknown, ...a: unknown[]) {
        called.push(k);
        return Reflect.apply(orig, this, a);
      },
    });
  });
  try {
    run();
  } finally {
    targets.forEach(([o, k], i) => Object.defineProperty(o, k, saved[i]!));
  }
  return called;
}

describe('the one sanitiser', () => {
  it('never calls a built-in the page replaced, with redaction on or in the capture vocabulary', () => {
    const value = {
      login_token: JWT,
      nested: [{ password: 'hunter2', url: 'wss://u:p@h.example/?token=abc123&x=1' }, new Map([['k', { apiKey: 'k1' }]])],
      when: new Date(0),
      note: `auth failed for ${JWT}`,
    };
    let out: unknown;
    let captured: unknown;
    const called = withReplacedBuiltins(() => {
      out = toSafeJson(value);
      captured = toSafeJson(value, { redact: false, capture: true });
    });
    expect(called).toEqual([]);
    const text = JSON.stringify(out);
    for (const s of [JWT, 'hunter2', ':p@', 'abc123', 'k1']) expect(text).not.toContain(s);
    expect(text).toContain('x=1');
    expect(text).toContain('1970-01-01T00:00:00.000Z');
    // The capture vocabulary keeps values (the bundle redacts them) and shows a Map as its entries.
    expect((captured as { nested: unknown[] }).nested[1]).toEqual([['k', { apiKey: 'k1' }]]);
  });

  it('keeps a boolean under a secret name (which auth was used) and drops any other value', () => {
    expect(toSafeJson({ hasPassword: true, password: 0, token: '' , sat: 'x-1'})).toEqual({ hasPassword: true, password: '[redacted]', sat: '[redacted]' });
  });

  it('is unbounded for the bundle builder, with its cycle marker and null for non-finite numbers', () => {
    const a: Record<string, unknown> = { n: Infinity, deep: { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } } };
    a.self = a;
    expect(toSafeJson(a, { maxDepth: Infinity, maxItems: Infinity, maxString: Infinity, maxTotal: Infinity, redact: false, cycle: '[circular]', nonFinite: 'null' })).toEqual({
      n: null,
      deep: { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } },
      self: '[circular]',
    });
  });
});
