/**
 * `truceline audit verify | list`, run in-process through the CLI's entry,
 * against a store whose audit log is then tampered with directly in the
 * SQLite file, as an insider with write access to it could.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import {
  type AuditEntry,
  hashAuditEntry,
  type NewAuditEntry,
} from '../../src/incidents/audit-chain.js';
import { openSqliteStore } from '../../src/store/index.js';

const T0_MS = Date.UTC(2026, 0, 1);

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

function change(i: number): NewAuditEntry {
  return {
    tMs: T0_MS + i * 60_000,
    actor: i === 1 ? 'system' : 'operator (SIGHUP)',
    action: i === 1 ? 'agreement.loaded' : 'agreement.reloaded',
    subjectType: 'agreement',
    subjectId: 'demo',
    details: { agreementId: 'demo', versions: [1, 2], sha256: `${i}`.repeat(64) },
  };
}

describe('truceline audit', () => {
  let dir: string;
  let entries: AuditEntry[];

  /** Opens the database file as an insider would, without the store, triggers dropped. */
  function tamper(fn: (db: Database.Database) => void): void {
    const db = new Database(join(dir, 'truceline.db'));
    db.exec(
      'DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete',
    );
    fn(db);
    db.close();
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'truceline-audit-'));
    const store = openSqliteStore({ dir });
    entries = [];
    for (let i = 1; i <= 6; i++) entries.push(await store.appendAudit(change(i)));
    await store.close();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('verifies an untouched chain and prints its length and head', async () => {
    const r = await run(['audit', 'verify', '--data', dir]);
    expect(r).toEqual({ code: 0, stdout: `ok: 6 entries, head ${entries[5]!.hash}\n`, stderr: '' });
  });

  it('names the first broken entry after a row is edited and another deleted in the file', async () => {
    tamper((db) => {
      db.prepare(`UPDATE audit_log SET details = ? WHERE seq = 3`).run(
        JSON.stringify({ ...entries[2]!.details, versions: [1] }),
      );
      db.prepare('DELETE FROM audit_log WHERE seq = 5').run();
    });
    const r = await run(['audit', 'verify', '--data', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^broken at entry #3: content does not match its hash \(edited after it was written\)/,
    );
    expect(r.stderr).toContain('(2 entries hold before it)');
  });

  it('names a deleted row when it is the only change', async () => {
    tamper((db) => {
      db.prepare('DELETE FROM audit_log WHERE seq = 4').run();
    });
    const r = await run(['audit', 'verify', '--data', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^broken at entry #4: missing \(deleted\?\): #4 absent, the next entry present is #5\n/,
    );
  });

  it('finds a row edited and re-hashed at the next row, whose link it breaks', async () => {
    const { hash: _hash, ...body } = entries[1]!;
    const forged = { ...body, actor: 'nobody' };
    tamper((db) => {
      db.prepare('UPDATE audit_log SET actor = ?, hash = ? WHERE seq = 2').run(
        forged.actor,
        hashAuditEntry(forged),
      );
    });
    const r = await run(['audit', 'verify', '--data', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^broken at entry #3: prevHash is not the hash of #2/);
  });

  it('finds rows removed from the end only against a head published earlier', async () => {
    tamper((db) => {
      db.prepare('DELETE FROM audit_log WHERE seq > 4').run();
    });
    const plain = await run(['audit', 'verify', '--data', dir]);
    expect(plain.stdout).toBe(`ok: 4 entries, head ${entries[3]!.hash}\n`);
    const anchored = await run(['audit', 'verify', '--data', dir, '--head', entries[5]!.hash]);
    expect(anchored.code).toBe(1);
    expect(anchored.stderr).toMatch(/^broken: head [0-9a-f]{64} is not in the chain \(4 entries/);
    const older = await run(['audit', 'verify', '--data', dir, '--head', entries[2]!.hash]);
    expect(older.code).toBe(0);
    expect(older.stdout).toContain('(contains #3, the --head given)');
  });

  it('lists entries as JSON Lines, oldest first, after a seq and up to a limit', async () => {
    const all = await run(['audit', 'list', '--data', dir]);
    expect(all.code).toBe(0);
    const lines = all.stdout.trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toStrictEqual(entries);
    const some = await run(['audit', 'list', '--data', dir, '--after', '2', '--limit', '3']);
    expect(
      some.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).seq),
    ).toEqual([3, 4, 5]);
  });

  it('refuses a directory without a store rather than creating one', async () => {
    const empty = join(dir, 'nothing-here');
    const r = await run(['audit', 'verify', '--data', empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--data: no Truceline store in ${empty}`);
  });

  it('refuses flags that belong to the other subcommand', async () => {
    const r = await run(['audit', 'verify', '--data', dir, '--limit', '3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--limit is for "audit list"');
  });
});
