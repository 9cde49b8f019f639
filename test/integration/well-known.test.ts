/**
 * GET /.well-known/truceline/mission-key on the API server, with the key of a
 * fresh data directory made as `serve` makes it at its first start.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AccountService } from '../../src/accounts/index.js';
import { type ApiDeps, buildApiServer } from '../../src/api/server.js';
import type { ErrorBody, MissionKeyBody } from '../../src/api/wire.js';
import { InProcessBus } from '../../src/bus/index.js';
import { describeMissionKey, type MissionKey } from '../../src/incidents/mission-key.js';
import { loadOrCreateMissionKey, MISSION_KEY_FILE } from '../../src/incidents/signing-key-file.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/index.js';
import { makeDataDir, removeDataDir } from './http-helpers.js';

const PATH = '/.well-known/truceline/mission-key';

/** The API alone, without engine or sources: only what this route needs is real. */
async function buildApi(
  store: SqliteStore,
  missionPublicKey: ApiDeps['missionPublicKey'],
): Promise<FastifyInstance> {
  const { app } = await buildApiServer({
    store,
    bus: new InProcessBus(),
    accounts: new AccountService(store),
    ingest: async () => {},
    getAgreement: () => {
      throw new Error('not used');
    },
    liveTracks: () => [],
    simulatorInfo: () => ({ running: false }),
    version: 'test',
    now: () => Date.UTC(2026, 0, 1),
    ...(missionPublicKey === undefined ? {} : { missionPublicKey }),
  });
  return app;
}

describe('GET /.well-known/truceline/mission-key', () => {
  let dataDir: string;
  let store: SqliteStore;
  let key: MissionKey;
  let app: FastifyInstance | undefined;

  beforeAll(async () => {
    dataDir = makeDataDir('truceline-wk-');
    key = await loadOrCreateMissionKey(dataDir, Date.UTC(2026, 0, 1));
    store = openSqliteStore({ memory: true });
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(async () => {
    await store.close();
    removeDataDir(dataDir);
  });

  it('serves the public key, its id and creation time, cacheable and to any origin', async () => {
    app = await buildApi(store, () => describeMissionKey(key));
    const res = await app.inject({ method: 'GET', url: PATH });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.json<MissionKeyBody>()).toEqual({
      keyId: key.keyId,
      algorithm: 'Ed25519',
      publicKeyPem: await readFile(join(dataDir, 'mission-key.pub.pem'), 'utf8'),
      rawPublicKeyBase64Url: key.publicKey.rawPublicKeyBase64Url,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('never sends the private key, even if handed the whole key object', async () => {
    const privatePem = await readFile(join(dataDir, MISSION_KEY_FILE), 'utf8');
    const secret = privatePem.split('\n')[1]!;
    const rawPrivate = key.privateKey.export({ format: 'jwk' }).d!;
    // A wiring mistake: the key itself, private half included, instead of its description.
    const careless = () => ({ ...describeMissionKey(key), privateKey: key.privateKey, privatePem });
    app = await buildApi(store, careless);
    const res = await app.inject({ method: 'GET', url: PATH });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json<object>()).sort()).toEqual([
      'algorithm',
      'createdAt',
      'keyId',
      'publicKeyPem',
      'rawPublicKeyBase64Url',
    ]);
    for (const leak of [secret, rawPrivate, 'PRIVATE']) expect(res.body).not.toContain(leak);
  });

  it('answers 404 with a clear message when the server has no key', async () => {
    app = await buildApi(store, undefined);
    const res = await app.inject({ method: 'GET', url: PATH });
    expect(res.statusCode).toBe(404);
    expect(res.json<ErrorBody>().error).toEqual({
      code: 'no_mission_key',
      message: expect.stringContaining('This server runs without a mission signing key'),
    });
  });
});

describe('the server at first start and after', () => {
  it('creates the mission key and an admin once, then reuses the key and shows no password again', async () => {
    const { loginAs, makeDataDir, removeDataDir, startTruceline } = await import(
      './http-helpers.js'
    );
    const dataDir = makeDataDir('truceline-first-');
    try {
      const first = await startTruceline(dataDir, { simulate: false }, { seedAccounts: false });
      const res = await fetch(`${first.url}/.well-known/truceline/mission-key`);
      const body = (await res.json()) as { keyId: string; publicKeyPem: string };
      expect(body.keyId).toBe(first.missionKeyId);
      expect(body.publicKeyPem).toContain('BEGIN PUBLIC KEY');
      expect(first.firstAdmin?.username).toBe('admin');
      expect(first.firstAdmin?.password.length).toBeGreaterThanOrEqual(12);
      // The password shown once is the one to log in with.
      const login = await loginAs(first.url, 'admin', first.firstAdmin!.password);
      expect(login.session.user?.role).toBe('admin');
      await first.close();
      const again = await startTruceline(dataDir, { simulate: false }, { seedAccounts: false });
      expect(again.missionKeyId).toBe(first.missionKeyId);
      expect(again.firstAdmin).toBeUndefined();
      await again.close();
    } finally {
      removeDataDir(dataDir);
    }
  });
});
