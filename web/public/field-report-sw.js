/**
 * The field report page's service worker: lets a monitor open the page with
 * no network, so the outbox can be read and new reports queued. It serves
 * the page and its assets from a cache when the network fails; the API is
 * never cached (the page keeps its own data in IndexedDB). Its scope is the
 * field report page only: the rest of the app is untouched.
 */
const CACHE = 'truceline-field-report-shell-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) return;
  // Hashed asset names never change content: the cache answers first.
  const cacheFirst = url.pathname.startsWith('/assets/');
  event.respondWith(cacheFirst ? fromCacheFirst(req) : fromNetworkFirst(req));
});

async function fromNetworkFirst(req) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(req);
    if (res.ok) await cache.put(req, res.clone());
    return res;
  } catch (err) {
    const hit = await cache.match(req, { ignoreSearch: true });
    if (hit !== undefined) return hit;
    throw err;
  }
}

async function fromCacheFirst(req) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(req);
  if (hit !== undefined) return hit;
  const res = await fetch(req);
  if (res.ok) await cache.put(req, res.clone());
  return res;
}
