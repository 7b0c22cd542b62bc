/**
 * Names shared by Firefox e2e builds (RTC_TEST_HOOKS=1), the packager that refuses such builds, and
 * the test rig. Dependency-free so Node scripts can import it. The test-boot runtime message is a
 * protocol like the others: core/messages/versions.ts (TEST_BOOT_MESSAGE), core/messages/test-boot.ts.
 */

/** Listed as web-accessible in test builds only, so a test page can navigate a tab to it. */
export const TEST_HARNESS_PAGE = 'panel.html';
