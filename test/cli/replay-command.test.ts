/**
 * `truceline replay` as a user runs it: a child process per run (stdout,
 * stderr and exit code as they are), the TypeScript sources through tsx, so
 * no build is needed.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Observation, TrackKind } from '../../src/core/types.js';
import { openSqliteStore } from '../../src/store/index.js';
import { demoDraftWithout } from '../fixtures/demo-drafts.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const AGREEMENT = join(ROOT, 'scenarios/demo/agreement.json');
const MAIN_URL = pathToFileURL(join(ROOT, 'src/cli/main.ts')).href;
// What bin/truceline does, on the sources.
const RUNNER = `const { runCli } = await import(${JSON.stringify(MAIN_URL)});
const code = await runCli(process.argv.slice(1));
if (code !== 0) process.exitCode = code;`;

function replay(args: string[], input?: string): SpawnSyncReturns<string> {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', RUNNER, '--', 'replay', ...args],
    { encoding: 'utf8', cwd: ROOT, input, timeout: 30_000 },
  );
}

/** 2026-02-01T10:00Z: version 1 of the demo agreement in force. */
const T0 = Date.UTC(2026, 1, 1, 10);
const MIN = 60_000;
const obs = (trackId: string, kind: TrackKind, tMs: number, lon: number, lat: number) =>
  ({ trackId, kind, tMs, lon, lat, source: 'test' }) satisfies Observation;

/** An aircraft north through the no-fly zone, the buffer and across line A; a vessel out of the corridor; an aircraft into site B (version 2 only). */
function traffic(): Observation[] {
  const out: Observation[] = [];
  [46.8, 47.1, 47.5, 47.8, 48.15, 48.3, 48.5].forEach((lat, i) => {
    out.push(obs('icao:a1b2c3', 'aircraft', T0 + i * 5 * MIN, 32.5, lat));
  });
  [30.05, 30.15, 30.25, 30.35].forEach((lon, i) => {
    out.push(obs('mmsi:272000001', 'vessel', T0 + i * 15 * MIN, lon, 44.4));
  });
  out.push(obs('icao:b0b0b0', 'aircraft', T0, 31.5, 47.3));
  out.push(obs('icao:b0b0b0', 'aircraft', T0 + 2 * MIN, 31.7, 47.3));
  return out.sort((a, b) => a.tMs - b.tMs);
}

const jsonl = (rows: readonly unknown[]) => rows.map((r) => `${JSON.stringify(r)}\n`).join('');
const parseLines = (s: string) =>
  s
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));

