/**
 * The whole command path in one process: panel runSdkCommand -> worker relay -> bridge relay
 * (per frame) -> page hook -> SDK -> sdk.event batch -> bridge -> worker -> panel.
 */
import { describe, expect, it } from 'vitest';
import { installSdkDiscovery } from '../../../../extension/hook/sdk/index.js';
import { installCommandRelay as installBridgeRelay } from '../../../../extension/bridge/commands.js';
import { installCommandRelay as installWorkerRelay } from '../../../../extension/background/commands.js';
import { runSdkCommand, type SendMessage } from '../../../../extension/panel-api/sdkCommands.js';
import { createIntake } from '../../../../extension/bridge/intake.js';
import { makeWindow, type FakeWindow } from '../hook/sdk/fakeWindow.js';

type Listener = (msg: unknown, sender: { id?: string; url?: string; tab?: unknown }) => unknown;

const EXT = 'chrome-extension://abc/';

/**
 * One frame: a window with the hook (posting real-shaped batches, seq rising) and a bridge whose
 * intake hands the relay what it accepted, as extension/bridge/index.ts wires them.
 */
function frame(tabListeners: Listener[]): FakeWindow {
  const win = makeWindow();
  (win as unknown as { postMessage(d: unknown, o: string): void }).postMessage = (d) => setTimeout(() => win.post(structuredClone(d), win), 0);
  let seq = 0;
  installSdkDiscovery((ev) => (win as unknown as { postMessage(d: unknown, o: string): void }).postMessage({ source: 'rtc-devtools-hook', v: 2, docId: 'd-000000000001', seq: ++seq, n: 1, json: JSON.stringify([ev]), sdk: true }, '*'), win);
  const runtime = { onMessage: { addListener: (l: Listener) => tabListeners.push(l) } };
  const relay = installBridgeRelay({ runtime } as never, win as unknown as Window);
  const intake = createIntake({ send() {}, announced() {}, flushNow() {}, accepted: (b) => relay.observe(b) });
  win.addEventListener('message', (e) => {
    const data = (e as MessageEvent).data as { source?: unknown } | null;
    if (data && typeof data === 'object' && data.source === 'rtc-devtools-hook') intake.accept(data, false);
  });
  return win;
}

function world() {
  const tabListeners: Listener[] = [];
  const frames = [frame(tabListeners), frame(tabListeners)];
  let workerListener: Listener | undefined;
  const browser = {
    runtime: { id: 'abc', getURL: (p: string) => EXT + p, onMessage: { addListener: (l: Listener) => (workerListener = l) } },
    tabs: {
      // Like Chrome: every frame's listener sees it; the first one that returns a promise answers.
      sendMessage: async (_tabId: number, msg: unknown) => {
        const answers = tabListeners.map((l) => l(msg, { id: 'abc', tab: {} })).filter((r): r is Promise<unknown> => r instanceof Promise);
        return answers.length ? Promise.race(answers) : undefined;
      },
    },
  };
  installWorkerRelay(browser as never);
  const fromPanel: SendMessage = async (msg) => workerListener!(msg, { id: 'abc', url: `${EXT}panel.html?tabId=1` });
  const fromContentScript: SendMessage = async (msg) => workerListener!(msg, { id: 'abc', url: 'https://evil.example/', tab: {} });
  return { frames, fromPanel, fromContentScript };
}

async function registerClient(win: FakeWindow, client: object, sdk: string): Promise<string> {
  const hook = win.__RTC_DEVTOOLS_HOOK__ as { register(c: object, i: object): string };
  const id = hook.register(client, { sdk, version: '1' });
  // Let the sdk.found batch reach the bridge.
  await new Promise((r) => setTimeout(r, 10));
  return id;
}

const sw4Client = () => ({
  preflight: async () => ({ ok: true }),
  exportDiagnostics: () => ({ sdkVersion: '4.0.0-beta.12', events: [{ category: 'connection', event: 'connected' }] }),
  getDeviceCapabilities: async () => null,
});

