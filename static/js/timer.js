// The exercise page's timer and counter: holds counted down, reps counted (a finished hold
// is one rep), the other side prompted for per-side exercises, sets followed to the end.
// Every change is shown and announced (the status is a live region); the phone vibrates
// where it can. The words come from the page's data-text-* attributes (translated there).
(function () {
  "use strict";

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }

  function buzz(pattern) {
    if (navigator.vibrate) { navigator.vibrate(pattern); }
  }

  document.querySelectorAll("[data-timer]").forEach(function (box) {
    var text = box.dataset;
    var seconds = parseInt(text.seconds, 10) || 0;
    var target = parseInt(text.reps, 10) || 0;
    var sets = parseInt(text.sets, 10) || 1;
    var perSide = text.perSide === "true";
    var display = box.querySelector("[data-timer-display]");
    var repsShown = box.querySelector("[data-timer-reps]");
    var position = box.querySelector("[data-timer-position]");
    var status = box.querySelector("[data-timer-status]");
    var start = box.querySelector("[data-timer-start]");
    var rep = box.querySelector("[data-timer-rep]");
    var side = box.querySelector("[data-timer-side]");
    var reset = box.querySelector("[data-timer-reset]");
    var state = { left: seconds, reps: 0, side: 1, set: 1, finished: false };
    var tick = null;

    function say(message) { status.textContent = message; }

    function show() {
      if (display) { display.textContent = String(state.left); }
      if (repsShown) { repsShown.textContent = fill(text.textRep, { n: state.reps, total: target }); }
      var parts = [];
      if (sets > 1) { parts.push(fill(text.textSet, { n: state.set, total: sets })); }
      if (perSide) { parts.push(state.side === 1 ? text.textFirstSide : text.textOtherSide); }
      position.textContent = parts.join(" · ");
    }

    function stop() {
      clearInterval(tick);
      tick = null;
      if (start) { start.textContent = text.textStart; }
    }

    // One side (or the whole set when not per side) is done: what comes next, in words.
    function sideDone() {
      state.reps = 0;
      if (perSide && state.side === 1) {
        state.side = 2;
        buzz([200, 100, 200, 100, 200]);
        return text.textSwitch;
      }
      state.side = 1;
      if (state.set < sets) {
        state.set += 1;
        return text.textSetDone;
      }
      state.finished = true;
      return text.textAllDone;
    }

    function countRep() {
      if (state.finished) { return ""; }
      state.reps += 1;
      return target && state.reps >= target ? sideDone() : "";
    }

    function holdEnded() {
      stop();
      state.left = seconds;
      buzz([300, 150, 300]);
      var next = target ? countRep() : sideDone();
      say((text.textTimeUp + " " + next).trim());
      show();
    }

    function restart() {
      stop();
      state = { left: seconds, reps: 0, side: 1, set: 1, finished: false };
      show();
    }

    if (start) {
      start.addEventListener("click", function () {
        if (tick) { stop(); say(text.textPaused); return; }
        if (state.finished) { restart(); }
        start.textContent = text.textPause;
        say(text.textStarted);
        tick = setInterval(function () {
          state.left -= 1;
          show();
          if (state.left <= 0) { holdEnded(); }
        }, 1000);
      });
    }
    if (rep) {
      rep.addEventListener("click", function () {
        if (state.finished) { restart(); }
        say(countRep());
        show();
      });
    }
    if (side) {
      side.addEventListener("click", function () {
        stop();
        state.left = seconds;
        if (state.finished) { restart(); }
        say(sideDone());
        show();
      });
    }
    reset.addEventListener("click", function () { restart(); say(text.textReset); });

    // The controls need this script: they appear only once it runs.
    [start, rep, side, reset].forEach(function (button) { if (button) { button.hidden = false; } });
    show();
  });
})();
