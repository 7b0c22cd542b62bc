import { describe, expect, it } from 'vitest';
import { isTestBootMessage } from '../../../../core/messages/test-boot.js';
import { TEST_BOOT_MESSAGE } from '../../../../core/messages/versions.js';

describe('test-boot message', () => {
  it('is recognised by its type alone', () => {
    expect(isTestBootMessage({ type: TEST_BOOT_MESSAGE })).toBe(true);
    expect(isTestBootMessage({ type: 'rtc-devtools/debug' })).toBe(false);
    expect(isTestBootMessage(null)).toBe(false);
    expect(isTestBootMessage(undefined)).toBe(false);
  });
});
