import { describe, expect, it } from 'vitest';
import { summarizeEnvironment } from '../../../../core/bundle/environment-summary.js';

const CHROME_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const EDGE_WIN = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86';
const FIREFOX_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI_IOS = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

describe('the browser, OS and zone a capture came from, in a few words', () => {
  it('names the browser and OS from the user agent, Edge before the Chrome it also claims', () => {
    expect(summarizeEnvironment({ userAgent: CHROME_LINUX, timeZone: 'Europe/Berlin' })).toEqual({ browser: 'Chrome 131', os: 'Linux', timeZone: 'Europe/Berlin' });
    expect(summarizeEnvironment({ userAgent: EDGE_WIN })).toEqual({ browser: 'Edge 131', os: 'Windows 10 or 11' });
    expect(summarizeEnvironment({ userAgent: FIREFOX_MAC })).toEqual({ browser: 'Firefox 128', os: 'macOS 10.15' });
    expect(summarizeEnvironment({ userAgent: SAFARI_IOS })).toEqual({ browser: 'Safari 17.5', os: 'iOS 17.5' });
  });

  it('reads the Node recorder and client hints, and says nothing it cannot tell', () => {
    expect(summarizeEnvironment({ userAgent: 'Node.js v20.19.0 (linux 6.1.0)' })).toEqual({ browser: 'Node.js v20.19.0', os: 'Linux' });
    expect(summarizeEnvironment({ userAgent: 'unknown', userAgentData: { brands: [{ brand: 'Not A(Brand', version: '99' }, { brand: 'Google Chrome', version: '131' }], platform: 'Windows' } })).toEqual({
      browser: 'Chrome 131',
      os: 'Windows',
    });
    expect(summarizeEnvironment({ userAgent: 'unknown' })).toEqual({});
    expect(summarizeEnvironment(undefined)).toEqual({});
  });

  it('never passes on control characters or long text from a hostile bundle', () => {
    const s = summarizeEnvironment({ userAgent: 'x', platform: `evil\u001b[31m${'A'.repeat(500)}`, timeZone: 'Zone\u0007' });
    expect(s.os).not.toMatch(/[\u0000-\u001f]/);
    expect(s.os!.length).toBeLessThanOrEqual(61);
    expect(s.timeZone).toBe('Zone');
  });
});
