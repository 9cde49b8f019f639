/**
 * The incident queue: filters, sort and pages. Incidents are few (thousands,
 * not millions) and the queue is sorted several ways, so pages are
 * LIMIT/OFFSET with a total, not keysets; one prepared statement per
 * combination of filters and sort, made on first use.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { IncidentQuery, IncidentSort } from '../incident-store.js';
import { InvalidQueryError } from '../invalid-query-error.js';
import type { IncidentRow } from './incident-rows.js';

export const DEFAULT_INCIDENT_PAGE = 50;
export const MAX_INCIDENT_PAGE = 200;

const FILTERS = [
  ['state', 'state = @state'],
  ['kind', 'kind = @kind'],
  ['zoneId', 'zone_id = @zoneId'],
  ['assignee', 'assignee = @assignee COLLATE NOCASE'],
  ['fromMs', 'end_ms >= @fromMs'],
  ['toMs', 'start_ms <= @toMs'],
] as const;

const ORDER: Record<IncidentSort, string> = {
  updated: 'updated_ms ASC, seq ASC',
  '-updated': 'updated_ms DESC, seq DESC',
  start: 'start_ms ASC, seq ASC',
  '-start': 'start_ms DESC, seq DESC',
  created: 'seq ASC',
  '-created': 'seq DESC',
};

const cache = new WeakMap<Database, Map<string, { page: Statement; count: Statement }>>();

export function listIncidentPage(
  db: Database,
  q: IncidentQuery,
): { rows: IncidentRow[]; total: number } {
  const limit = q.limit ?? DEFAULT_INCIDENT_PAGE;
  const offset = q.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new InvalidQueryError('limit', `expected a positive integer, got ${limit}`);
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw new InvalidQueryError('offset', `expected an integer >= 0, got ${offset}`);
  }
  const sort = q.sort ?? '-updated';
  const params: Record<string, string | number> = {
    limit: Math.min(limit, MAX_INCIDENT_PAGE),
    offset,
  };
  const where: string[] = [];
  let shape = sort;
  for (const [field, clause] of FILTERS) {
    const v = q[field];
    if (v === undefined) {
      shape += '-';
      continue;
    }
    if (field === 'assignee' && v === '') {
      shape += '0';
      where.push('assignee IS NULL');
      continue;
    }
    shape += '+';
    where.push(clause);
    params[field] = v;
  }
  const { page, count } = prepare(db, shape, where, ORDER[sort]);
  const countParams = { ...params };
  delete countParams.limit;
  delete countParams.offset;
  return {
    rows: page.all(params) as IncidentRow[],
    total: count.get(countParams) as number,
  };
}

function prepare(
  db: Database,
  shape: string,
  where: string[],
  order: string,
): { page: Statement; count: Statement } {
  let byShape = cache.get(db);
  if (byShape === undefined) {
    byShape = new Map();
    cache.set(db, byShape);
  }
  let stmts = byShape.get(shape);
  if (stmts === undefined) {
    const w = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    stmts = {
      page: db.prepare(
        `SELECT * FROM incidents ${w} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
      ),
      count: db.prepare(`SELECT count(*) FROM incidents ${w}`).pluck(),
    };
    byShape.set(shape, stmts);
  }
  return stmts;
}
