/**
 * Extension page -> background, in test builds only (RTC_TEST_HOOKS=1): "which start of the
 * background am I talking to?", answered with that start's id so a Firefox e2e test sees the event
 * page being unloaded and restarted. Read by type alone. Production builds must not contain the
 * name (scripts/package.ts refuses them), so only the test-only background code imports this.
 */
import { TEST_BOOT_MESSAGE } from './versions.js';

export interface TestBootMessage {
  type: typeof TEST_BOOT_MESSAGE;
}

export function isTestBootMessage(raw: unknown): raw is TestBootMessage {
  return (raw as { type?: unknown } | null)?.type === TEST_BOOT_MESSAGE;
}
