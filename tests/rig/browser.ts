/**
 * Plain Chromium (no extension) for rig pages such as the far end, and the flags every launch
 * here needs. Launches with the built extension live in extension.ts.
 */
import { chromium, type Browser } from '@playwright/test';

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** Without these, Chromium as root in this sandbox crashes or tries to reach the internet. */
export const BASE_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Fake camera + microphone and auto-granted permission, so getUserMedia works headless. */
export const FAKE_MEDIA_ARGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

export function launchPlainChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...BASE_ARGS, ...FAKE_MEDIA_ARGS, ...extraArgs],
  });
}
