// Telnyx demo call driven by query parameters, for e2e tests and manual checks. Everything shown
// is written with textContent: nothing from the server is ever rendered as markup.
(() => {
  const q = new URLSearchParams(location.search);
  const $ = (id) => document.getElementById(id);
  const demo = {
    client: null,
    call: null,
    /** Every SDK event seen, as {t, name, detail} with plain values only. */
    events: [],
    callStates: [],
    pcStates: [],
    error: null,
    pcState: () => (demo.call && demo.call.peer && demo.call.peer.instance ? demo.call.peer.instance.connectionState : 'none'),
  };
  window.demo = demo;

  function log(line) {
    const el = $('log');
    el.textContent += `${new Date().toISOString().slice(11, 23)} ${line}\n`;
  }
  function record(name, detail) {
    demo.events.push({ t: Date.now(), name, detail });
    log(detail === undefined ? name : `${name} ${detail}`);
  }
  function setError(text) {
    demo.error = text;
    $('error').textContent = text;
  }

  const host = q.get('host');
  if (!host) {
    $('client-state').textContent = 'no host parameter';
    return;
  }
  let iceServers = [];
  try {
    iceServers = q.get('ice') ? JSON.parse(q.get('ice')) : [];
  } catch {
    setError('ice parameter is not JSON');
  }
  const options = {
    host, // not in IClientOptions' typings, but honoured: the way to point the SDK at a fake server
    iceServers,
    debug: q.get('debug') === '1',
    trickleIce: q.get('trickle') === '1',
    keepConnectionAliveOnSocketClose: q.get('keepAlive') === '1',
    forceRelayCandidate: q.get('relay') === '1',
  };
  if (q.get('token')) options.login_token = q.get('token');
  else {
    options.login = q.get('login') || 'demo';
    options.password = q.get('passwd') || 'demo';
  }

  const client = new window.TelnyxWebRTC.TelnyxRTC(options);
  demo.client = client;
  client.remoteElement = 'remote';

  /** Which candidate types carry the media ("relay udp", "host udp"...), from the selected pair. */
  async function showRoute(pc) {
    const stats = await pc.getStats();
    let pairId = null;
    stats.forEach((r) => {
      if (r.type === 'transport' && r.selectedCandidatePairId) pairId = r.selectedCandidatePairId;
    });
    const pair = pairId && stats.get(pairId);
    const local = pair && stats.get(pair.localCandidateId);
    const remote = pair && stats.get(pair.remoteCandidateId);
    if (!local || !remote) return;
    demo.route = { local: local.candidateType, remote: remote.candidateType, protocol: local.protocol };
    $('route').textContent = `local ${local.candidateType} ${local.protocol}, remote ${remote.candidateType}`;
  }

  function watchPc(call) {
    const pc = call.peer && call.peer.instance;
    if (!pc || pc.__demoWatched) return;
    pc.__demoWatched = true;
    const show = () => {
      $('pc-state').textContent = pc.connectionState;
      demo.pcStates.push(pc.connectionState);
      if (pc.connectionState === 'connected') showRoute(pc).catch((e) => log(`route: ${e}`));
    };
    pc.addEventListener('connectionstatechange', show);
    show();
  }

  // Listed again once a call is up: labels are only visible after getUserMedia was granted.
  async function listDevices() {
    const list = await navigator.mediaDevices.enumerateDevices();
    demo.devices = list.map((d) => ({ kind: d.kind, label: d.label }));
    $('devices').textContent = list.map((d) => `${d.kind}: ${d.label || '(no label)'}`).join('; ') || 'none';
  }

  let hangupTimer = null;
  function placeCall() {
    if (demo.call && demo.call.state !== 'destroy' && demo.call.state !== 'hangup') return;
    demo.call = client.newCall({
      destinationNumber: q.get('destination') || '1000',
      callerName: 'Demo Caller',
      callerNumber: '+15550001111',
      audio: true,
      video: q.get('video') === '1',
    });
    record('newCall', demo.call.id);
  }

  client.on('telnyx.ready', () => {
    $('client-state').textContent = 'ready';
    record('telnyx.ready');
    if (q.get('autocall') !== '0') placeCall();
  });
  client.on('telnyx.error', (e) => {
    const err = e && e.error ? e.error : e;
    const text = `${err && err.code !== undefined ? err.code + ' ' : ''}${(err && (err.message || err.name)) || String(err)}`;
    setError(text);
    $('client-state').textContent = 'error';
    record('telnyx.error', text);
  });
  client.on('telnyx.warning', (w) => {
    const warn = w && w.warning ? w.warning : w;
    record('telnyx.warning', `${warn && warn.code !== undefined ? warn.code + ' ' : ''}${(warn && warn.message) || ''}`);
  });
  client.on('telnyx.socket.open', () => {
    $('client-state').textContent = 'socket open';
    record('telnyx.socket.open');
  });
  client.on('telnyx.socket.close', () => {
    $('client-state').textContent = 'socket closed';
    record('telnyx.socket.close');
  });
  client.on('telnyx.notification', (n) => {
    if (n.type !== 'callUpdate' || !n.call) {
      record('telnyx.notification', n.type);
      return;
    }
    const call = n.call;
    // Inbound calls and re-attached calls arrive as new Call objects: follow the newest.
    demo.call = call;
    watchPc(call);
    $('call-state').textContent = call.state;
    demo.callStates.push(call.state);
    record('callUpdate', `${call.id} ${call.state}${call.cause ? ' ' + call.cause : ''}`);
    if (call.state === 'ringing' && call.direction === 'inbound' && q.get('autoanswer') === '1') call.answer();
    if (call.state === 'active') listDevices().catch((e) => setError(`enumerateDevices: ${e}`));
    if (call.state === 'active' && q.get('hangupAfter') && !hangupTimer) {
      hangupTimer = setTimeout(() => call.hangup(), Number(q.get('hangupAfter')) * 1000);
    }
  });

  $('call').addEventListener('click', placeCall);
  $('hangup').addEventListener('click', () => {
    if (demo.call) demo.call.hangup();
  });

  $('client-state').textContent = 'connecting';
  client.connect();
})();
