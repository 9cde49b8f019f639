/**
 * The report's PDF, printed from its standalone HTML page by headless
 * chromium: the page has no script and fetches nothing, so the PDF is what
 * the page shows. Chromium is optional: without it a report is published
 * without a PDF, and says so.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';
/**
 * Headless, no sandbox (it runs as a service user, often in a container),
 * and nothing fetched from the network: the flags every chromium we start
 * runs with, the browser tests' included.
 */
export const CHROMIUM_HEADLESS_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** A large report prints in a few seconds; past this, something is wrong. */
export const PDF_TIMEOUT_MS = 60_000;

/** The chromium to print with (env TRUCELINE_CHROMIUM, else Debian's), or null when absent. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const path = env.TRUCELINE_CHROMIUM || DEFAULT_CHROMIUM_PATH;
  return existsSync(path) ? path : null;
}

export class PdfPrintError extends Error {
  override readonly name = 'PdfPrintError';
}

/** Prints `htmlFile` to PDF bytes; throws a PdfPrintError saying why not. */
export async function printHtmlToPdf(
  chromiumPath: string,
  htmlFile: string,
  timeoutMs = PDF_TIMEOUT_MS,
): Promise<Buffer> {
  // Its own profile: two prints at once must not share chromium's lock.
  const work = await mkdtemp(join(tmpdir(), 'truceline-pdf-'));
  const out = join(work, 'report.pdf');
  try {
    await runChromium(
      chromiumPath,
      [
        ...CHROMIUM_HEADLESS_FLAGS,
        `--user-data-dir=${join(work, 'profile')}`,
        `--print-to-pdf=${out}`,
        '--no-pdf-header-footer',
        pathToFileURL(htmlFile).href,
      ],
      timeoutMs,
    );
    const pdf = await readFile(out).catch(() => {
      throw new PdfPrintError('chromium ended without writing the PDF');
    });
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
      throw new PdfPrintError('chromium wrote something that is not a PDF');
    }
    return pdf;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Keep the end of chromium's stderr for the error message, not all of it. */
const STDERR_KEEP_BYTES = 4096;

/**
 * Runs chromium in a process group of its own, so that a timeout kills the
 * whole group: chromium forks renderer, GPU and zygote helpers, and killing
 * only the main process would leave them running.
 */
function runChromium(chromiumPath: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(chromiumPath, args, {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP_BYTES);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutMs);
    const fail = (why: string) =>
      reject(new PdfPrintError(`chromium failed: ${why} ${stderr.slice(-300)}`.trim()));
    child.on('error', (err) => {
      clearTimeout(timer);
      fail(err.message);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // Helpers may outlive a main process that exited on its own, too.
      killGroup(child.pid);
      if (timedOut) fail(`timed out after ${timeoutMs} ms`);
      else if (code === 0) resolve();
      else fail(signal === null ? `exit code ${code}` : `killed by ${signal}`);
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is gone already.
  }
}
