// Demo call with @signalwire/js 3.x, driven by query parameters.
//   client=video (default): Video.RoomSession; the relay sees video.message and answers with
//     video.room.subscribed.
//   client=fabric: the 3.x Call Fabric client SignalWire({host, token}); a SAT token (typ 'SAT')
//     makes the relay answer with a jti, so the SDK wraps verto in webrtc.verto.
// The JWT has no `ch` claim: `host` alone says where the relay is.
(function () {
  'use strict';
  var D = window.swDemo;
  var state = { client: null, room: null, call: null, stopWatch: null, busy: false };
  window.demo = state;

  function fail(where, e) {
    D.setText('error', where + ': ' + D.errorText(e));
    D.setStatus('error');
  }

  function peerOf(obj) {
    return obj && obj.peer && obj.peer.instance ? obj.peer.instance : null;
  }

  function watchSession(obj) {
    state.stopWatch = D.watchPeer(function () { return peerOf(obj); });
    obj.on('room.joined', function () { D.setText('call-status', 'joined'); D.setStatus('in-call'); });
    obj.on('room.left', function () { D.setText('call-status', 'left'); });
    obj.on('destroy', function () { D.setText('call-status', 'destroyed'); D.setStatus('hungup'); });
  }

  async function dialVideo(SW, host) {
    var token = D.param('token', D.makeToken({ typ: 'VRT', r: 'demo-room' }));
    var room = new SW.Video.RoomSession({
      host: host,
      token: token,
      rootElement: D.el('media'),
      logLevel: D.param('logLevel', 'warn'),
    });
    state.room = room;
    watchSession(room);
    D.setStatus('dialing');
    await room.join({ audio: true, video: D.flag('video') });
    D.setText('connected', 'yes');
    D.setStatus('in-call');
  }

  async function dialFabric(SW, host) {
    var token = D.param('token', D.makeToken({ typ: 'SAT', sub: 'user-1' }));
    D.setStatus('connecting');
    var client = await SW.SignalWire({ host: host, token: token, logLevel: D.param('logLevel', 'warn') });
    state.client = client;
    D.setText('connected', 'yes');
    D.setStatus('connected');
    var call = await client.dial({ to: D.param('to', '/public/demo-room'), rootElement: D.el('media'), audio: true, video: D.flag('video') });
    state.call = call;
    watchSession(call);
    D.setStatus('dialing');
    await call.start();
    D.setStatus('in-call');
  }

  async function dial() {
    if (state.busy || state.room || state.call) return;
    state.busy = true;
    try {
      var SW = window.SignalWire;
      D.setText('sdk', 'SignalWire JS ' + (SW.version || '3.x'));
      var host = D.param('host', '');
      if (!host) throw new Error('missing ?host=ws://127.0.0.1:PORT');
      await D.listDevices();
      if (D.param('client', 'video') === 'fabric') await dialFabric(SW, host);
      else await dialVideo(SW, host);
      var after = Number(D.param('hangupAfterMs', '0'));
      if (after > 0) setTimeout(hangup, after);
    } catch (e) {
      fail('dial', e);
    } finally {
      state.busy = false;
    }
  }

  async function hangup() {
    var target = state.call || state.room;
    if (!target) return;
    D.setStatus('hanging-up');
    try {
      if (state.call) await state.call.hangup();
      else await state.room.leave();
      D.setStatus('hungup');
    } catch (e) {
      fail('hangup', e);
    }
  }

  D.el('dial').addEventListener('click', dial);
  D.el('hangup').addEventListener('click', hangup);
  state.dial = dial;
  state.hangup = hangup;
  D.setText('sdk', 'SignalWire JS ' + ((window.SignalWire && window.SignalWire.version) || '?'));
  if (D.flag('autodial')) dial();
})();
