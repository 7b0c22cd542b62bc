/**
 * A page hook cannot reach sockets or peer connections inside dedicated/shared workers. Rather than
 * show a capture that silently misses them, tell the user when the page starts a worker.
 */
import type { Emitter } from './emitter.js';
import { wrapConstructor } from './native.js';
import { SafeSet, sliceString } from './intrinsics.js';

const MAX_NOTICES = 5;

export function installWorkerNotice(win: typeof globalThis, em: Emitter): void {
  const seen = new SafeSet<string>();
  for (const name of ['Worker', 'SharedWorker'] as const) {
    wrapConstructor(win, name, (_worker, args) => {
      let url = '';
      try {
        url = typeof args[0] === 'string' ? args[0] : String((args[0] as URL | undefined)?.href ?? '');
      } catch {
        /* unreadable URL: still report */
      }
      const key = `${name} ${url}`;
      if (seen.has(key) || seen.size >= MAX_NOTICES) return;
      seen.add(key);
      em.emit({
        kind: 'hook.notice',
        t: em.now(),
        level: 'warn',
        code: 'worker-sockets-unseen',
        message: `The page started a ${name}${url ? ` (${sliceString(url, 0, 300)})` : ''}. WebSockets and peer connections inside workers are not captured.`,
      });
    });
  }
}
