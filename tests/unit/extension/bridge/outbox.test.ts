import { describe, expect, it } from 'vitest';
import { createOutbox } from '../../../../extension/bridge/outbox.js';
import type { PortLike } from '../../../../core/messages/channel.js';
import type { BridgeBatch, BridgeHello } from '../../../../core/messages/bridge-worker.js';

/** A port to a worker that can be "stopped": it disconnects, and a new connect reaches a new worker. */
class FakeWorld {
  ports: FakePort[] = [];
  timers: (() => void)[] = [];
  refuse = false;
  connect = (): PortLike => {
    if (this.refuse) throw new Error('Extension context invalidated.');
    const p = new FakePort();
    this.ports.push(p);
    return p;
  };
  get current(): FakePort {
    return this.ports.at(-1)!;
  }
  runTimers(): void {
    const t = this.timers;
    this.timers = [];
    for (const f of t) f();
  }
}
class FakePort implements PortLike {
  sent: unknown[] = [];
  private msg: ((m: unknown) => void)[] = [];
  private disc: (() => void)[] = [];
  postMessage(m: unknown) {
    this.sent.push(m);
  }
  disconnect() {}
  onMessage = { addListener: (fn: (m: unknown) => void) => void this.msg.push(fn) };
  onDisconnect = { addListener: (fn: () => void) => void this.disc.push(fn) };
  ack(seq: number) {
    for (const f of this.msg) f({ type: 'ack', v: 2, docId: 'd', seq });
  }
  drop() {
    for (const f of this.disc) f();
  }
}

const hello: BridgeHello = { type: 'hello', v: 2, docId: 'd', url: 'https://a/', top: true };
const batch = (seq: number): BridgeBatch => ({ type: 'batch', v: 2, docId: 'd', seq, n: 1, json: '[]' });
const seqs = (p: FakePort) => p.sent.map((m) => (m as { type: string; seq?: number }).type === 'hello' ? 'hello' : (m as BridgeBatch).seq);

function setup(maxPending?: number) {
  const w = new FakeWorld();
  const box = createOutbox({ connect: w.connect, hello: () => hello, setTimeout: (fn) => w.timers.push(fn), maxPending });
  return { w, box };
}