let dir: string;
let input: string;
let draft: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'truceline-replay-'));
  input = join(dir, 'obs.jsonl');
  writeFileSync(input, jsonl(traffic()));
  // A draft without the no-fly zone and the rule that needs it.
  const a = demoDraftWithout('no-fly-south');
  draft = join(dir, 'draft.json');
  writeFileSync(draft, JSON.stringify({ ...a, id: 'draft' }));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('truceline replay', () => {
  it('prints the detections of a JSON Lines file and a summary of what it read', () => {
    const r = replay(['--agreement', AGREEMENT, '--input', input]);
    expect(r.status).toBe(0);
    const found = parseLines(r.stdout);
    expect(found.map((d) => `${d.type} ${d.trackId} ${d.zoneId}`).sort()).toEqual([
      'line_cross icao:a1b2c3 line-a',
      'line_cross icao:a1b2c3 line-a',
      'zone_enter icao:a1b2c3 buffer-a',
      'zone_enter icao:a1b2c3 no-fly-south',
      'zone_exit mmsi:272000001 corridor-west',
    ]);
    expect(found[0]).not.toHaveProperty('variant');
    expect(r.stderr).toMatch(/13 observations read, 0 skipped \(malformed\)/);
    expect(r.stderr).toMatch(/2026-02-01T10:00:00\.000Z to 2026-02-01T10:45:00\.000Z/);
    expect(r.stderr).toMatch(/observations\/s/);
    expect(r.stderr).toMatch(/5 detections/);
  });

  it('prints the same bytes when run twice', () => {
    const args = ['--agreement', AGREEMENT, '--compare', draft, '--input', input];
    const first = replay(args);
    expect(first.stdout.length).toBeGreaterThan(0);
    expect(replay(args).stdout).toBe(first.stdout);
  });

  it('skips and counts malformed lines, with their reasons, and reads stdin with -', () => {
    const good = traffic();
    const text =
      jsonl(good.slice(0, 3)) +
      'not json\n' +
      `${JSON.stringify({ ...good[3], lat: 123 })}\n` +
      '\n' +
      `${JSON.stringify({ ...good[3], kind: 'submarine' })}\n` +
      jsonl(good.slice(3));
    const summaryFile = join(dir, 'skipped.json');
    const r = replay(
      ['--agreement', AGREEMENT, '--input', '-', '--summary-json', summaryFile],
      text,
    );
    expect(r.status).toBe(0);
    expect(parseLines(r.stdout)).toHaveLength(5);
    expect(r.stderr).toMatch(/13 observations read, 3 skipped/);
    expect(r.stderr).toMatch(/skipped line 4: not JSON/);
    expect(r.stderr).toMatch(/skipped line 5: lat: /);
    expect(r.stderr).toMatch(/skipped line 7: kind: /);
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
    expect(summary.input).toMatchObject({ source: 'jsonl', read: 13, skipped: 3 });
    expect(summary.input.skippedReasons).toHaveLength(3);
    expect(summary.comparison).toBeNull();
    expect(summary.detections.a.total).toBe(5);
  });

  it('compares a draft with the agreement in one pass and says which tracks make the difference', () => {
    const summaryFile = join(dir, 'compare.json');
    const r = replay([
      '--agreement',
      AGREEMENT,
      '--compare',
      draft,
      '--input',
      input,
      '--summary-json',
      summaryFile,
    ]);
    expect(r.status).toBe(0);
    const found = parseLines(r.stdout);
    expect(found.filter((d) => d.variant === 'a')).toHaveLength(5);
    expect(found.filter((d) => d.variant === 'b')).toHaveLength(4);
    expect(r.stderr).toContain(
      `Variant A (${AGREEMENT} (version in force)) would have produced 5 detections, ` +
        `variant B (${draft} (version in force)) 4; this track accounts for 100% of the difference: ` +
        'icao:a1b2c3 (A 4, B 3)',
    );
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
    expect(summary.variants.b).toEqual({
      label: `${draft} (version in force)`,
      agreementId: 'draft',
    });
    expect(summary.comparison.totals).toEqual({ a: 5, b: 4, matched: 4, onlyInA: 1, onlyInB: 0 });
    expect(summary.comparison.onlyInA).toEqual([
      { trackId: 'icao:a1b2c3', type: 'zone_enter', zoneId: 'no-fly-south', count: 1 },
    ]);
    expect(summary.run.observationsPerSecond).toBeGreaterThan(0);
  });

  it('compares two versions of one agreement with --version and --compare-version', () => {
    const r = replay([
      '--agreement',
      AGREEMENT,
      '--version',
      '1',
      '--compare-version',
      '2',
      '--input',
      input,
    ]);
    expect(r.status).toBe(0);
    const onlyB = parseLines(r.stdout).filter((d) => d.variant === 'b' && d.zoneId === 'site-b');
    expect(onlyB.map((d) => [d.trackId, d.agreementVersion])).toEqual([['icao:b0b0b0', 2]]);
    expect(r.stderr).toMatch(
      /Variant A \(.*agreement\.json v1\).*variant B \(.*agreement\.json v2\)/,
    );
  });

  it('keeps to --from and --to', () => {
    const r = replay([
      '--agreement',
      AGREEMENT,
      '--input',
      input,
      '--from',
      '2026-02-01T10:20:00Z',
      '--to',
      '2026-02-01T10:40:00Z',
    ]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/13 observations read, 0 skipped \(malformed\), 9 outside the period/);
    // The aircraft is first seen inside the buffer at 10:20: inside, not an entry.
    expect(parseLines(r.stdout).map((d) => `${d.type} ${d.zoneId}`)).toEqual([
      'zone_inside buffer-a',
      'line_cross line-a',
      'line_cross line-a',
    ]);
    for (const d of parseLines(r.stdout)) {
      expect(d.tMs).toBeGreaterThanOrEqual(Date.UTC(2026, 1, 1, 10, 20));
      expect(d.tMs).toBeLessThanOrEqual(Date.UTC(2026, 1, 1, 10, 40));
    }
  });

  it('reads the store of a data directory in pages, oldest first, with the same result as the file', async () => {
    const dataDir = join(dir, 'data');
    const store = openSqliteStore({ dir: dataDir });
    // 12 000 rows in 3 instants of 4000 each: pages of 5000 end inside an instant.
    // The vessels lie 1 km apart on a grid, as a fleet at sea would.
    const many: Observation[] = [];
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < 4000; i++) {
        const id = `mmsi:${String(300000000 + i)}`;
        const lon = 30.05 + (i % 64) * 0.013 + k * 1e-5;
        const lat = 44.4 + Math.floor(i / 64) * 0.009;
        many.push(obs(id, 'vessel', T0 - 3 * MIN + k * MIN, lon, lat));
      }
    }
    await store.appendObservations(many);
    await store.appendObservations(traffic());
    await store.close();
    const fromStore = replay(['--agreement', AGREEMENT, '--data-dir', dataDir]);
    expect(fromStore.status).toBe(0);
    expect(fromStore.stderr).toMatch(/12013 observations read, 0 skipped \(malformed\), 0 outside/);
    writeFileSync(join(dir, 'all.jsonl'), jsonl([...many, ...traffic()]));
    const fromFile = replay(['--agreement', AGREEMENT, '--input', join(dir, 'all.jsonl')]);
    expect(parseLines(fromStore.stdout).map((d) => d.id)).toEqual(
      parseLines(fromFile.stdout).map((d) => d.id),
    );
  });

  it('refuses an unknown flag, a missing file or an unknown version with exit code 2 and the reason', () => {
    const badFlag = replay(['--agreement', AGREEMENT, '--colour', 'red']);
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr).toMatch(/--colour/);
    expect(badFlag.stderr).toMatch(/Usage: truceline replay/);
    const noAgreement = replay(['--input', input]);
    expect(noAgreement.status).toBe(2);
    expect(noAgreement.stderr).toMatch(/--agreement FILE is required/);
    const noFile = replay(['--agreement', '/nonexistent/agreement.json', '--input', input]);
    expect(noFile.status).toBe(2);
    expect(noFile.stderr).toMatch(/--agreement: no such file: \/nonexistent\/agreement\.json/);
    const noInput = replay(['--agreement', AGREEMENT, '--input', join(dir, 'missing.jsonl')]);
    expect(noInput.status).toBe(2);
    expect(noInput.stderr).toMatch(/--input: no such file: /);
    const noStore = replay(['--agreement', AGREEMENT, '--data-dir', join(dir, 'empty')]);
    expect(noStore.status).toBe(2);
    expect(noStore.stderr).toMatch(/--data-dir: no Truceline store in /);
    const badVersion = replay(['--agreement', AGREEMENT, '--version', '9', '--input', input]);
    expect(badVersion.status).toBe(2);
    expect(badVersion.stderr).toMatch(/--version 9: agreement demo \(.*\) has versions 1, 2/);
  });

  it('refuses an invalid agreement with exit code 1 and every problem the validator finds', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        format: 'truceline-agreement/1',
        id: 'x',
        name: 'x',
        illustrative: true,
        versions: [{ version: 1, inForceFrom: 'yesterday', title: 'x', zones: [], rules: 'none' }],
      }),
    );
    const r = replay(['--agreement', bad, '--input', input]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^truceline replay: invalid agreement:\n {2}\S*bad\.json: versions\[0\]/,
    );
    expect(r.stderr).toMatch(/bad\.json: versions\[0\]\.inForceFrom: /);
    expect(r.stderr).toMatch(/bad\.json: versions\[0\]\.rules: /);
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{ "id": ');
    const r2 = replay(['--agreement', notJson, '--input', input]);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toMatch(/not\.json: not JSON/);
  });
});
