/**
 * Agreements, whole, as JSON by id. `saved_seq` records save order so that
 * "the agreement" (no id) is the one saved last, whatever its id.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Agreement } from '../../core/types.js';

export class AgreementTable {
  private readonly upsert: Statement<[string, string]>;
  private readonly selectById: Statement<[string]>;
  private readonly selectLatest: Statement<[]>;

  constructor(db: Database) {
    this.upsert = db.prepare(
      `INSERT INTO agreements (id, saved_seq, json)
       VALUES (?, (SELECT coalesce(max(saved_seq), 0) + 1 FROM agreements), ?)
       ON CONFLICT (id) DO UPDATE SET saved_seq = excluded.saved_seq, json = excluded.json`,
    );
    this.selectById = db.prepare('SELECT json FROM agreements WHERE id = ?').pluck();
    this.selectLatest = db
      .prepare('SELECT json FROM agreements ORDER BY saved_seq DESC LIMIT 1')
      .pluck();
  }

  save(agreement: Agreement): void {
    this.upsert.run(agreement.id, JSON.stringify(agreement));
  }

  load(id?: string): Agreement | undefined {
    const json = (id === undefined ? this.selectLatest.get() : this.selectById.get(id)) as
      | string
      | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as Agreement);
  }
}
