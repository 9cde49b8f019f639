/**
 * The agreement's changes in the audit log: loaded at start when it is not
 * the one the data directory last ran under, reloaded or refused on SIGHUP
 * (`reloadAgreement`), and the chain of it all verifies.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AuditEntry, agreementSha256, verifyAuditChain } from '../../src/incidents/index.js';
import { DEFAULT_SCENARIO_DIR } from '../../src/main.js';
import { openSqliteStore } from '../../src/store/index.js';
import { makeDataDir, removeDataDir, startTruceline } from './http-helpers.js';

/** The audit log as a first start leaves it: no test accounts ahead of the agreement. */
const NO_ACCOUNTS = { seedAccounts: false };

describe('agreement changes in the audit log', () => {
  let dataDir: string;
  let file: string;
  const original = readFileSync(join(DEFAULT_SCENARIO_DIR, 'agreement.json'), 'utf8');

  /** The audit log of the data directory, verified; the server must be closed. */
  /** The chain verified whole; the agreement's entries (the first admin's are there too). */
  async function readAudit(): Promise<AuditEntry[]> {
    const store = openSqliteStore({ dir: dataDir });
    try {
      const entries = await store.listAudit({ limit: 1000 });
      expect(verifyAuditChain(entries)).toMatchObject({ ok: true, count: entries.length });
      return entries.filter((e) => e.subjectType === 'agreement');
    } finally {
      await store.close();
    }
  }

  beforeEach(() => {
    dataDir = makeDataDir('truceline-audit-');
    file = join(dataDir, 'agreement.json');
    writeFileSync(file, original);
  });
  afterEach(() => removeDataDir(dataDir));

  it('records the agreement loaded at the first start, and not again while it is the same', async () => {
    const app = await startTruceline(
      dataDir,
      { simulate: false, agreementFile: file },
      NO_ACCOUNTS,
    );
    const sha256 = agreementSha256(app.engine.agreement);
    await app.close();
    await (
      await startTruceline(dataDir, { simulate: false, agreementFile: file }, NO_ACCOUNTS)
    ).close();
    const entries = await readAudit();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      seq: 1,
      actor: 'system',
      action: 'agreement.loaded',
      subjectType: 'agreement',
      subjectId: 'demo',
      details: { agreementId: 'demo', versions: [1, 2], sha256, file },
    });
    expect(entries[0]!.details).not.toHaveProperty('previousSha256');
  });

  it('records a reload, a refused reload and a start under a changed file', async () => {
    const app = await startTruceline(
      dataDir,
      { simulate: false, agreementFile: file },
      NO_ACCOUNTS,
    );
    const first = agreementSha256(app.engine.agreement);
    const doc = JSON.parse(original) as { name: string; versions: { zones: unknown[] }[] };
    doc.name = 'Renamed for the test (illustrative)';
    writeFileSync(file, JSON.stringify(doc));
    const renamed = agreementSha256(await app.reloadAgreement());
    writeFileSync(file, '{ "format": ');
    await expect(app.reloadAgreement('analyst:ana')).rejects.toThrow();
    await app.close();
    doc.name = 'Renamed again while stopped (illustrative)';
    writeFileSync(file, JSON.stringify(doc));
    const restarted = await startTruceline(
      dataDir,
      { simulate: false, agreementFile: file },
      NO_ACCOUNTS,
    );
    const third = agreementSha256(restarted.engine.agreement);
    await restarted.close();

    const entries = await readAudit();
    expect(entries.map((e) => `${e.action} by ${e.actor}`)).toEqual([
      'agreement.loaded by system',
      'agreement.reloaded by operator (SIGHUP)',
      'agreement.refused by analyst:ana',
      'agreement.loaded by system',
    ]);
    expect(entries[1]!.details).toMatchObject({ sha256: renamed, previousSha256: first });
    expect(entries[2]!.details).toMatchObject({ file, problems: 1, runningSha256: renamed });
    expect(entries[3]!.details).toMatchObject({ sha256: third, previousSha256: renamed });
  });

  it('counts the problems of a reload refused by validation', async () => {
    const app = await startTruceline(
      dataDir,
      { simulate: false, agreementFile: file },
      NO_ACCOUNTS,
    );
    const doc = JSON.parse(original) as { versions: { rules: { zones?: string[] }[] }[] };
    doc.versions[0]!.rules[0]!.zones = ['nowhere'];
    writeFileSync(file, JSON.stringify(doc));
    await expect(app.reloadAgreement()).rejects.toThrow(/nowhere/);
    await app.close();
    const refused = (await readAudit()).find((e) => e.action === 'agreement.refused');
    // The unknown zone, and R-1 of version 2 now differing from version 1's.
    expect(refused?.details.problems).toBe(2);
    expect(refused?.details.error).toMatch(/nowhere/);
  });
});
