/**
 * The first start of a data directory: with no admin there is nobody who
 * could add users, so one named `admin` is created, with the password in
 * TRUCELINE_ADMIN_PASSWORD if set (held to the password policy) or else a
 * generated one, which is returned for the caller to print once. The
 * password is never logged and never audited.
 */
import type { Store } from '../store/store.js';
import { AccountError } from './account-error.js';
import { AccountService, type AccountServiceOptions } from './account-service.js';

export const FIRST_ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD_ENV = 'TRUCELINE_ADMIN_PASSWORD';

/** The slice of a pino / fastify logger this uses. */
export interface FirstAdminLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface FirstAdminOptions {
  env: Readonly<Record<string, string | undefined>>;
  log: FirstAdminLog;
  /** Tests: clock and hashing cost (AccountServiceOptions). */
  service?: AccountServiceOptions;
}

export interface FirstAdminResult {
  created: boolean;
  username?: string;
  /** Only a generated password: print it once. Absent when it came from the environment. */
  password?: string;
}

/**
 * Creates `admin` when no user has the admin role (disabled admins count:
 * the last enabled admin cannot be disabled, so "none" means a fresh data
 * directory). Throws if TRUCELINE_ADMIN_PASSWORD is set but fails the policy
 * (the message names the rule, not the password), or if the name `admin` is
 * taken by a user of another role.
 */
export async function ensureFirstAdmin(
  store: Store,
  { env, log, service }: FirstAdminOptions,
): Promise<FirstAdminResult> {
  const given = env[ADMIN_PASSWORD_ENV];
  const fromEnv = given !== undefined && given !== '';
  const users = await store.listUsers();
  if (users.some((u) => u.role === 'admin')) {
    if (fromEnv) {
      log.warn(
        { env: ADMIN_PASSWORD_ENV },
        `${ADMIN_PASSWORD_ENV} is ignored: an admin exists already (unset it; change passwords with "truceline user reset")`,
      );
    }
    return { created: false };
  }
  const accounts = new AccountService(store, service);
  try {
    const { user, password } = await accounts.addUser('system', {
      username: FIRST_ADMIN_USERNAME,
      role: 'admin',
      ...(fromEnv ? { password: given } : {}),
    });
    log.info(
      { username: user.username, password: fromEnv ? ADMIN_PASSWORD_ENV : 'generated' },
      'first admin created',
    );
    return password === undefined
      ? { created: true, username: user.username }
      : { created: true, username: user.username, password };
  } catch (err) {
    if (err instanceof AccountError && err.field === 'password') {
      throw new Error(`${ADMIN_PASSWORD_ENV}: ${err.message.replace(/^password: /, '')}`);
    }
    if (err instanceof AccountError && err.code === 'conflict') {
      throw new Error(
        `no admin exists and the name "${FIRST_ADMIN_USERNAME}" is taken by a user of another role: ` +
          'add an admin with "truceline user add NAME --role admin"',
      );
    }
    throw err;
  }
}
