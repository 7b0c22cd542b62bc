/**
 * DevTools page: adds the "RTC" panel. The panel learns its inspected tab from the URL, because
 * panel.html also opens as a normal tab (tests, "open in tab") where devtools APIs do not exist.
 */
import browser from 'webextension-polyfill';

// Tests open this page as a plain tab (an extension page to talk to the worker from): no devtools there.
if (browser.devtools?.inspectedWindow) {
  const tabId = browser.devtools.inspectedWindow.tabId;
  void browser.devtools.panels.create('RTC', '', `panel.html?tabId=${tabId}`);
}
