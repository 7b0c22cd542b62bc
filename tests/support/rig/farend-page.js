// The far end of every fake call: answers offers relayed by a fake signaling server with a real
// RTCPeerConnection and fake media. Non-trickle on purpose: the answer carries every candidate,
// so fake servers need no candidate relaying. Protocol is documented in farend.ts.
(() => {
  const params = new URLSearchParams(location.search);
  const hubUrl = params.get('hub');
  const statusEl = document.getElementById('status');
  const logEl = document.getElementById('log');
  document.getElementById('hub').textContent = hubUrl || '(none)';

  /** callId -> { pc, stream, applied } */
  const calls = new Map();
  // Trickled candidates can arrive before the offer they belong to (servers forward them at once
  // but send the offer only when the call is answered): held here until a remote description exists.
  const early = new Map();
  const farend = { connected: false, calls, errors: [] };
  window.farend = farend;

  function log(line) {
    logEl.textContent += `${new Date().toISOString().slice(11, 23)} ${line}\n`;
  }
  function setStatus(s) {
    statusEl.textContent = s;
  }

  if (!hubUrl) {
    setStatus('no hub url');
    return;
  }
  const ws = new WebSocket(hubUrl);
  const send = (msg) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
  };
  ws.onopen = () => {
    farend.connected = true;
    setStatus('connected');
    send({ type: 'hello', userAgent: navigator.userAgent });
  };
  ws.onclose = () => {
    farend.connected = false;
    setStatus('hub closed');
    for (const id of [...calls.keys()]) closeCall(id);
  };
  ws.onmessage = (ev) => {
    let msg;
    try {
      msg = JSON.parse(ev.data);
    } catch {
      return;
    }
    if (msg.type === 'offer') onOffer(msg).catch((e) => fail(msg.callId, e));
    else if (msg.type === 'make-offer') makeOffer(msg).catch((e) => fail(msg.callId, e));
    else if (msg.type === 'remote-answer') onRemoteAnswer(msg).catch((e) => fail(msg.callId, e));
    else if (msg.type === 'candidate') onCandidate(msg).catch((e) => log(`candidate ${msg.callId}: ${e}`));
    else if (msg.type === 'hangup') closeCall(msg.callId);
  };

  function fail(callId, e) {
    const message = String((e && e.message) || e);
    farend.errors.push({ callId, message });
    log(`error ${callId}: ${message}`);
    send({ type: 'error', callId, message });
  }

  function gatheringComplete(pc, timeoutMs) {
    if (pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        if (pc.iceGatheringState !== 'complete') return;
        pc.removeEventListener('icegatheringstatechange', done);
        clearTimeout(timer);
        resolve();
      };
      // A relay-only config can stall gathering; answer with what we have rather than never.
      const timer = setTimeout(() => {
        pc.removeEventListener('icegatheringstatechange', done);
        resolve();
      }, timeoutMs);
      pc.addEventListener('icegatheringstatechange', done);
    });
  }

  function newCall(callId, iceServers) {
    const pc = new RTCPeerConnection({ iceServers: iceServers || [] });
    const call = { pc, stream: null, applied: 0 };
    calls.set(callId, call);
    pc.addEventListener('connectionstatechange', () => {
      log(`${callId} ${pc.connectionState}`);
      send({ type: 'state', callId, connectionState: pc.connectionState });
    });
    return call;
  }

  // The far end calls out (inbound call to the SDK, or a server re-attach): it makes the offer.
  async function makeOffer(msg) {
    const { callId } = msg;
    closeCall(callId);
    const call = newCall(callId, msg.iceServers);
    call.stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: !!msg.video });
    for (const track of call.stream.getTracks()) call.pc.addTrack(track, call.stream);
    await call.pc.setLocalDescription(await call.pc.createOffer());
    await gatheringComplete(call.pc, 5000);
    log(`${callId} offered`);
    send({ type: 'local-offer', callId, sdp: call.pc.localDescription.sdp });
  }

  async function onRemoteAnswer(msg) {
    const call = calls.get(msg.callId);
    if (!call) throw new Error('no such call');
    await call.pc.setRemoteDescription({ type: 'answer', sdp: msg.sdp });
    await flushEarly(msg.callId, call);
  }

  async function onCandidate(msg) {
    const call = calls.get(msg.callId);
    if (!call || !call.pc.remoteDescription) {
      const list = early.get(msg.callId) || [];
      list.push(msg.candidate);
      early.set(msg.callId, list);
      return;
    }
    await call.pc.addIceCandidate(msg.candidate || null);
    call.applied++;
  }

  async function flushEarly(callId, call) {
    const list = early.get(callId) || [];
    early.delete(callId);
    for (const c of list) {
      try {
        await call.pc.addIceCandidate(c || null);
        call.applied++;
      } catch (e) {
        log(`early candidate ${callId}: ${e}`);
      }
    }
  }

  async function onOffer(msg) {
    const { callId, sdp } = msg;
    const call = calls.get(callId) || newCall(callId, msg.iceServers);
    const { pc } = call;
    await pc.setRemoteDescription({ type: 'offer', sdp });
    await flushEarly(callId, call);
    if (!call.stream) {
      const wantVideo = /\nm=video /.test(sdp);
      call.stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: wantVideo });
      // Added after the remote offer so each track lands on the transceiver the offer created.
      for (const track of call.stream.getTracks()) pc.addTrack(track, call.stream);
    }
    await pc.setLocalDescription(await pc.createAnswer());
    await gatheringComplete(pc, 5000);
    log(`${callId} answered`);
    send({ type: 'answer', callId, sdp: pc.localDescription.sdp });
  }

  function closeCall(callId) {
    const call = calls.get(callId);
    if (!call) return;
    calls.delete(callId);
    early.delete(callId);
    if (call.stream) for (const t of call.stream.getTracks()) t.stop();
    call.pc.close();
    log(`${callId} closed`);
    // pc.close() fires no connectionstatechange; tell the hub ourselves.
    send({ type: 'state', callId, connectionState: 'closed' });
  }
})();
