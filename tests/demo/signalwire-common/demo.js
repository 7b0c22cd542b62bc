// Shared helpers of the SignalWire demo pages. A classic script (not a module) on purpose: the
// pages must load from any static server, whatever MIME type it gives .js files.
// Everything shown goes through textContent: values from the server are never markup.
(function () {
  'use strict';
  var q = new URLSearchParams(location.search);

  function el(id) {
    return document.getElementById(id);
  }

  function log(line) {
    var box = el('log');
    var stamp = new Date().toISOString().slice(11, 23);
    if (box) box.textContent += stamp + ' ' + line + '\n';
  }

  function setText(id, value) {
    var node = el(id);
    if (node) node.textContent = String(value);
  }

  function setStatus(s) {
    setText('status', s);
    log('status: ' + s);
  }

  function b64url(text) {
    var bytes = new TextEncoder().encode(text);
    var bin = '';
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  // An unsigned test JWT: the SDKs decode it but never verify it; the fake relay reads `typ`.
  function makeToken(claims) {
    var now = Math.floor(Date.now() / 1000);
    var body = Object.assign({ iat: now, exp: now + 3600, jti: crypto.randomUUID(), p: 'project-fake-1' }, claims);
    return b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' })) + '.' + b64url(JSON.stringify(body)) + '.' + b64url('fake-signature');
  }

  // Polls the call's peer connection (the SDKs create it late and may replace it) and shows
  // its ICE state and byte counters, so a test, or a person, can read them off the page.
  function watchPeer(getPc) {
    var seen = null;
    var timer = setInterval(function () {
      var pc = null;
      try {
        pc = getPc();
      } catch (e) {
        pc = null;
      }
      if (!pc) return;
      if (pc !== seen) {
        seen = pc;
        log('peer connection found');
      }
      setText('ice', pc.iceConnectionState);
      setText('pcstate', pc.connectionState);
      pc.getStats().then(function (report) {
        var sent = 0;
        var received = 0;
        report.forEach(function (s) {
          if (s.type === 'outbound-rtp') sent += s.bytesSent || 0;
          if (s.type === 'inbound-rtp') received += s.bytesReceived || 0;
        });
        setText('bytes-sent', sent);
        setText('bytes-received', received);
      }).catch(function () {});
    }, 250);
    return function stop() {
      clearInterval(timer);
    };
  }

  function listDevices() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.enumerateDevices) return Promise.resolve([]);
    return navigator.mediaDevices.enumerateDevices().then(function (list) {
      setText('devices', list.map(function (d) { return d.kind + ':' + (d.label || '(no label)'); }).join(', '));
      return list;
    });
  }

  function errorText(e) {
    if (!e) return 'unknown error';
    if (e instanceof Error) return e.name + ': ' + e.message;
    try {
      return JSON.stringify(e);
    } catch (x) {
      return String(e);
    }
  }

  window.swDemo = {
    param: function (name, fallback) {
      var v = q.get(name);
      return v === null || v === '' ? fallback : v;
    },
    flag: function (name) {
      var v = q.get(name);
      return v === '1' || v === 'true';
    },
    el: el,
    log: log,
    setText: setText,
    setStatus: setStatus,
    makeToken: makeToken,
    watchPeer: watchPeer,
    listDevices: listDevices,
    errorText: errorText,
  };
})();
