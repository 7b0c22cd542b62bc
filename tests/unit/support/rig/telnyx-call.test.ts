import type { Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchPlainChromium } from '../../../support/rig/browser.js';
import { startTelnyxCallRig } from '../../../support/rig/telnyx-call.js';

/** Whether anything still answers HTTP on that base URL (a closed server refuses the connection). */
const listening = (httpUrl: string) =>
  fetch(`${httpUrl}/telnyx/index.html`).then(
    () => true,
    () => false,
  );

describe('startTelnyxCallRig on a browser the caller owns', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchPlainChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('hosts the far end there, and close() stops the server and the far end but leaves the browser running', async () => {
    const rig = await startTelnyxCallRig({ browser });
    expect(rig.browser).toBe(browser);
    expect(browser.contexts()).toContain(rig.farEnd.page.context());
    expect(rig.server.hub.connected).toBe(true);
    expect(await listening(rig.httpUrl)).toBe(true);

    await rig.close();
    expect(browser.isConnected()).toBe(true);
    expect(browser.contexts()).toEqual([]);
    expect(await listening(rig.httpUrl)).toBe(false);
  });

  it('serves one rig after another on the same browser, each with its own connected far end', async () => {
    for (const login of ['first', 'second']) {
      const rig = await startTelnyxCallRig({ browser, user: { login, passwd: 'pw' } });
      try {
        expect(rig.server.hub.connected).toBe(true);
        expect(rig.demoUrl()).toContain(`login=${login}`);
      } finally {
        await rig.close();
      }
    }
    expect(browser.isConnected()).toBe(true);
  });
});

describe('startTelnyxCallRig without a browser', () => {
  it('launches its own and closes it with the rig', async () => {
    const rig = await startTelnyxCallRig();
    const own = rig.browser;
    expect(own.isConnected()).toBe(true);
    await rig.close();
    expect(own.isConnected()).toBe(false);
  });
});
