/**
 * Which incidents the queue's filters keep and in what order, as the server
 * answers GET /api/incidents (src/store/sqlite/incident-list.ts): so that an
 * incident pushed over the live socket lands where a reload would put it.
 */
import type { Incident, IncidentListBody, IncidentSort } from '../../../src/api/wire-incidents.js';

/** The queue's filters as the page URL holds them (the API's names). */
export interface QueueFilters {
  state?: string;
  kind?: string;
  zone?: string;
  /** A user name (any case), or `none` for unassigned incidents. */
  assignee?: string;
}

export function matchesQueueFilters(i: Incident, f: QueueFilters): boolean {
  if (f.state !== undefined && i.state !== f.state) return false;
  if (f.kind !== undefined && i.kind !== f.kind) return false;
  if (f.zone !== undefined && i.zoneId !== f.zone) return false;
  if (f.assignee === 'none') return i.assignee === null;
  if (f.assignee !== undefined) {
    return i.assignee !== null && i.assignee.toLowerCase() === f.assignee.toLowerCase();
  }
  return true;
}

/** `INC-000042` → 42: creation order, the server's tie-break. */
function readSeq(id: string): number {
  return Number(id.slice(id.indexOf('-') + 1));
}

const SORT_KEYS: Record<string, (i: Incident) => number> = {
  updated: (i) => i.updatedMs,
  start: (i) => i.startMs,
  created: () => 0,
};

/** Orders incidents like the server for `sort` (`-` newest first, ties by creation). */
export function compareForSort(sort: IncidentSort): (a: Incident, b: Incident) => number {
  const desc = sort.startsWith('-');
  const key = SORT_KEYS[desc ? sort.slice(1) : sort] ?? SORT_KEYS.updated!;
  const sign = desc ? -1 : 1;
  return (a, b) => sign * (key(a) - key(b) || readSeq(a.id) - readSeq(b.id));
}

/** A page after live changes: which rows are new, and whether only the server knows the truth. */
export interface MergedPage {
  page: IncidentListBody;
  fresh: Set<string>;
  /** Not every match is on the page: read it again for the true order and count. */
  unsure: boolean;
}

/**
 * Puts incidents created or changed elsewhere where a reload would: a match
 * is upserted in sort order, a row that no longer matches is dropped, and
 * a version older than the one shown is ignored (it arrived before a read).
 * Only when every match is on the page is a newcomer surely new.
 */
export function mergeIntoPage(
  page: IncidentListBody,
  changed: readonly Incident[],
  filters: QueueFilters,
  compare: (a: Incident, b: Incident) => number,
): MergedPage {
  const items = [...page.items];
  const complete = page.offset === 0 && page.items.length === page.total;
  let total = page.total;
  let touched = false;
  const fresh = new Set<string>();
  for (const incident of changed) {
    const at = items.findIndex((x) => x.id === incident.id);
    if (at >= 0 && items[at]!.updatedMs > incident.updatedMs) continue;
    const matches = matchesQueueFilters(incident, filters);
    if (at >= 0 && matches) items[at] = incident;
    else if (at >= 0) {
      items.splice(at, 1);
      total -= 1;
    } else if (matches) {
      items.push(incident);
      fresh.add(incident.id);
      if (complete) total += 1;
    } else continue;
    touched = true;
  }
  items.sort(compare);
  // On a later page, what sorts before its first row belongs to an earlier page.
  const first = page.offset > 0 ? page.items[0] : undefined;
  const kept = items.filter((i) => first === undefined || compare(i, first) >= 0);
  return {
    page: { ...page, items: kept.slice(0, page.limit), total },
    fresh,
    unsure: touched && !complete,
  };
}
