/**
 * What the integration tests share: JSON over HTTP against a running
 * Truceline, polling the API until the picture shows what a test waits for,
 * and a Truceline on a free local port with its data in a fresh temporary
 * directory. Not a test file itself (no `.test.ts`), so vitest only imports it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccountService, ROLES, type ScryptParams } from '../../src/accounts/index.js';
import type { SessionBody } from '../../src/api/wire.js';
import {
  createTruceline,
  DEFAULT_SCENARIO_DIR,
  type Truceline,
  type TrucelineConfig,
} from '../../src/main.js';
import { openSqliteStore } from '../../src/store/index.js';

/** The password of every test user (long enough for the policy). */
export const TEST_PASSWORD = 'truceline test password';

/** How a test request proves who it is: a browser session, an API token, or nothing. */
export type Auth = SessionLogin | { bearer: string } | undefined;

/** A logged-in session as a browser holds it: the cookie, and the CSRF token to send back. */
export interface SessionLogin {
  cookie: string;
  csrfToken: string;
  session: SessionBody;
}

/** The headers that carry `auth`; unsafe methods also carry the CSRF token. */
export function authHeaders(auth: Auth, method = 'GET'): Record<string, string> {
  if (auth === undefined) return {};
  if ('bearer' in auth) return { authorization: `Bearer ${auth.bearer}` };
  const unsafe = method !== 'GET' && method !== 'HEAD';
  return unsafe ? { cookie: auth.cookie, 'x-csrf-token': auth.csrfToken } : { cookie: auth.cookie };
}

export async function getJson<T>(url: string, auth?: Auth): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { headers: authHeaders(auth) });
  return { status: res.status, body: (await res.json()) as T };
}

/** POSTs `body` as JSON; a string is sent as it is, so tests can send broken JSON. */
export async function postJson<T>(
  url: string,
  body: unknown,
  auth?: Auth,
): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(auth, 'POST') },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** POST /api/login; throws unless it succeeds. */
export async function loginAs(
  baseUrl: string,
  username: string,
  password = TEST_PASSWORD,
): Promise<SessionLogin> {
  const res = await fetch(`${baseUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) {
    throw new Error(`login as ${username}: ${res.status} ${await res.text()}`);
  }
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('tl_session='));
  if (cookie === undefined) throw new Error(`login as ${username}: no tl_session cookie`);
  const session = (await res.json()) as SessionBody;
  return { cookie, csrfToken: session.csrfToken!, session };
}

/** API tokens made for a test data directory, by scope. */
export interface TestTokens {
  ingest: string;
  read: string;
}

const tokensByDataDir = new Map<string, TestTokens>();

/**
 * One user per role, named after it (`admin`, `analyst`, `monitor`,
 * `observer`, all with TEST_PASSWORD), and a token per scope, made in the
 * store before the server opens it, the way `truceline user add` and
 * `truceline token create` would. Hashed with the server's own scrypt
 * parameters (or `scrypt`, when the server is given the same), so that a
 * login does not rehash. Done once per data directory; a restart finds them.
 */
export async function seedTestAccounts(
  dataDir: string,
  scrypt?: ScryptParams,
): Promise<TestTokens> {
  const known = tokensByDataDir.get(dataDir);
  if (known !== undefined) return known;
  const store = openSqliteStore({ dir: dataDir });
  try {
    const accounts = new AccountService(store, scrypt === undefined ? {} : { scrypt });
    for (const role of ROLES) {
      await accounts.addUser('test', { username: role, role, password: TEST_PASSWORD });
    }
    const ingest = await accounts.createToken('test', { name: 'sensor', scopes: ['ingest'] });
    const read = await accounts.createToken('test', { name: 'export', scopes: ['read'] });
    const tokens = { ingest: ingest.secret, read: read.secret };
    tokensByDataDir.set(dataDir, tokens);
    return tokens;
  } finally {
    await store.close();
  }
}

export interface WaitOptions {
  /** Default 15 s. */
  timeoutMs?: number;
  /** Default 100 ms. */
  pollMs?: number;
}

/** Calls `fn` until it returns something other than undefined, or throws naming `what`. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  { timeoutMs = 15_000, pollMs = 100 }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A fresh data directory under the OS temp dir, named `<prefix>XXXXXX`. */
export function makeDataDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDataDir(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
}

/** A Truceline for tests, with the tokens seedTestAccounts made for its data directory. */
export type TestTruceline = Truceline & { tokens: TestTokens };

/**
 * Truceline on 127.0.0.1 at a free port with the demo scenario and silent
 * logs, and the test accounts (seedTestAccounts) in its data directory
 * unless `seedAccounts` is false (a first start as an operator sees it; the
 * tokens are then empty).
 */
export async function startTruceline(
  dataDir: string,
  config: Omit<TrucelineConfig, 'port' | 'host' | 'dataDir' | 'scenarioDir'>,
  { seedAccounts = true }: { seedAccounts?: boolean } = {},
): Promise<TestTruceline> {
  const tokens = seedAccounts ? await seedTestAccounts(dataDir) : { ingest: '', read: '' };
  const app = await createTruceline({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    scenarioDir: DEFAULT_SCENARIO_DIR,
    logLevel: 'silent',
    ...config,
  });
  return Object.assign(app, { tokens });
}

/** A read-scope API token: the live picture and the agreement, as an integration sees them. */
export function asReader(app: TestTruceline): Auth {
  return { bearer: app.tokens.read };
}

/** An ingest-scope API token: what a receiver posts observations with. */
export function asSensor(app: TestTruceline): Auth {
  return { bearer: app.tokens.ingest };
}
