import { describe, expect, it } from 'vitest';
import { channel, type PortLike } from '../../../../core/messages/channel.js';

function fakePort() {
  const msg: ((m: unknown) => void)[] = [];
  const disc: (() => void)[] = [];
  const posted: unknown[] = [];
  let open = true;
  const port: PortLike = {
    postMessage(m) {
      if (!open) throw new Error('Attempting to use a disconnected port object');
      posted.push(m);
    },
    disconnect() {
      open = false;
    },
    onMessage: { addListener: (fn) => void msg.push(fn) },
    onDisconnect: { addListener: (fn) => void disc.push(fn) },
  };
  return { port, posted, deliver: (m: unknown) => msg.forEach((f) => f(m)), drop: () => disc.forEach((f) => f()), isOpen: () => open };
}

const parseNumber = (raw: unknown) => (typeof raw === 'number' ? raw : null);

describe('channel', () => {
  it('hands handlers only what the parser accepted, and the refused raw messages to `dropped`', () => {
    const f = fakePort();
    const ch = channel<number, string>(f.port, parseNumber);
    const got: number[] = [];
    const dropped: unknown[] = [];
    ch.on((n) => got.push(n), (raw) => dropped.push(raw));
    f.deliver(1);
    f.deliver('forged');
    f.deliver(null);
    f.deliver(2);
    expect(got).toEqual([1, 2]);
    expect(dropped).toEqual(['forged', null]);
  });

  it('a parser returning undefined drops too, silently when nobody counts', () => {
    const f = fakePort();
    const ch = channel<number, string>(f.port, (raw) => (raw === 1 ? 1 : undefined));
    const got: number[] = [];
    ch.on((n) => got.push(n));
    f.deliver(2);
    f.deliver(1);
    expect(got).toEqual([1]);
  });

  it('sends on the port, and throws as the port does once it is gone', () => {
    const f = fakePort();
    const ch = channel<number, string>(f.port, parseNumber);
    ch.send('a');
    expect(f.posted).toEqual(['a']);
    ch.close();
    expect(f.isOpen()).toBe(false);
    expect(() => ch.send('b')).toThrow(/disconnected/);
  });

  it('tells onClose when the other end disconnects', () => {
    const f = fakePort();
    const ch = channel<number, string>(f.port, parseNumber);
    let closed = 0;
    ch.onClose(() => closed++);
    f.drop();
    expect(closed).toBe(1);
    expect(ch.port).toBe(f.port);
  });
});
