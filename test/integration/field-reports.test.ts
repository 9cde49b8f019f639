/**
 * The field report endpoints through the real access hook and real logins:
 * who may file, attach and read, idempotent resends, refusals that name the
 * field, and photos served back as they were sent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountService } from '../../src/accounts/index.js';
import { buildApiServer } from '../../src/api/server.js';
import type {
  AttachmentBody,
  FieldReportBody,
  FieldReportPageBody,
} from '../../src/api/wire-field-reports.js';
import { InProcessBus } from '../../src/bus/index.js';
import {
  GIF_BYTES,
  JPEG_BYTES,
  makeReportInput,
  NOW_MS,
  PNG_BYTES,
} from '../../src/incidents/field-report.fixture.js';
import { FieldReportService } from '../../src/incidents/field-report-service.js';
import type { FieldReport } from '../../src/incidents/field-report-types.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/index.js';

const PASSWORD = 'correct horse battery staple';
const CHEAP_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

interface Login {
  cookie: string;
  csrf: string;
}

describe('field report API', () => {
  let dataDir: string;
  let store: SqliteStore;
  let app: FastifyInstance;
  const published: FieldReport[] = [];
  const as: Record<string, Login> = {};

  async function logIn(username: string): Promise<Login> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username, password: PASSWORD },
    });
    expect(res.statusCode, res.body).toBe(200);
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    return { cookie, csrf: res.json<{ csrfToken: string }>().csrfToken };
  }

  function send(
    who: string | null,
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const login = who === null ? undefined : as[who];
    return app.inject({
      method,
      url,
      headers: {
        ...(login === undefined ? {} : { cookie: login.cookie, 'x-csrf-token': login.csrf }),
        ...headers,
      },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
  }

  function postPhoto(
    who: string,
    reportId: string,
    bytes: Buffer,
    type: string,
    attachmentId: string = crypto.randomUUID(),
  ): Promise<LightMyRequestResponse> {
    return send(
      who,
      'POST',
      `/api/field-reports/${reportId}/attachments?attachmentId=${attachmentId}&fileName=${encodeURIComponent('krater ü.png')}`,
      bytes,
      { 'content-type': type },
    );
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'truceline-fr-api-'));
    store = openSqliteStore({ dir: dataDir });
    const bus = new InProcessBus();
    bus.subscribe('fieldReports', (batch) => published.push(...batch));
    const accounts = new AccountService(store, { scrypt: CHEAP_SCRYPT, now: () => NOW_MS });
    for (const [username, role] of [
      ['mona', 'monitor'],
      ['milo', 'monitor'],
      ['ana', 'analyst'],
      ['obi', 'observer'],
    ] as const) {
      await accounts.addUser('test', { username, role, password: PASSWORD });
    }
    ({ app } = await buildApiServer({
      store,
      bus,
      accounts,
      fieldReports: new FieldReportService({ store, bus, dataDir, now: () => NOW_MS }),
      ingest: async () => {},
      getAgreement: () => {
        throw new Error('not used');
      },
      liveTracks: () => [],
      simulatorInfo: () => ({ running: false }),
      version: 'test',
      now: () => NOW_MS,
    }));
    for (const who of ['mona', 'milo', 'ana', 'obi']) as[who] = await logIn(who);
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('POST /api/field-reports', () => {
    it('stores a report once: 201 the first time, 200 with the stored report on a resend', async () => {
      const input = makeReportInput();
      const first = await send('mona', 'POST', '/api/field-reports', input);
      expect(first.statusCode, first.body).toBe(201);
      const stored = first.json<FieldReportBody>();
      expect(stored).toMatchObject({ ...input, reporterName: 'mona', receivedMs: NOW_MS });
      const again = await send('mona', 'POST', '/api/field-reports', input);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(stored);
      expect(published.filter((r) => r.id === input.id)).toHaveLength(1);
    });

    it('answers 409 naming id when the id comes back with other content', async () => {
      const input = makeReportInput();
      await send('mona', 'POST', '/api/field-reports', input);
      const res = await send('mona', 'POST', '/api/field-reports', { ...input, text: 'changed' });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'conflict', field: 'id' });
    });

    it('answers 400 naming the field at fault', async () => {
      const res = await send('mona', 'POST', '/api/field-reports', makeReportInput({ lat: 91 }));
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid_field_report', field: 'lat' });
      expect(res.json().error.message).toMatch(/^lat: /);
      const broken = await send('mona', 'POST', '/api/field-reports', '{"id":', {
        'content-type': 'application/json',
      });
      expect(broken.statusCode).toBe(400);
    });

    it('lets only monitors file: 401 anonymous, 403 for an analyst or observer', async () => {
      const input = makeReportInput();
      expect((await send(null, 'POST', '/api/field-reports', input)).statusCode).toBe(401);
      expect((await send('ana', 'POST', '/api/field-reports', input)).statusCode).toBe(403);
      expect((await send('obi', 'POST', '/api/field-reports', input)).statusCode).toBe(403);
    });

    it('refuses a request without the CSRF token', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/field-reports',
        headers: { cookie: as.mona!.cookie },
        payload: makeReportInput(),
      });
      expect(res.statusCode).toBe(403);
    });
  });

  describe('photos', () => {
    let reportId: string;
    beforeAll(async () => {
      reportId = (
        await send('mona', 'POST', '/api/field-reports', makeReportInput())
      ).json<FieldReportBody>().id;
    });

    it('keeps a photo once and serves it back as sent, typed, not to be sniffed', async () => {
      const attachmentId = crypto.randomUUID();
      const first = await postPhoto('mona', reportId, PNG_BYTES, 'image/png', attachmentId);
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json<AttachmentBody>()).toMatchObject({
        id: attachmentId,
        mediaType: 'image/png',
        bytes: PNG_BYTES.length,
        fileName: 'krater ü.png',
      });
      const again = await postPhoto('mona', reportId, PNG_BYTES, 'image/png', attachmentId);
      expect(again.statusCode).toBe(200);

      for (const who of ['mona', 'ana']) {
        const got = await send(
          who,
          'GET',
          `/api/field-reports/${reportId}/attachments/${attachmentId}`,
        );
        expect(got.statusCode).toBe(200);
        expect(got.rawPayload).toEqual(PNG_BYTES);
        expect(got.headers['content-type']).toBe('image/png');
        expect(got.headers['x-content-type-options']).toBe('nosniff');
        expect(got.headers['content-disposition']).toBe(
          `inline; filename="krater _.png"; filename*=UTF-8''krater%20%C3%BC.png`,
        );
      }
      const other = await send(
        'milo',
        'GET',
        `/api/field-reports/${reportId}/attachments/${attachmentId}`,
      );
      expect(other.statusCode).toBe(404);
    });

    it('answers 415 naming content-type for a declared type that is not accepted or not the bytes', async () => {
      const gif = await postPhoto('mona', reportId, GIF_BYTES, 'image/gif');
      expect(gif.statusCode).toBe(415);
      expect(gif.json().error.field).toBe('content-type');
      const lying = await postPhoto('mona', reportId, JPEG_BYTES, 'image/png');
      expect(lying.statusCode).toBe(415);
      expect(lying.json().error).toMatchObject({
        code: 'unsupported_media_type',
        field: 'content-type',
      });
    });

    it('answers 413 naming body for a photo over 10 MiB', async () => {
      const big = Buffer.concat([JPEG_BYTES, Buffer.alloc(10 * 1024 * 1024)]);
      const res = await postPhoto('mona', reportId, big, 'image/jpeg');
      expect(res.statusCode).toBe(413);
      expect(res.json().error).toMatchObject({ code: 'too_large', field: 'body' });
    });

    it("answers 404 to a monitor attaching to someone else's report", async () => {
      const res = await postPhoto('milo', reportId, PNG_BYTES, 'image/png');
      expect(res.statusCode).toBe(404);
    });
  });

  describe('reading', () => {
    let milosId: string;
    beforeAll(async () => {
      const input = makeReportInput({ category: 'mine_uxo', observedMs: NOW_MS - 3600_000 });
      milosId = (await send('milo', 'POST', '/api/field-reports', input)).json<FieldReportBody>()
        .id;
    });

    it('shows a monitor only their own reports, and 404 for anyone else’s', async () => {
      const list = (await send('milo', 'GET', '/api/field-reports')).json<FieldReportPageBody>();
      expect(list.items.map((r) => r.id)).toEqual([milosId]);
      const theirs = await send('mona', 'GET', `/api/field-reports/${milosId}`);
      expect(theirs.statusCode).toBe(404);
      expect((await send('milo', 'GET', `/api/field-reports/${milosId}`)).statusCode).toBe(200);
    });

    it('shows an analyst every report, with filters', async () => {
      const all = (await send('ana', 'GET', '/api/field-reports')).json<FieldReportPageBody>();
      expect(all.items.length).toBeGreaterThan(1);
      const mines = await send('ana', 'GET', '/api/field-reports?category=mine_uxo&reporter=milo');
      expect(mines.json<FieldReportPageBody>().items.map((r) => r.id)).toEqual([milosId]);
      const from = new Date(NOW_MS - 30 * 60_000).toISOString();
      const recent = await send('ana', 'GET', `/api/field-reports?from=${from}&limit=1`);
      const page = recent.json<FieldReportPageBody>();
      expect(page.items).toHaveLength(1);
      expect(page.next).not.toBeNull();
    });

    it('refuses bad filters naming them, and readers without the capability', async () => {
      const bad = await send('ana', 'GET', '/api/field-reports?category=rumour');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toMatch(/^category: /);
      const cursor = await send('ana', 'GET', '/api/field-reports?cursor=xyz');
      expect(cursor.statusCode).toBe(400);
      expect((await send('obi', 'GET', '/api/field-reports')).statusCode).toBe(403);
      expect((await send(null, 'GET', '/api/field-reports')).statusCode).toBe(401);
      expect((await send('ana', 'GET', '/api/field-reports/not-a-uuid')).statusCode).toBe(400);
    });
  });
});
