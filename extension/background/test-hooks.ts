/**
 * Test-only (builds made with RTC_TEST_HOOKS=1, for the Firefox e2e tests): answers an extension
 * page that asks which start of the background script it is talking to, so a test sees when Firefox
 * unloaded and restarted the event page. In every other build __RTC_TEST_HOOKS__ is the literal
 * false and the minifier drops this body.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { isTestBootMessage } from '../../core/messages/test-boot.js';

declare const __RTC_TEST_HOOKS__: boolean | undefined;

export function installTestHooks(): void {
  if (typeof __RTC_TEST_HOOKS__ === 'undefined' || !__RTC_TEST_HOOKS__) return;
  const bootId = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const origin = browser.runtime.getURL('');
  browser.runtime.onMessage.addListener((raw: unknown, sender: Runtime.MessageSender) => {
    if (!isTestBootMessage(raw) || !sender.url?.startsWith(origin)) return undefined;
    return Promise.resolve(bootId);
  });
}
