/**
 * P1: what the page hook costs a page's WebSocket traffic. 20,000 frames of about 230 bytes go
 * through a loopback echo, pipelined, in Chromium with the extension and without, alternating
 * rounds in the same run; the figure is µs per frame (send + echo received) and the ratio.
 * Beside it, for context, the same with a page that parses each reply as an SDK does, and where
 * the extension's CPU goes: one extra profiled round on each side, never used for the ratio.
 * P1r is the same figure for the in-app recorder: one Chromium without the extension, a page that
 * loaded the recorder's script-tag build and started it against a page that did not.
 */
import { startEchoServer } from '../../tests/support/rig/echo-server.js';
import type { Figure, FigureResult } from '../types.js';
import { median, startPair, type Pair } from './browser.js';
import type { Page } from '@playwright/test';
import { profileRound, type CpuSplit } from './cpu-profile.js';

// Runs in the page. Resolves with the elapsed ms from the first send to the last echo.
async function echoRun(args: { url: string; frames: number; size: number; parse?: boolean }): Promise<number> {
  const payload = JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'bench.echo', params: { pad: 'x'.repeat(Math.max(0, args.size - 60)) } });
  const ws = new WebSocket(args.url);
  await new Promise<void>((ok, fail) => {
    ws.onopen = () => ok();
    ws.onerror = () => fail(new Error('echo socket failed'));
  });
  let got = 0;
  const done = new Promise<void>((ok) => {
    ws.onmessage = args.parse
      ? (e: MessageEvent) => {
          // What an SDK does with each reply: parse it and look up the request it answers.
          const m = JSON.parse(e.data as string) as { id?: unknown; method?: unknown };
          if (m.method === 'bench.echo' && ++got === args.frames) ok();
        }
      : () => {
          if (++got === args.frames) ok();
        };
  });
  const t0 = performance.now();
  for (let i = 0; i < args.frames; i++) ws.send(payload);
  await done;
  const ms = performance.now() - t0;
  ws.close();
  return ms;
}

type Variant = 'extension' | 'recorder';

/** The measured side and its baseline: [with, without], and the context each runs in (for the profiler). */
async function sides(pair: Pair, variant: Variant): Promise<{ pages: [Page, Page]; contexts: [Pair['withExt']['context'], Pair['withExt']['context']] }> {
  if (variant === 'extension') {
    const pages: [Page, Page] = [await pair.withExt.context.newPage(), await pair.without.context.newPage()];
    await Promise.all(pages.map((p) => p.goto(`${pair.http.url}/bench`)));
    return { pages, contexts: [pair.withExt.context, pair.without.context] };
  }
  // Both in the browser without the extension; one page recording, one not.
  const pages: [Page, Page] = [await pair.without.context.newPage(), await pair.without.context.newPage()];
  await pages[0].goto(`${pair.http.url}/bench-recorder`);
  await pages[1].goto(`${pair.http.url}/bench`);
  return { pages, contexts: [pair.without.context, pair.without.context] };
}

