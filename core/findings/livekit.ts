/**
 * What LiveKit's own signaling says went wrong, in its terms (the room model, core/protocol/livekit-room.ts,
 * tells these as `livekit` signals): a join the server never answered, a resume that ended in a full
 * reconnect, a subscriber peer connection that never connected, a server `leave`, and the server rating a
 * participant's connection poor. Thresholds and sources: docs/findings.md.
 */
import type { LiveKitEvent } from '../protocol/livekit-room.js';
import type { FindingEvidence } from '../protocol/types.js';
import { secs } from './format.js';
import type { Rule } from './types.js';

/** Server leave reasons that are the room ending or the app's own server call, not a fault: info, not a warning. */
const EXPECTED_LEAVES = new Set(['ROOM_DELETED', 'ROOM_CLOSED', 'PARTICIPANT_REMOVED', 'CLIENT_INITIATED']);

const LEAVE_ADVICE: Record<string, string> = {
  DUPLICATE_IDENTITY: 'Another client joined the room with the same identity and the server removed this one. Give each client its own identity in the access token.',
  PARTICIPANT_REMOVED: 'A server API call (RemoveParticipant) removed this participant: check the app backend or moderation.',
  ROOM_DELETED: 'The room was deleted (DeleteRoom API, or it ended) while this participant was in it.',
  ROOM_CLOSED: 'The room closed (its departure or empty timeout ran out).',
  SERVER_SHUTDOWN: 'The LiveKit server shut down or restarted. Self-hosted: check its deploy and drain settings; the client does not rejoin by itself on this action.',
  JOIN_FAILURE: 'The server could not complete the join. The server logs for this room and participant say why.',
  SIGNAL_CLOSE: 'The server closed the signal connection. Check the server logs and any proxy between client and server.',
  STATE_MISMATCH: 'The server and client disagreed about the session (for example after a resume to a node that lost it).',
  MIGRATION: 'The server moved the room to another node.',
  CONNECTION_TIMEOUT: 'The server stopped hearing this client (no ping within its ping timeout).',
  MEDIA_FAILURE: 'Media could not be established for this participant: ICE/DTLS to the server failed. Check firewalls, UDP and TURN/TLS reachability.',
  USER_UNAVAILABLE: 'The SIP callee was unavailable.',
  USER_REJECTED: 'The SIP callee rejected the call.',
  SIP_TRUNK_FAILURE: 'The SIP trunk failed; check the trunk configuration.',
  AGENT_ERROR: 'An agent in the room failed.',
};

export function createLiveKitRule(): Rule {
  return {
    id: 'livekit',
    on(s, ctx) {
      if (s.type !== 'livekit') return;
      const e: LiveKitEvent = s.event;
      const room = e.room.name ? `room "${e.room.name}"` : 'the LiveKit room';
      switch (e.what) {
        case 'join-unanswered': {
          const evidence: FindingEvidence[] = [{ kind: 'event', socketId: e.socketId, t: e.openedT ?? e.t }];
          ctx.emit(
            {
              rule: 'livekit-join-unanswered',
              severity: 'error',
              t: e.t,
              message: e.closed
                ? `LiveKit never answered the join on ${e.socketId}: the signal connection opened and closed ${secs(e.t - (e.openedT ?? e.t))} later (${e.closed.code}${e.closed.reason ? ' ' + e.closed.reason : ''}) without a join response`
                : `LiveKit never answered the join on ${e.socketId}: no join response ${secs(e.t - (e.openedT ?? e.t))} after the signal connection opened (livekit-client gives up after ${secs(5000)})`,
              advice:
                'The server accepted the WebSocket but sent no JoinResponse. Check that the URL points at a LiveKit server (not a proxy that accepts WebSockets), ' +
                'that the access token is valid for this room (the client then asks /rtc/validate for the reason), and the server logs for this room.',
              evidence,
            },
            `lk-join:${e.socketId}`,
          );
          return;
        }
        case 'resume-fell-back': {
          const ep = e.episode;
          ctx.emit(
            {
              rule: 'livekit-resume-fell-back',
              severity: 'warning',
              t: e.t,
              message: `The LiveKit session could not be resumed after a drop: the client rejoined ${room} as a new participant ${secs(e.t - ep.startT)} after it (${ep.attempts.length} attempt(s))`,
              advice:
                'A resume keeps the participant, its tracks and subscriptions; a full reconnect republishes every track and resubscribes, which others see as leaving and joining. ' +
                'Resumes fail when the server lost the session (node restart, a drop longer than its resume window) or the peer connections did not reconnect (ICE through a firewall or TURN).',
              evidence: [{ kind: 'frame', socketId: ep.attempts[ep.attempts.length - 1]?.socketId, index: e.index, t: e.t }],
            },
            `lk-fellback:${e.room.id}:${ep.startT}`,
          );
          return;
        }
        case 'subscriber-not-connected':
          ctx.emit(
            {
              rule: 'livekit-subscriber-not-connected',
              severity: 'error',
              t: e.t,
              message: `The subscriber peer connection ${e.pcId} of ${room} has not connected ${secs(e.t - e.since)} after the server's offer: nothing from the other participants can be received`,
              advice:
                'The server offered and the client answered, but ICE to the LiveKit server never succeeded on this connection. Check UDP to the server ports (default 50000-60000), ' +
                'TURN/TLS on 443 for restrictive networks, and that the server announces a reachable IP (rtc.use_external_ip / node_ip).',
              evidence: [{ kind: 'event', pcId: e.pcId, t: e.since }],
            },
            `lk-sub:${e.pcId}`,
          );
          return;
        case 'server-leave': {
          const l = e.leave;
          const expected = EXPECTED_LEAVES.has(l.reason);
          ctx.emit(
            {
              rule: 'livekit-server-leave',
              severity: expected ? 'info' : 'warning',
              t: e.t,
              message: `The LiveKit server ended this participant's session in ${room}: leave, reason ${l.reason}${l.canReconnect ? ' (the client may reconnect)' : ''}`,
              advice: LEAVE_ADVICE[l.reason] ?? 'The server sent leave with action DISCONNECT: the client leaves the room and does not reconnect by itself. The server logs for this participant say why.',
              evidence: [{ kind: 'frame', socketId: e.socketId, index: l.index, t: l.t }],
            },
            `lk-leave:${e.room.id}:${l.index}`,
          );
          return;
        }
        case 'quality-poor': {
          const p = e.participant;
          const name = e.local ? 'this participant' : `participant "${p.identity || p.sid}"`;
          ctx.emit(
            {
              rule: 'livekit-quality-poor',
              severity: 'warning',
              t: e.t,
              message: `The LiveKit server rates the connection of ${name} ${e.quality}${e.score ? ` (score ${e.score.toFixed(1)})` : ''} in ${room}`,
              advice: e.local
                ? 'The server sees loss, jitter or a low bitrate on what this client sends or receives. Check the network (Wi-Fi, VPN, uplink) and the Media view; the server lowers video layers to cope.'
                : 'That participant\'s own network is poor as the server sees it: what you receive from them may freeze or drop, whatever your connection.',
              evidence: [{ kind: 'frame', socketId: e.socketId, index: e.index, t: e.t }],
            },
            `lk-quality:${e.room.id}:${p.sid}`,
          );
          return;
        }
      }
    },
  };
}
