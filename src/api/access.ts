/**
 * Who is asking, and what each route lets them do.
 *
 * Every route declares its access in its options, and the access hook
 * (auth-hook.ts) refuses a request whose principal lacks it before the
 * handler runs: 401 `unauthenticated` for anonymous visitors, 403
 * `forbidden` for others, naming the capability.
 *
 *   app.get('/api/incidents', { config: { access: 'incident:read' } }, handler)
 *   app.get('/api/published', { config: { access: 'public' } }, handler)
 *
 * A route registered without `access` stops the server from starting (fail
 * closed), so a route added without thought is not open by accident. The capability names and who
 * holds them are in src/accounts/roles.ts; this file only carries them to
 * the request.
 */
import type { FastifyRequest } from 'fastify';
import {
  ANONYMOUS_CAPABILITIES,
  type Capability,
  can,
  type Role,
  type TokenScope,
  tokenCan,
} from '../accounts/roles.js';
import { ApiError } from './api-error.js';

/** What a route requires: a capability, or `public` for anyone, logged in or not. */
export type RouteAccess = Capability | 'public';

/** The one asking: a logged-in user, an API token, or nobody. */
export type Principal =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      userId: string;
      username: string;
      role: Role;
      /** The session's id (not its secret), for logout and the audit. */
      sessionId: string;
    }
  | { kind: 'token'; tokenId: string; name: string; scopes: readonly TokenScope[] };

export const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous' });

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required: what the principal must hold for this route (see access.ts). */
    access?: RouteAccess;
    /**
     * `origin-only`: a state-changing request with the session cookie needs
     * no CSRF token, only no foreign Origin. For login alone, where the
     * browser has no token yet but may still send an old session's cookie.
     */
    csrf?: 'origin-only';
  }
  interface FastifyRequest {
    /** Set by the access hook before any handler runs; ANONYMOUS until then. */
    principal: Principal;
  }
}

export function principalCan(p: Principal, capability: Capability): boolean {
  switch (p.kind) {
    case 'anonymous':
      return ANONYMOUS_CAPABILITIES.includes(capability);
    case 'user':
      return can(p.role, capability);
    case 'token':
      return tokenCan(p.scopes, capability);
  }
}

/** How the audit log names the principal: the user name, `token:<name>`, or `anonymous`. */
export function actorName(p: Principal): string {
  switch (p.kind) {
    case 'anonymous':
      return 'anonymous';
    case 'user':
      return p.username;
    case 'token':
      return `token:${p.name}`;
  }
}

/** The logged-in user behind a request, or a 401 for routes only people may use. */
export function requireUser(req: FastifyRequest): Extract<Principal, { kind: 'user' }> {
  const p = req.principal;
  if (p.kind !== 'user') throw new ApiError(401, 'unauthenticated', 'Log in first');
  return p;
}
