import { describe, expect, it } from 'vitest';
import { mask, wrapConstructor, wrapMethod } from '../../../../extension/hook/native.js';

/** A stand-in for a platform constructor on a window-like owner. */
function makeOwner() {
  class Sock {
    static readonly OPEN = 1;
    constructor(readonly url: string) {}
    send(data: string): string {
      return `sent ${data} on ${this.url}`;
    }
  }
  const owner = { Sock } as { Sock: typeof Sock };
  return { owner, Native: Sock };
}

describe('wrapConstructor / wrapMethod', () => {
  it('sees every instance, including subclasses, without changing what the page observes', () => {
    const { owner, Native } = makeOwner();
    const seen: string[] = [];
    const nativeText = Function.prototype.toString.call(Native);
    expect(wrapConstructor(owner, 'Sock', (inst) => seen.push((inst as { url: string }).url))).toBe(true);
    const W = owner.Sock;
    expect(W).not.toBe(Native);
    const s = new W('a');
    class Sub extends W {
      extra() {
        return 'x';
      }
    }
    const sub = new Sub('b');
    expect(seen).toEqual(['a', 'b']);
    expect(s instanceof W && s instanceof Native && sub instanceof W && sub instanceof Sub).toBe(true);
    expect(sub.extra()).toBe('x');
    expect(W.OPEN).toBe(1);
    expect(W.name).toBe('Sock');
    expect(W.prototype).toBe(Native.prototype);
    expect(W.prototype.constructor).toBe(W);
    expect(Function.prototype.toString.call(W)).toBe(nativeText);
    expect(String(W)).toBe(nativeText);
  });

  it('a failing observer never reaches the caller', () => {
    const { owner } = makeOwner();
    wrapConstructor(owner, 'Sock', () => {
      throw new Error('hook bug');
    });
    expect(new owner.Sock('ok').url).toBe('ok');
  });

  it('constructor errors reach the caller unchanged', () => {
    const owner = {
      Strict: class {
        constructor(x: number) {
          if (x < 0) throw new RangeError('negative');
        }
      },
    };
    wrapConstructor(owner, 'Strict', () => undefined);
    expect(() => new owner.Strict(-1)).toThrow(RangeError);
  });

  it('wraps a method keeping name, length, toString, this and return value', () => {
    const { Native } = makeOwner();
    const before = Native.prototype.send;
    const calls: unknown[] = [];
    wrapMethod(Native.prototype, 'send', (orig, self, args) => {
      const r = Reflect.apply(orig, self, args);
      calls.push(args[0]);
      return r;
    });
    const after = Native.prototype.send;
    expect(after).not.toBe(before);
    expect([after.name, after.length]).toEqual(['send', 1]);
    expect(after.toString()).toBe(before.toString());
    expect(new Native('u').send('hi')).toBe('sent hi on u');
    expect(calls).toEqual(['hi']);
  });

  it('the patched Function.prototype.toString itself looks native', () => {
    mask(() => 1, Math.max);
    expect(Function.prototype.toString.toString()).toBe('function toString() { [native code] }');
    expect(() => Function.prototype.toString.call({})).toThrow(TypeError);
  });
});
