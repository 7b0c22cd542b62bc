import { describe, expect, it } from 'vitest';
import { checkHookBatch } from '../../../../core/messages/hook-bridge.js';
import { HOOK_MESSAGE_SOURCE, HOOK_PROTOCOL_VERSION } from '../../../../core/messages/versions.js';

describe('hook -> bridge batches', () => {
  const batch = { source: HOOK_MESSAGE_SOURCE, v: HOOK_PROTOCOL_VERSION, docId: 'd1', seq: 1, n: 1, json: '[{}]' };

  it('a well-formed envelope is copied clean (the events inside are the worker\'s to check)', () => {
    expect(checkHookBatch({ ...batch, extra: 1 })).toEqual({ ok: true, batch });
    // The SDK flag is part of the envelope (the command relay reads only flagged batches), and only `true` is one.
    expect(checkHookBatch({ ...batch, extra: 1, sdk: true })).toEqual({ ok: true, batch: { ...batch, sdk: true } });
    expect(checkHookBatch({ ...batch, sdk: 'yes' })).toEqual({ ok: true, batch });
  });

  it('a forged envelope is refused and counted as the events it claimed', () => {
    expect(checkHookBatch({ ...batch, v: 1, n: 7 })).toMatchObject({ ok: false, events: 7 });
    expect(checkHookBatch({ ...batch, source: 'page' })).toMatchObject({ ok: false, reason: 'wrong source' });
    expect(checkHookBatch({ ...batch, json: 'x'.repeat(11) }, 10)).toMatchObject({ ok: false, events: 1 });
    expect(checkHookBatch('text')).toEqual({ ok: false, reason: 'not an object', events: 1 });
  });
});
