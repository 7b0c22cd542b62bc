// The real livekit-client (UMD build, global LivekitClient) joining a room on the fake LiveKit server
// (tests/support/servers/livekit.ts): publishes microphone and camera, shows what it subscribes to.
// Two peer connections (publisher, subscriber) on the `/rtc` path: singlePeerConnection off.
(() => {
  const { Room, RoomEvent } = window.LivekitClient;
  const params = new URLSearchParams(location.search);
  const host = params.get('host');
  const token = params.get('token');
  const $ = (id) => document.getElementById(id);
  const logEl = $('log');
  const log = (line) => {
    logEl.textContent += `${new Date().toISOString().slice(11, 23)} ${line}\n`;
  };
  const demo = { state: 'idle', events: [], published: [], subscribed: [], reconnects: 0, room: null };
  window.demo = demo;
  const event = (name) => {
    demo.events.push(name);
    log(name);
  };
  const setState = (s) => {
    demo.state = s;
    $('room-state').textContent = s;
  };

  function showParticipants(room) {
    const names = [...room.remoteParticipants.values()].map((p) => p.identity);
    $('participants').textContent = names.length ? names.join(', ') : 'none';
  }

  async function join() {
    const room = new Room({ singlePeerConnection: false, adaptiveStream: false, dynacast: false });
    demo.room = room;
    room
      .on(RoomEvent.Connected, () => event('connected'))
      .on(RoomEvent.Reconnecting, () => event('reconnecting'))
      .on(RoomEvent.SignalReconnecting, () => event('signal-reconnecting'))
      .on(RoomEvent.Reconnected, () => {
        demo.reconnects++;
        $('reconnects').textContent = String(demo.reconnects);
        event('reconnected');
        setState('connected');
      })
      .on(RoomEvent.Disconnected, (reason) => {
        event(`disconnected ${reason}`);
        setState('disconnected');
      })
      .on(RoomEvent.ParticipantConnected, (p) => {
        event(`participant-connected ${p.identity}`);
        showParticipants(room);
      })
      .on(RoomEvent.ParticipantDisconnected, (p) => {
        event(`participant-disconnected ${p.identity}`);
        showParticipants(room);
      })
      .on(RoomEvent.TrackSubscribed, (track, pub, p) => {
        demo.subscribed.push(`${p.identity}:${track.kind}:${pub.trackSid}`);
        $('subscribed').textContent = demo.subscribed.join(', ');
        event(`subscribed ${p.identity} ${track.kind}`);
        $('media').appendChild(track.attach());
      })
      .on(RoomEvent.LocalTrackPublished, (pub) => {
        demo.published.push(`${pub.kind}:${pub.trackSid}`);
        $('published').textContent = demo.published.join(', ');
        event(`published ${pub.kind}`);
      });
    setState('connecting');
    await room.connect(host, token, { autoSubscribe: true });
    setState('connected');
    showParticipants(room);
    await room.localParticipant.setMicrophoneEnabled(true);
    if (params.get('video') !== '0') await room.localParticipant.setCameraEnabled(true);
  }

  async function leave() {
    if (!demo.room) return;
    await demo.room.disconnect();
  }

  $('join').addEventListener('click', () => join().catch(fail));
  $('leave').addEventListener('click', () => leave().catch(fail));
  function fail(e) {
    const message = String((e && e.message) || e);
    $('error').textContent = message;
    log(`error: ${message}`);
  }
  if (host && token && params.get('autojoin') !== '0') join().catch(fail);
})();
