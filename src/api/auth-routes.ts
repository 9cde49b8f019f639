/**
 * Login, logout and the session, and the access hook that enforces each
 * route's `access` (auth-hook.ts). Registered before any other route, so
 * that the hook sees every one (server.ts).
 *
 * - POST /api/login {username, password}: sets the `tl_session` cookie and
 *   answers SessionBody. Every failure is the same 401 `invalid_credentials`
 *   (the reason goes to the server log only), rate limited per client
 *   address on top of the account lockout (docs/accounts.md).
 * - POST /api/logout: ends the session, clears the cookie.
 * - GET /api/session: who is logged in, their capabilities and CSRF token;
 *   always 200, anonymous when nobody is.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ANONYMOUS_CAPABILITIES,
  type Capability,
  ROLE_CAPABILITIES,
  SCOPE_CAPABILITIES,
} from '../accounts/roles.js';
import { type SessionPolicy, SessionService } from '../accounts/session-service.js';
import { ANONYMOUS, type Principal } from './access.js';
import { ApiError } from './api-error.js';
import {
  clearSessionCookie,
  getActiveSession,
  installAccessHook,
  refuseCrossOrigin,
  SESSION_COOKIE,
} from './auth-hook.js';
import { parseParams } from './query-params.js';
import type { ApiDeps } from './server.js';
import type { SessionBody } from './wire.js';

export interface AuthOptions {
  /** Session lifetimes (DEFAULT_SESSION_POLICY: 12 h idle, 7 days absolute). */
  session?: Partial<SessionPolicy>;
  /** Login attempts per client address per window. Default 10 a minute. */
  loginRateLimit?: { max: number; windowMs: number };
  /** How often an open /api/live socket's session is checked again. Default 5 s (live-hub.ts). */
  liveRecheckMs?: number;
}

export const DEFAULT_LOGIN_RATE_LIMIT = Object.freeze({ max: 10, windowMs: 60_000 });

const LoginInput = z
  .object({
    username: z.string().min(1).max(256),
    password: z.string().min(1).max(1024),
  })
  .strict();

/** Returns the session service, which the live WebSocket uses to re-check its session. */
export async function registerAuth(app: FastifyInstance, deps: ApiDeps): Promise<SessionService> {
  const sessions = new SessionService(deps.store, { now: deps.now, policy: deps.auth?.session });
  await app.register(fastifyCookie);
  // Only routes that ask (login) are limited; the rest rely on their access.
  await app.register(fastifyRateLimit, { global: false });
  installAccessHook(app, { accounts: deps.accounts, sessions });
  const limit = deps.auth?.loginRateLimit ?? DEFAULT_LOGIN_RATE_LIMIT;

  app.post(
    '/api/login',
    {
      config: {
        access: 'public',
        csrf: 'origin-only',
        rateLimit: {
          max: limit.max,
          timeWindow: limit.windowMs,
          keyGenerator: (req: FastifyRequest) => req.ip,
          errorResponseBuilder: (_req, ctx) =>
            new ApiError(
              429,
              'rate_limited',
              `Too many login attempts from this address; try again in ${ctx.after}`,
            ),
        },
      },
    },
    async (req, reply): Promise<SessionBody> => {
      // The cookie's SameSite=Strict already keeps other sites out; this
      // also stops a hostile page from logging a visitor in as someone else.
      refuseCrossOrigin(req);
      const input = parseParams(LoginInput, req.body ?? {}, 'body');
      const result = await deps.accounts.verifyPassword(input.username, input.password);
      if (!result.ok) {
        req.log.warn(
          { username: input.username, reason: result.reason, ip: req.ip },
          'login refused',
        );
        throw new ApiError(401, 'invalid_credentials', 'Wrong user name or password');
      }
      // Private: it carries the CSRF token.
      reply.header('cache-control', 'no-store');
      // A login replaces whatever session this browser had.
      const previous = getActiveSession(req);
      if (previous !== undefined) await sessions.endSession(previous.session.id);
      const { secret, session } = await sessions.startSession(result.user);
      reply.setCookie(SESSION_COOKIE, secret, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: cameOverHttps(req),
        // The cookie may live as long as the session could; the server ends it sooner when idle.
        maxAge: Math.floor(sessions.policy.absoluteMs / 1000),
      });
      req.log.info(
        { username: result.user.username, sessionId: session.id, ip: req.ip },
        'logged in',
      );
      const { user } = result;
      return {
        user: { id: user.id, username: user.username, role: user.role },
        capabilities: [...ROLE_CAPABILITIES[user.role]],
        csrfToken: session.csrfToken,
        expiresMs: SessionService.expiresMs(session),
      };
    },
  );

  app.post('/api/logout', { config: { access: 'public' } }, async (req, reply) => {
    const active = getActiveSession(req);
    if (active !== undefined) {
      await sessions.endSession(active.session.id);
      req.log.info({ username: active.user.username, sessionId: active.session.id }, 'logged out');
    }
    clearSessionCookie(reply);
    return describeSession(ANONYMOUS, req);
  });

  app.get('/api/session', { config: { access: 'public' } }, async (req, reply) => {
    // Private: it carries the CSRF token.
    reply.header('cache-control', 'no-store');
    return describeSession(req.principal, req);
  });

  return sessions;
}

function describeSession(p: Principal, req: FastifyRequest): SessionBody {
  const active = p.kind === 'user' ? getActiveSession(req) : undefined;
  if (p.kind === 'user' && active !== undefined) {
    return {
      user: { id: p.userId, username: p.username, role: p.role },
      capabilities: [...ROLE_CAPABILITIES[p.role]],
      csrfToken: active.session.csrfToken,
      expiresMs: SessionService.expiresMs(active.session),
    };
  }
  return { user: null, capabilities: listCapabilities(p), csrfToken: null, expiresMs: null };
}

function listCapabilities(p: Principal): Capability[] {
  if (p.kind !== 'token') return [...ANONYMOUS_CAPABILITIES];
  return [...new Set(p.scopes.flatMap((s) => SCOPE_CAPABILITIES[s]))];
}

/**
 * Secure cookies only over https. Behind a TLS-terminating proxy the
 * request arrives over http: the proxy's `X-Forwarded-Proto: https` is taken
 * as the browser's scheme. A client forging it only makes its own cookie
 * stricter, so it is believed without trusting the proxy for anything else.
 */
function cameOverHttps(req: FastifyRequest): boolean {
  const forwarded = req.headers['x-forwarded-proto'];
  return (
    req.protocol === 'https' ||
    (typeof forwarded === 'string' && forwarded.split(',')[0]!.trim() === 'https')
  );
}
