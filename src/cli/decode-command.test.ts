/** `bin/truceline decode ais` as a user runs it (needs `npm run build`); inputs are our own fixtures. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../decode/ais/corpus.fixture.js';
import {
  buildBits,
  buildSentences,
  positionReportBits,
  textField,
  wrap,
} from '../decode/ais/sentence-builder.fixture.js';

const BIN = join(REPO_ROOT, 'bin/truceline');
const BUILT = existsSync(join(REPO_ROOT, 'dist/cli/main.js'));

function run(args: string[], input?: string) {
  return spawnSync(BIN, args, { encoding: 'utf8', input, timeout: 30_000 });
}

const POSITION = buildSentences(
  positionReportBits({ mmsi: 272123456, lonRaw: 18_300_000, latRaw: 27_750_000 }),
)[0]!;
const NAME = buildSentences(
  buildBits([[24, 6], [0, 2], [272123456, 30], [0, 2], textField('PROBE', 20), [0, 8]]),
)[0]!;
const STATIC = buildSentences(
  buildBits([
    [5, 6],
    [0, 2],
    [272123456, 30],
    [0, 2],
    [9123456, 30],
    textField('UTSB', 7),
    textField('PROBE', 20),
    [70, 8],
    [0, 184],
  ]),
  { charsPerFragment: 40, seq: '4' },
);
const BAD = `${POSITION.slice(0, -2)}00`;
const INPUT = [
  '# a log with comments',
  `\\s:rx,c:1700000000*21\\${STATIC[0]}`,
  POSITION,
  BAD,
  STATIC[1],
  NAME,
  wrap('AIVDM,2,1,9,A,1000,0'),
  '',
].join('\r\n');

describe.runIf(BUILT)('bin/truceline decode ais', () => {
  const dir = mkdtempSync(join(tmpdir(), 'truceline-decode-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the normalized JSON of each message in the order messages complete', () => {
    const r = run(['decode', 'ais', '-'], INPUT);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const out = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.type)).toEqual([1, 5, 24]);
    expect(out[0]).toEqual({
      type: 1,
      repeat: 0,
      mmsi: 272123456,
      nav_status: 0,
      rot_raw: -128,
      sog: 102.3,
      accuracy: true,
      lon: 30.5,
      lat: 46.25,
      cog: 360,
      heading: 511,
      second: 30,
      maneuver: 0,
      raim: false,
    });
    expect(out[2]).toEqual({ type: 24, repeat: 0, mmsi: 272123456, partno: 0, shipname: 'PROBE' });
    expect(Object.keys(out[1])).toEqual([
      'type',
      'repeat',
      'mmsi',
      'ais_version',
      'imo',
      'callsign',
      'shipname',
      'ship_type',
      'to_bow',
      'to_stern',
      'to_port',
      'to_starboard',
      'epfd',
      'eta_month',
      'eta_day',
      'eta_hour',
      'eta_minute',
      'draught',
      'destination',
      'dte',
    ]);
  });

  it('with --errors prints each refused input in order, and flushes missing fragments at the end', () => {
    const r = run(['decode', 'ais', '--errors'], INPUT);
    const out = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.error ?? o.type)).toEqual([
      1,
      'bad_checksum',
      5,
      24,
      'missing_fragment',
    ]);
    expect(out[1]).toEqual({ error: 'bad_checksum', lines: [BAD] });
    expect(out[4].lines).toEqual([wrap('AIVDM,2,1,9,A,1000,0')]);
  });

  it('reads a file, prints a summary with --stats, and all fields with --all', () => {
    const file = join(dir, 'feed.nmea');
    writeFileSync(file, INPUT);
    const r = run(['decode', 'ais', '--stats', '--all', file]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /^decode ais: 7 lines, 3 messages, 2 refused \(bad_checksum 1, missing_fragment 1\), \d+ ms\n$/,
    );
    expect(r.stdout).toBe(run(['decode', 'ais', '--all'], INPUT).stdout);
  });

  it('prints help for decode and decode ais, and refuses an unknown format or flag with exit code 2', () => {
    expect(run(['decode', '--help']).stdout).toMatch(/^Usage: truceline decode <format>/);
    expect(run(['help', 'decode']).stdout).toMatch(/^Usage: truceline decode <format>/);
    expect(run(['decode', 'ais', '--help']).stdout).toMatch(/^Usage: truceline decode ais/);
    expect(run(['--help']).stdout).toMatch(/decode/);
    const unknown = run(['decode', 'morse']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown format "morse": expected ais/);
    expect(run(['decode', 'ais', '--colour']).status).toBe(2);
  });

  it('exits 1 with the reason when the file cannot be read', () => {
    const r = run(['decode', 'ais', join(dir, 'missing.nmea')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot read .*missing\.nmea: ENOENT/);
  });

  it('prints each message of a live feed as it completes, before the input ends', async () => {
    const child = spawn(BIN, ['decode', 'ais'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    const printed = new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        out += String(chunk);
        if (out.includes('\n')) resolve();
      }),
    );
    child.stdin.write(`${POSITION}\n`);
    await printed;
    expect(JSON.parse(out.trim())).toMatchObject({ mmsi: 272123456 });
    child.stdin.end();
    await new Promise((resolve) => child.on('close', resolve));
  }, 5_000);

  it('stops quietly when the reader of its output goes away', () => {
    const many = `${Array.from({ length: 50_000 }, () => POSITION).join('\n')}\n`;
    const r = spawnSync('sh', ['-c', `"${BIN}" decode ais | head -n 1`], {
      input: many,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')).toHaveLength(2);
    expect(r.stderr).toBe('');
  });
});