describe('bridge outbox', () => {
  it('connects lazily, says hello first, then sends batches', () => {
    const { w, box } = setup();
    expect(w.ports).toHaveLength(0);
    box.send(batch(1));
    box.send(batch(2));
    expect(w.ports).toHaveLength(1);
    expect(seqs(w.current)).toEqual(['hello', 1, 2]);
  });

  it('forgets batches once acked, keeps the rest', () => {
    const { w, box } = setup();
    for (let i = 1; i <= 4; i++) box.send(batch(i));
    w.current.ack(2);
    expect(box.pending()).toBe(2);
    w.current.ack(4);
    expect(box.pending()).toBe(0);
  });

  it('when the worker stops, reconnects and resends exactly the unacked batches, in order', () => {
    const { w, box } = setup();
    for (let i = 1; i <= 5; i++) box.send(batch(i));
    w.current.ack(3);
    w.current.drop();
    expect(w.ports).toHaveLength(1);
    w.runTimers();
    expect(w.ports).toHaveLength(2);
    expect(seqs(w.current)).toEqual(['hello', 4, 5]);
    box.send(batch(6));
    expect(seqs(w.current)).toEqual(['hello', 4, 5, 6]);
  });

  it('sends new batches on a fresh connection after an idle disconnect with nothing pending', () => {
    const { w, box } = setup();
    box.send(batch(1));
    w.current.ack(1);
    w.current.drop();
    w.runTimers();
    expect(w.ports).toHaveLength(1);
    box.send(batch(2));
    expect(w.ports).toHaveLength(2);
    expect(seqs(w.current)).toEqual(['hello', 2]);
  });

  it('stops quietly when the extension context is gone', () => {
    const { w, box } = setup();
    w.refuse = true;
    expect(() => box.send(batch(1))).not.toThrow();
    expect(box.pending()).toBe(0);
    w.refuse = false;
    box.send(batch(2));
    expect(w.ports).toHaveLength(0);
  });

  it('bounds what it keeps while the worker is unreachable, and counts what it gave up', () => {
    const { w, box } = setup(3);
    for (let i = 1; i <= 5; i++) box.send(batch(i));
    expect(box.pending()).toBe(3);
    expect(box.lost()).toEqual({ batches: 2, events: 2 });
    w.current.drop();
    w.runTimers();
    expect(seqs(w.current)).toEqual(['hello', 3, 4, 5]);
  });

  it('counts the events the given-up batches held, and tells the worker the cumulative count on the hello and every later batch', () => {
    const { w, box } = setup(2);
    const sized = (seq: number, n: number): BridgeBatch => ({ ...batch(seq), n });
    box.send(sized(1, 7));
    box.send(sized(2, 3));
    // Nothing lost yet: messages carry no report at all.
    expect(w.current.sent.some((m) => 'lost' in (m as object))).toBe(false);
    box.send(sized(3, 5)); // batch 1 (7 events) given up
    box.send(sized(4, 1)); // batch 2 (3 events) given up
    expect(box.lost()).toEqual({ batches: 2, events: 10 });
    const live = w.current.sent as { seq?: number; lost?: unknown }[];
    // Batch 3 left after the first loss, batch 4 after the second: each says what was lost by then.
    expect(live.find((m) => m.seq === 3)!.lost).toEqual({ batches: 1, events: 7 });
    expect(live.find((m) => m.seq === 4)!.lost).toEqual({ batches: 2, events: 10 });
    w.current.drop();
    w.runTimers();
    const again = w.current.sent as { type: string; seq?: number; lost?: unknown }[];
    expect(again.map((m) => m.type === 'hello' ? 'hello' : m.seq)).toEqual(['hello', 3, 4]);
    // A resend repeats the same cumulative numbers, so the worker cannot count them twice.
    for (const m of again) expect(m.lost).toEqual({ batches: 2, events: 10 });
    // The hello the bridge builds is not changed in place (it is rebuilt each connect).
    expect(hello).not.toHaveProperty('lost');
  });

  it('when the document goes while the worker is down, connects at once and sends every unacked batch, not waiting for the back-off', () => {
    const { w, box } = setup();
    for (let i = 1; i <= 3; i++) box.send(batch(i));
    w.current.ack(1);
    w.current.drop();
    box.send(batch(4));
    expect(w.ports).toHaveLength(1);
    box.flushNow();
    expect(w.ports).toHaveLength(2);
    expect(seqs(w.current)).toEqual(['hello', 2, 3, 4]);
    // The back-off timer firing later changes nothing: the port is up.
    w.runTimers();
    expect(w.ports).toHaveLength(2);
  });

  it('flushNow does nothing when the port is up or nothing is pending', () => {
    const { w, box } = setup();
    box.flushNow();
    expect(w.ports).toHaveLength(0);
    box.send(batch(1));
    box.flushNow();
    expect(seqs(w.current)).toEqual(['hello', 1]);
  });

  it('sends a title note on the current port, or connects (the hello then carries it)', () => {
    const { w, box } = setup();
    const note = { type: 'title', v: 2, docId: 'd', title: 'Call' } as const;
    box.note(note);
    expect(w.ports).toHaveLength(1);
    expect(w.current.sent).toEqual([hello]);
    box.note(note);
    expect(w.current.sent).toEqual([hello, note]);
  });

  it("reports the intake's refused count on its own, on the hello and on every batch, and says nothing while there is none", () => {
    const w = new FakeWorld();
    let refused = 0;
    const box = createOutbox({ connect: w.connect, hello: () => hello, setTimeout: (fn) => w.timers.push(fn), refused: () => refused });
    box.report('d');
    // Nothing refused, nothing lost: no report, but the port is up (the hello carries nothing).
    box.send(batch(1));
    expect(w.current.sent).toEqual([hello, batch(1)]);
    refused = 4;
    box.report('d');
    box.send(batch(2));
    expect(w.current.sent.slice(2)).toEqual([
      { type: 'report', v: 2, docId: 'd', lost: { batches: 0, events: 0, refused: 4 } },
      { ...batch(2), lost: { batches: 0, events: 0, refused: 4 } },
    ]);
    // A new worker hears it on the hello.
    w.current.drop();
    w.runTimers();
    expect(w.current.sent[0]).toEqual({ ...hello, lost: { batches: 0, events: 0, refused: 4 } });
  });
});
