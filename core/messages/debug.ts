/**
 * Extension page -> service worker introspection (extension/background/debug.ts): which tabs show a
 * URL, and a ping that wakes the worker. Read by type alone (not versioned); the worker answers only
 * the extension's own pages, and checks each field it uses.
 */
import { DEBUG_MESSAGE } from './versions.js';

export type DebugMessage = { type: typeof DEBUG_MESSAGE; op: 'ping' } | { type: typeof DEBUG_MESSAGE; op: 'tabsWithUrl'; url: string };

/** A debug request, or undefined for any other runtime message (left to other listeners). */
export function parseDebugMessage(raw: unknown): DebugMessage | undefined {
  const m = raw as { type?: unknown; op?: unknown; url?: unknown } | null;
  if (!m || m.type !== DEBUG_MESSAGE) return undefined;
  if (m.op === 'ping') return { type: DEBUG_MESSAGE, op: 'ping' };
  if (m.op === 'tabsWithUrl' && typeof m.url === 'string') return { type: DEBUG_MESSAGE, op: 'tabsWithUrl', url: m.url };
  return undefined;
}
