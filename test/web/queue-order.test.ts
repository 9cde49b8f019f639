/**
 * The queue's live changes land where a reload would put them: filters as
 * the server applies them, its sort with ties by creation, and a page that
 * only knows the truth when every match is on it.
 */
import { describe, expect, it } from 'vitest';
import type { Incident, IncidentListBody } from '../../src/api/wire-incidents.js';
import { makeIncident } from '../../src/incidents/report-fixtures.js';
import {
  compareForSort,
  matchesQueueFilters,
  mergeIntoPage,
} from '../../web/src/incidents/queue-order.js';

function incident(seq: number, more: Partial<Incident> = {}): Incident {
  return {
    ...makeIncident(`INC-${String(seq).padStart(6, '0')}`, seq),
    updatedMs: seq,
    startMs: seq,
    state: 'open',
    assignee: null,
    ...more,
  };
}

function pageOf(items: Incident[], more: Partial<IncidentListBody> = {}): IncidentListBody {
  return { items, total: items.length, limit: 50, offset: 0, ...more };
}

const ids = (p: IncidentListBody) => p.items.map((i) => i.id);

describe('matchesQueueFilters', () => {
  it('matches state, kind and zone exactly and the assignee in any case, or none', () => {
    const i = incident(1, { assignee: 'Ana', zoneId: 'buffer-north' });
    expect(matchesQueueFilters(i, { assignee: 'ana', zone: 'buffer-north' })).toBe(true);
    expect(matchesQueueFilters(i, { assignee: 'none' })).toBe(false);
    expect(matchesQueueFilters(incident(2), { assignee: 'none', state: 'open' })).toBe(true);
    expect(matchesQueueFilters(i, { state: 'verified' })).toBe(false);
  });
});

describe('compareForSort', () => {
  it('orders by the field either way and breaks ties by creation in the same direction', () => {
    const a = incident(1, { updatedMs: 5 });
    const b = incident(2, { updatedMs: 5 });
    const c = incident(3, { updatedMs: 9 });
    expect([a, c, b].sort(compareForSort('-updated')).map((i) => i.id)).toEqual([c.id, b.id, a.id]);
    expect([c, b, a].sort(compareForSort('created')).map((i) => i.id)).toEqual([a.id, b.id, c.id]);
  });
});

describe('mergeIntoPage', () => {
  const newestFirst = compareForSort('-updated');

  it('inserts a match in sort order as new, updates in place, drops what no longer matches', () => {
    const page = pageOf([incident(2), incident(1)]);
    const merged = mergeIntoPage(
      page,
      [incident(3), incident(1, { state: 'verified', updatedMs: 4 })],
      { state: 'open' },
      newestFirst,
    );
    expect(ids(merged.page)).toEqual(['INC-000003', 'INC-000002']);
    expect(merged.page.total).toBe(2);
    expect([...merged.fresh]).toEqual(['INC-000003']);
    expect(merged.unsure).toBe(false);
  });

  it('ignores a version older than the one shown', () => {
    const page = pageOf([incident(1, { state: 'verified', updatedMs: 10 })]);
    const merged = mergeIntoPage(page, [incident(1, { updatedMs: 3 })], {}, newestFirst);
    expect(merged.page.items[0]!.state).toBe('verified');
    expect(merged.unsure).toBe(false);
  });

  it('asks for a re-read when not every match is on the page', () => {
    const page = pageOf([incident(2)], { total: 7 });
    const merged = mergeIntoPage(page, [incident(3)], {}, newestFirst);
    expect(ids(merged.page)).toEqual(['INC-000003', 'INC-000002']);
    expect(merged.page.total).toBe(7);
    expect(merged.unsure).toBe(true);
  });

  it('keeps off a later page what sorts before its first row', () => {
    const page = pageOf([incident(5), incident(4)], { offset: 50, total: 52 });
    const merged = mergeIntoPage(page, [incident(9)], {}, newestFirst);
    expect(ids(merged.page)).toEqual(['INC-000005', 'INC-000004']);
    expect(merged.unsure).toBe(true);
  });
});
