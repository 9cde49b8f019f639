/**
 * Where the login page sends the browser afterwards: the `next` parameter,
 * but only when it is a path of this site. Anything that could leave it (an
 * absolute URL, `//host`, `/\host`, a `javascript:` URL) is ignored, so a
 * link to our login page cannot be used to send a fresh login elsewhere.
 */
export function readSafeNext(search: string, origin: string): string | null {
  const next = new URLSearchParams(search).get('next');
  if (next === null || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) {
    return null;
  }
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin || url.pathname === '/login.html') return null;
  return url.pathname + url.search + url.hash;
}
