/** A minimal window for running the page-side SDK discovery in Node: events, timers, postMessage. */
import type { CaptureEvent } from '../../../../../core/capture/events.js';
import { installSdkDiscovery } from '../../../../../extension/hook/sdk/index.js';

export type FakeWindow = typeof globalThis & Record<string, unknown> & { events: CaptureEvent[]; post(data: unknown, source?: unknown): void };

/** A message event as a browser makes it: `data` and `source` are getters on the prototype. */
class FakeMessageEvent extends Event {
  readonly #data: unknown;
  readonly #source: unknown;
  constructor(type: string, init: { data?: unknown; source?: unknown }) {
    super(type);
    this.#data = init.data;
    this.#source = init.source;
  }
  get data(): unknown {
    return this.#data;
  }
  get source(): unknown {
    return this.#source;
  }
}

export function makeWindow(preset: Record<string, unknown> = {}): FakeWindow {
  const target = new EventTarget();
  const win = Object.assign(target, {
    setInterval: (fn: () => void, ms: number) => setInterval(fn, ms),
    clearInterval: (id: ReturnType<typeof setInterval>) => clearInterval(id),
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimeout: (id: ReturnType<typeof setTimeout>) => clearTimeout(id),
    performance: { now: () => performance.now(), timeOrigin: performance.timeOrigin },
    navigator: {},
    Event,
    MessageEvent: FakeMessageEvent,
    events: [] as CaptureEvent[],
    ...preset,
  }) as unknown as FakeWindow;
  win.post = (data: unknown, source: unknown = win) => {
    win.dispatchEvent(new FakeMessageEvent('message', { data, source }));
  };
  return win;
}

export function install(win: FakeWindow): FakeWindow {
  installSdkDiscovery((ev) => win.events.push(ev), win);
  return win;
}

export function found(win: FakeWindow): Extract<CaptureEvent, { kind: 'sdk.found' }>[] {
  return win.events.filter((e): e is Extract<CaptureEvent, { kind: 'sdk.found' }> => e.kind === 'sdk.found');
}

export function sdkEvents(win: FakeWindow, name?: string): Extract<CaptureEvent, { kind: 'sdk.event' }>[] {
  return win.events.filter((e): e is Extract<CaptureEvent, { kind: 'sdk.event' }> => e.kind === 'sdk.event' && (name === undefined || e.name === name));
}

export const flushMicrotasks = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};
