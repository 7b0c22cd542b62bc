/**
 * Whether the live clock changes anything on screen. The panel ticks every second so waits grow
 * ("no reply for 9.2 s"), calls in progress count up and open connections' strips reach "now"; a
 * capture where everything has ended shows nothing new on a tick, and re-rendering it every second
 * anyway cost a page with 30,000 closed sockets most of the main thread.
 */
import type { CaptureModel } from '../../core/capture/model.js';
import type { PanelAnalysis } from './analysis-types.js';

type ClockInputs = Pick<PanelAnalysis, 'pending' | 'calls' | 'connections'>;

/**
 * True while something shown depends on the time: a request waits for its reply, a call has not
 * ended, a connection session has not ended (a reconnect window may still run out), or a socket or
 * peer connection is still open. These are also the only things a tick can change in the analysis
 * (time-outs, reconnect give-ups, missed pings, unanswered invites, ICE that never connects).
 */
export function movesWithClock(model: CaptureModel, analysis: ClockInputs): boolean {
  if (analysis.pending.length > 0) return true;
  for (const c of analysis.calls) if (!c.hangup) return true;
  for (const s of analysis.connections) if (s.state !== 'disconnected') return true;
  for (const s of model.sockets.values()) if (s.closedAt === undefined) return true;
  for (const pc of model.peerConnections.values()) if (pc.closedAt === undefined) return true;
  return false;
}
