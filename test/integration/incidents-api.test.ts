/**
 * The incident endpoints through the real access hook and real logins: who
 * may read and move, the queue's filters, one incident with its evidence,
 * moves that the state refuses (409 naming it), and bodies refused naming
 * the field.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountService } from '../../src/accounts/index.js';
import { buildApiServer } from '../../src/api/server.js';
import type {
  IncidentBody,
  IncidentDetailBody,
  IncidentListBody,
  IncidentsChangedBody,
} from '../../src/api/wire-incidents.js';
import { InProcessBus } from '../../src/bus/index.js';
import { makeDetection, makeFieldReport, T0_MS } from '../../src/incidents/incident-fixtures.js';
import { IncidentService } from '../../src/incidents/incident-service.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/index.js';
import { TEST_SCRYPT } from './access-fixture.js';
import { TEST_PASSWORD } from './http-helpers.js';

const NOW_MS = T0_MS + 86_400_000;
const REPORT_ID = '00000000-0000-4000-8000-00000000000a';

interface Login {
  cookie: string;
  csrf: string;
}

let store: SqliteStore;
let app: FastifyInstance;
let service: IncidentService;
const as: Record<string, Login> = {};

function send(
  who: string | null,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  const login = who === null ? undefined : as[who];
  return app.inject({
    method,
    url,
    headers: login === undefined ? {} : { cookie: login.cookie, 'x-csrf-token': login.csrf },
    ...(payload === undefined ? {} : { payload: payload as string }),
  });
}

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  const { error } = res.json<{
    error: { code: string; message: string; field?: string; state?: string };
  }>();
  expect(error.code).toBe(code);
  return error;
}

beforeAll(async () => {
  store = openSqliteStore({ memory: true });
  const bus = new InProcessBus();
  const accounts = new AccountService(store, { scrypt: TEST_SCRYPT, now: () => NOW_MS });
  for (const [username, role] of [
    ['ana', 'analyst'],
    ['ben', 'analyst'],
    ['adm', 'admin'],
    ['mona', 'monitor'],
  ] as const) {
    await accounts.addUser('test', { username, role, password: TEST_PASSWORD });
  }
  service = new IncidentService({ store, bus, now: () => NOW_MS });
  ({ app } = await buildApiServer({
    store,
    bus,
    accounts,
    incidents: service,
    ingest: async () => {},
    getAgreement: () => {
      throw new Error('not used');
    },
    liveTracks: () => [],
    simulatorInfo: () => ({ running: false }),
    version: 'test',
    now: () => NOW_MS,
  }));
  for (const who of ['ana', 'ben', 'adm', 'mona']) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username: who, password: TEST_PASSWORD },
    });
    expect(res.statusCode, res.body).toBe(200);
    as[who] = {
      cookie: String(res.headers['set-cookie']).split(';')[0]!,
      csrf: res.json<{ csrfToken: string }>().csrfToken,
    };
  }
  await store.appendDetections([
    makeDetection('d1', { evidence: [] }),
    makeDetection('d2', { trackId: 'mmsi:2', zoneId: 'buffer-south', tMs: T0_MS + 3_600_000 }),
    makeDetection('d3', { trackId: 'mmsi:2', zoneId: 'buffer-south', tMs: T0_MS + 7_200_000 }),
  ]);
  await store.fieldReports.insertReport(makeFieldReport(REPORT_ID), {
    tMs: T0_MS,
    actor: 'mona',
    action: 'field_report.filed',
    subjectType: 'field_report',
    subjectId: REPORT_ID,
    details: {},
  });
  await service.start();
});

afterAll(async () => {
  await service.stop();
  await app.close();
  await store.close();
});

describe('reading incidents', () => {
  it('lists the queue for analysts and admins, and refuses monitors and anonymous visitors', async () => {
    const res = await send('ana', 'GET', '/api/incidents?sort=created');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<IncidentListBody>();
    expect(body.items.map((i) => i.id)).toEqual(['INC-000001', 'INC-000002', 'INC-000003']);
    expect(body).toMatchObject({ total: 3, limit: 50, offset: 0 });
    expect((await send('adm', 'GET', '/api/incidents')).statusCode).toBe(200);
    expect((await send('mona', 'GET', '/api/incidents')).statusCode).toBe(403);
    expect((await send(null, 'GET', '/api/incidents')).statusCode).toBe(401);
  });

  it('filters by state, kind, zone, assignee and time, and pages', async () => {
    const ids = async (query: string) =>
      (await send('ana', 'GET', `/api/incidents?sort=created&${query}`))
        .json<IncidentListBody>()
        .items.map((i) => i.id);
    expect(await ids('zone=buffer-south')).toEqual(['INC-000002']);
    expect(await ids('kind=explosion')).toEqual(['INC-000003']);
    expect(await ids('state=open&assignee=none')).toEqual([
      'INC-000001',
      'INC-000002',
      'INC-000003',
    ]);
    expect(await ids(`from=${T0_MS + 1}`)).toEqual(['INC-000002']);
    expect(await ids('limit=1&offset=1')).toEqual(['INC-000002']);
  });

  it.each([
    ['state=closed', 'state'],
    ['kind=bang', 'kind'],
    ['sort=size', 'sort'],
    ['limit=0', 'limit'],
    ['from=yesterday', 'from'],
    ['colour=red', 'colour'],
  ])('refuses ?%s naming %s', async (query, field) => {
    const error = expectError(
      await send('ana', 'GET', `/api/incidents?${query}`),
      400,
      'invalid_query',
    );
    expect(error.field).toBe(field);
    expect(error.message.startsWith(`${field}:`), error.message).toBe(true);
  });

  it('shows one incident with its detections and field reports read from the store', async () => {
    const res = await send('ana', 'GET', '/api/incidents/INC-000002');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<IncidentDetailBody>();
    expect(body.incident.detectionIds).toEqual(['d2', 'd3']);
    expect(body.detections.map((d) => d.summary)).toEqual(['Detection d2', 'Detection d3']);
    expect(body.incident.history[0]).toMatchObject({ actor: 'system', action: 'created' });
    const report = (
      await send('ana', 'GET', '/api/incidents/INC-000003')
    ).json<IncidentDetailBody>();
    expect(report.fieldReports.map((r) => [r.id, r.attachments])).toEqual([[REPORT_ID, []]]);
  });

  it('answers 404 for an unknown incident and 400 for a malformed id', async () => {
    expectError(await send('ana', 'GET', '/api/incidents/INC-999999'), 404, 'not_found');
    const error = expectError(await send('ana', 'GET', '/api/incidents/42'), 400, 'invalid_path');
    expect(error.message).toMatch(/^id:/);
  });
});

describe('moves', () => {
  it('takes under review (assigning it to the reviewer) and verifies with a confidence', async () => {
    const reviewed = await send('ana', 'POST', '/api/incidents/INC-000001/review', {});
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json<IncidentBody>().incident).toMatchObject({
      state: 'under_review',
      assignee: 'ana',
    });
    const verified = await send('ana', 'POST', '/api/incidents/INC-000001/verify', {
      confidence: 'high',
      reason: 'two sources agree',
    });
    expect(verified.json<IncidentBody>().incident).toMatchObject({
      state: 'verified',
      confidence: 'high',
    });
  });

  it('refuses an illegal move with 409 naming the current state', async () => {
    const error = expectError(
      await send('ana', 'POST', '/api/incidents/INC-000002/verify', {
        confidence: 'low',
        reason: 'x',
      }),
      409,
      'illegal_move',
    );
    expect(error.state).toBe('open');
    expect(error.message).toContain('INC-000002 is open');
  });

  it.each([
    ['verify', { reason: 'x' }, 'confidence'],
    ['verify', { confidence: 'certain', reason: 'x' }, 'confidence'],
    ['dismiss', {}, 'reason'],
    ['dismiss', { reason: '   ' }, 'reason'],
    ['dismiss', { reason: 'broken \ud800 text' }, 'reason'],
    ['dismiss', { reason: 'x', colour: 'red' }, 'colour'],
    ['assign', { assignee: 'mona' }, 'assignee'],
    ['note', { text: 'x'.repeat(2001) }, 'text'],
  ])('refuses %s with %o naming %s', async (action, body, field) => {
    const error = expectError(
      await send('ben', 'POST', `/api/incidents/INC-000002/${action}`, body),
      400,
      'invalid_body',
    );
    expect(error.field).toBe(field);
  });

  it('lets only reviewers move: admins and monitors are refused', async () => {
    expect((await send('adm', 'POST', '/api/incidents/INC-000002/review', {})).statusCode).toBe(
      403,
    );
    expect((await send('mona', 'POST', '/api/incidents/INC-000002/review', {})).statusCode).toBe(
      403,
    );
    expect((await send(null, 'POST', '/api/incidents/INC-000002/review', {})).statusCode).toBe(401);
  });

  it('assigns to another analyst by name and unassigns', async () => {
    const assigned = await send('ana', 'POST', '/api/incidents/INC-000002/assign', {
      assignee: 'BEN',
    });
    expect(assigned.json<IncidentBody>().incident.assignee).toBe('ben');
    const mine = (await send('ana', 'GET', '/api/incidents?assignee=ben')).json<IncidentListBody>();
    expect(mine.items.map((i) => i.id)).toEqual(['INC-000002']);
    const none = await send('ana', 'POST', '/api/incidents/INC-000002/assign', { assignee: null });
    expect(none.json<IncidentBody>().incident.assignee).toBe(null);
  });

  it('splits chosen evidence off and merges it back', async () => {
    const split = await send('ben', 'POST', '/api/incidents/INC-000002/split', {
      evidence: [{ type: 'detection', id: 'd3' }],
      reason: 'a second visit',
    });
    expect(split.statusCode, split.body).toBe(200);
    const [kept, created] = split.json<IncidentsChangedBody>().incidents;
    expect([kept!.detectionIds, created!.detectionIds]).toEqual([['d2'], ['d3']]);
    const merged = await send('ben', 'POST', '/api/incidents/merge', {
      targetId: 'INC-000002',
      sourceIds: [created!.id],
      reason: 'same visit after all',
    });
    expect(merged.statusCode, merged.body).toBe(200);
    const [target, source] = merged.json<IncidentsChangedBody>().incidents;
    expect(target!.detectionIds).toEqual(['d2', 'd3']);
    expect(source).toMatchObject({ state: 'dismissed', mergedInto: 'INC-000002' });
  });

  it.each([
    [
      '/api/incidents/INC-000002/split',
      { evidence: [{ type: 'photo', id: 'x' }], reason: 'r' },
      'evidence.0.type',
    ],
    ['/api/incidents/INC-000002/split', { evidence: [], reason: 'r' }, 'evidence'],
    [
      '/api/incidents/INC-000002/split',
      { evidence: [{ type: 'detection', id: 'd1' }], reason: 'r' },
      'evidence.0',
    ],
    [
      '/api/incidents/merge',
      { targetId: 'INC-000002', sourceIds: ['nope'], reason: 'r' },
      'sourceIds.0',
    ],
    [
      '/api/incidents/merge',
      { targetId: 'INC-000002', sourceIds: ['INC-000002'], reason: 'r' },
      'sourceIds',
    ],
  ])('refuses POST %s %j naming %s', async (url, body, field) => {
    const error = expectError(await send('ben', 'POST', url, body), 400, 'invalid_body');
    expect(error.field).toBe(field);
  });
});
