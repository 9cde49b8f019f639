/**
 * Latest state per track: one row per id, the whole Track as JSON, with kind
 * and last observation time as columns so that `listTracks` filters in SQL.
 * A few thousand rows rewritten often: the JSON is cheaper than a column per
 * static field and a schema change per new one.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Track, TrackId } from '../../core/types.js';
import type { TrackQuery } from '../store.js';

export class TrackTable {
  private readonly upsert: Statement<[string, string, number, string]>;
  private readonly upsertMany: (tracks: readonly Track[]) => void;
  private readonly selectOne: Statement<[string]>;
  private readonly selectList: Statement<[{ kind: string | null; sinceMs: number | null }]>;
  private readonly countAll: Statement<[]>;

  constructor(db: Database) {
    this.upsert = db.prepare(
      `INSERT INTO tracks (id, kind, last_t_ms, json) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET
         kind = excluded.kind, last_t_ms = excluded.last_t_ms, json = excluded.json`,
    );
    this.upsertMany = db.transaction((tracks: readonly Track[]) => {
      for (const t of tracks) this.upsert.run(t.id, t.kind, t.last.tMs, JSON.stringify(t));
    });
    this.selectOne = db.prepare('SELECT json FROM tracks WHERE id = ?').pluck();
    // NULL parameters switch a filter off, so one statement serves every query shape.
    this.selectList = db
      .prepare(
        `SELECT json FROM tracks
         WHERE (@kind IS NULL OR kind = @kind) AND (@sinceMs IS NULL OR last_t_ms >= @sinceMs)
         ORDER BY id`,
      )
      .pluck();
    this.countAll = db.prepare('SELECT count(*) FROM tracks').pluck();
  }

  upsertAll(tracks: readonly Track[]): void {
    if (tracks.length > 0) this.upsertMany(tracks);
  }

  get(id: TrackId): Track | undefined {
    const json = this.selectOne.get(id) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as Track);
  }

  list(q: TrackQuery = {}): Track[] {
    const rows = this.selectList.all({
      kind: q.kind ?? null,
      sinceMs: q.sinceMs ?? null,
    }) as string[];
    return rows.map((json) => JSON.parse(json) as Track);
  }

  count(): number {
    return this.countAll.get() as number;
  }
}
