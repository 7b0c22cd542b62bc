import { describe, expect, it } from 'vitest';
import { HOOK_MESSAGE_SOURCE } from '../../../../core/messages/versions.js';
import type { HookBatch } from '../../../../core/messages/hook-bridge.js';
import type { BridgeBatch } from '../../../../core/messages/bridge-worker.js';
import { createIntake } from '../../../../extension/bridge/intake.js';

const b = (seq: number, n = 1, docId = 'doc1'): HookBatch => ({ source: HOOK_MESSAGE_SOURCE, v: 2, docId, seq, n, json: n ? '[{}]' : '[]' });

function setup() {
  const sent: BridgeBatch[] = [];
  let flushes = 0;
  let announced = 0;
  const intake = createIntake({ send: (x) => sent.push(x), announced: () => announced++, flushNow: () => flushes++ });
  return { intake, sent, seqs: () => sent.map((x) => x.seq), flushes: () => flushes, announced: () => announced };
}

describe('bridge intake: batches by message and by synchronous hand-off', () => {
  it('pins the docId from the announcement and forwards rising seqs', () => {
    const s = setup();
    s.intake.accept(b(1, 0), false);
    expect(s.intake.docId()).toBe('doc1');
    expect(s.announced()).toBe(1);
    s.intake.accept(b(2), false);
    s.intake.accept(b(3), false);
    expect(s.seqs()).toEqual([2, 3]);
    expect(s.flushes()).toBe(0);
  });

  it('a synchronous hand-off is forwarded and pushed out at once; repeats of delivered batches are skipped, not counted', () => {
    const s = setup();
    s.intake.accept(b(1, 0), false);
    s.intake.accept(b(2), false);
    // The hook hands over 2 again (it could not know it was delivered) and then 3.
    s.intake.accept(b(2), true);
    s.intake.accept(b(3), true);
    expect(s.seqs()).toEqual([2, 3]);
    expect(s.flushes()).toBe(1);
    expect(s.intake.invalid()).toBe(0);
  });

  it('a window message still queued when its batch was handed over synchronously is skipped when it comes, not counted as forged', () => {
    const s = setup();
    s.intake.accept(b(1, 0), false);
    s.intake.accept(b(2), true);
    s.intake.accept(b(3), true);
    s.intake.accept(b(2), false);
    expect(s.seqs()).toEqual([2, 3]);
    expect(s.intake.invalid()).toBe(0);
  });

  it('counts replays by message, forged docIds and malformed batches, cumulatively, and says so at each refusal', () => {
    let told = 0;
    const sent: BridgeBatch[] = [];
    const intake = createIntake({ send: (x) => sent.push(x), announced: () => {}, flushNow: () => {}, refused: () => told++ });
    intake.accept(b(1, 0), false);
    intake.accept(b(2), false);
    intake.accept(b(2, 3), false);
    intake.accept(b(5, 2, 'other'), true);
    intake.accept({ source: HOOK_MESSAGE_SOURCE, v: 2 }, true);
    expect(intake.invalid()).toBe(6);
    expect(told).toBe(3);
    // A real batch afterwards neither resets the count nor carries it (the outbox adds the report).
    intake.accept(b(3), false);
    expect(sent.at(-1)).toEqual({ type: 'batch', v: 2, docId: 'doc1', seq: 3, n: 1, json: '[{}]' });
    expect(intake.invalid()).toBe(6);
  });

  it('a synchronous event before the announcement cannot pin a docId (a page script could dispatch one)', () => {
    const s = setup();
    s.intake.accept(b(1, 1, 'forged'), true);
    expect(s.intake.docId()).toBeUndefined();
    expect(s.sent).toHaveLength(0);
    s.intake.accept(b(1, 0), false);
    expect(s.intake.docId()).toBe('doc1');
  });

  it("says which messages were the hook's own, so only those are hidden from page listeners", () => {
    const s = setup();
    expect(s.intake.accept(b(1, 0), false)).toBe(true);
    expect(s.intake.accept(b(2), false)).toBe(true);
    // A repeat of our own batch (its sync hand-off came first) is still ours.
    expect(s.intake.accept(b(2), true)).toBe(true);
    // A page posting our tag: a docId it made up, a broken envelope, anything else.
    expect(s.intake.accept(b(3, 1, 'made-up'), false)).toBe(false);
    expect(s.intake.accept({ source: HOOK_MESSAGE_SOURCE, v: 2 }, false)).toBe(false);
    expect(s.intake.accept({ source: HOOK_MESSAGE_SOURCE, hello: 'is anyone there?' }, true)).toBe(false);
  });
});
