/**
 * "Ask the SDK before export": every bundle export (the panel's button, the in-app recorder, the
 * Playwright fixture, the MCP server) asks each SDK client that offers its own exportDiagnostics()
 * for it, with a time-out, and puts the answers in the bundle's sdkDiagnostics[]. A client that
 * throws or never answers leaves a note in its place; the export goes on either way.
 */
import type { CaptureEvent, Json, SdkEvent, SdkFound, StoredEvent } from '../capture/events.js';
import { deriveSdkState } from './summary.js';

/** How long an export waits for one SDK's diagnostics: short, a user is waiting for the file. */
export const EXPORT_DIAGNOSTICS_TIMEOUT_MS = 8_000;

export interface DiagnosticsTarget {
  /** The sdk.found id the command goes to. */
  id: string;
  /** The hook's SDK name ('signalwire'). */
  sdk: string;
}

/** What the bundle's sdkDiagnostics[] takes (core/bundle/build.ts). */
export interface SdkDiagnosticsEntry {
  sdk: string;
  t: number;
  /** The SDK's own output; on failure `{ note, error }`. */
  data: Json;
}

/** What one exportDiagnostics() run came back with (the SDK command result's shape). */
export interface DiagnosticsAnswer {
  ok: boolean;
  value?: unknown;
  error?: { name?: string; message?: string };
}

/** The clients in a capture that offer exportDiagnostics() and are not destroyed, in the order found. */
export function diagnosticsTargets(events: readonly (CaptureEvent | StoredEvent)[]): DiagnosticsTarget[] {
  const found: SdkFound[] = [];
  const sdkEvents: SdkEvent[] = [];
  for (const e of events) {
    if (e.kind === 'sdk.found') found.push(e);
    else if (e.kind === 'sdk.event') sdkEvents.push(e);
  }
  const out: DiagnosticsTarget[] = [];
  for (const f of found) {
    const s = deriveSdkState(f, sdkEvents);
    if (!s.library && !s.destroyed && s.commands.includes('exportDiagnostics') && !out.some((t) => t.id === f.id)) out.push({ id: f.id, sdk: f.sdk });
  }
  return out;
}

function noteFor(target: DiagnosticsTarget, why: string, error?: { name?: string; message?: string }): Json {
  const note = `${target.sdk} exportDiagnostics() ${why}; the bundle was exported without it.`;
  return error ? { note, error: { name: String(error.name ?? 'Error'), message: String(error.message ?? '') } } : { note };
}

/**
 * Runs `run(target)` for every target at once, each bounded by `timeoutMs` (a hung SDK never
 * holds the export), and returns one entry per target. Never rejects.
 */
export async function collectSdkDiagnostics(
  targets: readonly DiagnosticsTarget[],
  run: (target: DiagnosticsTarget) => Promise<DiagnosticsAnswer>,
  opts: { timeoutMs?: number; now?: () => number } = {},
): Promise<SdkDiagnosticsEntry[]> {
  const timeoutMs = opts.timeoutMs ?? EXPORT_DIAGNOSTICS_TIMEOUT_MS;
  const now = opts.now ?? Date.now;
  return Promise.all(
    targets.map(async (target): Promise<SdkDiagnosticsEntry> => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), timeoutMs);
      });
      try {
        const answer = await Promise.race([run(target), late]);
        if (answer === 'late') return { sdk: target.sdk, t: now(), data: noteFor(target, `gave no answer in ${timeoutMs / 1000} s`) };
        if (answer.ok) return { sdk: target.sdk, t: now(), data: (answer.value ?? null) as Json };
        return { sdk: target.sdk, t: now(), data: noteFor(target, 'failed', answer.error) };
      } catch (e) {
        return { sdk: target.sdk, t: now(), data: noteFor(target, 'failed', { name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e) }) };
      } finally {
        if (timer !== undefined) clearTimeout(timer);
      }
    }),
  );
}
