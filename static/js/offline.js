// The patient app offline: registers the service worker, keeps Today's exercises on the phone,
// says what is waiting to be sent, and sends kept sessions (once each: the server knows them
// by their idempotency key) as soon as the connection returns. Words come from #offline-status.
(function () {
  "use strict";
  var box = document.getElementById("offline-status");
  if (!box || !("serviceWorker" in navigator) || !window.indexedDB) { return; }
  var text = box.dataset;
  var owner = text.owner;
  var message = box.querySelector("[data-offline-message]");
  var list = box.querySelector("[data-offline-list]");
  var sending = false;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function mine(records) {
    return records.filter(function (record) { return !record.owner || record.owner === owner; });
  }

  function show(records, note) {
    var waiting = records.filter(function (r) { return !r.problem; });
    var refused = records.filter(function (r) { return r.problem; });
    var lines = [];
    if (note) { lines.push(note); }
    if (!navigator.onLine) { lines.push(text.textOffline); }
    if (waiting.length) {
      lines.push(fill(waiting.length === 1 ? text.textWaitingOne : text.textWaitingMany, { n: waiting.length }));
    }
    if (refused.some(function (r) { return r.problem === "signin"; })) { lines.push(text.textSignIn); }
    if (refused.some(function (r) { return r.problem === "refused"; })) { lines.push(text.textRefused); }
    message.textContent = lines.join(" ");
    list.textContent = "";
    records.forEach(function (record) {
      var item = document.createElement("li");
      item.textContent = fill(text.textItem, { date: record.performedOn || "?" });
      list.appendChild(item);
    });
    box.hidden = lines.length === 0;
  }

  function refresh(note) {
    return Outbox.all().then(function (records) { show(mine(records), note); });
  }

  // A fresh CSRF token for this sign-in: the kept form's own token may be from an older one.
  function freshToken() {
    return fetch(text.logUrl, { headers: { "X-Offline": "send" }, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok || response.url.indexOf(text.loginUrl) !== -1) { return null; }
        return response.text().then(function (html) {
          var field = new DOMParser().parseFromString(html, "text/html")
            .querySelector("input[name=csrfmiddlewaretoken]");
          return field ? field.value : null;
        });
      });
  }

  function sendOne(record, token) {
    var body = new URLSearchParams(record.fields);
    body.set("csrfmiddlewaretoken", token);
    return fetch(text.logUrl, {
      method: "POST", body: body, credentials: "same-origin", headers: { "X-Offline": "send" }
    }).then(function (response) {
      var signedOut = response.url.indexOf(text.loginUrl) !== -1;
      if (response.ok && response.redirected && !signedOut) { return Outbox.remove(record.key).then(function () { return 1; }); }
      record.problem = signedOut || response.status === 403 ? "signin" : [400, 404, 409].indexOf(response.status) !== -1 ? "refused" : "";
      return Outbox.keep(record).then(function () { return 0; });
    });
  }

  function send() {
    if (sending || !navigator.onLine) { return Promise.resolve(); }
    sending = true;
    var sent = 0;
    return Outbox.all().then(function (records) {
      var due = mine(records).filter(function (r) { return r.problem !== "refused"; });
      if (!due.length) { return; }
      return freshToken().then(function (token) {
        if (!token) {
          return Promise.all(due.map(function (r) { r.problem = "signin"; return Outbox.keep(r); }));
        }
        return due.reduce(function (chain, record) {
          return chain.then(function () { return sendOne(record, token); })
            .then(function (count) { sent += count; });
        }, Promise.resolve());
      });
    }).catch(function () { /* still no connection: try again when it returns */ })
      .then(function () {
        sending = false;
        var note = sent ? fill(sent === 1 ? text.textSentOne : text.textSentMany, { n: sent }) : "";
        return refresh(note);
      });
  }

  // One sender at a time across this phone's tabs, where the browser can say so.
  function sendExclusively() {
    if (navigator.locks) { return navigator.locks.request("physio-outbox", send); }
    return send();
  }

  // The log form: a copy kept from an earlier visit must not reuse that visit's session key
  // or date; each showing of the form is a new session, as when the server draws it.
  var form = document.querySelector("form[data-session-log]");
  if (form) {
    form.elements.idempotency_key.value = newKey();
    var date = form.elements.performed_on;
    var today = new Date();
    var local = new Date(today.getTime() - today.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
    if (date.max && date.max < local) {
      if (date.value === date.max) { date.value = local; }
      date.max = local;
    }
  }

  document.querySelectorAll("form[data-sign-out]").forEach(function (signOut) {
    signOut.addEventListener("submit", function () {
      if (navigator.serviceWorker.controller) { navigator.serviceWorker.controller.postMessage({ type: "forget" }); }
    });
  });

  navigator.serviceWorker.register(text.worker, { scope: "/" }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    // This page and the log form first (a session can then be logged offline), then the rest.
    var keep = [location.pathname, text.logUrl].concat(Array.prototype.map.call(
      document.querySelectorAll("[data-keep-offline]"), function (link) { return link.getAttribute("href"); }));
    if (keep.length && registration.active) { registration.active.postMessage({ type: "keep", urls: keep }); }
  });

  Outbox.setOwner(owner).then(function () { return refresh(""); }).then(sendExclusively);
  window.addEventListener("online", sendExclusively);
  window.addEventListener("offline", function () { refresh(""); });
})();
