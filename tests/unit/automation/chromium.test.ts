import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { extensionArgs, extensionDir, fakeMediaArgs, requireBuiltExtension } from '../../../automation/chromium.js';

describe('where the built extension is, and launch flags', () => {
  const saved = process.env.RTC_DIST;
  afterEach(() => {
    if (saved === undefined) delete process.env.RTC_DIST;
    else process.env.RTC_DIST = saved;
  });

  it('honours RTC_DIST and defaults to dist/chrome', () => {
    delete process.env.RTC_DIST;
    expect(extensionDir('/repo')).toBe(resolve('/repo/dist/chrome'));
    process.env.RTC_DIST = '/tmp/dist-x';
    expect(extensionDir('/repo')).toBe('/tmp/dist-x/chrome');
  });

  it('tells to run npm run build when there is no built extension, and accepts one that is there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rtc-ext-'));
    try {
      expect(() => requireBuiltExtension(dir)).toThrow(`No built extension at ${dir}: run \`npm run build\``);
      writeFileSync(join(dir, 'manifest.json'), '{}');
      expect(requireBuiltExtension(dir)).toBe(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads only our extension, and fakes media as asked', () => {
    expect(extensionArgs('/x/chrome')).toEqual(['--disable-extensions-except=/x/chrome', '--load-extension=/x/chrome']);
    expect(fakeMediaArgs()).toEqual(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']);
    expect(fakeMediaArgs('devices-only')).toEqual(['--use-fake-device-for-media-stream']);
    expect(fakeMediaArgs('none')).toEqual([]);
  });
});
