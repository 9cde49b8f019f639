/**
 * Newest-first pages of a table by keyset on (time, id), never OFFSET: a
 * page costs the same however deep it is, and rows arriving while someone
 * pages do not shift items across page boundaries. The cursor is the
 * (time, id) of the last item, base64url-encoded so callers treat it as
 * opaque. Detections and field reports page this way.
 *
 * Each query names only the filters it uses; one statement is prepared per
 * combination of filters, on first use.
 */
import type { Database, Statement } from 'better-sqlite3';
import { InvalidQueryError } from '../invalid-query-error.js';
import type { Page } from '../store.js';

export interface KeysetPagesSpec {
  /** `SELECT … FROM table`, without WHERE or ORDER BY. */
  select: string;
  /** The time column and the id column the keyset is on, newest first. */
  timeColumn: string;
  idColumn: string;
  /** Query field → SQL condition with the field as an @-parameter (`t_ms >= @fromMs`). */
  filters: Readonly<Record<string, string>>;
  defaultLimit: number;
  maxLimit: number;
}

export class KeysetPages {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    private readonly spec: KeysetPagesSpec,
  ) {}

  /**
   * One page for a query holding some of the spec's filters, a page size and
   * the `next` of a previous page: rows read with `decode`, and the cursor
   * after the last, from `keyOf`.
   */
  page<R, T>(
    q: { limit?: number; cursor?: string },
    decode: (row: R) => T,
    keyOf: (item: T) => [number, string],
  ): Page<T> {
    const limit = readPageLimit(q.limit, this.spec);
    const params: Record<string, string | number> = { limit: limit + 1 };
    const used: string[] = [];
    for (const field of Object.keys(this.spec.filters)) {
      const v = (q as Record<string, unknown>)[field] as string | number | undefined;
      if (v === undefined) continue;
      used.push(field);
      params[field] = v;
    }
    if (q.cursor !== undefined) {
      const [tMs, id] = decodeKeysetCursor(q.cursor);
      params.cursorMs = tMs;
      params.cursorId = id;
    }
    const rows = this.prepare(used, q.cursor !== undefined).all(params) as R[];
    const items = rows.slice(0, limit).map(decode);
    const last = items[items.length - 1];
    const next =
      rows.length > limit && last !== undefined ? encodeKeysetCursor(...keyOf(last)) : null;
    return { items, next };
  }

  private prepare(filters: readonly string[], cursor: boolean): Statement {
    const key = `${filters.join(',')}|${cursor}`;
    let stmt = this.statements.get(key);
    if (stmt === undefined) {
      const { select, timeColumn, idColumn } = this.spec;
      const where = filters.map((f) => this.spec.filters[f]!);
      if (cursor) where.push(`(${timeColumn}, ${idColumn}) < (@cursorMs, @cursorId)`);
      stmt = this.db.prepare(
        `${select} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY ${timeColumn} DESC, ${idColumn} DESC LIMIT @limit`,
      );
      this.statements.set(key, stmt);
    }
    return stmt;
  }
}

export function encodeKeysetCursor(tMs: number, id: string): string {
  return Buffer.from(JSON.stringify([tMs, id])).toString('base64url');
}

/** Throws an InvalidQueryError (field `cursor`) for anything but a `next` of a previous page. */
export function decodeKeysetCursor(cursor: string): [number, string] {
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
  return [parsed[0], parsed[1]];
}

function readPageLimit(limit: number | undefined, spec: KeysetPagesSpec): number {
  if (limit === undefined) return spec.defaultLimit;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new InvalidQueryError('limit', `expected a positive integer, got ${limit}`);
  }
  return Math.min(limit, spec.maxLimit);
}
