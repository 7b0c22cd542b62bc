// The "Report a problem" button of docs/recorder.md, on a demo page: starts recording at once and
// sends the bundle to the ?report= address (the e2e's loopback receiver), showing the reference.
(function () {
  var q = new URLSearchParams(location.search);
  window.rec = window.RtcDevtoolsRecorder.start();
  document.addEventListener('DOMContentLoaded', function () {
    var button = document.createElement('button');
    button.id = 'report';
    button.textContent = 'Report a problem';
    var out = document.createElement('output');
    out.id = 'report-result';
    button.onclick = async function () {
      out.textContent = 'sending';
      var r = await window.rec.upload(q.get('report'), { ticket: q.get('ticket') || undefined });
      out.textContent = r.ok ? 'Sent, reference ' + r.id : 'Not sent: ' + r.message;
    };
    document.body.prepend(button, out);
  });
})();
