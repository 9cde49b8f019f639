import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InProcessBus } from '../bus/index.js';
import type { Detection } from '../core/types.js';
import { DB_FILE_NAME, openSqliteStore, type SqliteStore } from '../store/index.js';
import { verifyAuditChain } from './audit-chain.js';
import type { FieldReport } from './field-report-types.js';
import { IncidentError } from './incident-error.js';
import { MIN_MS, makeDetection, makeFieldReport, T0_MS } from './incident-fixtures.js';
import { IncidentService } from './incident-service.js';
import type { Incident } from './incident-types.js';

const HOUR_MS = 60 * MIN_MS;
const NOW_MS = T0_MS + 24 * HOUR_MS;

let dir: string;
let store: SqliteStore;
let bus: InProcessBus;
let service: IncidentService;
let published: Incident[][];

function openService(s: SqliteStore): IncidentService {
  bus = new InProcessBus((err) => {
    throw err;
  });
  published = [];
  bus.subscribe('incidents', (batch) => published.push([...batch]));
  return new IncidentService({ store: s, bus, now: () => NOW_MS });
}

async function fileReport(r: FieldReport): Promise<void> {
  await store.fieldReports.insertReport(r, {
    tMs: r.receivedMs,
    actor: r.reporterName,
    action: 'field_report.filed',
    subjectType: 'field_report',
    subjectId: r.id,
    details: {},
  });
}

/** Every incident, oldest first, with its history. */
async function allIncidents(): Promise<Incident[]> {
  const page = await store.incidents.list({ sort: 'created', limit: 200 });
  return Promise.all(page.items.map(async (i) => (await store.incidents.get(i.id))!));
}

async function groupDetections(...ds: Detection[]): Promise<void> {
  await store.appendDetections(ds);
  await service.groupPending();
}

async function refusal(p: Promise<unknown>): Promise<IncidentError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IncidentError);
  return err as IncidentError;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'truceline-incidents-'));
  store = openSqliteStore({ dir });
  service = openService(store);
});

