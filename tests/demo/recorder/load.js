// With ?recorder=1 a demo page loads the in-app recorder before its SDK, as an app's own <script>
// tag would (parser-blocking, so the SDK finds the recorder's WebSocket and RTCPeerConnection).
// The script-tag build is served at /dist/recorder/ by the demo rigs.
(function () {
  if (new URLSearchParams(location.search).get('recorder') !== '1') return;
  var here = document.currentScript.src;
  document.write('<script src="/dist/recorder/rtc-devtools-recorder.js"><\/script><script src="' + new URL('report.js', here).href + '"><\/script>');
})();
