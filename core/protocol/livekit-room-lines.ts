/**
 * The LiveKit rooms of the analysis (./livekit-room.ts) as lines of text, for the Overview's Rooms section
 * (ui/views/Rooms.tsx) and `rtc-devtools analyze`: what a developer checks first (who is in, what is published and subscribed, which peer
 * connection is which, how the reconnects went, why the room ended). Page-chosen names stay text.
 */
import type { LiveKitParticipant, LiveKitReconnect, LiveKitRoom, LiveKitTrack } from './livekit-room.js';

/** One line, at most `max` characters: page text can hold line breaks and anything else. */
function oneLine(s: string, max: number): string {
  const line = s.replace(/[\s\u0000-\u001f\u007f]+/g, ' ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export interface RoomView {
  id: string;
  title: string;
  facts: string[];
  local?: string;
  localTracks: string[];
  participants: { id: string; line: string; tracks: string[] }[];
  pcs: { role: 'publisher' | 'subscriber'; pcId: string }[];
  reconnects: string[];
  leave?: string;
}

const name = (s: string | undefined, max = 60) => JSON.stringify(oneLine(s ?? '', max));

export function trackLine(t: LiveKitTrack, remote: boolean): string {
  const parts = [`${t.kind} ${t.source}`];
  if (t.name) parts.push(name(t.name, 40));
  parts.push(t.sid ?? `cid ${t.cid ?? '?'}`);
  if (remote) {
    if (t.subscriptionError) parts.push(`subscription failed: ${t.subscriptionError}`);
    else if (t.subscribedT !== undefined) parts.push('subscribed');
    else if (t.subscribeRequested === false) parts.push('unsubscribed');
  } else parts.push(t.publishedT !== undefined ? 'published' : 'not published yet');
  if (t.unpublishedT !== undefined) parts.push('unpublished');
  if (t.muted) parts.push('muted');
  if (t.mutes.length) parts.push(`${t.mutes.length} mute change(s)`);
  return parts.join(' · ');
}

function who(p: LiveKitParticipant): string {
  const id = p.identity ? name(p.identity) : '(no identity)';
  return `${id}${p.sid ? ` (${p.sid})` : ''}`;
}

export function reconnectLine(ep: LiveKitReconnect, secs: (ms: number) => string): string {
  const how = ep.outcome === 'ongoing' ? 'reconnecting' : ep.outcome === 'gave-up' ? 'gave up' : ep.kind === 'resume' ? 'resumed' : ep.fellBack ? 'full reconnect after the resume failed' : 'full reconnect';
  const took = ep.durationMs !== undefined ? ` in ${secs(ep.durationMs)}` : '';
  const attempts = ep.attempts.map((a) => `${a.resume ? 'resume' : 'join'} after ${secs(a.delayMs)}${a.answer ? ` → ${a.answer}` : ''}`).join(', ');
  return `${how}${took} — ${oneLine(ep.cause, 120)}${attempts ? `; attempts: ${attempts}` : ''}`;
}

export function roomViews(rooms: readonly LiveKitRoom[], secs: (ms: number) => string): RoomView[] {
  return rooms.map((r) => {
    const facts: string[] = [r.state];
    facts.push(`${r.sdkName}${r.sdkVersion ? ' ' + r.sdkVersion : ''}${r.protocol ? ` (protocol ${r.protocol})` : ''}`);
    if (r.serverVersion) facts.push(`server ${r.serverVersion}${r.serverRegion ? ' ' + oneLine(r.serverRegion, 30) : ''}`);
    if (r.joinMs !== undefined) facts.push(`joined in ${secs(r.joinMs)}`);
    else if (r.state === 'joining') facts.push('no join answer yet');
    if (r.singlePeerConnection) facts.push('single peer connection');
    if (r.quality) facts.push(`connection quality ${r.quality.quality}`);
    if (r.tokenRefreshes) facts.push(`token refreshed ${r.tokenRefreshes}×`);
    const view: RoomView = {
      id: r.id,
      title: r.name !== undefined ? `Room ${name(r.name)}` : 'LiveKit room',
      facts,
      localTracks: (r.local?.tracks ?? []).map((t) => trackLine(t, false)),
      participants: r.participants.map((p) => ({
        id: p.sid,
        line: `${who(p)} · ${p.leftT !== undefined ? `left${p.disconnectReason ? ' (' + p.disconnectReason + ')' : ''}` : p.state}${p.quality ? ` · quality ${p.quality}` : ''}`,
        tracks: p.tracks.map((t) => trackLine(t, true)),
      })),
      pcs: [],
      reconnects: r.reconnects.map((ep) => reconnectLine(ep, secs)),
    };
    if (r.participantsDropped) view.participants.push({ id: 'dropped', line: `… and ${r.participantsDropped} more not kept`, tracks: [] });
    if (r.local) view.local = who(r.local);
    if (r.pcs.publisher) view.pcs.push({ role: 'publisher', pcId: r.pcs.publisher });
    if (r.pcs.subscriber) view.pcs.push({ role: 'subscriber', pcId: r.pcs.subscriber });
    if (r.leave) view.leave = `${r.leave.by === 'server' ? 'The server ended the session' : 'The client left'}: ${r.leave.reason}${r.leave.action && r.leave.action !== 'DISCONNECT' ? ` (${r.leave.action})` : ''}`;
    return view;
  });
}
