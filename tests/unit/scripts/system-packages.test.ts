import { describe, expect, it } from 'vitest';
import { missingSystemLine, systemNeeds } from '../../../scripts/system-packages.js';

describe('system package check', () => {
  it('says nothing when every binary is there', () => {
    expect(missingSystemLine(systemNeeds({}, 'test'), () => true)).toBeUndefined();
  });

  it('names the missing binary and the apt-get line in one line', () => {
    const line = missingSystemLine(systemNeeds({}, 'test'), (p) => p !== '/usr/bin/chromium');
    expect(line).toContain('/usr/bin/chromium (chromium)');
    expect(line).toContain('apt-get install -y chromium firefox-esr coturn');
    expect(line).not.toContain('firefox-esr)');
    expect(line!.split('\n')).toHaveLength(1);
  });

  it('the demo needs only Chromium, and honours CHROMIUM_PATH', () => {
    const needs = systemNeeds({ CHROMIUM_PATH: '/opt/chrome' }, 'demo');
    expect(needs).toEqual([{ pkg: 'chromium', path: '/opt/chrome' }]);
    expect(missingSystemLine(needs, () => false)).toContain('/opt/chrome (chromium)');
  });
});
