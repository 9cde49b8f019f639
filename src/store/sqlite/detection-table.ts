/**
 * Detections: rare rows, so plain indexes, and idempotent inserts by the
 * detection's deterministic id (INSERT OR IGNORE: the same hit found twice,
 * e.g. after a replay, is stored once).
 *
 * Pages are newest first by keyset on (t_ms, id), never OFFSET: a page costs
 * the same however deep it is, and rows arriving while someone pages do not
 * shift items across page boundaries. The cursor is the (t_ms, id) of the
 * last item, base64url-encoded so callers treat it as opaque.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Detection } from '../../core/types.js';
import { InvalidQueryError } from '../invalid-query-error.js';
import type { DetectionQuery, Page } from '../store.js';

export const DEFAULT_DETECTION_PAGE = 100;
export const MAX_DETECTION_PAGE = 1000;

const FILTERS = [
  ['fromMs', 't_ms >= @fromMs'],
  ['toMs', 't_ms <= @toMs'],
  ['zoneId', 'zone_id = @zoneId'],
  ['ruleId', 'rule_id = @ruleId'],
  ['trackId', 'track_id = @trackId'],
  ['cursor', '(t_ms, id) < (@cursorTMs, @cursorId)'],
] as const;

export function encodeDetectionCursor(tMs: number, id: string): string {
  return Buffer.from(JSON.stringify([tMs, id])).toString('base64url');
}

export function decodeDetectionCursor(cursor: string): { tMs: number; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'number' ||
    typeof parsed[1] !== 'string'
  ) {
    throw new InvalidQueryError('cursor', 'expected the `next` value of a previous page');
  }
  return { tMs: parsed[0], id: parsed[1] };
}

export class DetectionTable {
  private readonly insert: Statement<[string, number, string, string, string, string, string]>;
  private readonly insertMany: (ds: readonly Detection[]) => void;
  private readonly countAll: Statement<[]>;
  /** One prepared statement per combination of filters, made on first use. */
  private readonly pageQueries = new Map<string, Statement>();

  constructor(private readonly db: Database) {
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
  }

  append(ds: readonly Detection[]): void {
    if (ds.length > 0) this.insertMany(ds);
  }

  count(): number {
    return this.countAll.get() as number;
  }

  queryPage(q: DetectionQuery): Page<Detection> {
    const limit = readPageLimit(q.limit);
    const params: Record<string, string | number> = { limit: limit + 1 };
    const where: string[] = [];
    let shape = '';
    for (const [field, clause] of FILTERS) {
      const v = q[field];
      if (v === undefined) {
        shape += '-';
        continue;
      }
      shape += '+';
      where.push(clause);
      if (field === 'cursor') {
        const c = decodeDetectionCursor(v as string);
        params.cursorTMs = c.tMs;
        params.cursorId = c.id;
      } else {
        params[field] = v;
      }
    }
    const rows = this.preparePage(shape, where).all(params) as { json: string }[];
    const items = rows.slice(0, limit).map((r) => JSON.parse(r.json) as Detection);
    const last = items[items.length - 1];
    const next =
      rows.length > limit && last !== undefined ? encodeDetectionCursor(last.tMs, last.id) : null;
    return { items, next };
  }

  private preparePage(shape: string, where: string[]): Statement {
    let stmt = this.pageQueries.get(shape);
    if (stmt === undefined) {
      stmt = this.db.prepare(
        `SELECT json FROM detections ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY t_ms DESC, id DESC LIMIT @limit`,
      );
      this.pageQueries.set(shape, stmt);
    }
    return stmt;
  }
}

function readPageLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_DETECTION_PAGE;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new InvalidQueryError('limit', `expected a positive integer, got ${limit}`);
  }
  return Math.min(limit, MAX_DETECTION_PAGE);
}
