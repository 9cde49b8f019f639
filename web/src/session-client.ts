/**
 * Who is logged in, and requests that carry the session: every page of the
 * web app goes through here for the API, so that the CSRF header and the
 * answer to "not logged in" are the same everywhere.
 *
 * The session itself is an HttpOnly cookie the page never sees; the CSRF
 * token comes from GET /api/session and goes back in `x-csrf-token` on
 * every request that changes something (docs/accounts.md).
 */
import type { Capability, ErrorBody, SessionBody } from '../../src/api/wire.js';

export const CSRF_HEADER = 'x-csrf-token';

/** An API answer that was not 2xx, with the API's code and the field it names, if any. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

let current: SessionBody | undefined;

/** The session as the server sees it (anonymous when nobody is logged in). */
export async function loadSession(refresh = false): Promise<SessionBody> {
  if (current !== undefined && !refresh) return current;
  const res = await fetch('/api/session', {
    headers: { accept: 'application/json' },
    cache: 'no-store',
    credentials: 'same-origin',
  });
  if (!res.ok) throw await toFailure(res, 'GET /api/session');
  current = (await res.json()) as SessionBody;
  return current;
}

/** After login or logout: the next loadSession asks the server again. */
export function forgetSession(): void {
  current = undefined;
}

export function sessionCan(session: SessionBody, capability: Capability): boolean {
  return session.capabilities.includes(capability);
}

/**
 * Sends a request with the session; unsafe methods carry the CSRF token.
 * Throws an ApiFailure for any answer that is not 2xx.
 */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  const unsafe = method !== 'GET' && method !== 'HEAD';
  const send = async (session: SessionBody | undefined): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    if (session?.csrfToken) headers.set(CSRF_HEADER, session.csrfToken);
    return fetch(path, { ...init, method, headers, credentials: 'same-origin' });
  };
  let res = await send(unsafe ? await loadSession() : undefined);
  if (unsafe && res.status === 403) {
    // Logged in again in another tab: the token this page holds is the old
    // session's. Ask once for the current one and try again.
    const failure = await toFailure(res.clone(), `${method} ${path}`);
    if (failure.code === 'csrf' && failure.field === CSRF_HEADER) {
      res = await send(await loadSession(true));
    }
  }
  if (!res.ok) throw await toFailure(res, `${method} ${path}`);
  return res;
}

/** apiFetch with a JSON body (when given) and a JSON answer. */
export async function apiJson<T>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const res = await apiFetch(path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    ...(init.body === undefined
      ? {}
      : { body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } }),
  });
  return (await res.json()) as T;
}

/** The login page, coming back here afterwards (only a path of this site is followed). */
export function loginUrl(
  next: string = location.pathname + location.search + location.hash,
): string {
  return `/login.html?next=${encodeURIComponent(next)}`;
}

/**
 * The session, if it holds `capability`; otherwise sends the browser to log
 * in (anonymous) or says the role may not see this page, and returns null.
 */
export async function requireCapability(capability: Capability): Promise<SessionBody | null> {
  const session = await loadSession();
  if (sessionCan(session, capability)) return session;
  if (session.user === null) location.assign(loginUrl());
  else {
    document.body.replaceChildren(
      Object.assign(document.createElement('p'), {
        className: 'page-refused',
        textContent: `Your role (${session.user.role}) may not see this page.`,
      }),
    );
  }
  return null;
}

async function toFailure(res: Response, what: string): Promise<ApiFailure> {
  const body = (await res.json().catch(() => null)) as
    | (ErrorBody & { error: { field?: string } })
    | null;
  const code = body?.error?.code ?? 'http_error';
  const message = body?.error?.message ?? `${what} failed (${res.status} ${res.statusText})`;
  return new ApiFailure(res.status, code, message, body?.error?.field);
}
