/** `truceline agreement check FILE`, run in-process through the CLI's entry (no build needed). */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';

const DEMO = new URL('../../scenarios/demo/agreement.json', import.meta.url).pathname;

/** Runs the CLI with stdout and stderr captured. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await runCli(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('truceline agreement check', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'truceline-agreement-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('summarises a good file on stdout and exits 0', async () => {
    const r = await run(['agreement', 'check', DEMO]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        `${DEMO}: ok: agreement 'demo' (Illustrative demo agreement (not a real or proposed line)), illustrative, 2 versions`,
        '  version 1: in force from 2026-01-01T00:00:00Z to 2026-06-01T00:00:00Z: 6 zones, 15 rules, 1 list, 0 notifications',
        '  version 2: in force from 2026-06-01T00:00:00Z: 7 zones, 16 rules, 1 list, 1 notification',
        '',
      ].join('\n'),
    );
  });

  it('prints every problem to stderr, one per line, and exits 1', async () => {
    const doc = JSON.parse(await readFile(DEMO, 'utf8'));
    doc.versions[0].rules[0].zones = ['nowhere'];
    doc.versions[1].zones[0].name = 'Renamed corridor';
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify(doc));
    const r = await run(['agreement', 'check', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toContain(
      `${file}: versions[0].rules[0].zones[0]: provision 'R-1': unknown zone 'nowhere' (version 1 has: corridor-west, line-a, buffer-a, no-fly-south, site-a, odesa-port)`,
    );
    expect(lines).toContain(
      `${file}: versions[1].zones[0]: provision 'corridor-west': zone 'corridor-west' differs from the one of version 1 with the same id: a changed provision needs a new id (and \`supersedes\`)`,
    );
    // R-1 of version 2 now differs from version 1's too.
    expect(lines).toHaveLength(3);
  });

  it('says when the file cannot be read or is not JSON, and exits 1', async () => {
    const missing = join(dir, 'missing.json');
    const r = await run(['agreement', 'check', missing]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${missing}: \\(document\\): cannot be read`));
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ "format": ');
    const b = await run(['agreement', 'check', broken]);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/broken\.json: \(document\): is not valid JSON/);
  });

  it('refuses a missing FILE or an unknown subcommand with exit code 2 and the help', async () => {
    const noFile = await run(['agreement', 'check']);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toMatch(
      /expected the agreement FILE to check\n\nUsage: truceline agreement/,
    );
    const unknown = await run(['agreement', 'lint', DEMO]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown subcommand "lint": expected check/);
  });

  it('is listed in the help, and has its own', async () => {
    expect((await run(['--help'])).stdout).toMatch(/\n {2}agreement +check an agreement file/);
    const help = await run(['agreement', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: truceline agreement check FILE/);
    expect((await run(['help', 'agreement'])).stdout).toBe(help.stdout);
  });
});
