/**
 * Users, API tokens and the audit log over HTTP (docs/accounts.md, "Managing
 * users and tokens in the web app"), so that an admin can add a monitor while
 * the mission runs instead of stopping the server for `truceline user add`.
 *
 * The rules are the account service's (names, roles, password policy, the
 * last enabled admin), and so is the audit entry of every change; the actor
 * is the logged-in admin's user name. Two rules are the API's own, because
 * only here is there a "self": an admin may not disable their own account,
 * and disabling runs one request at a time, so that two admins disabling each
 * other at once cannot both pass the last-admin check.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { AccountError, type AccountErrorCode } from '../accounts/account-error.js';
import { type AccountService, USERNAME_PATTERN } from '../accounts/account-service.js';
import { ROLES, TOKEN_SCOPES } from '../accounts/roles.js';
import { AuditChainVerifier } from '../incidents/audit-chain.js';
import type { Store } from '../store/store.js';
import { actorName, requireUser } from './access.js';
import { ApiError } from './api-error.js';
import { parseParams } from './query-params.js';
import type { ApiDeps } from './server.js';
import type {
  AuditPageBody,
  AuditVerifyBody,
  NewTokenBody,
  TokenBody,
  TokensBody,
  UserBody,
  UsersBody,
} from './wire-accounts.js';

/** A user or token body is a few short strings. */
const ACCOUNT_BODY_LIMIT_BYTES = 4096;
/** Audit entries per answer (the store's own cap), and per page while verifying. */
const AUDIT_PAGE_MAX = 1000;
const AUDIT_PAGE_DEFAULT = 100;

const Username = z
  .string()
  .regex(USERNAME_PATTERN, 'expected 1 to 64 ASCII letters, digits or "._@-"');
// Lengths are checked again by the account service; these bounds only keep
// absurd input out of scrypt and the error messages.
const Password = z.string().max(1024);
const Seq = z
  .string()
  .regex(/^\d{1,15}$/, 'expected a whole number')
  .transform(Number);

const UserParams = z.strictObject({ username: Username });
const TokenParams = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{12}$/, 'expected a token id: 12 hex digits'),
});
const NewUserInput = z.strictObject({
  username: z.string().max(256),
  role: z.enum(ROLES),
  password: Password.optional(),
});
const ResetInput = z.strictObject({ password: Password.optional() });
const NewTokenInput = z.strictObject({
  name: z.string().max(256),
  scopes: z.array(z.enum(TOKEN_SCOPES)).min(1, 'choose at least one scope').max(10),
});
const AuditQuery = z.strictObject({
  after: Seq.optional(),
  limit: Seq.pipe(z.number().int().min(1).max(AUDIT_PAGE_MAX)).optional(),
});

