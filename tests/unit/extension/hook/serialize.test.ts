import { describe, expect, it } from 'vitest';
import { toJson, DEFAULT_JSON_LIMITS } from '../../../../extension/hook/serialize.js';
import { LIMITS } from '../../../../core/capture/events.js';
import { describePayload, hexPreview, textBody, utf8Length } from '../../../../extension/hook/frames.js';
import { sanitizeConfig } from '../../../../extension/hook/pc.js';
import { diffDevices } from '../../../../extension/hook/media.js';

describe('toJson (page values out of the page)', () => {
  it('passes plain data through', () => {
    const v = { a: 1, b: 'x', c: [true, null], d: { e: 2.5 } };
    expect(toJson(v)).toEqual(v);
  });

  it('never throws on hostile values: throwing getters, throwing Proxies, cycles', () => {
    const evil = {
      get boom() {
        throw new Error('nope');
      },
      ok: 1,
    };
    const trap = new Proxy({}, { ownKeys() { throw new Error('trap'); } });
    const cyc: Record<string, unknown> = { name: 'c' };
    cyc.self = cyc;
    expect(toJson(evil)).toEqual({ boom: '[unreadable]', ok: 1 });
    expect(toJson(trap)).toBe('[unreadable]');
    expect(toJson(cyc)).toEqual({ name: 'c', self: '[cycle]' });
    const throwingToJSON = { toJSON() { throw new Error('x'); } };
    expect(toJson(throwingToJSON)).toBe('[unreadable]');
  });

  it('keeps an own "__proto__" key as a key (JSON.parse makes them) instead of setting a prototype', () => {
    const out = toJson(JSON.parse('{"__proto__":{"polluted":true},"a":1}')) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__', 'a']);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: true });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(out))).toEqual(JSON.parse('{"__proto__":{"polluted":true},"a":1}'));
  });

  it('keeps shared (non-cyclic) references', () => {
    const shared = { x: 1 };
    expect(toJson({ a: shared, b: shared })).toEqual({ a: { x: 1 }, b: { x: 1 } });
  });

  it('caps strings, keys, items, depth and total size', () => {
    const long = 'x'.repeat(DEFAULT_JSON_LIMITS.maxString + 10);
    expect((toJson(long) as string).startsWith('x'.repeat(100))).toBe(true);
    expect(toJson(long)).toContain(`[${long.length} chars]`);
    const wide = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i]));
    expect(Object.keys(toJson(wide) as object).length).toBe(DEFAULT_JSON_LIMITS.maxKeys + 1);
    const arr = toJson(Array.from({ length: 1000 }, (_, i) => i)) as unknown[];
    expect(arr.length).toBe(DEFAULT_JSON_LIMITS.maxItems + 1);
    let deep: unknown = 'bottom';
    for (let i = 0; i < 50; i++) deep = { d: deep };
    expect(JSON.stringify(toJson(deep))).toContain('[depth]');
    const huge = Array.from({ length: 400 }, () => 'y'.repeat(60_000));
    expect(JSON.stringify(toJson(huge)).length).toBeLessThan(DEFAULT_JSON_LIMITS.budget + 100_000);
  });

  it('turns non-JSON values into JSON-safe ones', () => {
    expect(toJson({ n: Number.NaN, i: Infinity, b: 10n, s: Symbol('q'), f: function named() {}, u: undefined })).toEqual({
      n: null,
      i: null,
      b: '10',
      s: 'Symbol(q)',
      f: '[function named]',
    });
    expect(toJson(new Error('bad'))).toEqual({ name: 'Error', message: 'bad' });
    expect(toJson(new Uint8Array(7))).toEqual({ byteLength: 7 });
    expect(toJson(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(toJson({ toJSON: () => ({ type: 'offer', sdp: 'v=0' }) })).toEqual({ type: 'offer', sdp: 'v=0' });
  });
});

describe('frame bodies', () => {
  it('ignores a toJSON the page put on Object.prototype, but still honours an object\'s own conversion', () => {
    const proto = Object.prototype as unknown as Record<string, unknown>;
    proto.toJSON = () => 'page-object';
    try {
      expect(toJson({ a: { b: [1, { c: 'd' }] } })).toEqual({ a: { b: [1, { c: 'd' }] } });
      // Like RTCSessionDescription: its toJSON returns a plain object, which must not be replaced.
      class Description {
        toJSON() {
          return { type: 'offer', sdp: 'v=0' };
        }
      }
      expect(toJson(new Description())).toEqual({ type: 'offer', sdp: 'v=0' });
    } finally {
      delete proto.toJSON;
    }
  });

  it('measures text in UTF-8 bytes', () => {
    expect(utf8Length('hello')).toBe(5);
    expect(utf8Length('é€😀')).toBe(2 + 3 + 4);
    expect(utf8Length('\ud800')).toBe(3); // lone surrogate is sent as U+FFFD
  });

  it('truncates long text but keeps the true size, never splitting a surrogate pair', () => {
    const b = textBody('a'.repeat(9) + '😀' + 'b'.repeat(10), 10);
    expect(b).toMatchObject({ size: 9 + 4 + 10, truncated: true, binary: false });
    expect(b.text).toBe('a'.repeat(9));
    expect(textBody('short', 10)).toEqual({ size: 5, binary: false, text: 'short' });
  });

  it('describes binary payloads with size and a hex preview of the first bytes', () => {
    expect(describePayload(new Uint8Array([0, 15, 16, 255]).buffer)).toEqual({ size: 4, binary: true, preview: '00 0f 10 ff' });
    const view = new Uint8Array([1, 2, 3, 4, 5]).subarray(2);
    expect(describePayload(view)).toEqual({ size: 3, binary: true, preview: '03 04 05' });
    // Binary frames are kept whole (a binary protocol decodes only from every byte), up to the cap.
    expect(describePayload(new Uint8Array(100)).preview!.split(' ')).toHaveLength(100);
    const big = describePayload(new Uint8Array(LIMITS.maxBinaryBytes + 5));
    expect(big.preview!.split(' ')).toHaveLength(LIMITS.maxBinaryBytes);
    expect(big.truncated).toBe(true);
    expect(big.size).toBe(LIMITS.maxBinaryBytes + 5);
    expect(describePayload(new Blob(['abcd']))).toEqual({ size: 4, binary: true });
    expect(hexPreview(new Uint8Array([]))).toBe('');
  });
});

describe('pc config sanitising', () => {
  it('removes TURN usernames and credentials, keeps the rest', () => {
    const cfg = sanitizeConfig({
      iceServers: [{ urls: ['turn:t.example:3478'], username: 'u', credential: 'secret' }, { urls: 'stun:s.example' }],
      iceTransportPolicy: 'relay',
    });
    expect(JSON.stringify(cfg)).not.toContain('secret');
    expect(cfg).toEqual({
      iceServers: [{ urls: ['turn:t.example:3478'], username: '[redacted]', credential: '[redacted]' }, { urls: 'stun:s.example' }],
      iceTransportPolicy: 'relay',
    });
  });
});

describe('device change diff', () => {
  it('reports added and removed devices', () => {
    const mic = { deviceId: 'm', groupId: 'g', kind: 'audioinput', label: 'Mic' };
    const cam = { deviceId: 'c', groupId: 'g', kind: 'videoinput', label: 'Cam' };
    const head = { deviceId: 'h', groupId: 'h', kind: 'audioinput', label: 'Headset' };
    expect(diffDevices([mic, cam], [mic, head])).toEqual({ added: [head], removed: [cam] });
    expect(diffDevices([mic], [mic])).toEqual({ added: [], removed: [] });
  });
});
