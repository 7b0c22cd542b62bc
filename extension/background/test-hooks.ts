/**
 * Test-only: Firefox refuses to let a WebDriver BiDi client navigate to moz-extension:// pages,
 * but a tab the extension opens itself is scriptable. Builds made with RTC_TEST_HOOKS=1 open
 * panel.html (viewer mode) once at install, which the Firefox e2e tests then steer to
 * panel.html?tabId=N. In every other build __RTC_TEST_HOOKS__ is the literal false and the
 * minifier drops this body, so store builds never open tabs.
 */
import browser, { type Runtime } from 'webextension-polyfill';

declare const __RTC_TEST_HOOKS__: boolean | undefined;

export function installTestHooks(): void {
  if (typeof __RTC_TEST_HOOKS__ === 'undefined' || !__RTC_TEST_HOOKS__) return;
  browser.runtime.onInstalled.addListener(() => {
    void browser.tabs.create({ url: browser.runtime.getURL('panel.html?rtcTestHarness=1') });
  });
  // A fresh id per start of this script: tests see when Firefox unloaded and restarted the event page.
  const bootId = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const origin = browser.runtime.getURL('');
  browser.runtime.onMessage.addListener((raw: unknown, sender: Runtime.MessageSender) => {
    const m = raw as { type?: unknown } | null;
    if (m?.type !== 'rtc-devtools/test-boot' || !sender.url?.startsWith(origin)) return undefined;
    return Promise.resolve(bootId);
  });
}
