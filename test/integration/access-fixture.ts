/**
 * An API server (buildApiServer) with one user per role and one API token
 * per scope, on a clock the test moves, for the access tests. Not a test
 * file itself, so vitest only imports it.
 */
import type { FastifyInstance } from 'fastify';
import { AccountService, ROLES, type ScryptParams } from '../../src/accounts/index.js';
import type { AuthOptions } from '../../src/api/auth-routes.js';
import { buildApiServer } from '../../src/api/server.js';
import { InProcessBus } from '../../src/bus/index.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/index.js';
import { TEST_PASSWORD } from './http-helpers.js';

/** Cheap hashing for tests; the server's service uses the same, so logins never rehash. */
export const TEST_SCRYPT: ScryptParams = { N: 1 << 10, r: 8, p: 1 };

export interface ApiFixture {
  url: string;
  app: FastifyInstance;
  store: SqliteStore;
  accounts: AccountService;
  /** Move time on: `clock.nowMs += …`. */
  clock: { nowMs: number };
  /** A secret per token scope, `Authorization: Bearer …`. */
  tokens: { ingest: string; read: string };
  close(): Promise<void>;
}

/** Users are named after their role (`admin`, `analyst`, …), all with TEST_PASSWORD. */
export async function startApiFixture(auth: AuthOptions = {}): Promise<ApiFixture> {
  const clock = { nowMs: Date.parse('2026-06-01T08:00:00Z') };
  const now = () => clock.nowMs;
  const store = openSqliteStore({ memory: true });
  const accounts = new AccountService(store, { now, scrypt: TEST_SCRYPT });
  for (const role of ROLES) {
    await accounts.addUser('test', { username: role, role, password: TEST_PASSWORD });
  }
  const ingest = await accounts.createToken('test', { name: 'sensor', scopes: ['ingest'] });
  const read = await accounts.createToken('test', { name: 'export', scopes: ['read'] });
  const { app } = await buildApiServer({
    store,
    bus: new InProcessBus(),
    accounts,
    auth,
    ingest: async () => {},
    getAgreement: () => {
      throw new Error('the access tests read no agreement');
    },
    liveTracks: () => [],
    simulatorInfo: () => ({ running: false }),
    version: 'test',
    now,
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    app,
    store,
    accounts,
    clock,
    tokens: { ingest: ingest.secret, read: read.secret },
    async close() {
      await app.close();
      await store.close();
    },
  };
}
