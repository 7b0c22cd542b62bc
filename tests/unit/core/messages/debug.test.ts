import { describe, expect, it } from 'vitest';
import { parseDebugMessage } from '../../../../core/messages/debug.js';
import { DEBUG_MESSAGE } from '../../../../core/messages/versions.js';

describe('debug messages', () => {
  it('reads a ping and a tabsWithUrl with a string url; leaves everything else to other listeners', () => {
    expect(parseDebugMessage({ type: DEBUG_MESSAGE, op: 'ping' })).toEqual({ type: DEBUG_MESSAGE, op: 'ping' });
    expect(parseDebugMessage({ type: DEBUG_MESSAGE, op: 'tabsWithUrl', url: 'https://a/', extra: 1 })).toEqual({ type: DEBUG_MESSAGE, op: 'tabsWithUrl', url: 'https://a/' });
    expect(parseDebugMessage({ type: DEBUG_MESSAGE, op: 'tabsWithUrl', url: 1 })).toBeUndefined();
    expect(parseDebugMessage({ type: DEBUG_MESSAGE, op: 'eval' })).toBeUndefined();
    expect(parseDebugMessage({ type: 'rtc-devtools/sdk-command', op: 'ping' })).toBeUndefined();
    expect(parseDebugMessage(null)).toBeUndefined();
  });
});
