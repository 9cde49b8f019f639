/**
 * Incidents on the live WebSocket, on a real server with the real incident
 * service: a field report filed over HTTP becomes an incident that analysts
 * and read tokens (incident:read) are pushed at once, as the queue lists it;
 * roles without live:read never get a socket, and `?only=incidents` leaves
 * the live picture out.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LiveMessage } from '../../src/api/wire.js';
import type { Incident } from '../../src/api/wire-incidents.js';
import {
  type Auth,
  authHeaders,
  loginAs,
  makeDataDir,
  postJson,
  removeDataDir,
  startTruceline,
  type TestTruceline,
} from './http-helpers.js';

interface LiveClient {
  ws: WebSocket;
  messages: LiveMessage[];
}

/** The upgrade's HTTP status, and the client once it opened (101). */
function openLive(
  app: TestTruceline,
  auth: Auth,
  query = '',
): Promise<{ status: number; live?: LiveClient }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${app.url.replace('http', 'ws')}/api/live${query}`, {
      headers: authHeaders(auth),
    });
    const live: LiveClient = { ws, messages: [] };
    ws.on('message', (data) => live.messages.push(JSON.parse(String(data)) as LiveMessage));
    ws.on('open', () => resolve({ status: 101, live }));
    ws.on('unexpected-response', (req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      req.destroy();
    });
    ws.on('error', reject);
  });
}

/** Waits, message by message, until `pick` finds something in what the client got. */
async function waitForMessage<T>(
  live: LiveClient,
  pick: (messages: LiveMessage[]) => T | undefined,
): Promise<T> {
  for (;;) {
    const found = pick(live.messages);
    if (found !== undefined) return found;
    await new Promise((resolve) => live.ws.once('message', resolve));
  }
}

function findIncident(messages: LiveMessage[], reportId: string): Incident | undefined {
  for (const m of messages) {
    if (m.type !== 'incidents') continue;
    const hit = m.items.find((i) => i.fieldReportIds.includes(reportId));
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** Files a field report as the monitor; resolves with its id once stored. */
async function fileReport(app: TestTruceline, text: string): Promise<string> {
  const id = randomUUID();
  const filed = await postJson(
    `${app.url}/api/field-reports`,
    {
      id,
      observedMs: Date.now() - 60_000,
      lon: 33.6,
      lat: 45.3,
      category: 'explosion',
      count: 1,
      text,
    },
    await loginAs(app.url, 'monitor'),
  );
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  return id;
}

describe('incidents on /api/live', () => {
  let dataDir: string;
  let app: TestTruceline;

  beforeAll(async () => {
    dataDir = makeDataDir('truceline-live-incidents-');
    app = await startTruceline(dataDir, { simulate: false });
  });

  afterAll(async () => {
    await app?.close();
    removeDataDir(dataDir);
  });

  it('pushes an incident made from a field report to an analyst and a read token', async () => {
    const analyst = (await openLive(app, await loginAs(app.url, 'analyst'))).live!;
    const reader = (await openLive(app, { bearer: app.tokens.read })).live!;
    await waitForMessage(analyst, (ms) => ms.find((m) => m.type === 'snapshot'));
    await waitForMessage(reader, (ms) => ms.find((m) => m.type === 'snapshot'));

    const reportId = await fileReport(app, 'One blast near the ford');
    for (const live of [analyst, reader]) {
      const incident = await waitForMessage(live, (ms) => findIncident(ms, reportId));
      expect(incident).toMatchObject({ state: 'open', kind: 'explosion', history: [] });
    }

    // A move is pushed too, as the incident now is.
    const analystLogin = await loginAs(app.url, 'analyst');
    const incidentId = findIncident(analyst.messages, reportId)!.id;
    const moved = await postJson(`${app.url}/api/incidents/${incidentId}/review`, {}, analystLogin);
    expect(moved.status).toBe(200);
    await waitForMessage(analyst, (ms) =>
      ms.find((m) => m.type === 'incidents' && m.items.some((i) => i.state === 'under_review')),
    );
    analyst.ws.close();
    reader.ws.close();
  });

  it('gives no socket to roles without live:read, so they are never sent incidents', async () => {
    for (const role of ['observer', 'monitor']) {
      expect((await openLive(app, await loginAs(app.url, role))).status).toBe(403);
    }
    expect((await openLive(app, { bearer: app.tokens.ingest })).status).toBe(403);
    expect((await openLive(app, undefined)).status).toBe(401);
  });

  it('sends incidents alone with ?only=incidents, and refuses an unknown `only`', async () => {
    const { live } = await openLive(app, await loginAs(app.url, 'admin'), '?only=incidents');
    const snapshot = await waitForMessage(live!, (ms) => ms.find((m) => m.type === 'snapshot'));
    expect(snapshot).toMatchObject({ tracks: [], detections: [] });
    const reportId = await fileReport(app, 'A second blast, further east');
    await waitForMessage(live!, (ms) => findIncident(ms, reportId));
    expect(new Set(live!.messages.map((m) => m.type))).toEqual(new Set(['snapshot', 'incidents']));
    live!.ws.close();

    const analyst = await loginAs(app.url, 'analyst');
    expect((await openLive(app, analyst, '?only=tracks')).status).toBe(400);
  });
});
