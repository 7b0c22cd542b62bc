/**
 * Where Chromium and the built extension are, and the flags every launch of them needs. Shared by the
 * Playwright fixture, the MCP server and the project's own e2e rigs (tests/support/rig/browser.ts).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Debian's Chromium unless CHROMIUM_PATH names another (never a browser Playwright downloads). */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** Without these, Chromium as root in a sandboxed CI crashes or tries to reach the internet. */
export const BASE_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Fake camera + microphone and auto-granted permission, so getUserMedia works headless. */
export const FAKE_MEDIA_ARGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

/**
 * What a launch fakes of the media stack:
 * - 'devices-and-permission' (default): fake devices, every permission request granted;
 * - 'devices-only': fake devices, but no fake UI (which would override the origin's stored
 *   permissions): the profile or a flag such as --deny-permission-prompts decides;
 * - 'none': neither (a launch that never asks for media).
 */
export type FakeMedia = 'devices-and-permission' | 'devices-only' | 'none';

export function fakeMediaArgs(media: FakeMedia = 'devices-and-permission'): string[] {
  if (media === 'none') return [];
  return media === 'devices-only' ? [FAKE_MEDIA_ARGS[0]!] : [...FAKE_MEDIA_ARGS];
}

/** The built Chromium extension: <RTC_DIST or dist>/chrome, relative to `cwd`. */
export function extensionDir(cwd = process.cwd()): string {
  return resolve(cwd, process.env.RTC_DIST || 'dist', 'chrome');
}

/** `dir` if it holds a built extension, else an error telling how to build one. */
export function requireBuiltExtension(dir = extensionDir()): string {
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`No built extension at ${dir}: run \`npm run build\` (with the same RTC_DIST) first.`);
  }
  return dir;
}

/** Launch flags for Chromium with the extension at `dir` loaded (and no other). */
export function extensionArgs(dir: string): string[] {
  return [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`];
}
