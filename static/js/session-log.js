// The session log's "all as prescribed" switch: ticks every exercise and, where the patient
// said nothing of their form, answers "good form: yes"; switched off, undoes just that.
(function () {
  "use strict";
  var form = document.querySelector("form[data-session-log]");
  var box = form && form.querySelector("[data-all-done-box]");
  if (!box) { return; }
  var all = box.querySelector("[data-all-done]");
  var rows = Array.prototype.slice.call(form.querySelectorAll(".log-row"));

  function goodForm(row, value) { return row.querySelector("input[type=radio][value='" + value + "']"); }

  function sync() {
    all.checked = rows.length > 0 && rows.every(function (row) { return row.querySelector("[data-done]").checked; });
  }

  all.addEventListener("change", function () {
    rows.forEach(function (row) {
      row.querySelector("[data-done]").checked = all.checked;
      var yes = goodForm(row, "yes");
      var unsure = goodForm(row, "");
      if (all.checked && unsure && unsure.checked) { yes.checked = true; yes.dataset.auto = "true"; }
      if (!all.checked && yes && yes.dataset.auto) { unsure.checked = true; delete yes.dataset.auto; }
    });
  });
  rows.forEach(function (row) {
    row.querySelector("[data-done]").addEventListener("change", sync);
    row.querySelectorAll("input[type=radio]").forEach(function (radio) {
      radio.addEventListener("change", function () { delete goodForm(row, "yes").dataset.auto; });
    });
  });
  box.hidden = false;
  sync();
})();
