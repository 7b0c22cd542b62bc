// The 4.0.0-beta.12 browser bundle declares `node:crypto` as an external: its UMD wrapper reads
// the global `node_crypto` and the uuid code inside calls randomUUID / randomFillSync on it.
// Without this global the bundle throws "Cannot read properties of undefined (reading
// 'randomUUID')" while loading, so a page has to supply the external, as for any UMD dependency.
(function () {
  'use strict';
  if (window.node_crypto) return;
  window.node_crypto = {
    randomUUID: function () { return crypto.randomUUID(); },
    randomFillSync: function (buf) { return crypto.getRandomValues(buf); },
  };
})();
