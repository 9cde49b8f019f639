/**
 * `truceline report sign | verify`, run in-process through the CLI's entry:
 * an operator signs files with a data directory's key, an outsider verifies
 * them against the key from a PEM file, the data directory, or a running
 * server's well-known URL, and tampering is caught.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccountService } from '../../src/accounts/index.js';
import { buildApiServer } from '../../src/api/server.js';
import { InProcessBus } from '../../src/bus/index.js';
import { runCli } from '../../src/cli/main.js';
import { describeMissionKey, generateMissionKey } from '../../src/incidents/mission-key.js';
import { signDocument } from '../../src/incidents/report-signing.js';
import { loadOrCreateMissionKey } from '../../src/incidents/signing-key-file.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/index.js';

/** Runs the CLI with stdout and stderr captured. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await runCli(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const VALID = /^valid: signed by key [0-9a-f]{16} at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \(/;

describe('truceline report', () => {
  let dir: string;
  let dataDir: string;
  let keyId: string;
  let csv: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'truceline-report-'));
    dataDir = join(dir, 'data');
    keyId = (await loadOrCreateMissionKey(dataDir)).keyId;
    csv = join(dir, 'report-2026-01-01.csv');
    await writeFile(csv, 'zone,incidents\nbuffer-north,1\ncorridor-west,0\n');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('signs a file beside it, verifies it, then finds one changed byte', async () => {
    const signed = await run(['report', 'sign', csv, '--data', dataDir]);
    expect(signed.code).toBe(0);
    expect(signed.stdout).toMatch(
      new RegExp(
        `^signed: ${csv}\\.sig\\.json \\(key ${keyId}, report\\.csv, sha256 [0-9a-f]{64}\\)\\n$`,
      ),
    );
    const sig = JSON.parse(await readFile(`${csv}.sig.json`, 'utf8'));
    expect(sig).toMatchObject({
      format: 'truceline-signature/1',
      keyId,
      payloadType: 'report.csv',
    });

    const ok = await run(['report', 'verify', csv, '--data', dataDir]);
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout).toMatch(VALID);
    expect(ok.stdout).toContain(`key ${keyId} at ${sig.signedAt} (report.csv)`);
    // Pointing at the signature instead of the file does the same.
    expect((await run(['report', 'verify', `${csv}.sig.json`, '--data', dataDir])).code).toBe(0);

    await writeFile(csv, (await readFile(csv, 'utf8')).replace('north,1', 'north,0'));
    const bad = await run(['report', 'verify', csv, '--data', dataDir]);
    expect(bad).toMatchObject({ code: 1, stdout: '' });
    expect(bad.stderr).toMatch(/^INVALID: file changed after signing \(or is another file\)/);
  });

  it('signs a JSON report as an envelope and verifies it against a copied public key', async () => {
    const json = join(dir, 'report-2026-01-01.json');
    await writeFile(json, JSON.stringify({ day: '2026-01-01', incidents: 1 }));
    expect((await run(['report', 'sign', json, '--data', dataDir, '--envelope'])).code).toBe(0);
    const envelope = join(dir, 'report-2026-01-01.signed.json');
    const pem = join(dir, 'mission.pub.pem');
    await copyFile(join(dataDir, 'mission-key.pub.pem'), pem);

    const ok = await run(['report', 'verify', envelope, '--key', pem]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/\(report\/v1\)\n$/);

    const doc = JSON.parse(await readFile(envelope, 'utf8'));
    await writeFile(envelope, JSON.stringify({ ...doc, signedAt: '2025-12-31T23:59:59.000Z' }));
    const bad = await run(['report', 'verify', envelope, '--key', pem]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^INVALID: signature does not verify with key/);
  });

  it('refuses a report signed by another key, naming it', async () => {
    const stranger = generateMissionKey(Date.UTC(2026, 0, 1)).key;
    const file = join(dir, 'forged.signed.json');
    await writeFile(file, JSON.stringify(signDocument(stranger, 'report/v1', { day: 'x' }, 0)));
    const r = await run(['report', 'verify', file, '--data', dataDir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `INVALID: signed by key ${stranger.keyId}, which is not known here (the keys given are ${keyId})\n`,
    );
  });

  it('says there is no signature for a file without one, and refuses a malformed envelope', async () => {
    const none = await run(['report', 'verify', csv, '--data', dataDir]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(
      /^INVALID: no signature: .* is not a signed envelope and .*\.sig\.json is not beside it/,
    );
    const file = join(dir, 'broken.signed.json');
    await writeFile(file, JSON.stringify({ format: 'truceline-signed/1', keyId }));
    const broken = await run(['report', 'verify', file, '--data', dataDir]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^INVALID: malformed: signedAt: missing/);
  });

  describe('against a running server', () => {
    let store: SqliteStore;
    let app: FastifyInstance;
    let url: string;

    beforeEach(async () => {
      const key = await loadOrCreateMissionKey(dataDir);
      store = openSqliteStore({ memory: true });
      ({ app } = await buildApiServer({
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
        now: Date.now,
        missionPublicKey: () => describeMissionKey(key),
      }));
      url = await app.listen({ port: 0, host: '127.0.0.1' });
    });
    afterEach(async () => {
      await app.close();
      await store.close();
    });

    it('verifies with the key from --server and refuses a tampered file', async () => {
      await run(['report', 'sign', csv, '--data', dataDir]);
      const ok = await run(['report', 'verify', csv, '--server', url]);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain(`valid: signed by key ${keyId} at `);

      await writeFile(csv, 'zone,incidents\n');
      const bad = await run(['report', 'verify', csv, '--server', url]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/^INVALID: file changed after signing/);
    });
  });

  it('cannot check without a key, and says why', async () => {
    const noKey = await run(['report', 'verify', csv]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain(
      'give the key to check against: --key PEM_FILE, --server URL or --data DIR',
    );
    const empty = await run(['report', 'verify', csv, '--data', join(dir, 'nothing')]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(
      /no mission key in .*nothing \(expected .*mission-key\.pub\.pem\)/,
    );
    const down = await run(['report', 'verify', csv, '--server', 'http://127.0.0.1:9']);
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(
      /--server: cannot fetch http:\/\/127\.0\.0\.1:9\/\.well-known\/truceline\/mission-key/,
    );
  });

  it('signs only with an existing key unless asked to make one', async () => {
    const elsewhere = join(dir, 'typo');
    const r = await run(['report', 'sign', csv, '--data', elsewhere]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no mission key in ${elsewhere}`);
    const made = await run(['report', 'sign', csv, '--data', elsewhere, '--create-key']);
    expect(made.code).toBe(0);
    expect(made.stdout).not.toContain(keyId);
  });
});
