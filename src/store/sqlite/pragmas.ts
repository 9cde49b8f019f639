/**
 * Connection settings shared by the store and by its benchmark peer, so the
 * two are measured under the same rules.
 *
 * Durability: WAL with `synchronous=NORMAL` makes every committed transaction
 * survive a crash of the process (kill -9), because a commit is in the WAL
 * file (in the OS page cache) before `COMMIT` returns. It does not fsync on
 * every commit, so a power cut or kernel panic can lose the last transactions
 * committed before it; the database itself stays consistent. That is the
 * promise DESIGN.md makes ("survives a crash of the process"), at a fraction of
 * the cost of `synchronous=FULL`.
 */
import type { Database } from 'better-sqlite3';

/**
 * How long a connection waits on a lock held by another connection before
 * failing with SQLITE_BUSY. Two processes share a file (`serve` and an offline
 * tool opened with `observationLog: false`), so a write must wait for the
 * other's commit rather than fail: the longest transaction either takes is an
 * index flush or a group commit, far below this.
 */
export const BUSY_TIMEOUT_MS = 5_000;

/** Negative means KiB in SQLite's `cache_size`: 64 MiB of page cache. */
const CACHE_SIZE_KIB = -65_536;

export function applyStorePragmas(db: Database): void {
  // First: switching a new file to WAL takes a lock another process may hold.
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // In-memory databases cannot use WAL; SQLite answers 'memory' and carries on.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`cache_size = ${CACHE_SIZE_KIB}`);
  db.pragma('temp_store = MEMORY');
  db.pragma('foreign_keys = ON');
}
