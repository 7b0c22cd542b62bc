/**
 * Loaded with `node --require` into the program `rtc-devtools record` runs. Patches every copy of
 * the `ws` package the program loads, and Node's global WebSocket, and spools capture events to
 * the file named by RTC_DEVTOOLS_SPOOL. Does nothing when that variable is absent.
 */
import Module from 'node:module';
import { createSpool } from './spool.js';
import { createRecorder } from './wsPatch.js';

const spoolPath = process.env.RTC_DEVTOOLS_SPOOL;
if (spoolPath) install(spoolPath);

function install(path: string): void {
  const spool = createSpool(path);
  const recorder = createRecorder((ev) => spool.push(ev));

  const patchExports = (exp: unknown): void => {
    if (!exp || (typeof exp !== 'object' && typeof exp !== 'function')) return;
    recorder.patchWsClass(exp);
    const e = exp as { WebSocket?: unknown; default?: unknown };
    recorder.patchWsClass(e.WebSocket);
    recorder.patchWsClass(e.default);
  };

  // Every module load goes through here, also CommonJS files that ESM code imports.
  const M = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const load = M._load;
  M._load = function (this: unknown, ...args: [string, unknown, boolean]) {
    const exp = load.apply(this, args);
    try {
      patchExports(exp);
    } catch {
      /* never break a require */
    }
    return exp;
  };
  recorder.patchGlobalWebSocket(globalThis);

  process.on('exit', () => spool.flush());
  // A signal with no handler kills the process without 'exit': flush first, then die the same way.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      spool.flush();
      if (process.listenerCount(sig) === 1) {
        process.removeListener(sig, onSignal);
        process.kill(process.pid, sig);
      }
    };
    process.on(sig, onSignal);
  }
}