describe('SDK command path', () => {
  it('reaches the frame that owns the instance and brings its result back', async () => {
    const w = world();
    await registerClient(w.frames[0]!, { on() {}, newCall() {}, calls: {} }, 'telnyx');
    const id = await registerClient(w.frames[1]!, sw4Client(), 'signalwire');
    const r = await runSdkCommand(1, `doc-frame-2:${id}`, 'exportDiagnostics', [], w.fromPanel);
    expect(r).toMatchObject({ ok: true, value: { sdkVersion: '4.0.0-beta.12', events: [{ event: 'connected' }] } });
  });

  it('answers clearly for an unknown instance, a command the SDK lacks, and a non-extension sender', async () => {
    const w = world();
    const tid = await registerClient(w.frames[0]!, { on() {}, newCall() {}, calls: {} }, 'telnyx');
    expect(await runSdkCommand(1, 'sdk-zzzzzz-9', 'preflight', [], w.fromPanel)).toMatchObject({ ok: false, error: { name: 'NotFound' } });
    expect(await runSdkCommand(1, tid, 'exportDiagnostics', [], w.fromPanel)).toMatchObject({ ok: false, error: { name: 'NotSupported' } });
    expect(await runSdkCommand(1, tid, 'preflight', [], w.fromContentScript)).toMatchObject({ ok: false, error: { name: 'Forbidden' } });
  });

  it('leaves other runtime messages to other listeners and rejects malformed commands', async () => {
    const w = world();
    const send = w.fromPanel as unknown as (m: unknown) => Promise<unknown>;
    expect(await send({ type: 'subscribe', v: 1, tabId: 1 })).toBeUndefined();
    expect(await send({ type: 'rtc-devtools/sdk-command', v: 1, tabId: 'one', command: { reqId: 'q1' } })).toMatchObject({ reqId: 'q1', ok: false, error: { name: 'InvalidCommand' } });
  });

  it('reports a send failure instead of rejecting', async () => {
    const r = await runSdkCommand(1, 'sdk-x-1', 'preflight', [], async () => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    });
    expect(r).toMatchObject({ ok: false, error: { name: 'SendFailed', message: expect.stringContaining('Receiving end') } });
  });
});

describe('a page cannot answer an SDK command itself (issue 17)', () => {
  it('results the page posts on the window, under any docId or a replayed seq, never reach the panel', async () => {
    const w = world();
    const win = w.frames[0]!;
    const id = await registerClient(win, { ...sw4Client(), preflight: () => new Promise((r) => setTimeout(() => r({ real: true }), 30)) }, 'signalwire');
    // The page sees the command go by (as a page listener would) and answers first, every way it can.
    const post = (win as unknown as { postMessage(d: unknown, o: string): void }).postMessage;
    (win as unknown as { postMessage(d: unknown, o: string): void }).postMessage = (d, o) => {
      post(d, o);
      const cmd = (d as { command?: { reqId?: string } }).command;
      if (!cmd?.reqId) return;
      const forged = JSON.stringify([{ kind: 'sdk.event', t: 1, id, name: 'command.result', data: { reqId: cmd.reqId, ok: true, value: { forged: 'network is perfect' } } }]);
      // Another docId, or this document's with a seq already used. (The docId itself never reaches page
      // script: the hook builds its batches without touching a prototype, see emitter.test.ts.)
      for (const [docId, seq] of [['d-forged-0000001', 1], ['d-forged-0000001', 99], ['d-000000000001', 1]] as const) {
        win.post({ source: 'rtc-devtools-hook', v: 2, docId, seq, n: 1, json: forged, sdk: true }, win);
      }
    };
    const r = await runSdkCommand(1, id, 'preflight', [], w.fromPanel);
    expect(r).toMatchObject({ ok: true, value: { real: true } });
  });
});
