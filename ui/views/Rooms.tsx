/** The Overview's Rooms section: each LiveKit room in a few lines (core/protocol/livekit-room-lines.ts). */
import type { LiveKitRoom } from '../../core/protocol/types.js';
import { MoreLine, useCapped } from '../components/CappedList.js';
import { secs } from '../../core/findings/format.js';
import { roomViews, type RoomView } from '../../core/protocol/livekit-room-lines.js';

function RoomCard(props: { room: RoomView; toMedia?: (pcId: string) => void }) {
  const { room } = props;
  // A page decides how many participants there are: the first rows and a "… N more" line.
  const people = useCapped(room.participants);
  return (
    <article class="room-card" aria-label={room.title}>
      <h3>{room.title}</h3>
      <p class="room-facts">{room.facts.join(' · ')}</p>
      <dl>
        <dt>You</dt>
        <dd>
          {room.local ?? 'not joined'}
          {room.localTracks.length > 0 && (
            <ul class="room-tracks">
              {room.localTracks.map((t, i) => (
                <li key={i}>{t}</li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Participants</dt>
        <dd>
          {room.participants.length === 0 ? (
            'nobody else'
          ) : (
            <ul class="room-participants">
              {people.shown.map((p) => (
                <li key={p.id}>
                  {p.line}
                  {p.tracks.length > 0 && (
                    <ul class="room-tracks">
                      {p.tracks.map((t, i) => (
                        <li key={i}>{t}</li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
              <MoreLine list={people} noun="participants" as="li" />
            </ul>
          )}
        </dd>
        <dt>Peer connections</dt>
        <dd class="room-pcs">
          {room.pcs.length === 0
            ? 'not linked yet'
            : room.pcs.map((p, i) => (
                <span key={p.role}>
                  {i > 0 && ' · '}
                  {`${p.role} `}
                  {props.toMedia ? (
                    <button type="button" class="link" onClick={() => props.toMedia!(p.pcId)}>
                      {p.pcId}
                    </button>
                  ) : (
                    p.pcId
                  )}
                </span>
              ))}
        </dd>
        <dt>Reconnects</dt>
        <dd>
          {room.reconnects.length === 0 ? (
            'none'
          ) : (
            <ol class="room-reconnects">
              {room.reconnects.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ol>
          )}
        </dd>
        {room.leave && (
          <>
            <dt>Left</dt>
            <dd class="room-leave">{room.leave}</dd>
          </>
        )}
      </dl>
    </article>
  );
}

export function Rooms(props: { rooms: readonly LiveKitRoom[]; toMedia?: (pcId: string) => void }) {
  const views = roomViews(props.rooms, secs);
  const list = useCapped(views);
  return (
    <div class="rooms">
      {list.shown.map((r) => (
        <RoomCard key={r.id} room={r} toMedia={props.toMedia} />
      ))}
      <MoreLine list={list} noun="rooms" />
    </div>
  );
}
