/**
 * GET /api/observations pages through everything a running server stored,
 * oldest first, keeping its place among observations of the same millisecond;
 * `truceline replay --server URL` reads a live server that way and finds what
 * replaying the same observations from a file finds.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, IngestBody, ObservationScanBody } from '../../src/api/wire.js';
import type { Observation } from '../../src/core/types.js';
import {
  asReader,
  asSensor,
  getJson,
  makeDataDir,
  postJson,
  removeDataDir,
  startTruceline,
  type TestTruceline,
} from './http-helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const AGREEMENT = join(ROOT, 'scenarios/demo/agreement.json');
const MAIN_URL = pathToFileURL(join(ROOT, 'src/cli/main.ts')).href;
const RUNNER = `const { runCli } = await import(${JSON.stringify(MAIN_URL)});
const code = await runCli(process.argv.slice(1));
if (code !== 0) process.exitCode = code;`;

/** 2026-02-01T10:00Z: version 1 of the demo agreement in force. */
const T0 = Date.UTC(2026, 1, 1, 10);
const MIN = 60_000;

/** Runs the CLI in a child process without blocking this one (the server answers it). */
function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', RUNNER, '--', ...args],
      { cwd: ROOT, env: { ...process.env, ...env } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => {
      stdout += b;
    });
    child.stderr.on('data', (b) => {
      stderr += b;
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** An aircraft north through the no-fly zone and across line A, and six vessels at one instant. */
function traffic(): Observation[] {
  const out: Observation[] = [];
  [46.8, 47.1, 47.5, 47.8, 48.15, 48.3, 48.5].forEach((lat, i) => {
    out.push({
      trackId: 'icao:a1b2c3',
      kind: 'aircraft',
      tMs: T0 + i * 5 * MIN,
      lon: 32.5,
      lat,
      source: 'test',
    });
  });
  for (let k = 0; k < 6; k++) {
    const trackId = `mmsi:27200000${k}`;
    out.push({
      trackId,
      kind: 'vessel',
      tMs: T0 + MIN,
      lon: 30.05 + k * 0.05,
      lat: 44.4,
      source: 'test',
    });
  }
  return out.sort((a, b) => a.tMs - b.tMs);
}

describe('reading what a running server stored', () => {
  let dataDir: string;
  let dir: string;
  let app: TestTruceline;

  beforeAll(async () => {
    dataDir = makeDataDir('truceline-scan-');
    dir = mkdtempSync(join(tmpdir(), 'truceline-scan-files-'));
    app = await startTruceline(dataDir, { simulate: false });
    const res = await postJson<IngestBody>(
      `${app.url}/api/observations`,
      {
        source: 'test',
        observations: traffic().map(({ source: _source, ...o }) => o),
      },
      asSensor(app),
    );
    expect(res.body.accepted).toBe(traffic().length);
  });

  afterAll(async () => {
    await app?.close();
    removeDataDir(dataDir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('pages through every observation once, oldest first, across a millisecond shared by six', async () => {
    const seen: Observation[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = cursor === null ? `from=${T0}` : `cursor=${cursor}`;
      const { status, body } = await getJson<ObservationScanBody>(
        `${app.url}/api/observations?limit=2&${q}`,
        asReader(app),
      );
      expect(status).toBe(200);
      seen.push(...body.items);
      cursor = body.next;
      pages++;
    } while (cursor !== null && pages < 50);
    expect(seen.map((o) => `${o.trackId}@${o.tMs}`)).toEqual(
      traffic().map((o) => `${o.trackId}@${o.tMs}`),
    );
  });

  it('answers a malformed cursor with a 400 naming it', async () => {
    const { status, body } = await getJson<ErrorBody>(
      `${app.url}/api/observations?cursor=abc`,
      asReader(app),
    );
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/^cursor: /);
  });

  it('replays a live server with --server as it replays the same observations from a file', async () => {
    const file = join(dir, 'traffic.jsonl');
    writeFileSync(
      file,
      traffic()
        .map((o) => `${JSON.stringify(o)}\n`)
        .join(''),
    );
    const live = await runCli(['replay', '--agreement', AGREEMENT, '--server', app.url], {
      TRUCELINE_TOKEN: app.tokens.read,
    });
    const recorded = await runCli(['replay', '--agreement', AGREEMENT, '--input', file]);
    expect(live.status, live.stderr).toBe(0);
    expect(live.stderr).toMatch(/13 observations read/);
    // The same detections (the evidence may list an observation's fields in
    // the store's order rather than the file's).
    const found = (out: string) =>
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: string; summary: string })
        .map((d) => `${d.id} ${d.summary}`);
    expect(found(live.stdout).length).toBeGreaterThan(0);
    expect(found(live.stdout)).toEqual(found(recorded.stdout));
  });
});
