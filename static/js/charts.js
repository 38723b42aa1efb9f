// Pain trend chart (Chart.js from static/vendor); the page also has the same data as a table.
(function () {
  "use strict";
  var canvas = document.getElementById("pain-chart");
  var source = document.getElementById("pain-series");
  if (!canvas || !source || typeof Chart === "undefined") { return; }
  var series = JSON.parse(source.textContent);
  var weekly = JSON.parse(document.getElementById("weekly-pain").textContent);
  if (!series.length) { canvas.parentNode.style.display = "none"; return; }
  // Each point carries its program week from the server (counted from the start date).
  var weeklyMean = {};
  weekly.forEach(function (w) { weeklyMean[w.week] = w.mean_before; });
  new Chart(canvas, {
    type: "line",
    data: {
      labels: series.map(function (p) { return p.date.slice(5); }),
      datasets: [
        { label: "Pain before", data: series.map(function (p) { return p.before; }), borderColor: "#b02a37", backgroundColor: "#b02a37", pointRadius: 2, tension: 0.2 },
        { label: "Pain after", data: series.map(function (p) { return p.after; }), borderColor: "#0b5ed7", backgroundColor: "#0b5ed7", pointRadius: 2, tension: 0.2 },
        { label: "Weekly average (before)", data: series.map(function (p) { return weeklyMean[p.week]; }), borderColor: "#212529", borderDash: [6, 4], pointRadius: 0, stepped: true }
      ]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      scales: { y: { min: 0, max: 10, title: { display: true, text: "Pain (0-10)" } } },
      plugins: { legend: { position: "bottom" } }
    }
  });
})();
