/**
 * The live WebSocket: refused at the upgrade without `live:read`, and closed
 * (4401) once the session it was opened with ends, on the first push after
 * the hub's re-check falls due. The clock is moved, not waited for.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LiveMessage } from '../../src/api/wire.js';
import { type ApiFixture, startApiFixture } from './access-fixture.js';
import { type Auth, authHeaders, loginAs } from './http-helpers.js';

interface LiveClient {
  ws: WebSocket;
  /** Every message so far: the snapshot may come in the same packet as the upgrade. */
  messages: LiveMessage[];
}

/** The HTTP status the upgrade was refused with, or 101 and the client once the socket opens. */
function openLive(api: ApiFixture, auth: Auth): Promise<{ status: number; live?: LiveClient }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${api.url.replace('http', 'ws')}/api/live`, {
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

async function firstMessage(live: LiveClient): Promise<LiveMessage> {
  while (live.messages.length === 0) {
    await new Promise((resolve) => live.ws.once('message', resolve));
  }
  return live.messages[0]!;
}

function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
}

describe('/api/live access', () => {
  let api: ApiFixture;

  beforeEach(async () => {
    api = await startApiFixture({ liveRecheckMs: 5_000 });
  });
  afterEach(async () => {
    await api.close();
  });

  it('refuses the upgrade to anonymous visitors and to roles without live:read', async () => {
    expect((await openLive(api, undefined)).status).toBe(401);
    expect((await openLive(api, await loginAs(api.url, 'monitor'))).status).toBe(403);
    expect((await openLive(api, { bearer: api.tokens.ingest })).status).toBe(403);
  });

  it('opens for an analyst and a read token, snapshot first', async () => {
    for (const auth of [await loginAs(api.url, 'analyst'), { bearer: api.tokens.read }]) {
      const { status, live } = await openLive(api, auth);
      expect(status).toBe(101);
      expect((await firstMessage(live!)).type).toBe('snapshot');
      live!.ws.close();
    }
  });

  it('closes the socket with 4401 once its session has ended', async () => {
    const analyst = await loginAs(api.url, 'analyst');
    const { live } = await openLive(api, analyst);
    await firstMessage(live!);
    const end = closed(live!.ws);
    await fetch(`${api.url}/api/logout`, {
      method: 'POST',
      headers: authHeaders(analyst, 'POST'),
    });
    api.clock.nowMs += 5_000;
    expect(await end).toEqual({ code: 4401, reason: 'session ended' });
  });

  it('closes the socket of a user who is disabled while watching', async () => {
    const { live } = await openLive(api, await loginAs(api.url, 'admin'));
    await firstMessage(live!);
    const end = closed(live!.ws);
    await api.accounts.addUser('test', {
      username: 'admin2',
      role: 'admin',
      password: 'another admin password',
    });
    await api.accounts.disableUser('test', 'admin');
    api.clock.nowMs += 5_000;
    expect((await end).code).toBe(4401);
  });

  it('closes on a message from a client whose session has ended', async () => {
    const analyst = await loginAs(api.url, 'analyst');
    const { live } = await openLive(api, analyst);
    await firstMessage(live!);
    const end = closed(live!.ws);
    await api.accounts.disableUser('test', 'analyst');
    live!.ws.send('hello');
    expect((await end).code).toBe(4401);
  });
});
