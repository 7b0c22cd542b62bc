/**
 * Names shared by Firefox e2e builds (RTC_TEST_HOOKS=1), the packager that refuses such builds, and
 * the test rig. Dependency-free so Node scripts can import it.
 */

/** Listed as web-accessible in test builds only, so a test page can navigate a tab to it. */
export const TEST_HARNESS_PAGE = 'panel.html';

/** Runtime message a test build's background answers with the id of its current start. */
export const TEST_BOOT_MESSAGE = 'rtc-devtools/test-boot';
