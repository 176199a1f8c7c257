/* editor.js — comfort for the scenario editor: the "add" buttons add a slot
   in place instead of reloading the page. Without JavaScript the same
   buttons submit the form and the server adds the slot. */
(function () {
  'use strict';
  function renumber(node, prefix, n) {
    var esc = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    var re = new RegExp('^' + esc + '\\.(\\d+)');
    ['name', 'id', 'for', 'aria-describedby'].forEach(function (attr) {
      var all = node.querySelectorAll('[' + attr + ']');
      for (var i = 0; i < all.length; i++) {
        var v = all[i].getAttribute(attr);
        all[i].setAttribute(attr, v.split(' ').map(function (part) {
          return part.replace(re, prefix + '.' + n);
        }).join(' '));
      }
    });
    var labels = node.querySelectorAll('label');
    for (var j = 0; j < labels.length; j++)
      labels[j].textContent = labels[j].textContent.replace(/\d+$/, String(n + 1));
  }
  document.addEventListener('click', function (ev) {
    var b = ev.target.closest ? ev.target.closest('button[data-add]') : null;
    if (!b) return;
    var prefix = b.getAttribute('data-add');
    var box = document.getElementById(prefix + '-slots');
    if (!box || !box.lastElementChild) return;
    ev.preventDefault();
    var slot = box.lastElementChild.cloneNode(true);
    slot.querySelectorAll('.field-error').forEach(function (e) { e.remove(); });
    slot.querySelectorAll('[aria-invalid]').forEach(function (e) {
      e.removeAttribute('aria-invalid');
      e.removeAttribute('aria-describedby');
    });
    slot.querySelectorAll('.invalid').forEach(function (e) { e.classList.remove('invalid'); });
    slot.querySelectorAll('input, textarea').forEach(function (e) { e.value = ''; });
    slot.querySelectorAll('select').forEach(function (e) { e.selectedIndex = 0; });
    renumber(slot, prefix, box.children.length);
    box.appendChild(slot);
    var first = slot.querySelector('input, textarea, select');
    if (first) first.focus();
  });
})();
