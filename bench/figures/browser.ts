/**
 * Shared set-up of the browser figures: one Chromium with the built extension and one without,
 * the same binary and flags, alive for the whole figure so runs can alternate A/B/A/B and share
 * the machine's noise.
 */
import { launchWithExtension, type ExtensionHandle } from '../../tests/support/rig/extension.js';
import { startHttp, type HttpRig } from '../../tests/support/rig/http.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface Pair {
  withExt: ExtensionHandle;
  without: ExtensionHandle;
  http: HttpRig;
  close(): Promise<void>;
}

const BLANK = '<!doctype html><meta charset="utf-8"><title>bench</title><body>bench</body>';
/** The blank page recording with the in-app recorder (P1r), loaded as an app loads it: first. */
const RECORDING =
  '<!doctype html><meta charset="utf-8"><title>bench</title><script src="/rtc-devtools-recorder.js"></script><script>RtcDevtoolsRecorder.start()</script><body>bench</body>';

export async function startPair(): Promise<Pair> {
  const http = await startHttp();
  http.addRoute((req, res) => {
    if (req.url === '/rtc-devtools-recorder.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(readFileSync(resolve(process.env.RTC_DIST || 'dist', 'recorder', 'rtc-devtools-recorder.js')));
      return true;
    }
    if (!req.url?.startsWith('/bench')) return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(req.url.startsWith('/bench-recorder') ? RECORDING : BLANK);
    return true;
  });
  const [withExt, without] = await Promise.all([launchWithExtension(), launchWithExtension({ withExtension: false })]);
  return {
    withExt,
    without,
    http,
    async close() {
      await Promise.all([withExt.close(), without.close()]);
      await http.close();
    },
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
