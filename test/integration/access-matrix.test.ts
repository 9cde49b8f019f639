/**
 * THE MATRIX: every route the real server registers, tried as every kind of
 * principal. A request is refused (401 anonymous, 403 otherwise) exactly
 * when `principalCan(principal, route.access)` says no, and never refused
 * otherwise. Routes are collected from the server itself (the access hook
 * records each one as it is registered), so a route added later is tried
 * without editing this file; a route registered without `access` does not
 * even start the server.
 *
 * Path parameters get dummy values: a 404 from the handler means the
 * request was let through, which is all this test asks.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { type Principal, principalCan } from '../../src/api/access.js';
import type { AccessRoute } from '../../src/api/auth-hook.js';
import type { ErrorBody } from '../../src/api/wire.js';
import {
  type Auth,
  authHeaders,
  loginAs,
  makeDataDir,
  removeDataDir,
  startTruceline,
  type TestTruceline,
} from './http-helpers.js';

// The full server of createTruceline, every service present, caught as it is built.
const built = vi.hoisted(() => ({ apps: [] as FastifyInstance[] }));
vi.mock('../../src/api/index.js', async (importOriginal) => {
  const api = await importOriginal<typeof import('../../src/api/index.js')>();
  return {
    ...api,
    buildApiServer: async (...args: Parameters<typeof api.buildApiServer>) => {
      const server = await api.buildApiServer(...args);
      built.apps.push(server.app);
      return server;
    },
  };
});

interface Asker {
  name: string;
  principal: Principal;
  auth: Auth;
}

const USER_ROLES = ['admin', 'analyst', 'monitor', 'observer'] as const;
const ROUTES_DOC = path.resolve(import.meta.dirname, '../../docs/api-routes.md');

describe('every route × every principal', () => {
  let dataDir: string;
  let app: TestTruceline;
  let routes: AccessRoute[];
  const askers: Asker[] = [];

  beforeAll(async () => {
    dataDir = makeDataDir('truceline-matrix-');
    app = await startTruceline(dataDir, { simulate: false });
    routes = [...built.apps[0]!.accessRoutes];
    askers.push({ name: 'anonymous', principal: { kind: 'anonymous' }, auth: undefined });
    for (const role of USER_ROLES) {
      const login = await loginAs(app.url, role);
      askers.push({
        name: role,
        principal: { kind: 'user', userId: '', username: role, role, sessionId: '' },
        auth: login,
      });
    }
    for (const scope of ['ingest', 'read'] as const) {
      askers.push({
        name: `token:${scope}`,
        principal: { kind: 'token', tokenId: '', name: scope, scopes: [scope] },
        auth: { bearer: app.tokens[scope] },
      });
    }
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    removeDataDir(dataDir);
  });

  it('collects the routes of the whole server, each with its declared access', () => {
    const keys = routes.map((r) => `${r.method} ${r.url}`);
    for (const expected of [
      'GET /api/health',
      'GET /api/tracks',
      'POST /api/observations',
      'GET /api/agreement',
      'POST /api/what-if',
      'GET /api/live',
      'POST /api/login',
      'POST /api/logout',
      'GET /api/session',
      'GET /.well-known/truceline/mission-key',
    ]) {
      expect(keys).toContain(expected);
    }
    expect(routes.find((r) => r.url === '/api/live')).toMatchObject({
      access: 'live:read',
      websocket: true,
    });
  });

  it('matches docs/api-routes.md, the table of every route and what it needs (UPDATE=1 rewrites it)', () => {
    const table = renderRoutesDoc(routes);
    if (process.env.UPDATE === '1') writeFileSync(ROUTES_DOC, table);
    expect(readFileSync(ROUTES_DOC, 'utf8')).toBe(table);
  });

  it('refuses exactly what principalCan refuses, on every route', async () => {
    const outcomes: string[] = [];
    const wrong: string[] = [];
    // Logout ends the session it is sent with: try it last.
    const ordered = [...routes].sort(
      (a, b) => Number(a.url === '/api/logout') - Number(b.url === '/api/logout'),
    );
    for (const route of ordered) {
      for (const asker of askers) {
        const refused = route.access !== 'public' && !principalCan(asker.principal, route.access);
        const expectedStatus = asker.principal.kind === 'anonymous' ? 401 : 403;
        const got = route.websocket
          ? await tryWebSocket(app.url, route, asker.auth)
          : await tryRoute(app.url, route, asker.auth);
        const line = `${route.method} ${route.url} (${route.access}) as ${asker.name}: ${got.status} ${got.code ?? ''}`;
        outcomes.push(line);
        const ok = refused
          ? got.status === expectedStatus &&
            (got.code === undefined || got.code === 'unauthenticated' || got.code === 'forbidden')
          : got.status !== 401 && got.status !== 403;
        if (!ok) wrong.push(`${line}; expected ${refused ? expectedStatus : 'not 401/403'}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(outcomes.length).toBe(routes.length * askers.length);
  }, 120_000);
});

/** Every route once, sorted by path then method, with who may use it (roles.ts). */
function renderRoutesDoc(routes: readonly AccessRoute[]): string {
  const lines = [
    '# Every route and what it needs',
    '',
    'Generated from the running server by test/integration/access-matrix.test.ts',
    '(`UPDATE=1 npx vitest run test/integration/access-matrix.test.ts` rewrites',
    'it), which also tries each route as every role and token scope. What the',
    'capabilities are, and who holds them: docs/accounts.md.',
    '',
    '| method | path | needs |',
    '| --- | --- | --- |',
  ];
  const seen = new Set<string>();
  const sorted = [...routes].sort(
    (a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method),
  );
  for (const r of sorted) {
    // Fastify adds HEAD beside every GET: the same route, listed once.
    if (r.method === 'HEAD' || seen.has(`${r.method} ${r.url}`)) continue;
    seen.add(`${r.method} ${r.url}`);
    const method = r.websocket ? 'GET (WebSocket)' : r.method;
    lines.push(
      `| ${method} | \`${r.url}\` | ${r.access === 'public' ? 'anyone' : `\`${r.access}\``} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function fillPath(url: string): string {
  return url.replace(/:[A-Za-z_]+/g, 'dummy').replace(/\*$/, 'dummy.txt');
}

async function tryRoute(
  base: string,
  route: AccessRoute,
  auth: Auth,
): Promise<{ status: number; code?: string }> {
  const unsafe = route.method !== 'GET' && route.method !== 'HEAD';
  const res = await fetch(`${base}${fillPath(route.url)}`, {
    method: route.method,
    headers: {
      ...authHeaders(auth, route.method),
      ...(unsafe ? { 'content-type': 'application/json' } : {}),
    },
    ...(unsafe ? { body: '{}' } : {}),
  });
  const text = await res.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as ErrorBody).error?.code;
  } catch {
    code = undefined;
  }
  return code === undefined ? { status: res.status } : { status: res.status, code };
}

/** The upgrade's answer: 101 when the socket opens, else the HTTP status it was refused with. */
function tryWebSocket(
  base: string,
  route: AccessRoute,
  auth: Auth,
): Promise<{ status: number; code?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}${fillPath(route.url)}`, {
      headers: authHeaders(auth),
    });
    ws.on('open', () => {
      ws.close();
      resolve({ status: 101 });
    });
    ws.on('unexpected-response', (req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      // Listening for this event makes closing the request the listener's job.
      req.destroy();
    });
    ws.on('error', reject);
  });
}
