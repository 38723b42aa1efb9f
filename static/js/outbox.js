// Sessions logged without a connection, kept on the phone (IndexedDB) until they are sent.
// Shared by the pages (offline.js) and the service worker: each record is the posted form's
// fields, keyed by its idempotency key, so keeping the same session twice keeps it once.
(function (scope) {
  "use strict";
  var DB = "physio-outbox";
  var SESSIONS = "sessions";
  var META = "meta";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(SESSIONS, { keyPath: "key" });
        request.result.createObjectStore(META);
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(store, mode, action) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode);
        var request = action(tx.objectStore(store));
        tx.oncomplete = function () { db.close(); resolve(request && request.result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  scope.Outbox = {
    keep: function (record) { return run(SESSIONS, "readwrite", function (s) { return s.put(record); }); },
    all: function () { return run(SESSIONS, "readonly", function (s) { return s.getAll(); }); },
    remove: function (key) { return run(SESSIONS, "readwrite", function (s) { return s.delete(key); }); },
    // Who is signed in on this phone (a patient id), written by each page, read by the worker.
    setOwner: function (owner) { return run(META, "readwrite", function (s) { return s.put(owner, "owner"); }); },
    owner: function () { return run(META, "readonly", function (s) { return s.get("owner"); }); }
  };
})(self);
