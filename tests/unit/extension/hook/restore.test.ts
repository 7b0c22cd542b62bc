import { describe, expect, it } from 'vitest';
import { wrapConstructor, wrapMethod } from '../../../../extension/hook/native.js';
import { onRestore, rememberDefinition, restoreAll } from '../../../../extension/hook/restore.js';

function makeOwner() {
  class Sock {
    send(): string {
      return 'native';
    }
  }
  return { owner: { Sock } as { Sock: typeof Sock }, Native: Sock };
}

describe('restoreAll: a stopped hook leaves the page as it found it', () => {
  it('puts back constructors, prototype methods and prototype.constructor', () => {
    const { owner, Native } = makeOwner();
    const nativeSend = Native.prototype.send;
    const seen: string[] = [];
    wrapConstructor(owner, 'Sock', () => seen.push('new'));
    wrapMethod(Native.prototype, 'send', (orig, self, args) => {
      seen.push('send');
      return Reflect.apply(orig, self, args);
    });
    expect(owner.Sock).not.toBe(Native);
    new owner.Sock().send();
    expect(seen).toEqual(['new', 'send']);
    restoreAll();
    expect(owner.Sock).toBe(Native);
    expect(Native.prototype.send).toBe(nativeSend);
    expect(Native.prototype.constructor).toBe(Native);
    new owner.Sock().send();
    expect(seen).toEqual(['new', 'send']);
  });

  it('keeps what the page put there after us', () => {
    const { owner, Native } = makeOwner();
    wrapConstructor(owner, 'Sock', () => undefined);
    class PageOwn extends Native {}
    owner.Sock = PageOwn;
    restoreAll();
    expect(owner.Sock).toBe(PageOwn);
  });

  it('removes a slot that did not exist before, runs cleanups once, and survives a failing undo', () => {
    const owner: Record<string, unknown> = {};
    const get = () => 1;
    Object.defineProperty(owner, 'x', { get, configurable: true });
    rememberDefinition(owner, 'x', undefined, get);
    let cleaned = 0;
    onRestore(() => {
      throw new Error('broken');
    });
    onRestore(() => cleaned++);
    restoreAll();
    restoreAll();
    expect('x' in owner).toBe(false);
    expect(cleaned).toBe(1);
  });
});
