{% autoescape off %}/* LandWatch service worker (issue 24): the field pages open without a signal.
 *
 * - The shell (styles, scripts, icons) is kept when the worker installs; any other static file
 *   is kept the first time it is fetched and served from the phone after that, refreshed behind.
 * - The field pages (the patrol log and finding forms, a case's 笔录, a 卫片 patch with its map) are
 *   fetched from the network while there is one, and the phone keeps the last copy it got: without
 *   a signal that copy opens. A page may also ask to keep a list of them (a batch's patches to
 *   verify). Every other page is left to the browser; without a signal the offline page says which
 *   pages the phone keeps.
 * - Nothing is sent from here: the page's queue (static/landwatch/offline.js) sends what was
 *   filed offline; a background sync only wakes the open pages to send it.
 * Served by landwatch.views.service_worker; the cache's name changes with what it keeps.
 */
"use strict";
var CACHE = "landwatch-{{ version }}";
var SHELL = {{ shell }};
var PAGES = {{ pages }};
var OFFLINE = "/offline/";

var PATTERNS = PAGES.map(function (pattern) { return new RegExp(pattern); });
function isFieldPage(url) {
  return PATTERNS.some(function (pattern) { return pattern.test(url.pathname); });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf("landwatch-") === 0 && name !== CACHE; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function keep(request, response) {
  // Only a page the server answered itself: never the login page a lapsed session was sent to.
  if (!response || !response.ok || response.redirected || response.type !== "basic") { return response; }
  var copy = response.clone();
  caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
  return response;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.match(request, { ignoreVary: true }).then(function (cached) {
      var fresh = fetch(request).then(function (response) { return keep(request, response); });
      return cached || fresh;
    }));
    return;
  }
  if (request.mode !== "navigate") { return; }
  if (isFieldPage(url)) {
    event.respondWith(fetch(request).then(function (response) { return keep(request, response); }).catch(function () {
      // Django's pages vary on the cookie and the language, which a kept copy cannot match.
      return caches.match(request, { ignoreVary: true }).then(function (cached) {
        return cached || caches.match(request, { ignoreSearch: true, ignoreVary: true }).then(function (any) {
          return any || caches.match(OFFLINE, { ignoreVary: true });
        });
      });
    }));
    return;
  }
  // Any other page: the browser's own fetch while there is a signal; without one, the offline page.
  if (self.navigator.onLine === false) {
    event.respondWith(fetch(request).catch(function () { return caches.match(OFFLINE, { ignoreVary: true }); }));
  }
});

// The page asks to keep itself (its address) once it is open: a field page opened before the
// worker took control is kept too.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "forget") {  // the user logged out: the kept pages go, the static files stay
    event.waitUntil(caches.open(CACHE).then(function (cache) {
      return cache.keys().then(function (requests) {
        return Promise.all(requests.filter(function (request) { return isFieldPage(new URL(request.url)); })
          .map(function (request) { return cache.delete(request); }));
      });
    }));
    return;
  }
  if (data.type === "keep" && Array.isArray(data.urls)) {
    // One after the other: a batch's patches are fetched without crowding the township's server.
    // The page that asked (a [data-keep] button) is told how many were kept.
    var reply = event.ports && event.ports[0];
    event.waitUntil(caches.open(CACHE).then(function (cache) {
      return data.urls.filter(function (u) {
        var url = new URL(u, self.location.origin);
        return url.origin === self.location.origin && (isFieldPage(url) || url.pathname.indexOf("/static/") === 0);
      }).reduce(function (chain, u) {
        return chain.then(function (kept) {
          return fetch(u, { credentials: "same-origin" }).then(function (response) {
            if (response.ok && !response.redirected) { return cache.put(u, response).then(function () { return kept + 1; }); }
            return kept;
          }).catch(function () { return kept; /* offline: kept next time */ });
        });
      }, Promise.resolve(0));
    }).then(function (kept) { if (reply) { reply.postMessage({ kept: kept }); } }));
  }
});

// Background Sync: the network is back; the open pages send their queue.
self.addEventListener("sync", function (event) {
  if (event.tag !== "landwatch-queue") { return; }
  event.waitUntil(self.clients.matchAll({ type: "window" }).then(function (clients) {
    clients.forEach(function (client) { client.postMessage({ type: "send-queue" }); });
  }));
});
{% endautoescape %}