function p1Figure(variant: Variant): Figure {
  const id = variant === 'extension' ? 'P1' : 'P1r';
  const side = variant === 'extension' ? 'extension' : 'recorder';
  return {
  id,
  title: variant === 'extension' ? 'Page overhead on WebSocket traffic (echo, µs per frame)' : 'Page overhead of the in-app recorder on WebSocket traffic (echo, µs per frame)',
  async run({ smoke }) {
    const frames = smoke ? 300 : 20_000;
    // Paired rounds: each pair runs both browsers back to back (order alternating), so the machine's
    // drift hits both sides of a pair alike; the figure is the median of the per-pair ratios.
    const rounds = smoke ? 1 : 9;
    const size = 230;
    const echo = await startEchoServer();
    const pair = await startPair();
    try {
      const { pages, contexts } = await sides(pair, variant);
      // Warm-up round for both (JIT, socket set-up), not counted.
      for (const p of pages) await p.evaluate(echoRun, { url: echo.url, frames: Math.min(frames, 2000), size });
      const measure = async (n: number, parse: boolean) => {
        const timesWith: number[] = [];
        const timesWithout: number[] = [];
        const pairRatios: number[] = [];
        for (let r = 0; r < n; r++) {
          // Alternate which goes first so drift on the machine hits both sides alike.
          const order = r % 2 ? [1, 0] : [0, 1];
          for (const i of order) {
            const ms = await pages[i]!.evaluate(echoRun, { url: echo.url, frames, size, parse });
            (i === 0 ? timesWith : timesWithout).push((ms * 1000) / frames);
          }
          pairRatios.push(timesWith.at(-1)! / timesWithout.at(-1)!);
        }
        return { usWith: median(timesWith), usWithout: median(timesWithout), ratio: median(pairRatios), pairRatios };
      };
      const { usWith, usWithout, ratio, pairRatios } = await measure(rounds, false);
      const sdkRounds = smoke ? 1 : 5;
      const sdk = await measure(sdkRounds, true);
      // Profiled last and one side at a time: the profiler's own cost must not reach the ratio.
      const profWith = await profileRound(contexts[0], pages[0]!, () => pages[0]!.evaluate(echoRun, { url: echo.url, frames, size }));
      const profWithout = await profileRound(contexts[1], pages[1]!, () => pages[1]!.evaluate(echoRun, { url: echo.url, frames, size }));
      const cpuPerK = (split: CpuSplit, bucket: string) => ((split[bucket] ?? 0) * 1000) / frames;
      const values: FigureResult['values'] = {
        frames,
        bytesPerFrame: size,
        rounds,
        [`µs/frame with ${side}`]: usWith,
        'µs/frame without': usWithout,
        'pair ratios (sorted)': [...pairRatios].sort((a, b) => a - b).map((r) => Math.round(r * 1000) / 1000).join(' '),
        [`page parsing each reply: µs/frame with ${side}`]: sdk.usWith,
        'page parsing each reply: µs/frame without': sdk.usWithout,
        [`page parsing each reply: ratio (${sdkRounds} pairs)`]: sdk.ratio,
        'CPU ms per 1k frames: page busy without': cpuPerK(profWithout.page, 'busy'),
        [`CPU ms per 1k frames: page busy with ${side}`]: cpuPerK(profWith.page, 'busy'),
      };
      if (variant === 'extension') {
        values['CPU ms per 1k frames: page, hook.js'] = cpuPerK(profWith.page, 'hook.js');
        values['CPU ms per 1k frames: page, postMessage natives (port → worker; the window hop is ~0.2)'] = cpuPerK(profWith.page, 'postMessage');
        values['CPU ms per 1k frames: page, bridge.js'] = cpuPerK(profWith.page, 'bridge.js');
        values['CPU ms per 1k frames: service worker busy'] = profWith.worker ? cpuPerK(profWith.worker, 'busy') : 'not profiled';
      } else {
        values['CPU ms per 1k frames: page, rtc-devtools-recorder.js'] = cpuPerK(profWith.page, 'rtc-devtools-recorder.js');
      }
      return {
        id,
        title: this.title,
        values,
        ratio,
        target: '≤ 1.10×',
        met: ratio <= 1.1,
        notes: [
          'ratio: median over paired rounds of (with / without), order alternating; each frame is one send plus its echo received',
          'the target is on the bare echo; "page parsing each reply" is context: an SDK-like page that JSON.parses every reply',
          ...(variant === 'recorder' ? ['recorder: both pages in one Chromium without the extension; the recording page loaded dist/recorder/rtc-devtools-recorder.js and called RtcDevtoolsRecorder.start() (default 64 MiB cap: later rounds run with the cap full, dropping and counting)'] : []),
          'CPU split: one extra round per side under V8\'s sampling profiler (self time; the browser process relaying port messages is not profiled)',
        ],
      };
    } finally {
      await pair.close();
      await echo.close();
    }
  },
  };
}

export const p1 = p1Figure('extension');
/** The recorder keeps every event in the page (parsed into its store on each flush): the same figure, for it. */
export const p1r = p1Figure('recorder');