afterEach(async () => {
  await service.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('grouping', () => {
  it('puts a track’s enter and inside of one zone within 6 h in one incident, and the rest apart', async () => {
    await groupDetections(
      makeDetection('d1'),
      makeDetection('d2', { type: 'zone_inside', tMs: T0_MS + 5 * HOUR_MS, lon: 33.6 }),
      makeDetection('d3', { tMs: T0_MS + 12 * HOUR_MS }),
      makeDetection('d4', { trackId: 'mmsi:2' }),
    );
    const incidents = await allIncidents();
    expect(incidents.map((i) => [i.id, i.detectionIds])).toEqual([
      ['INC-000001', ['d1', 'd2']],
      ['INC-000002', ['d3']],
      ['INC-000003', ['d4']],
    ]);
    const first = incidents[0]!;
    expect(first).toMatchObject({
      kind: 'zone_enter',
      state: 'open',
      startMs: T0_MS,
      endMs: T0_MS + 5 * HOUR_MS,
      zoneId: 'buffer-north',
      trackIds: ['mmsi:272000001'],
      trackKinds: ['vessel'],
      assignee: null,
      mergedInto: null,
    });
    expect(first.lon).toBeCloseTo(33.55, 9);
    expect(first.history.map((e) => [e.actor, e.action])).toEqual([['system', 'created']]);
    expect(published.flat().map((i) => i.id)).toEqual(['INC-000001', 'INC-000002', 'INC-000003']);
  });

  it('groups field reports by family, distance and time', async () => {
    await fileReport(makeFieldReport('00000000-0000-4000-8000-00000000000a'));
    await fileReport(
      makeFieldReport('00000000-0000-4000-8000-00000000000b', {
        category: 'shelling',
        observedMs: T0_MS + 90 * MIN_MS,
        lat: 47.82,
      }),
    );
    await fileReport(makeFieldReport('00000000-0000-4000-8000-00000000000c', { lat: 48.2 }));
    await service.groupPending();
    const incidents = await allIncidents();
    expect(incidents.map((i) => i.fieldReportIds.map((id) => id.slice(-1)))).toEqual([
      ['a', 'b'],
      ['c'],
    ]);
    expect(incidents[0]).toMatchObject({ kind: 'explosion', trackIds: [], zoneId: '' });
  });

  it('groups the same evidence the same way in another store', async () => {
    const ds = Array.from({ length: 60 }, (_, i) =>
      makeDetection(`d${i}`, {
        tMs: T0_MS + ((i * 37) % 23) * HOUR_MS,
        trackId: `mmsi:${i % 4}`,
        zoneId: i % 3 === 0 ? 'buffer-south' : 'buffer-north',
      }),
    );
    await groupDetections(...ds);
    const first = await allIncidents();
    const other = openSqliteStore({ memory: true });
    const otherService = openService(other);
    await other.appendDetections(ds);
    await otherService.groupPending();
    const again = await Promise.all(
      (await other.incidents.list({ sort: 'created', limit: 200 })).items.map(
        async (i) => (await other.incidents.get(i.id))!,
      ),
    );
    await other.close();
    expect(again).toEqual(first);
  });

  it('groups what was stored before a crash at the next start, and nothing twice', async () => {
    // Stored and acknowledged, but the process dies before grouping them.
    await store.appendDetections([makeDetection('d1'), makeDetection('d2', { trackId: 'mmsi:2' })]);
    store.abandonForTest();
    store = openSqliteStore({ dir });
    service = openService(store);
    expect(await service.start()).toEqual({ created: 2, joined: 0 });
    await service.stop();
    store.abandonForTest();
    store = openSqliteStore({ dir });
    service = openService(store);
    expect(await service.start()).toEqual({ created: 0, joined: 0 });
    expect((await allIncidents()).map((i) => i.detectionIds)).toEqual([['d1'], ['d2']]);
  });

  it('follows detections published on the bus once started', async () => {
    await service.start();
    await store.appendDetections([makeDetection('d1')]);
    bus.publish('detections', [makeDetection('d1')]);
    await service.groupPending();
    expect((await allIncidents()).map((i) => i.detectionIds)).toEqual([['d1']]);
  });
});

describe('moves', () => {
  beforeEach(async () => {
    await groupDetections(makeDetection('d1'));
  });

  it('takes under review, verifies with a confidence, reopens and dismisses, each in the history', async () => {
    await service.move('INC-000001', { action: 'review' }, 'alice');
    const verified = await service.move(
      'INC-000001',
      { action: 'verify', confidence: 'high', reason: 'AIS and radar agree' },
      'alice',
    );
    expect(verified).toMatchObject({ state: 'verified', confidence: 'high', assignee: 'alice' });
    await service.move('INC-000001', { action: 'reopen', reason: 'new report' }, 'bob');
    const dismissed = await service.move(
      'INC-000001',
      { action: 'dismiss', reason: 'ferry on its timetable' },
      'bob',
    );
    expect(dismissed).toMatchObject({ state: 'dismissed', confidence: null });
    expect(
      dismissed.history.map((e) => [e.actor, e.action, e.from ?? '', e.to ?? '', e.reason ?? '']),
    ).toEqual([
      ['system', 'created', '', 'open', ''],
      ['alice', 'state_changed', 'open', 'under_review', ''],
      ['alice', 'state_changed', 'under_review', 'verified', 'AIS and radar agree'],
      ['bob', 'state_changed', 'verified', 'under_review', 'new report'],
      ['bob', 'state_changed', 'under_review', 'dismissed', 'ferry on its timetable'],
    ]);
    expect(dismissed.history.every((e) => e.tMs === NOW_MS)).toBe(true);
  });

  it.each([
    ['verify', { action: 'verify', confidence: 'low', reason: 'x' }, 'open'],
    ['reopen', { action: 'reopen', reason: 'x' }, 'open'],
    ['publish', { action: 'publish', reportId: 'r1' }, 'open'],
  ] as const)(
    'refuses to %s an open incident with a conflict naming its state',
    async (_n, move, state) => {
      const err = await refusal(service.move('INC-000001', move, 'alice'));
      expect(err.kind).toBe('conflict');
      expect(err.extra.state).toBe(state);
      expect(err.message).toContain(`is ${state}`);
    },
  );

  it('refuses every move on a published incident but a note', async () => {
    await service.move('INC-000001', { action: 'review' }, 'alice');
    await service.move(
      'INC-000001',
      { action: 'verify', confidence: 'high', reason: 'x' },
      'alice',
    );
    await service.markPublished(['INC-000001'], 'RPT-1', 'alice');
    for (const move of [
      { action: 'review' },
      { action: 'dismiss', reason: 'x' },
      { action: 'reopen', reason: 'x' },
      { action: 'assign', assignee: null },
      { action: 'verify', confidence: 'low', reason: 'x' },
    ] as const) {
      expect((await refusal(service.move('INC-000001', move, 'alice'))).extra.state).toBe(
        'published',
      );
    }
    const noted = await service.move(
      'INC-000001',
      { action: 'note', text: 'cited by press' },
      'bob',
    );
    expect(noted).toMatchObject({ state: 'published', reportId: 'RPT-1' });
  });

  it('refuses an unknown incident as not found', async () => {
    expect((await refusal(service.move('INC-000099', { action: 'review' }, 'a'))).kind).toBe(
      'not_found',
    );
  });

  it('assigns only to users who may review, by their stored name', async () => {
    await store.createUser({
      id: 'u1',
      username: 'Alice',
      role: 'analyst',
      passwordHash: 'x',
      disabled: false,
      createdMs: T0_MS,
      failedLogins: 0,
      lockedUntilMs: null,
    } as Parameters<typeof store.createUser>[0]);
    const assigned = await service.move(
      'INC-000001',
      { action: 'assign', assignee: 'alice' },
      'bob',
    );
    expect(assigned.assignee).toBe('Alice');
    const err = await refusal(
      service.move('INC-000001', { action: 'assign', assignee: 'mallory' }, 'bob'),
    );
    expect(err.extra.field).toBe('assignee');
    expect(
      (await service.move('INC-000001', { action: 'assign', assignee: null }, 'bob')).assignee,
    ).toBe(null);
  });

  it('publishes all or none: one unverified incident leaves both as they were', async () => {
    await groupDetections(makeDetection('d2', { trackId: 'mmsi:2' }));
    await service.move('INC-000001', { action: 'review' }, 'alice');
    await service.move(
      'INC-000001',
      { action: 'verify', confidence: 'high', reason: 'x' },
      'alice',
    );
    expect(
      (await refusal(service.markPublished(['INC-000001', 'INC-000002'], 'R', 'a'))).extra.state,
    ).toBe('open');
    expect((await store.incidents.get('INC-000001'))!.state).toBe('verified');
    expect((await service.listForReport(T0_MS, T0_MS + 1)).map((i) => i.id)).toEqual([
      'INC-000001',
    ]);
    const [done] = await service.markPublished(['INC-000001'], 'R', 'alice');
    expect(done).toMatchObject({ state: 'published', reportId: 'R' });
  });
});

describe('the audit log', () => {
  it('holds one chained entry per history event of every incident', async () => {
    await groupDetections(makeDetection('d1'), makeDetection('d2', { trackId: 'mmsi:2' }));
    await service.move('INC-000001', { action: 'review' }, 'alice');
    await service.move('INC-000001', { action: 'note', text: 'looks real' }, 'alice');
    await service.merge('INC-000001', ['INC-000002'], 'same convoy', 'alice');
    await service.split('INC-000001', [{ type: 'detection', id: 'd2' }], 'not the same', 'alice');
    await service.move(
      'INC-000001',
      { action: 'verify', confidence: 'medium', reason: 'r' },
      'alice',
    );
    const audit = await store.listAudit({ limit: 1000 });
    expect(verifyAuditChain(audit).ok).toBe(true);
    const incidentEntries = audit.filter((e) => e.subjectType === 'incident');
    const events = (await allIncidents()).flatMap((i) =>
      i.history.map((e) => `${i.id} incident.${e.action} ${e.actor}`),
    );
    expect(incidentEntries.map((e) => `${e.subjectId} ${e.action} ${e.actor}`).sort()).toEqual(
      events.sort(),
    );
    expect(incidentEntries.find((e) => e.action === 'incident.split')?.details).toMatchObject({
      evidence: ['detection:d2'],
      reason: 'not the same',
    });
  });

  it('writes a move and its audit entry in one transaction: a refused entry leaves no move', async () => {
    await groupDetections(makeDetection('d1'));
    const raw = new Database(join(dir, DB_FILE_NAME));
    raw.exec(`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END`);
    await expect(service.move('INC-000001', { action: 'review' }, 'alice')).rejects.toThrow(
      'audit log unavailable',
    );
    raw.exec('DROP TRIGGER refuse_audit');
    raw.close();
    const incident = (await store.incidents.get('INC-000001'))!;
    expect(incident.state).toBe('open');
    expect(incident.history).toHaveLength(1);
  });
});

describe('merge and split', () => {
  beforeEach(async () => {
    await groupDetections(
      makeDetection('d1'),
      makeDetection('d2', { tMs: T0_MS + HOUR_MS }),
      makeDetection('d3', { trackId: 'mmsi:2', lon: 33.7 }),
      makeDetection('d4', { trackId: 'mmsi:3', zoneId: 'buffer-south' }),
    );
    await fileReport(makeFieldReport('00000000-0000-4000-8000-00000000000a'));
    await service.groupPending();
  });

  async function evidenceCounts(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const i of await allIncidents()) {
      for (const id of [...i.detectionIds, ...i.fieldReportIds]) {
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
    return counts;
  }

  it('moves every piece of evidence into the target; the others end dismissed, pointing to it', async () => {
    const [target, ...others] = await service.merge(
      'INC-000001',
      ['INC-000002', 'INC-000004'],
      'one convoy, one report',
      'alice',
    );
    expect(target!.detectionIds).toEqual(['d1', 'd3', 'd2']);
    expect(target!.fieldReportIds).toHaveLength(1);
    expect(target!.trackIds).toEqual(['mmsi:272000001', 'mmsi:2']);
    expect(others.map((o) => [o.state, o.mergedInto, o.detectionIds.length])).toEqual([
      ['dismissed', 'INC-000001', 0],
      ['dismissed', 'INC-000001', 0],
    ]);
    expect([...(await evidenceCounts()).values()].every((n) => n === 1)).toBe(true);
    expect((await evidenceCounts()).size).toBe(5);
    const err = await refusal(service.move('INC-000002', { action: 'reopen', reason: 'x' }, 'a'));
    expect(err.message).toContain('merged into INC-000001');
  });

  it('refuses to merge a verified incident, or one into itself, and changes nothing', async () => {
    await service.move('INC-000003', { action: 'review' }, 'alice');
    await service.move('INC-000003', { action: 'verify', confidence: 'low', reason: 'x' }, 'alice');
    expect(
      (await refusal(service.merge('INC-000001', ['INC-000002', 'INC-000003'], 'x', 'a'))).extra
        .state,
    ).toBe('verified');
    expect((await refusal(service.merge('INC-000001', ['INC-000001'], 'x', 'a'))).extra.field).toBe(
      'sourceIds',
    );
    expect((await store.incidents.get('INC-000002'))!.detectionIds).toEqual(['d3']);
  });

  it('splits the chosen evidence into a new open incident and keeps the rest', async () => {
    const [kept, split] = await service.split(
      'INC-000001',
      [{ type: 'detection', id: 'd2' }],
      'second entry is another visit',
      'alice',
    );
    expect(kept!.detectionIds).toEqual(['d1']);
    expect(split).toMatchObject({
      id: 'INC-000005',
      state: 'open',
      detectionIds: ['d2'],
      title: 'Detection d2 (split from INC-000001)',
    });
    expect(split!.startMs).toBe(T0_MS + HOUR_MS);
    expect(split!.history.map((e) => [e.action, e.incidentIds, e.direction])).toEqual([
      ['created', undefined, undefined],
      ['split', ['INC-000001'], 'in'],
    ]);
    expect(kept!.history.at(-1)).toMatchObject({
      action: 'split',
      incidentIds: ['INC-000005'],
      direction: 'out',
      evidence: [{ type: 'detection', id: 'd2' }],
    });
    expect([...(await evidenceCounts()).values()].every((n) => n === 1)).toBe(true);
  });

  it.each([
    [[{ type: 'detection', id: 'd3' }], 'evidence.0'],
    [
      [
        { type: 'detection', id: 'd2' },
        { type: 'detection', id: 'd2' },
      ],
      'evidence.1',
    ],
    [
      [
        { type: 'detection', id: 'd1' },
        { type: 'detection', id: 'd2' },
      ],
      'evidence',
    ],
  ] as const)('refuses a split of %j naming %s', async (evidence, field) => {
    const err = await refusal(service.split('INC-000001', evidence, 'x', 'a'));
    expect([err.kind, err.extra.field]).toEqual(['invalid', field]);
    expect((await store.incidents.get('INC-000001'))!.detectionIds).toEqual(['d1', 'd2']);
  });
});
