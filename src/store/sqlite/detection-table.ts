/**
 * Detections: rare rows, so plain indexes, and idempotent inserts by the
 * detection's deterministic id (INSERT OR IGNORE: the same hit found twice,
 * e.g. after a replay, is stored once).
 *
 * Pages are newest first by keyset on (t_ms, id) (keyset-pages.ts).
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Detection } from '../../core/types.js';
import type { DetectionQuery, Page } from '../store.js';
import { KeysetPages } from './keyset-pages.js';

export const DEFAULT_DETECTION_PAGE = 100;
export const MAX_DETECTION_PAGE = 1000;

export class DetectionTable {
  private readonly insert: Statement<[string, number, string, string, string, string, string]>;
  private readonly insertMany: (ds: readonly Detection[]) => void;
  private readonly countAll: Statement<[]>;
  private readonly pages: KeysetPages;

  constructor(db: Database) {
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO detections (id, t_ms, track_id, zone_id, rule_id, type, json)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertMany = db.transaction((ds: readonly Detection[]) => {
      for (const d of ds) {
        this.insert.run(d.id, d.tMs, d.trackId, d.zoneId, d.ruleId, d.type, JSON.stringify(d));
      }
    });
    this.countAll = db.prepare('SELECT count(*) FROM detections').pluck();
    this.pages = new KeysetPages(db, {
      select: 'SELECT json FROM detections',
      timeColumn: 't_ms',
      idColumn: 'id',
      filters: {
        fromMs: 't_ms >= @fromMs',
        toMs: 't_ms <= @toMs',
        zoneId: 'zone_id = @zoneId',
        ruleId: 'rule_id = @ruleId',
        trackId: 'track_id = @trackId',
      },
      defaultLimit: DEFAULT_DETECTION_PAGE,
      maxLimit: MAX_DETECTION_PAGE,
    });
  }

  append(ds: readonly Detection[]): void {
    if (ds.length > 0) this.insertMany(ds);
  }

  count(): number {
    return this.countAll.get() as number;
  }

  queryPage(q: DetectionQuery): Page<Detection> {
    return this.pages.page(
      q,
      (r: { json: string }) => JSON.parse(r.json) as Detection,
      (d) => [d.tMs, d.id],
    );
  }
}