export function registerAccountRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const accounts = deps.accounts;
  const manageUsers = {
    config: { access: 'user:manage' as const },
    bodyLimit: ACCOUNT_BODY_LIMIT_BYTES,
  };
  const manageTokens = {
    config: { access: 'token:manage' as const },
    bodyLimit: ACCOUNT_BODY_LIMIT_BYTES,
  };
  const readAudit = { config: { access: 'audit:read' as const } };
  const oneAtATime = createSerialQueue();

  app.get('/api/users', manageUsers, async (): Promise<UsersBody> => {
    return { users: await accounts.listUsers() };
  });

  app.post('/api/users', manageUsers, async (req, reply): Promise<UserBody> => {
    const input = parseParams(NewUserInput, req.body, 'body');
    const actor = actorName(requireUser(req));
    const made = await refuseAsApiError(() => accounts.addUser(actor, input));
    keepOutOfCaches(reply).status(201);
    return made;
  });

  app.post('/api/users/:username/disable', manageUsers, async (req): Promise<UserBody> => {
    const { username } = parseParams(UserParams, req.params, 'path');
    const me = requireUser(req);
    return oneAtATime(async () => {
      const target = await accounts.getUser(username);
      if (target !== undefined && target.id === me.userId) await refuseSelfDisable(accounts);
      return { user: await refuseAsApiError(() => accounts.disableUser(actorName(me), username)) };
    });
  });

  app.post('/api/users/:username/enable', manageUsers, async (req): Promise<UserBody> => {
    const { username } = parseParams(UserParams, req.params, 'path');
    const actor = actorName(requireUser(req));
    return { user: await refuseAsApiError(() => accounts.enableUser(actor, username)) };
  });

  app.post('/api/users/:username/reset', manageUsers, async (req, reply): Promise<UserBody> => {
    const { username } = parseParams(UserParams, req.params, 'path');
    const { password } = parseParams(ResetInput, req.body, 'body');
    const actor = actorName(requireUser(req));
    const reset = await refuseAsApiError(() => accounts.resetPassword(actor, username, password));
    keepOutOfCaches(reply);
    return reset;
  });

  app.get('/api/tokens', manageTokens, async (): Promise<TokensBody> => {
    return { tokens: await accounts.listTokens() };
  });

  app.post('/api/tokens', manageTokens, async (req, reply): Promise<NewTokenBody> => {
    const input = parseParams(NewTokenInput, req.body, 'body');
    const actor = actorName(requireUser(req));
    const made = await refuseAsApiError(() => accounts.createToken(actor, input));
    keepOutOfCaches(reply).status(201);
    return made;
  });

  app.post('/api/tokens/:id/revoke', manageTokens, async (req): Promise<TokenBody> => {
    const { id } = parseParams(TokenParams, req.params, 'path');
    const actor = actorName(requireUser(req));
    return { token: await refuseAsApiError(() => accounts.revokeToken(actor, id)) };
  });

  app.get('/api/audit', readAudit, async (req): Promise<AuditPageBody> => {
    const q = parseParams(AuditQuery, req.query, 'query');
    const limit = q.limit ?? AUDIT_PAGE_DEFAULT;
    const head = await deps.store.auditHead();
    // Without `after`, the newest page: what a person opening the log wants to see.
    const afterSeq = q.after ?? Math.max(0, head.seq - limit);
    return { entries: await deps.store.listAudit({ afterSeq, limit }), head };
  });

  app.get('/api/audit/verify', readAudit, async (): Promise<AuditVerifyBody> => {
    return verifyStoredChain(deps.store);
  });
}

/**
 * The whole chain, a page at a time as `truceline audit verify` walks it, so
 * memory stays bounded however long the log. The store answers synchronously
 * underneath, so each page yields to the event loop: a long walk must not
 * stall the live picture.
 */
async function verifyStoredChain(store: Store): Promise<AuditVerifyBody> {
  const verifier = new AuditChainVerifier();
  let after = 0;
  for (;;) {
    const page = await store.listAudit({ afterSeq: after, limit: AUDIT_PAGE_MAX });
    for (const entry of page) {
      if (verifier.push(entry) !== undefined) return verifier.result();
    }
    if (page.length < AUDIT_PAGE_MAX) return verifier.result();
    after = page[page.length - 1]!.seq;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Nobody disables their own account: a slip of the mouse would lock the
 * admin out mid-mission. The last enabled admin hears why that matters most.
 */
async function refuseSelfDisable(accounts: AccountService): Promise<never> {
  const admins = (await accounts.listUsers()).filter((u) => u.role === 'admin' && !u.disabled);
  const message =
    admins.length <= 1
      ? 'username: you are the last enabled admin; add another admin first'
      : 'username: you cannot disable your own account; another admin must do it';
  throw new ApiError(409, 'refused', message, { field: 'username' });
}

/** Runs the functions given one after another, in the order they came. */
function createSerialQueue(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (fn) => {
    const run = tail.then(fn);
    tail = run.catch(() => {});
    return run;
  };
}

/** An answer with a password or a secret in it must not be kept by any cache on the way. */
function keepOutOfCaches(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store');
}

/** What the account service refuses, as the API answers it (account-error.ts). */
const STATUS: Record<AccountErrorCode, [number, string]> = {
  invalid: [400, 'invalid_body'],
  not_found: [404, 'not_found'],
  conflict: [409, 'conflict'],
  refused: [409, 'refused'],
};

async function refuseAsApiError<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof AccountError)) throw err;
    const [status, code] = STATUS[err.code];
    throw new ApiError(status, code, err.message, { field: err.field });
  }
}
