/**
 * A string <-> small integer dictionary table (`track_keys`, `source_keys`),
 * held entirely in memory. Observations store the integer, so a row carries
 * 1-3 bytes instead of `mmsi:272123456`, and the chunk index can key on it.
 *
 * Keys made inside a transaction that later rolls back must not stay in the
 * cache (the row is gone and the key number will be handed out again), so new
 * keys are provisional until the caller says the transaction committed.
 */
import type { Database, Statement } from 'better-sqlite3';

export class KeyDictionary {
  private readonly keysByName = new Map<string, number>();
  private readonly namesByKey: (string | undefined)[] = [];
  private provisional: string[] = [];
  private readonly insert: Statement<[string]>;

  constructor(db: Database, table: 'track_keys' | 'source_keys', column: 'id' | 'name') {
    this.insert = db.prepare(`INSERT INTO ${table} (${column}) VALUES (?)`);
    const rows = db.prepare(`SELECT key, ${column} FROM ${table}`).raw().all() as [
      number,
      string,
    ][];
    for (const [key, name] of rows) this.remember(name, key);
  }

  get size(): number {
    return this.keysByName.size;
  }

  keyOf(name: string): number | undefined {
    return this.keysByName.get(name);
  }

  nameOf(key: number): string {
    const name = this.namesByKey[key];
    if (name === undefined) throw new RangeError(`dictionary has no key ${key}`);
    return name;
  }

  /** The key for `name`, inserting it if new. Call inside a write transaction. */
  ensureKey(name: string): number {
    const known = this.keysByName.get(name);
    if (known !== undefined) return known;
    const key = Number(this.insert.run(name).lastInsertRowid);
    this.remember(name, key);
    this.provisional.push(name);
    return key;
  }

  /** The transaction that made the provisional keys committed: keep them. */
  confirmNewKeys(): void {
    this.provisional = [];
  }

  /** The transaction rolled back: forget the keys it made. */
  forgetNewKeys(): void {
    for (const name of this.provisional) {
      const key = this.keysByName.get(name);
      this.keysByName.delete(name);
      if (key !== undefined) this.namesByKey[key] = undefined;
    }
    this.provisional = [];
  }

  private remember(name: string, key: number): void {
    this.keysByName.set(name, key);
    this.namesByKey[key] = name;
  }
}
