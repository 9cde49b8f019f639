/** The `bin/truceline` command as a user runs it (needs `npm run build`). */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/truceline', import.meta.url).pathname;
const BUILT = existsSync(new URL('../../dist/cli/main.js', import.meta.url));

function run(args: string[]) {
  return spawnSync(BIN, args, { encoding: 'utf8', timeout: 30_000 });
}

describe.runIf(BUILT)('bin/truceline', () => {
  it('prints help for the command and for each subcommand', () => {
    expect(run(['--help']).stdout).toMatch(/serve.*\n.*simulate/s);
    for (const cmd of ['serve', 'simulate']) {
      const r = run([cmd, '--help']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: truceline ${cmd}`));
    }
  });

  it('refuses an unknown command or a bad flag with exit code 2 and the reason', () => {
    expect(run(['launch']).status).toBe(2);
    const badFlag = run(['serve', '--colour', 'red']);
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr).toMatch(/--colour/);
    const badPort = run(['serve', '--port', '99999']);
    expect(badPort.status).toBe(2);
    expect(badPort.stderr).toMatch(/--port: expected an integer from 0 to 65535, got "99999"/);
    const noFile = run(['serve', '--no-sim', '--ais-file', '/nonexistent/feed.nmea']);
    expect(noFile.status).toBe(2);
    expect(noFile.stderr).toMatch(/--ais-file: no such file: \/nonexistent\/feed.nmea/);
  });

  it('simulates the same traffic for the same seed, as JSON Lines of observations', () => {
    const args = [
      'simulate',
      '--seed',
      '5',
      '--start',
      '2026-10-01T00:00:00Z',
      '--duration',
      '60',
      '--vessels',
      '3',
      '--aircraft',
      '2',
    ];
    const a = execFileSync(BIN, args, { encoding: 'utf8' });
    const b = execFileSync(BIN, args, { encoding: 'utf8' });
    expect(a).toBe(b);
    const lines = a
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(10);
    const kinds = new Set(lines.map((o) => o.kind));
    expect(kinds).toEqual(new Set(['vessel', 'aircraft', 'ground']));
    for (const o of lines) {
      expect(o.tMs).toBeGreaterThan(Date.UTC(2026, 9, 1));
      expect(o.tMs).toBeLessThanOrEqual(Date.UTC(2026, 9, 1) + 60_000);
    }
  });
});

describe.skipIf(BUILT)('bin/truceline (not built)', () => {
  it.skip('needs `npm run build` first', () => {});
});
