/**
 * Login, logout and sessions over HTTP: the cookie and its flags, failures
 * that all look alike, lockout and the login rate limit, CSRF and
 * cross-origin refusal, and sessions that end when their user is disabled,
 * their password is reset, or they expire (a moved clock, not a wait).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccountService } from '../../src/accounts/index.js';
import { hashSessionSecret } from '../../src/accounts/session-service.js';
import { buildApiServer } from '../../src/api/server.js';
import type { ErrorBody, SessionBody } from '../../src/api/wire.js';
import { InProcessBus } from '../../src/bus/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import { type ApiFixture, startApiFixture } from './access-fixture.js';
import { getJson, loginAs, postJson, type SessionLogin, TEST_PASSWORD } from './http-helpers.js';

const HOUR_MS = 3600_000;

async function tryLogin(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function sessionOf(url: string, login: SessionLogin | undefined): Promise<SessionBody> {
  const { status, body } = await getJson<SessionBody>(`${url}/api/session`, login);
  expect(status).toBe(200);
  return body;
}

describe('login and sessions', () => {
  let api: ApiFixture;

  beforeEach(async () => {
    api = await startApiFixture({ loginRateLimit: { max: 1000, windowMs: 60_000 } });
  });
  afterEach(async () => {
    await api.close();
  });

  it('sets an HttpOnly, SameSite=Strict session cookie whose secret the store does not keep', async () => {
    const res = await tryLogin(api.url, { username: 'analyst', password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    const body = (await res.json()) as SessionBody;
    expect(body.user).toMatchObject({ username: 'analyst', role: 'analyst' });
    expect(body.capabilities).toContain('incident:review');
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.expiresMs).toBe(api.clock.nowMs + 12 * HOUR_MS);

    const [cookie] = res.headers.getSetCookie();
    const [pair, ...flags] = cookie!.split(';').map((s) => s.trim());
    const secret = pair!.slice('tl_session='.length);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(flags).toEqual(
      expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${7 * 24 * 3600}`]),
    );
    expect(flags).not.toContain('Secure');
    const stored = await api.store.sessions.getSessionBySecretHash(hashSessionSecret(secret));
    expect(stored).toMatchObject({ csrfToken: body.csrfToken });
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('marks the cookie Secure when a TLS proxy says the browser came over https', async () => {
    const res = await tryLogin(
      api.url,
      { username: 'analyst', password: TEST_PASSWORD },
      { 'x-forwarded-proto': 'https' },
    );
    expect(res.headers.getSetCookie()[0]).toContain('Secure');
  });

  it('answers a wrong password, an unknown user and a disabled user alike', async () => {
    await api.accounts.disableUser('test', 'observer');
    const answers = [];
    for (const body of [
      { username: 'analyst', password: 'not the password at all' },
      { username: 'nobody-here', password: TEST_PASSWORD },
      { username: 'observer', password: TEST_PASSWORD },
    ]) {
      const res = await tryLogin(api.url, body);
      answers.push({
        status: res.status,
        body: await res.json(),
        cookie: res.headers.getSetCookie(),
      });
    }
    expect(answers[0]).toEqual({
      status: 401,
      body: { error: { code: 'invalid_credentials', message: 'Wrong user name or password' } },
      cookie: [],
    });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it('names the field of a malformed login', async () => {
    const res = await tryLogin(api.url, { username: 'analyst' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.message).toMatch(/^password: /);
  });

  it('refuses even the right password once the account is locked', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await tryLogin(api.url, { username: 'monitor', password: `wrong guess ${i}!` });
      expect(res.status).toBe(401);
    }
    const locked = await tryLogin(api.url, { username: 'monitor', password: TEST_PASSWORD });
    expect(locked.status).toBe(401);
    expect(((await locked.json()) as ErrorBody).error.code).toBe('invalid_credentials');
    api.clock.nowMs += 16 * 60_000;
    expect((await tryLogin(api.url, { username: 'monitor', password: TEST_PASSWORD })).status).toBe(
      200,
    );
  });

  it('refuses a login sent from another site', async () => {
    const res = await tryLogin(
      api.url,
      { username: 'analyst', password: TEST_PASSWORD },
      { origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
    expect(((await res.json()) as ErrorBody).error.code).toBe('csrf');
    const own = await tryLogin(
      api.url,
      { username: 'analyst', password: TEST_PASSWORD },
      { origin: api.url },
    );
    expect(own.status).toBe(200);
  });

  it('logs in again over a session without a CSRF token, ending the old session', async () => {
    const first = await loginAs(api.url, 'analyst');
    const res = await tryLogin(
      api.url,
      { username: 'admin', password: TEST_PASSWORD },
      { cookie: first.cookie },
    );
    expect(res.status).toBe(200);
    expect((await sessionOf(api.url, first)).user).toBeNull();
  });

  it('tells anonymous uptime monitors the health status and version only', async () => {
    const anonymous = await getJson<Record<string, unknown>>(`${api.url}/api/health`);
    expect(anonymous).toEqual({ status: 200, body: { status: 'ok', version: 'test' } });
    const reader = await getJson<Record<string, unknown>>(`${api.url}/api/health`, {
      bearer: api.tokens.read,
    });
    expect(reader.body).toHaveProperty('store');
  });

  it('answers GET /api/session for anonymous visitors with what they may do', async () => {
    expect(await sessionOf(api.url, undefined)).toEqual({
      user: null,
      capabilities: ['published:read'],
      csrfToken: null,
      expiresMs: null,
    });
  });

  it('ends the session at logout and clears the cookie', async () => {
    const login = await loginAs(api.url, 'analyst');
    expect((await sessionOf(api.url, login)).user?.username).toBe('analyst');
    const res = await fetch(`${api.url}/api/logout`, {
      method: 'POST',
      headers: { cookie: login.cookie, 'x-csrf-token': login.csrfToken },
    });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()[0]).toMatch(/^tl_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await sessionOf(api.url, login)).user).toBeNull();
    expect((await getJson(`${api.url}/api/tracks`, login)).status).toBe(401);
  });

  it('requires the CSRF token on state-changing requests made with the cookie', async () => {
    const login = await loginAs(api.url, 'analyst');
    const whatIf = (headers: Record<string, string>) =>
      fetch(`${api.url}/api/what-if`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: login.cookie, ...headers },
        body: '{}',
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as ErrorBody }));

    const missing = await whatIf({});
    expect(missing.status).toBe(403);
    expect(missing.body.error).toMatchObject({ code: 'csrf', field: 'x-csrf-token' });
    expect((await whatIf({ 'x-csrf-token': 'x'.repeat(43) })).body.error.code).toBe('csrf');
    const crossSite = await whatIf({
      'x-csrf-token': login.csrfToken,
      origin: 'https://evil.example',
    });
    expect(crossSite.body.error).toMatchObject({ code: 'csrf', field: 'origin' });
    // Through the hook: the handler itself refuses the empty body.
    const sent = await whatIf({ 'x-csrf-token': login.csrfToken, origin: api.url });
    expect(sent.status).toBe(400);
    expect(sent.body.error.code).toBe('invalid_body');
  });

  it('lets API tokens post without a CSRF token, and refuses an unknown one', async () => {
    const ok = await postJson(
      `${api.url}/api/observations`,
      { observations: [] },
      { bearer: api.tokens.ingest },
    );
    expect(ok.status).toBe(200);
    const bad = await postJson<ErrorBody>(
      `${api.url}/api/observations`,
      { observations: [] },
      { bearer: `tl_${'A'.repeat(43)}` },
    );
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('invalid_token');
  });

  it('ends the sessions of a user who is disabled or whose password is reset', async () => {
    const monitor = await loginAs(api.url, 'monitor');
    await api.accounts.disableUser('test', 'monitor');
    expect((await sessionOf(api.url, monitor)).user).toBeNull();
    await api.accounts.enableUser('test', 'monitor');
    // Enabled again, the ended session stays ended: it was deleted.
    expect((await sessionOf(api.url, monitor)).user).toBeNull();

    const analyst = await loginAs(api.url, 'analyst');
    await api.accounts.resetPassword('test', 'analyst', 'a brand new passphrase');
    expect((await sessionOf(api.url, analyst)).user).toBeNull();
    expect((await getJson(`${api.url}/api/tracks`, analyst)).status).toBe(401);
  });

  it('ends a session left idle for 12 hours, and one used for 7 days whatever its use', async () => {
    const idle = await loginAs(api.url, 'analyst');
    api.clock.nowMs += 12 * HOUR_MS;
    expect((await sessionOf(api.url, idle)).user).toBeNull();

    const used = await loginAs(api.url, 'analyst');
    const startMs = api.clock.nowMs;
    while (api.clock.nowMs - startMs < 7 * 24 * HOUR_MS - 11 * HOUR_MS) {
      api.clock.nowMs += 11 * HOUR_MS;
      const s = await sessionOf(api.url, used);
      expect(s.user?.username).toBe('analyst');
      expect(s.expiresMs).toBe(
        Math.min(api.clock.nowMs + 12 * HOUR_MS, startMs + 7 * 24 * HOUR_MS),
      );
    }
    api.clock.nowMs = startMs + 7 * 24 * HOUR_MS;
    expect((await sessionOf(api.url, used)).user).toBeNull();
  });
});

describe('routes without declared access', () => {
  it('cannot be registered: the server refuses them, naming the route', async () => {
    const store = openSqliteStore({ memory: true });
    const { app } = await buildApiServer({
      store,
      bus: new InProcessBus(),
      accounts: new AccountService(store),
      ingest: async () => {},
      getAgreement: () => {
        throw new Error('not used');
      },
      liveTracks: () => [],
      simulatorInfo: () => ({ running: false }),
      version: 'test',
      now: Date.now,
    });
    try {
      expect(() => app.get('/api/forgotten', async () => ({ secret: true }))).toThrow(
        /GET \/api\/forgotten: no access declared/,
      );
      expect(() =>
        app.get('/api/typo', { config: { access: 'live:raed' as never } }, async () => ({})),
      ).toThrow(/unknown access "live:raed"/);
    } finally {
      await app.close();
      await store.close();
    }
  });
});

describe('login rate limit', () => {
  let api: ApiFixture;

  beforeAll(async () => {
    api = await startApiFixture({ loginRateLimit: { max: 3, windowMs: 60_000 } });
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers 429 with retry-after once a client address has tried too often', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await tryLogin(api.url, { username: `guess${i}`, password: TEST_PASSWORD });
      expect(res.status).toBe(401);
    }
    const res = await tryLogin(api.url, { username: 'analyst', password: TEST_PASSWORD });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as ErrorBody).error.code).toBe('rate_limited');
  });
});
