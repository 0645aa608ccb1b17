// Fortfolio service worker (a go-app worker template).
// Static app-shell files are served cache-first from a cache named after the
// build version; pages are fetched network-first and fall back to the cached
// copy (or the cached app shell, which routes on the client) when offline.
// /api/ is never cached here: user data answers carry Cache-Control: no-store.
const cacheName = "app-" + "{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}};

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(cacheName);
    await cache.addAll(resourcesToCache);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const keys = await caches.keys();
    await Promise.all(keys.filter((k) => k !== cacheName).map((k) => caches.delete(k)));
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(pageNetworkFirst(request));
    return;
  }
  event.respondWith(staticCacheFirst(request));
});

async function pageNetworkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const cache = await caches.open(cacheName);
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const cached = (await caches.match(request)) || (await caches.match("/"));
    if (cached) {
      return cached;
    }
    throw error;
  }
}

async function staticCacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) {
    return cached;
  }
  return fetch(request);
}

// Web Push (alerts): the payload is {title, body, path}, as go-app's own
// worker expects; a click focuses an open window (go-app's app.js then
// navigates to the path) or opens the path. Only same-origin paths are
// followed.
self.addEventListener("push", (event) => {
  event.waitUntil((async () => {
    let n = null;
    try {
      n = event.data ? event.data.json() : null;
    } catch {
      n = null;
    }
    if (!n) {
      return;
    }
    await self.registration.showNotification(n.title || "Fortfolio", {
      body: n.body || "",
      icon: "/web/icon-192.png",
      badge: "/web/icon-192.png",
      data: { goapp: { path: safePath(n.path), actions: [] } },
    });
  })());
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const data = event.notification.data || {};
  const path = safePath(data.goapp && data.goapp.path);
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window" });
    for (const client of windows) {
      if ("focus" in client) {
        await client.focus();
        client.postMessage({ goapp: { type: "notification", path: path } });
        return;
      }
    }
    if (self.clients.openWindow) {
      await self.clients.openWindow(path);
    }
  })());
});

// safePath keeps app paths ("/alerts", "/portfolios/ID") and refuses
// anything else (other origins, "//host", "javascript:").
function safePath(p) {
  if (typeof p !== "string" || !/^\/[A-Za-z0-9_\-\/]*$/.test(p) || p.startsWith("//")) {
    return "/alerts";
  }
  return p;
}
