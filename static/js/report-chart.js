// Clinic adherence by week (Chart.js from static/vendor); the page has the same data as a table.
(function () {
  "use strict";
  var source = document.getElementById("weekly-adherence");
  var canvas = document.getElementById("weekly-chart");
  if (!source || !canvas || typeof Chart === "undefined") { return; }
  var weeks = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: weeks.map(function (w) { return w.week; }),
      datasets: [{
        label: "Adherence (%)",
        // The server sends each week's whole percent (the one rounding rule); no rounding here.
        data: weeks.map(function (w) { return w.percent; }),
        backgroundColor: "#0b5ed7"
      }]
    },
    options: { responsive: true, maintainAspectRatio: false, scales: { y: { min: 0, max: 100 } } }
  });
})();
