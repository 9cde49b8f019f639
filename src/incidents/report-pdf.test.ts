import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PdfPrintError, printHtmlToPdf } from './report-pdf.js';

/**
 * Whether a process with this id still runs. A killed process whose parent
 * died is a zombie until init reaps it (some containers' init never does):
 * it has ended, so it counts as gone.
 */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state follows the parenthesised command name.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describe('printHtmlToPdf with a stand-in for chromium', () => {
  let dir: string;
  let html: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'truceline-pdf-test-'));
    html = join(dir, 'report.html');
    await writeFile(html, '<p>report</p>');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function standIn(body: string): Promise<string> {
    const file = join(dir, 'fake-chromium');
    await writeFile(file, `#!/bin/sh\n${body}\n`);
    await chmod(file, 0o755);
    return file;
  }

  it('kills chromium and the helpers it forked when it takes too long', async () => {
    const helperPidFile = join(dir, 'helper.pid');
    const fake = await standIn(`sleep 30 &\necho $! > ${helperPidFile}\nsleep 30`);
    await expect(printHtmlToPdf(fake, html, 500)).rejects.toThrow(/timed out after 500 ms/);
    const helper = Number(await readFile(helperPidFile, 'utf8'));
    await expect.poll(() => isAlive(helper)).toBe(false);
  });

  it('says so when chromium ends without writing the PDF', async () => {
    const fake = await standIn('exit 0');
    await expect(printHtmlToPdf(fake, html)).rejects.toThrow(
      new PdfPrintError('chromium ended without writing the PDF'),
    );
  });

  it('passes on the exit code and the end of what chromium said', async () => {
    const fake = await standIn('echo "no display" >&2\nexit 3');
    await expect(printHtmlToPdf(fake, html)).rejects.toThrow(/exit code 3 no display/);
  });
});
