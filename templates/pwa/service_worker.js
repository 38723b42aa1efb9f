// The patient app's service worker: pages and demonstrations open without a connection, and
// a session logged without one is kept on the phone (static/js/outbox.js) for the page to send.
"use strict";
const CONFIG = {{ config|safe }};
const STATIC_CACHE = "static-" + CONFIG.version;
const PAGE_CACHE = "pages";  // the patient's own pages: emptied at sign-out
// Pages kept for offline use (network first), demonstrations (cache first, refreshed).
const PAGES = [/^\/today\/$/, /^\/exercises\/\d+\/$/, /^\/log\/$/, /^\/history\/$/, /^\/progress\/$/];
const DEMONSTRATION = /^\/api\/v1\/exercises\/\d+\/demonstration\/(stills\/)?$/;
const DEMONSTRATION_IN_PAGE = /\/api\/v1\/exercises\/\d+\/demonstration\/(?:stills\/)?/g;

importScripts(CONFIG.outboxScript);

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(STATIC_CACHE).then((cache) => cache.addAll(CONFIG.precache)));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("static-") && name !== STATIC_CACHE) { await caches.delete(name); }
    }
    await self.clients.claim();
  })());
});

function isPage(url) { return PAGES.some((pattern) => pattern.test(url.pathname)); }

async function keepPage(request, response) {
  if (response.redirected && new URL(response.url).pathname.startsWith(CONFIG.loginUrl)) {
    await caches.delete(PAGE_CACHE);  // signed out: nothing personal stays on the phone
    return;
  }
  if (!response.ok || response.redirected) { return; }
  // Its pictures first: a page kept on the phone always has its demonstrations with it.
  const cache = await caches.open(PAGE_CACHE);
  const html = await response.clone().text();
  const pictures = new Set(html.match(DEMONSTRATION_IN_PAGE) || []);
  for (const url of pictures) {
    if (!(await cache.match(url))) { await cache.add(url); }
  }
  await cache.put(request, response.clone());
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    await keepPage(request, response);
    return response;
  } catch (error) {
    const kept = await caches.match(request, { ignoreSearch: true });
    return kept || (await caches.match(CONFIG.todayUrl)) || Response.error();
  }
}

async function cacheFirst(request, cacheName) {
  const kept = await caches.match(request);
  if (kept) { return kept; }
  const response = await fetch(request);
  if (response.ok) { (await caches.open(cacheName)).put(request, response.clone()); }
  return response;
}

// A session posted while the network is down: kept on the phone, and Today shows it waiting.
async function postOrKeep(request) {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch (error) {
    const form = await copy.formData();
    const fields = [...form.entries()].filter((entry) => typeof entry[1] === "string");
    await Outbox.keep({
      key: form.get("idempotency_key"),
      owner: await Outbox.owner(),
      performedOn: form.get("performed_on"),
      keptAt: new Date().toISOString(),
      fields: fields,
      problem: "",
    });
    return Response.redirect(CONFIG.todayUrl, 303);
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method === "POST" && url.pathname === CONFIG.logUrl && !request.headers.has("X-Offline")) {
    event.respondWith(postOrKeep(request));
  } else if (request.method !== "GET" || request.headers.has("X-Offline")) {
    return;
  } else if (CONFIG.precache.includes(url.pathname) || url.pathname.startsWith("/static/")) {
    event.respondWith(cacheFirst(request, STATIC_CACHE));
  } else if (DEMONSTRATION.test(url.pathname)) {
    event.respondWith(cacheFirst(request, PAGE_CACHE));
  } else if (isPage(url)) {
    event.respondWith(networkFirst(request));
  }
});

// From the pages: keep Today's exercise pages now (so they open offline before being visited),
// or forget every page at sign-out.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "keep") {
    const pages = data.urls.filter((path) => isPage(new URL(path, self.location.origin)));
    // One at a time: gentle on a weak connection.
    event.waitUntil((async () => {
      for (const path of pages) {
        const request = new Request(path, { credentials: "same-origin", headers: { "X-Offline": "keep" } });
        if (await caches.match(request)) { continue; }
        try { await keepPage(request, await fetch(request)); } catch (error) { return; /* offline: next time */ }
      }
    })());
  } else if (data.type === "forget") {
    event.waitUntil(caches.delete(PAGE_CACHE));
  }
});
