// Objectives explorer. The table is complete without JavaScript; this reveals the filter form,
// filters rows in place, keeps the filters in the URL (so a view can be shared) and announces
// the number of results through the live region. Texts come from the page, in its language.
(function () {
  "use strict";
  var form = document.querySelector("form.explorer");
  if (!form) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll(".explorer__scroll tbody tr"));
  var count = document.querySelector(".explorer__count");
  var fields = Array.prototype.filter.call(form.elements, function (el) { return el.name; });

  // Readers type without accents on phones: compare texts without diacritics.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  rows.forEach(function (row) { row.dataset.folded = fold(row.dataset.text || ""); });

  var params = new URLSearchParams(window.location.search);
  fields.forEach(function (el) { if (params.has(el.name)) el.value = params.get(el.name); });
  form.hidden = false;

  function apply() {
    var wanted = {};
    fields.forEach(function (el) { wanted[el.name] = el.value.trim(); });
    var query = fold(wanted.q || "");
    var shown = 0;
    rows.forEach(function (row) {
      var d = row.dataset;
      var match = (!wanted.horizon || d.horizon === wanted.horizon) &&
        (!wanted.theme || d.theme === wanted.theme) &&
        (!wanted.status || d.status === wanted.status) &&
        (!wanted.country || d.country.split(" ").indexOf(wanted.country) >= 0) &&
        (!wanted.actor || d.actor.split(" ").indexOf(wanted.actor) >= 0) &&
        (!query || d.folded.indexOf(query) >= 0);
      row.hidden = !match;
      if (match) shown += 1;
    });
    count.textContent = shown === 1 ? form.dataset.countOne : form.dataset.countMany.replace("{n}", shown);
    var next = new URLSearchParams();
    Object.keys(wanted).forEach(function (key) { if (wanted[key]) next.set(key, wanted[key]); });
    var search = next.toString();
    window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
})();
