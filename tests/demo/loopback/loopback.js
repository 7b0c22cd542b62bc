// A plain two-connection loopback, the first thing a new user tries, in the mode the URL names:
//   sendonly  pc-1 sends audio only (addTransceiver sendonly), pc-2 answers and only receives
//   recvonly  the reverse: pc-1 offers to receive only, pc-2 answers sendonly with the microphone
//   oneway    both negotiate sendrecv, but pc-2 never adds a track: genuinely one-way media
//   replaced  both send, then pc-2's sender.replaceTrack(null) once connected: one-way from then on
//   late      both negotiate sendrecv, pc-2 adds its microphone only 5 s after connecting (late first media)
//   media     both send microphone and camera; window.loopback.conditions lets a test change what pc-1
//             sends mid-call the way an app or a user would (mute, a clipping input, setParameters)
// ?turn=<url>&user=&pass= relays both connections through that TURN server only (iceTransportPolicy relay).
// Descriptions are passed explicitly (as SDKs do) and non-trickle: each side waits for its ICE
// gathering, so no candidate is added before the description it belongs to.
(async () => {
  const mode = new URLSearchParams(location.search).get('mode') || 'sendonly';
  const stateEl = document.getElementById('state');
  const logEl = document.getElementById('log');
  document.getElementById('mode').textContent = mode;
  const log = (line) => (logEl.textContent += line + '\n');
  const q = new URLSearchParams(location.search);
  const config = q.get('turn')
    ? { iceServers: [{ urls: q.get('turn'), username: q.get('user') || '', credential: q.get('pass') || '' }], iceTransportPolicy: 'relay' }
    : {};
  const pc1 = new RTCPeerConnection(config);
  const pc2 = new RTCPeerConnection(config);
  // Received audio is played (muted, so autoplay allows it): the browser only counts playout, concealment
  // and jitter-buffer figures for audio something plays.
  for (const pc of [pc1, pc2]) {
    pc.addEventListener('track', (e) => {
      if (e.track.kind !== 'audio') return;
      const el = document.createElement('audio');
      el.muted = true;
      el.autoplay = true;
      el.srcObject = new MediaStream([e.track]);
      document.body.append(el);
    });
  }
  window.loopback = { pc1, pc2, mode };

  const gathered = (pc) =>
    pc.iceGatheringState === 'complete'
      ? Promise.resolve()
      : new Promise((res) => pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && res()));
  const describe = async (pc, desc) => {
    await pc.setLocalDescription(desc);
    await gathered(pc);
    return { type: pc.localDescription.type, sdp: pc.localDescription.sdp };
  };

  try {
    const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: mode === 'media' });
    const mic = media.getAudioTracks()[0];
    if (mode === 'media') {
      const cam = media.getVideoTracks()[0];
      pc1.addTrack(mic, media);
      pc1.addTrack(cam, media);
      window.loopback.conditions = conditionsOf(pc1, mic, cam);
    } else if (mode === 'sendonly') pc1.addTransceiver(mic, { direction: 'sendonly' });
    else if (mode === 'recvonly') pc1.addTransceiver('audio', { direction: 'recvonly' });
    else pc1.addTrack(mic, new MediaStream([mic]));

    const offer = await describe(pc1, await pc1.createOffer());
    await pc2.setRemoteDescription(offer);
    const t2 = pc2.getTransceivers()[0];
    if (mode === 'recvonly') {
      await t2.sender.replaceTrack(mic);
      t2.direction = 'sendonly';
    } else if (mode === 'replaced') {
      await t2.sender.replaceTrack(mic.clone());
      t2.direction = 'sendrecv';
    } else if (mode === 'media') {
      for (const t of pc2.getTransceivers()) {
        await t.sender.replaceTrack(t.receiver.track.kind === 'audio' ? mic.clone() : media.getVideoTracks()[0].clone());
        t.direction = 'sendrecv';
      }
    } else if (mode === 'oneway' || mode === 'late') {
      // Agrees to send but has nothing to send: the track is never added.
      t2.direction = 'sendrecv';
    }
    const answer = await describe(pc2, await pc2.createAnswer());
    await pc1.setRemoteDescription(answer);
    log('offer ' + /a=(sendrecv|sendonly|recvonly|inactive)/.exec(offer.sdp)[1] + ', answer ' + /a=(sendrecv|sendonly|recvonly|inactive)/.exec(answer.sdp)[1]);

    const connected = (pc) =>
      pc.connectionState === 'connected'
        ? Promise.resolve()
        : new Promise((res) => pc.addEventListener('connectionstatechange', () => pc.connectionState === 'connected' && res()));
    await Promise.all([connected(pc1), connected(pc2)]);
    if (mode === 'late') {
      setTimeout(() => {
        t2.sender.replaceTrack(mic.clone());
        log('pc-2 track added');
      }, 5000);
    }
    if (mode === 'replaced') {
      // Let both directions carry media first, so the finding is about the stop, not the start.
      const sent = async () => ((await pc2.getStats()).forEach((r) => r.type === 'outbound-rtp' && r.bytesSent > 0 && (window.loopback.sent = true)), window.loopback.sent);
      while (!(await sent())) await new Promise((r) => setTimeout(r, 200));
      await t2.sender.replaceTrack(null);
      log('pc-2 track replaced by null');
    }
    stateEl.textContent = 'connected';
  } catch (err) {
    stateEl.textContent = 'error';
    log(String(err && err.stack ? err.stack : err));
  }
})();

// What a test can change on pc-1's sending side, each as a page would do it.
function conditionsOf(pc, mic, cam) {
  const audioSender = pc.getSenders().find((s) => s.track === mic);
  let loud;
  return {
    // How apps and SDKs mute: the track stays, its samples become zeros.
    mute() { mic.enabled = false; },
    unmute() { mic.enabled = true; },
    // An input driven past full scale: a square wave with gain 4, clipped flat by the encoder's input range.
    async clip() {
      const ac = new AudioContext();
      const osc = ac.createOscillator();
      osc.type = 'square';
      osc.frequency.value = 220;
      const gain = ac.createGain();
      gain.gain.value = 4;
      const dst = ac.createMediaStreamDestination();
      osc.connect(gain).connect(dst);
      osc.start();
      loud = { ac, track: dst.stream.getAudioTracks()[0] };
      await audioSender.replaceTrack(loud.track);
    },
    async unclip() {
      await audioSender.replaceTrack(mic);
      if (loud) await loud.ac.close();
      loud = undefined;
    },
    // The sender's own encoding parameters: maxBitrate, maxFramerate, scaleResolutionDownBy.
    async video(encoding) {
      const s = pc.getSenders().find((x) => x.track === cam);
      const p = s.getParameters();
      p.encodings = p.encodings.map((e) => Object.assign({}, e, encoding));
      await s.setParameters(p);
    },
  };
}
