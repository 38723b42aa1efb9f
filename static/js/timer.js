// Hold timer for an exercise page: start/pause, reset, announce the end for screen readers.
(function () {
  "use strict";
  document.querySelectorAll("[data-timer]").forEach(function (box) {
    var total = parseInt(box.dataset.seconds, 10);
    var left = total;
    var display = box.querySelector("[data-timer-display]");
    var status = box.querySelector("[data-timer-status]");
    var start = box.querySelector("[data-timer-start]");
    var reset = box.querySelector("[data-timer-reset]");
    var startLabel = start.textContent;
    var tick = null;

    function show() { display.textContent = String(left); }
    function stop() { clearInterval(tick); tick = null; start.textContent = startLabel; }

    start.addEventListener("click", function () {
      if (tick) { stop(); return; }
      if (left <= 0) { left = total; show(); }
      start.textContent = "Pause";
      status.textContent = "Timer started";
      tick = setInterval(function () {
        left -= 1;
        show();
        if (left <= 0) {
          stop();
          status.textContent = "Time is up. You can let go.";
          if (navigator.vibrate) { navigator.vibrate([300, 150, 300]); }
        }
      }, 1000);
    });
    reset.addEventListener("click", function () { stop(); left = total; show(); status.textContent = "Timer reset"; });
  });
})();
