/* seminar.js — keeps a seminar's projector view live: it listens to the
   seminar's event stream (Server-Sent Events), writes the counts of
   participants and ballots in place (an aria-live region announces them),
   and reloads the page when the state, the round or the scenario being
   presented changes. Without JavaScript the page refreshes itself. */
(function () {
  'use strict';
  var box = document.querySelector('[data-events]');
  if (!box || !window.EventSource) return;
  var shown = {
    state: box.getAttribute('data-state'),
    round: box.getAttribute('data-round'),
    presenting: box.getAttribute('data-presenting')
  };
  function set(id, n) {
    var el = document.getElementById(id);
    if (el && typeof n === 'number' && el.textContent !== String(n)) el.textContent = String(n);
  }
  var src = new EventSource(box.getAttribute('data-events'));
  src.addEventListener('counts', function (ev) {
    var d;
    try { d = JSON.parse(ev.data); } catch (e) { return; }
    if (d.state !== shown.state || String(d.round) !== shown.round ||
        String(d.presenting) !== shown.presenting) {
      src.close();
      window.location.reload();
      return;
    }
    set('n-joined', d.joined);
    set('n-ballots', d.ballots);
  });
})();
