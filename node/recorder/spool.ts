/**
 * The recorder's spool: capture events appended as JSON lines to a file the parent CLI reads
 * when the recorded program ends. A file (not IPC) so that a program that crashes, calls
 * process.exit or is killed still leaves everything flushed up to that moment on disk.
 */
import { appendFileSync } from 'node:fs';
import type { CaptureEvent } from '../../core/capture/events.js';

export interface Spool {
  push(ev: CaptureEvent): void;
  flush(): void;
}

export function createSpool(path: string, flushMs = 50): Spool {
  let pending: string[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flush = (): void => {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (pending.length === 0) return;
    const chunk = pending.join('\n') + '\n';
    pending = [];
    try {
      appendFileSync(path, chunk);
    } catch {
      // The recorder must never take the program down; the CLI reports a short spool.
    }
  };

  return {
    push(ev) {
      pending.push(JSON.stringify(ev));
      // unref: recording must not keep a program alive that would otherwise exit.
      if (!timer) timer = setTimeout(flush, flushMs).unref();
    },
    flush,
  };
}

export function parseSpool(text: string): { events: CaptureEvent[]; badLines: number } {
  const events: CaptureEvent[] = [];
  let badLines = 0;
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      events.push(JSON.parse(line) as CaptureEvent);
    } catch {
      // A line cut by a hard kill mid-write; everything before it is intact.
      badLines++;
    }
  }
  return { events, badLines };
}
