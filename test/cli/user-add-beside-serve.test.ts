/**
 * `truceline user add` and `audit verify` as an operator runs them during a
 * live mission: a child process on the data directory of a running Truceline
 * that keeps taking observations. The new user logs in to that server at once,
 * with no restart, and the server's observation index is whole afterwards.
 * The child runs the TypeScript sources through tsx, so no build is needed.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/index.js';
import {
  asSensor,
  loginAs,
  makeDataDir,
  postJson,
  removeDataDir,
  startTruceline,
  type TestTruceline,
} from '../integration/http-helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN_URL = pathToFileURL(join(ROOT, 'src/cli/main.ts')).href;
// What bin/truceline does, on the sources.
const RUNNER = `const { runCli } = await import(${JSON.stringify(MAIN_URL)});
const code = await runCli(process.argv.slice(1));
if (code !== 0) process.exitCode = code;`;

const CAROL_PASSWORD = 'carol joined mid-mission';

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** `truceline ARGS` in a child process; asynchronous, so the server here keeps serving. */
function runTruceline(args: string[], stdin = ''): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', RUNNER, '--', ...args],
      { cwd: ROOT, encoding: 'utf8', timeout: 30_000 },
      (err, stdout, stderr) => {
        if (err !== null && typeof err.code !== 'number') reject(err);
        else resolve({ code: err === null ? 0 : (err.code as number), stdout, stderr });
      },
    );
    child.stdin!.end(stdin);
  });
}

describe('truceline user add beside a running serve', () => {
  let dataDir: string;
  let app: TestTruceline | undefined;

  beforeEach(async () => {
    dataDir = makeDataDir('truceline-beside-serve-');
    app = await startTruceline(dataDir, { simulate: false });
  });
  afterEach(async () => {
    await app?.close();
    removeDataDir(dataDir);
  });

  it('adds a user who logs in to the running server at once, and leaves its observations whole', async () => {
    const server = app!;
    const t0Ms = Date.now() - 60_000;
    let sent = 0;
    /** Posts `n` observations of one vessel, one per ms, as a receiver would. */
    const ingest = async (n: number) => {
      const observations = Array.from({ length: n }, (_, i) => ({
        trackId: 'mmsi:272000001',
        kind: 'vessel',
        tMs: t0Ms + sent + i,
        lon: 33.1,
        lat: 35.1,
      }));
      sent += n;
      const res = await postJson<{ accepted: number }>(
        `${server.url}/api/observations`,
        { source: 'beside-test', observations },
        asSensor(server),
      );
      expect(res).toMatchObject({ status: 200, body: { accepted: n } });
    };

    // A tail the server holds unindexed while the CLI opens the same file.
    await ingest(200);
    const [added] = await Promise.all([
      runTruceline(
        ['user', 'add', 'carol', '--role', 'analyst', '--password-stdin', '--data', dataDir],
        `${CAROL_PASSWORD}\n`,
      ),
      ingest(100),
    ]);
    expect(added).toMatchObject({ code: 0, stdout: 'added carol (analyst)\n' });
    await ingest(100);

    const login = await loginAs(server.url, 'carol', CAROL_PASSWORD);
    expect(login.session.user).toMatchObject({ username: 'carol', role: 'analyst' });

    const verified = await runTruceline(['audit', 'verify', '--data', dataDir]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^ok: \d+ entries, head [0-9a-f]{64}\n$/);

    await server.close();
    app = undefined;
    const store = openSqliteStore({ dir: dataDir });
    try {
      const stored = await store.queryObservations({ trackId: 'mmsi:272000001', limit: 10_000 });
      expect(stored.map((o) => o.tMs - t0Ms)).toEqual(Array.from({ length: sent }, (_, i) => i));
      const audit = await store.listAudit({ limit: 1000 });
      expect(audit.filter((e) => e.action === 'user.added').map((e) => e.subjectId)).toContain(
        (await store.getUser('carol'))?.id,
      );
    } finally {
      await store.close();
    }
  }, 60_000);
});
