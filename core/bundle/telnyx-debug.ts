/**
 * Telnyx clients created with `debug: true` stream a debug report over the signaling socket as
 * frames without a JSON-RPC method: {type: "debug_report_start" | "debug_report_data" |
 * "debug_report_stop", debug_report_id, call_id?, data?}. The bundle keeps them reassembled per
 * report so support sees the SDK's own stats timeline next to ours.
 */
import type { Json } from '../capture/events.js';
import type { BundleSocket, BundleTelnyxDebugReport } from './types.js';

function parse(text: string): Record<string, Json> | undefined {
  // Cheap test first: most frames are not debug reports and parsing all of them is wasted work.
  if (!text.includes('debug_report_')) return undefined;
  try {
    const v = JSON.parse(text) as Json;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export function collectTelnyxDebugReports(sockets: readonly BundleSocket[]): BundleTelnyxDebugReport[] {
  const out: BundleTelnyxDebugReport[] = [];
  for (const s of sockets) {
    const byId = new Map<string, BundleTelnyxDebugReport>();
    for (const f of s.frames) {
      if (f.text === undefined) continue;
      const msg = parse(f.text);
      if (!msg || typeof msg.type !== 'string' || !msg.type.startsWith('debug_report_')) continue;
      const id = typeof msg.debug_report_id === 'string' ? msg.debug_report_id : String(msg.debug_report_id ?? '');
      let rep = byId.get(id);
      if (!rep) {
        rep = { socketId: s.id, reportId: id, entries: [] };
        byId.set(id, rep);
        out.push(rep);
      }
      if (typeof msg.call_id === 'string') rep.callId = msg.call_id;
      if (msg.type === 'debug_report_start') rep.startedAt = f.t;
      else if (msg.type === 'debug_report_stop') rep.stoppedAt = f.t;
      else if (msg.type === 'debug_report_data' && msg.data !== undefined) rep.entries.push(msg.data);
    }
  }
  return out;
}
