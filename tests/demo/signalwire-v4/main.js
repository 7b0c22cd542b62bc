// Demo call with the 4.0 beta `SignalWire` client, driven by query parameters.
// Fake-relay facts it relies on: relayHost must be set right after construction, and the client
// first GETs https://fabric.<domain>/api/fabric/subscriber/info (a test answers it with page.route).
(function () {
  'use strict';
  var D = window.swDemo;
  var state = { client: null, call: null, stopWatch: null, busy: false };
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

  async function dial() {
    if (state.busy) return;
    state.busy = true;
    try {
      var SW = await sdkReady();
      D.setText('sdk', 'SignalWire ' + (SW.version || '?'));
      if (!state.client) await connect(SW);
      await D.listDevices();
      D.setStatus('dialing');
      var call = await state.client.dial(D.param('to', '/public/demo-room'), { audio: true, video: D.flag('video') });
      state.call = call;
      call.status$.subscribe(function (s) {
        D.setText('call-status', s);
        if (s === 'connected') D.setStatus('in-call');
        if (s === 'disconnected' || s === 'destroyed') D.setStatus('hungup');
        if (s === 'failed') D.setStatus('call-failed');
      });
      state.stopWatch = D.watchPeer(function () { return call.rtcPeerConnection; });
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
  state.dial = dial;
  state.hangup = hangup;
  sdkReady().then(function (SW) { D.setText('sdk', 'SignalWire ' + (SW.version || '?')); });
  if (D.flag('autodial')) dial();
})();
