// Demo call with the 4.0 beta `SignalWire` client, driven by query parameters.
// Fake-relay facts it relies on: relayHost must be set right after construction, and the client
// first GETs https://fabric.<domain>/api/fabric/subscriber/info (a test answers it with page.route).
(function () {
  'use strict';
  var D = window.swDemo;
  var state = { client: null, call: null, stopWatch: null, busy: false, listening: false };
  window.demo = state;

  function sdkReady() {
    if (window.SignalWire && window.SignalWire.SignalWire) return Promise.resolve(window.SignalWire);
    return new Promise(function (resolve) {
      window.addEventListener('signalwire:js:ready', function () { resolve(window.SignalWire); }, { once: true });
    });
  }

  function fail(where, e) {
    D.setText('error', where + ': ' + D.errorText(e));
    D.setStatus('error');
  }

  // Resolves when isConnected$ says so; an error the SDK reports first (e.g. the relay refusing
  // the token) ends the wait with that error instead of a bare timeout.
  function waitConnected(client, timeoutMs) {
    return new Promise(function (resolve, reject) {
      var subs = [];
      function done(fn, value) {
        clearTimeout(timer);
        setTimeout(function () { subs.forEach(function (s) { s.unsubscribe(); }); });
        fn(value);
      }
      var timer = setTimeout(function () { done(reject, new Error('not connected after ' + timeoutMs + ' ms')); }, timeoutMs);
      subs.push(client.isConnected$.subscribe(function (c) { if (c) done(resolve); }));
      subs.push(client.errors$.subscribe(function (e) { done(reject, e); }));
    });
  }

  async function connect(SW) {
    var host = D.param('host', '');
    if (!host) throw new Error('missing ?host=ws://127.0.0.1:PORT');
    var token = D.param('token', D.makeToken({ typ: 'SAT', sub: 'user-1' }));
    var level = D.param('logLevel', '');
    if (level && SW.setLogLevel) SW.setLogLevel(level);
    D.setStatus('connecting');
    var client = new SW.SignalWire(new SW.StaticCredentialProvider({ token: token }));
    client.preferences.relayHost = host;
    state.client = client;
    client.isConnected$.subscribe(function (c) { D.setText('connected', c ? 'yes' : 'no'); });
    client.errors$.subscribe(function (e) { D.log('sdk error: ' + D.errorText(e)); D.setText('error', D.errorText(e)); });
    await waitConnected(client, 20000);
    D.setStatus('connected');
  }

  function follow(call) {
    state.call = call;
    D.setText('direction', call.direction || '?');
    if (call.direction === 'inbound') D.setText('caller', (call.fromName || '') + ' ' + (call.from || ''));
    call.status$.subscribe(function (s) {
      D.setText('call-status', s);
      if (s === 'connected') D.setStatus('in-call');
      if (s === 'disconnected' || s === 'destroyed') D.setStatus('hungup');
      if (s === 'failed') D.setStatus('call-failed');
    });
    if (state.stopWatch) state.stopWatch();
    state.stopWatch = D.watchPeer(function () { return call.rtcPeerConnection; });
  }

  async function ensureConnected() {
    var SW = await sdkReady();
    D.setText('sdk', 'SignalWire ' + (SW.version || '?'));
    if (!state.client) await connect(SW);
    await D.listDevices();
  }

  // Inbound: the relay pushes a verto.invite; the SDK lists the call in session.incomingCalls$.
  async function listen() {
    if (state.busy || state.listening) return;
    state.busy = true;
    try {
      await ensureConnected();
      state.listening = true;
      D.setStatus('waiting-for-call');
      state.client.session.incomingCalls$.subscribe(function (list) {
        var call = list[0];
        if (!call || call === state.call) return;
        follow(call);
        D.setStatus('ringing');
        if (D.flag('autoanswer')) answer();
      });
    } catch (e) {
      fail('listen', e);
    } finally {
      state.busy = false;
    }
  }

  function answer() {
    if (!state.call || state.call.direction !== 'inbound') return;
    D.setStatus('answering');
    try {
      state.call.answer({ audio: true, video: D.flag('video') });
    } catch (e) {
      fail('answer', e);
    }
  }

  async function dial() {
    if (state.busy) return;
    state.busy = true;
    try {
      await ensureConnected();
      D.setStatus('dialing');
      var call = await state.client.dial(D.param('to', '/public/demo-room'), { audio: true, video: D.flag('video') });
      follow(call);
      var after = Number(D.param('hangupAfterMs', '0'));
      if (after > 0) setTimeout(hangup, after);
    } catch (e) {
      fail('dial', e);
    } finally {
      state.busy = false;
    }
  }

  async function hangup() {
    if (!state.call) return;
    D.setStatus('hanging-up');
    try {
      await state.call.hangup();
      D.setStatus('hungup');
    } catch (e) {
      fail('hangup', e);
    }
  }

  D.el('dial').addEventListener('click', dial);
  D.el('hangup').addEventListener('click', hangup);
  D.el('listen').addEventListener('click', listen);
  D.el('answer').addEventListener('click', answer);
  state.dial = dial;
  state.hangup = hangup;
  state.listen = listen;
  state.answer = answer;
  sdkReady().then(function (SW) { D.setText('sdk', 'SignalWire ' + (SW.version || '?')); });
  if (D.flag('autodial')) dial();
  else if (D.flag('listen')) listen();
})();
