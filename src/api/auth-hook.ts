/**
 * The access hook: who is asking (an API token, a session cookie, or
 * nobody), whether a browser's state-changing request really comes from our
 * own pages (CSRF), and whether the principal holds what the route declares
 * in `config.access` (access.ts). Runs on every request before any handler,
 * the WebSocket upgrade of /api/live included.
 *
 * Fail closed: a route registered without `access` is refused at
 * registration (the server does not start), so no endpoint is open by
 * oversight. The static web files are served by a route declared public.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccountService } from '../accounts/account-service.js';
import { CAPABILITIES, type Capability } from '../accounts/roles.js';
import type { ActiveSession, SessionEnd, SessionService } from '../accounts/session-service.js';
import { ANONYMOUS, type Principal, principalCan, type RouteAccess } from './access.js';
import { ApiError } from './api-error.js';

/** The session cookie: a random secret whose SHA-256 names the session in the store. */
export const SESSION_COOKIE = 'tl_session';
/** The header a browser sends the session's CSRF token in (GET /api/session gives it). */
export const CSRF_HEADER = 'x-csrf-token';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const BEARER = /^Bearer[ \t]+(\S+)$/i;

/** A route as the access hook saw it registered: what the access matrix test walks. */
export interface AccessRoute {
  method: string;
  url: string;
  access: RouteAccess;
  websocket: boolean;
}

/** What the request presented to prove who it is. */
type Credentials =
  | { kind: 'none' }
  | { kind: 'bearer'; secret: string }
  | { kind: 'cookie'; secret: string };

/** Who the credentials name now, or why they name nobody. */
type Resolution =
  | { ok: true; principal: Principal; session?: ActiveSession }
  | { ok: false; failure: 'invalid_token' }
  | { ok: false; failure: 'session_ended'; reason: SessionEnd };

interface RequestAuth {
  credentials: Credentials;
  session?: ActiveSession;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its declared access, in registration order. */
    accessRoutes: readonly AccessRoute[];
  }
}

export interface AccessHookDeps {
  accounts: AccountService;
  sessions: SessionService;
}

/** Kept off the request object, so no handler or serializer can echo a secret. */
const requestAuth = new WeakMap<FastifyRequest, RequestAuth>();

export function installAccessHook(app: FastifyInstance, deps: AccessHookDeps): void {
  const routes: AccessRoute[] = [];
  app.decorate('accessRoutes', routes);
  // ANONYMOUS until the hook says otherwise, also for requests no route matched.
  const principals = new WeakMap<FastifyRequest, Principal>();
  app.decorateRequest('principal', {
    getter(this: FastifyRequest) {
      return principals.get(this) ?? ANONYMOUS;
    },
    setter(this: FastifyRequest, p: Principal) {
      principals.set(this, p);
    },
  });

  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    const methods = ([] as string[]).concat(route.method);
    if (access === undefined) {
      throw new Error(
        `${methods.join(',')} ${route.url}: no access declared; add { config: { access: 'public' | '<capability>' } } (src/api/access.ts)`,
      );
    }
    if (access !== 'public' && !Object.hasOwn(CAPABILITIES, access)) {
      throw new Error(
        `${methods.join(',')} ${route.url}: unknown access ${JSON.stringify(access)}`,
      );
    }
    const websocket = (route as { websocket?: boolean }).websocket === true;
    for (const method of methods) routes.push({ method, url: route.url, access, websocket });
  });

  app.addHook('onRequest', async (req, reply) => {
    // No route matched: the not-found handler answers, and it reveals nothing.
    if (req.routeOptions.url === undefined) return;
    const credentials = readCredentials(req);
    const resolved = await resolveCredentials(deps, credentials);
    if (resolved.ok) {
      req.principal = resolved.principal;
    } else if (resolved.failure === 'session_ended') {
      // A stale cookie is not an error: the visitor is anonymous, and the cookie goes.
      clearSessionCookie(reply);
      req.log.info({ reason: resolved.reason }, 'session not in force');
    } else {
      throw new ApiError(
        401,
        'invalid_token',
        'Authorization: expected "Bearer tl_…" with a token that exists and is not revoked',
      );
    }
    const session = resolved.ok ? resolved.session : undefined;
    requestAuth.set(req, { credentials, ...(session === undefined ? {} : { session }) });
    const config = req.routeOptions.config;
    if (session !== undefined && UNSAFE_METHODS.has(req.method)) {
      if (config.csrf === 'origin-only') refuseCrossOrigin(req);
      else checkCsrf(req, session);
    }
    enforceAccess(req, config.access!);
  });
}

/** The session the request's cookie named, when it is in force. */
export function getActiveSession(req: FastifyRequest): ActiveSession | undefined {
  return requestAuth.get(req)?.session;
}

