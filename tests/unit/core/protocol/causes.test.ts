/** Hang-up causes in words: Q.850 names and values as Verto carries them, SIP statuses, and what we have no words for. */
import { describe, expect, it } from 'vitest';
import { describeCause } from '../../../../core/protocol/causes.js';

describe('describeCause', () => {
  it('names the common Q.850 causes by name or by value alone, with the same words', () => {
    const cases: [string, number, string, string][] = [
      ['NORMAL_CLEARING', 16, 'normal', 'normal hang-up'],
      ['USER_BUSY', 17, 'busy', 'the other side was busy'],
      ['NO_ANSWER', 19, 'no-answer', 'it rang but nobody answered'],
      ['CALL_REJECTED', 21, 'rejected', 'the other side (or its network) declined the call'],
      ['UNALLOCATED_NUMBER', 1, 'unreachable', 'the number does not exist'],
      ['NORMAL_TEMPORARY_FAILURE', 41, 'failure', 'a temporary network failure: trying again may work'],
      ['ORIGINATOR_CANCEL', 487, 'cancelled', 'the caller hung up before the answer'],
    ];
    for (const [name, code, kind, words] of cases) {
      expect(describeCause(name, code)).toEqual({ name, code, kind, words });
      expect(describeCause(undefined, code)).toMatchObject({ kind, words });
      expect(describeCause(name, undefined)).toMatchObject({ code, kind, words });
    }
    expect(describeCause('user_busy', '17')).toMatchObject({ name: 'USER_BUSY', code: 17, kind: 'busy' });
  });

  it('reads a SIP call\'s number as a SIP status, not a Q.850 value', () => {
    expect(describeCause(undefined, 486, true)).toMatchObject({ kind: 'busy', words: 'the other side was busy' });
    expect(describeCause('Decline', 603, true)).toMatchObject({ kind: 'rejected', words: 'the other side declined the call' });
    // 17 is USER_BUSY in Q.850 but means nothing as a SIP status.
    expect(describeCause(undefined, 17, true)?.kind).toBe('failure');
    expect(describeCause(undefined, 599, true)).toMatchObject({ kind: 'failure', words: 'SIP 599: server failure' });
  });

  it('keeps what it has no words for as it came, and nothing at all gives undefined', () => {
    expect(describeCause('WEIRD_VENDOR_THING', undefined)).toEqual({ name: 'WEIRD_VENDOR_THING', kind: 'failure', words: 'WEIRD_VENDOR_THING' });
    expect(describeCause('hangup', undefined)).toMatchObject({ kind: 'normal' });
    expect(describeCause(undefined, undefined)).toBeUndefined();
  });
});
