import { describe, expect, it } from 'vitest';
import { BROWSER_CHECKS, preflightResult, runBrowserPreflight, defaultConfig } from '../../../../core/preflight/index.js';

// Node has no WebRTC, no media devices and no DOM: the same situation as a locked-down browser.
describe('the default checks where WebRTC and devices are missing', () => {
  it('finish without an unexpected error, failing the browser check and skipping what cannot run', async () => {
    const result = await preflightResult(runBrowserPreflight(defaultConfig({ iceServers: [{ urls: 'turn:t:3478', username: 'u', credential: 'c' }] })));
    expect(result.checks.map((c) => c.id)).toEqual([...BROWSER_CHECKS.keys()].sort((a, b) => order(a) - order(b)));
    for (const c of result.checks) expect(c.summary, c.id).not.toMatch(/unexpected error/);
    const status = Object.fromEntries(result.checks.map((c) => [c.id, c.status]));
    expect(status.browser).toBe('fail');
    expect(status.permissions).toBe('fail');
    expect(status.signaling).toBe('skip');
    for (const id of ['microphone', 'camera', 'capabilities', 'ice', 'connectivity', 'quality']) expect(status[id], id).toBe('skip');
    expect(result.verdict).toBe('fail');
  });
});

const ORDER = ['browser', 'permissions', 'microphone', 'camera', 'capabilities', 'speakers', 'signaling', 'ice', 'connectivity', 'quality'];
function order(id: string): number {
  return ORDER.indexOf(id);
}
