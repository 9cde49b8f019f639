/**
 * What lets the page open with no network: a service worker that serves the
 * page and its assets from a cache (web/public/field-report-sw.js), and the
 * last session seen on this device, for knowing whose outbox to show.
 *
 * The cached session holds the user and capabilities, never the CSRF token:
 * sending still needs the server, which is asked for the session afresh.
 * It is cleared as soon as the server says nobody is logged in.
 */
import type { SessionBody } from '../../../src/api/wire.js';
import { loadSession } from '../session-client.js';

const SW_URL = '/field-report-sw.js';
/** Must match CACHE in field-report-sw.js. */
const SHELL_CACHE = 'truceline-field-report-shell-v1';
const SESSION_KEY = 'truceline.fieldReports.lastSession';

/** Registers the worker and caches what this page loaded, for the next offline start. */
export async function installOfflineShell(): Promise<void> {
  if (!('serviceWorker' in navigator) || !('caches' in window)) return;
  await navigator.serviceWorker.register(SW_URL, { scope: location.pathname });
  // What loaded before the worker took control is in no cache yet: add all
  // this page loaded. Under the worker's control this costs little, as it
  // answers assets from its cache.
  const sameOrigin = performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((url) => url.startsWith(location.origin) && !new URL(url).pathname.startsWith('/api/'));
  const cache = await caches.open(SHELL_CACHE);
  const shell = [location.pathname, ...new Set(sameOrigin)];
  await cache.addAll(shell);
  // Assets of an earlier build (their names carry a content hash) are dead weight.
  const current = new Set(shell.map((url) => new URL(url, location.origin).href));
  for (const req of await cache.keys()) {
    if (!current.has(req.url)) await cache.delete(req);
  }
}

/**
 * The session from the server, or, when the server cannot be reached, the
 * one last seen here (marked `offline`); null when there is neither.
 */
export async function loadSessionOrLastSeen(): Promise<{
  session: SessionBody;
  offline: boolean;
} | null> {
  try {
    const session = await loadSession();
    if (session.user === null) localStorage.removeItem(SESSION_KEY);
    else {
      const { user, capabilities } = session;
      localStorage.setItem(SESSION_KEY, JSON.stringify({ user, capabilities }));
    }
    return { session, offline: false };
  } catch (err) {
    if (!(err instanceof TypeError)) throw err; // an answer that was an error: not offline
    const saved = localStorage.getItem(SESSION_KEY);
    if (saved === null) return null;
    const { user, capabilities } = JSON.parse(saved) as Pick<SessionBody, 'user' | 'capabilities'>;
    return { session: { user, capabilities, csrfToken: null, expiresMs: null }, offline: true };
  }
}
