import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { redactText, redactValue } from '../../../../core/bundle/redact.js';
import { jwt } from './corpus.js';

const SECRET_KEYS = ['token', 'jwt_token', 'login_token', 'dpop_token', 'passwd', 'password', 'credential', 'authorization_state', 'signature', 'Authorization', 'accessToken', 'api_key', 'tokens'];
const secretArb = fc.stringMatching(/^[A-Za-z0-9]{12,20}$/).map((s) => `S3CR3T${s}`);

/** Puts `{key: secret}` somewhere inside `value` (or wraps it). */
function plant(value: unknown, key: string, secret: string, path: number[]): unknown {
  if (Array.isArray(value) && value.length && path.length) {
    const i = path[0]! % value.length;
    return value.map((x, j) => (j === i ? plant(x, key, secret, path.slice(1)) : x));
  }
  if (value && typeof value === 'object' && !Array.isArray(value) && path.length) {
    const keys = Object.keys(value);
    if (keys.length) {
      const k = keys[path[0]! % keys.length]!;
      return { ...value, [k]: plant((value as Record<string, unknown>)[k], key, secret, path.slice(1)) };
    }
  }
  return { wrapped: value, [key]: secret };
}

describe('redaction (property tests)', () => {
  it('finds a secret field at any depth of any JSON, also JSON inside a string, also cut off at any point after its key', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 4 }),
        fc.constantFrom(...SECRET_KEYS),
        secretArb,
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.constantFrom('object', 'text', 'double', 'truncated', 'double-truncated'),
        fc.nat(),
        (value, key, secret, path, form, cut) => {
          const planted = plant(value, key, secret, path);
          const text = JSON.stringify(planted);
          let input: unknown;
          if (form === 'object') input = { frame: planted };
          else if (form === 'text') input = { frame: text };
          else if (form === 'double') input = { frame: JSON.stringify({ params: text }) };
          else {
            // Cut somewhere after the key, as a capped frame text would be.
            const whole = form === 'truncated' ? text : JSON.stringify({ params: text });
            const quotedKey = form === 'truncated' ? JSON.stringify(key) : JSON.stringify(JSON.stringify(key)).slice(1, -1);
            const at = whole.indexOf(quotedKey);
            input = { frame: whole.slice(0, at + quotedKey.length + 4 + (cut % (secret.length + 40))) };
          }
          const out = JSON.stringify(redactValue(input).value);
          expect(out).not.toContain(secret);
          // Nothing of the secret may survive a cut either.
          expect(out).not.toContain(secret.slice(0, 8));
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 500) },
    );
  });

  it('finds a JWT anywhere in any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), fc.stringMatching(/^[a-z0-9]{4,10}$/), (before, after, sub) => {
        const token = jwt(sub);
        const out = redactText(`${before}${token}${after}`);
        expect(out).not.toContain(token.split('.')[1]!);
        expect(out).not.toContain(token.split('.')[2]!.slice(0, 6));
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 500) },
    );
  });

  it('never changes JSON text that holds no secret-looking key or text', () => {
    const safeKey = fc.constantFrom('method', 'params', 'id', 'callID', 'state', 'sdp', 'result', 'event_type', 'node_id');
    const safeValue = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.stringMatching(/^[a-z ]{0,12}$/));
    const obj = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, safeValue, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(safeKey, tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(
      fc.property(obj, (v) => {
        const text = JSON.stringify({ jsonrpc: '2.0', v });
        expect(redactValue({ text }).value.text).toBe(text);
        expect(redactValue(v).report).toEqual([]);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  });
});