/** What a live connection needs to be told when its principal no longer may. */
export type AccessRecheck =
  | { ok: true }
  | { ok: false; closeCode: 4401 | 4403; reason: 'session ended' | 'forbidden' };

/**
 * Asks again, with the credentials this request presented, whether they
 * still grant `capability`: for a WebSocket, which outlives the request that
 * opened it. 4401: the session or token is no longer valid; 4403: it is, but
 * no longer grants the capability (a role changed).
 */
export function createAccessRecheck(
  deps: AccessHookDeps,
  req: FastifyRequest,
  capability: Capability,
): () => Promise<AccessRecheck> {
  const credentials = requestAuth.get(req)?.credentials ?? { kind: 'none' };
  return async () => {
    const r = await resolveCredentials(deps, credentials);
    if (!r.ok || r.principal.kind === 'anonymous') {
      return principalCan(ANONYMOUS, capability)
        ? { ok: true }
        : { ok: false, closeCode: 4401, reason: 'session ended' };
    }
    return principalCan(r.principal, capability)
      ? { ok: true }
      : { ok: false, closeCode: 4403, reason: 'forbidden' };
  };
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/**
 * Bearer token first (sensors and integrations), then the session cookie
 * (browsers). An Authorization header that is not a well-formed bearer
 * token is an error rather than anonymity, so a misconfigured sensor hears
 * why instead of a puzzling 401 `unauthenticated`.
 */
function readCredentials(req: FastifyRequest): Credentials {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const m = BEARER.exec(header);
    return { kind: 'bearer', secret: m === null ? '' : m[1]! };
  }
  const cookie = req.cookies[SESSION_COOKIE];
  return cookie === undefined || cookie === ''
    ? { kind: 'none' }
    : { kind: 'cookie', secret: cookie };
}

async function resolveCredentials(deps: AccessHookDeps, c: Credentials): Promise<Resolution> {
  switch (c.kind) {
    case 'none':
      return { ok: true, principal: ANONYMOUS };
    case 'bearer': {
      const token = await deps.accounts.authenticateToken(c.secret);
      if (token === undefined) return { ok: false, failure: 'invalid_token' };
      return {
        ok: true,
        principal: { kind: 'token', tokenId: token.id, name: token.name, scopes: token.scopes },
      };
    }
    case 'cookie': {
      const check = await deps.sessions.checkSession(c.secret);
      if (!check.ok) return { ok: false, failure: 'session_ended', reason: check.reason };
      const { session, user } = check.active;
      return {
        ok: true,
        principal: {
          kind: 'user',
          userId: user.id,
          username: user.username,
          role: user.role,
          sessionId: session.id,
        },
        session: check.active,
      };
    }
  }
}

/**
 * A browser sends the session cookie with any request to this host, even one
 * a hostile page makes it send; only our own pages can read the CSRF token
 * (GET /api/session is same-origin only) and send it back. The Origin check
 * is a second, independent line.
 */
function checkCsrf(req: FastifyRequest, active: ActiveSession): void {
  refuseCrossOrigin(req);
  const sent = req.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || !equalSecrets(sent, active.session.csrfToken)) {
    throw new ApiError(
      403,
      'csrf',
      `${CSRF_HEADER}: missing or wrong; send the csrfToken of GET /api/session with every POST, PUT, PATCH and DELETE`,
      { field: CSRF_HEADER },
    );
  }
}

/**
 * Refuses a request whose Origin header names another site than the one it
 * was sent to. Behind a reverse proxy the Host header must be passed
 * through (or X-Forwarded-Host set): docs/accounts.md.
 */
export function refuseCrossOrigin(req: FastifyRequest): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  const forwarded = req.headers['x-forwarded-host'];
  const host =
    (typeof forwarded === 'string' ? forwarded.split(',')[0]!.trim() : undefined) ??
    req.headers.host;
  let originHost: string | undefined;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = undefined;
  }
  if (originHost === undefined || host === undefined || originHost !== host.toLowerCase()) {
    throw new ApiError(
      403,
      'csrf',
      `origin: ${JSON.stringify(origin)} is not this site (${host ?? 'no Host header'}); cross-site requests are refused`,
      { field: 'origin' },
    );
  }
}

function enforceAccess(req: FastifyRequest, access: RouteAccess): void {
  if (access === 'public') return;
  const p = req.principal;
  if (principalCan(p, access)) return;
  if (p.kind === 'anonymous') {
    throw new ApiError(401, 'unauthenticated', `Log in first: this needs ${access}`, {
      capability: access,
    });
  }
  const who = p.kind === 'user' ? `The ${p.role} role` : `Token ${JSON.stringify(p.name)}`;
  throw new ApiError(403, 'forbidden', `${who} may not do this: it needs ${access}`, {
    capability: access,
  });
}

function equalSecrets(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}
