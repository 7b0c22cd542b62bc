/**
 * Plain Chromium (no extension) for rig pages such as the far end, and the flags every launch
 * here needs. Launches with the built extension live in extension.ts.
 */
import { chromium, type Browser } from '@playwright/test';
import { BASE_ARGS, chromiumPath, fakeMediaArgs, type FakeMedia } from '../../../automation/chromium.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export { BASE_ARGS, FAKE_MEDIA_ARGS, chromiumPath, fakeMediaArgs, type FakeMedia } from '../../../automation/chromium.js';

export function launchPlainChromium(extraArgs: string[] = [], media?: FakeMedia): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...BASE_ARGS, ...fakeMediaArgs(media), ...extraArgs],
  });
}

/**
 * The port Chromium's DevTools HTTP server took when launched with --remote-debugging-port=0 on
 * `userDataDir`. Port 0 and this file instead of a port picked beforehand: a port found free and
 * then released can be taken by the other worker before Chromium binds it. The file is written
 * once the server listens, which may be after the launch returned, so this waits for it.
 */
export async function remoteDebuggingPort(userDataDir: string, timeoutMs = 30_000): Promise<number> {
  const file = join(userDataDir, 'DevToolsActivePort');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let lines: string[] = [];
    try {
      lines = readFileSync(file, 'utf8').split('\n');
    } catch {
      // not written yet
    }
    // "<port>\n/devtools/browser/<id>": the second line shows the write is complete.
    const port = Number(lines[0]);
    if (port > 0 && lines[1]?.startsWith('/devtools/')) return port;
    if (Date.now() > deadline) throw new Error(`Chromium wrote no usable ${file} within ${timeoutMs} ms (launched without --remote-debugging-port=0?)`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
