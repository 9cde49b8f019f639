/**
 * Daily and on-demand reports: build one from the verified incidents of a
 * period, preview it, or publish it: render it (signed JSON, HTML page, map,
 * CSV, GeoJSON, PDF when chromium is there), sign every file with the
 * mission key, and keep it for good.
 *
 * Publishing, in the order that loses nothing on a crash (kill -9):
 *
 *   1. every file is written and fsynced in `reports/.staging-<id>/`, then the
 *      directory is renamed to `reports/<id>/` (a crash before leaves only a
 *      staging directory, removed at the next publish);
 *   2. the report's verified incidents are marked published under its id
 *      (IncidentService.markPublished: all or none);
 *   3. the row and its `report.published` audit entry commit together.
 *
 * A crash after 1 or 2 leaves a complete directory without a row: the next
 * call finishes publishing it (resumeUnfinished), since its files were
 * signed and may already have been seen.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { findVersionInForce } from '../core/agreement.js';
import type { Store } from '../store/index.js';
import type { PublishedReportRecord } from '../store/published-report-store.js';
import type { JsonValue } from './canonical-json.js';
import { IncidentError } from './incident-error.js';
import type { IncidentService } from './incident-service.js';
import type { MissionKey } from './mission-key.js';
import { buildReportContent } from './report-builder.js';
import { renderReportCsv, renderReportGeoJson } from './report-exports.js';
import type { FeedEntry } from './report-feed.js';
import {
  ENVELOPE_FILE,
  isReportId,
  makeReportId,
  REPORT_PAYLOAD_TYPE,
  SIG_SUFFIX,
  SIGNED_FILES,
  type SignedFileName,
  summariseReport,
} from './report-files.js';
import { renderReportHtml } from './report-html.js';
import { renderReportMapSvg } from './report-map-svg.js';
import { findChromium, printHtmlToPdf } from './report-pdf.js';
import { checkReportPeriod, previousPeriodOf } from './report-period.js';
import { signDetached, signDocument } from './report-signing.js';
import type {
  PublishedReportSummary,
  PublishReportResponse,
  ReportContent,
  ReportPreview,
} from './report-types.js';

/** What reports need of incidents: the ones a period lists, and publishing them. */
export type ReportIncidentSource = Pick<IncidentService, 'listForReport' | 'markPublished'>;

export interface ReportServiceOptions {
  store: Store;
  incidents: ReportIncidentSource;
  missionKey: MissionKey;
  /** Rendered PDFs and downloads are kept under `<dataDir>/reports/`. */
  dataDir: string;
  now(): number;
  /** Chromium for PDFs: a path, null for none; by default env TRUCELINE_CHROMIUM or /usr/bin/chromium. */
  chromiumPath?: string | null;
  /** Where a publication that cannot be finished is reported (default: stderr). */
  logError?(err: unknown, message: string): void;
}

/**
 * Publishing refused because an incident of the report changed state while it
 * was being built (another analyst took it back under review): nothing was
 * published; build it again.
 */
export class ReportConflictError extends Error {
  override readonly name = 'ReportConflictError';
}

/** The files a published report's directory may serve (besides FILE.sig.json of the signed ones). */
const SERVED_FILES = new Set<string>([
  ENVELOPE_FILE,
  'report.html',
  'map.svg',
  ...Object.keys(SIGNED_FILES),
  ...Object.keys(SIGNED_FILES).map((f) => f + SIG_SUFFIX),
]);
/** Kept beside the files so that an unfinished publication can be finished. */
const RECORD_FILE = 'record.json';
const STAGING_PREFIX = '.staging-';

export class ReportService {
  private readonly reportsDir: string;
  private readonly chromiumPath: string | null;
  /** One publication at a time: two for one period would race for its incidents. */
  private queue: Promise<unknown> = Promise.resolve();
  private resumed: Promise<string[]> | undefined;

  constructor(readonly opts: ReportServiceOptions) {
    this.reportsDir = join(opts.dataDir, 'reports');
    this.chromiumPath = opts.chromiumPath === undefined ? findChromium() : opts.chromiumPath;
  }

  /** Builds the report of a period without publishing it. Throws ReportPeriodError. */
  async preview(fromMs: number, toMs: number, title?: string): Promise<ReportPreview> {
    checkReportPeriod(fromMs, toMs, this.opts.now());
    const { content, mapSvg } = await this.build('preview', fromMs, toMs, title);
    return { content, mapSvg };
  }

  /**
   * Publishes the report of [fromMs, toMs): renders, signs and stores it,
   * and marks its verified incidents published. Throws ReportPeriodError for
   * a period refused, and what markPublished throws when an incident moved.
   */
  async publish(
    req: { fromMs: number; toMs: number; title?: string },
    actor: string,
  ): Promise<PublishReportResponse> {
    checkReportPeriod(req.fromMs, req.toMs, this.opts.now());
    const run = this.queue.then(() => this.publishNow(req, actor));
    this.queue = run.catch(() => {});
    return run;
  }

  async list(limit?: number): Promise<PublishedReportSummary[]> {
    await this.resumeUnfinished();
    const rows = await this.opts.store.publishedReports.list({ limit });
    return rows.map(summariseReport);
  }

  async get(id: string): Promise<PublishedReportRecord | undefined> {
    if (!isReportId(id)) return undefined;
    await this.resumeUnfinished();
    return this.opts.store.publishedReports.get(id);
  }

  /** A published report's file, or undefined if there is no such report or file. */
  async readFile(id: string, file: string): Promise<Buffer | undefined> {
    if (!SERVED_FILES.has(file)) return undefined;
    const record = await this.get(id);
    if (record === undefined) return undefined;
    return readFile(join(this.reportsDir, id, file)).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
  }

  /** The feed's entries, newest first. */
  async feedEntries(limit = 50): Promise<FeedEntry[]> {
    await this.resumeUnfinished();
    const rows = await this.opts.store.publishedReports.list({ limit });
    return rows.map((r) => ({ report: summariseReport(r), summary: r.summary }));
  }

  /**
   * Finishes publications a crash interrupted, once per process before the
   * first read (publishing checks again each time): every complete report
   * directory without a row gets its incidents marked and its row written;
   * staging directories are removed. Returns the ids finished. One that
   * cannot be finished is logged and left for the next attempt, and does
   * not stop readers.
   */
  resumeUnfinished(): Promise<string[]> {
    this.resumed ??= this.finishUnfinished();
    return this.resumed;
  }

  private async finishUnfinished(): Promise<string[]> {
    const names = await readdir(this.reportsDir).catch(() => [] as string[]);
    const finished: string[] = [];
    for (const name of names) {
      try {
        if (name.startsWith(STAGING_PREFIX)) {
          await rm(join(this.reportsDir, name), { recursive: true, force: true });
        } else if (isReportId(name) && (await this.finishOne(name))) {
          finished.push(name);
        }
      } catch (err) {
        const log = this.opts.logError ?? logToStderr;
        log(
          err,
          `report ${name}: its files are in ${this.reportsDir} but it could not be finished`,
        );
      }
    }
    return finished;
  }

  /** True when `id` had files but no row, and now has both. */
  private async finishOne(id: string): Promise<boolean> {
    if ((await this.opts.store.publishedReports.get(id)) !== undefined) return false;
    const record = JSON.parse(
      await readFile(join(this.reportsDir, id, RECORD_FILE), 'utf8'),
    ) as PublishedReportRecord;
    if (record.id !== id) throw new Error(`${RECORD_FILE} names report ${record.id}`);
    await this.markIncidents(record, record.publishedBy);
    await this.opts.store.publishedReports.insert(record, record.publishedBy);
    return true;
  }

  private async publishNow(
    req: { fromMs: number; toMs: number; title?: string },
    actor: string,
  ): Promise<PublishReportResponse> {
    await this.resumeUnfinished();
    // Again: a directory left by an earlier failure must not wait for a restart.
    await this.finishUnfinished();
    const id = makeReportId(req.fromMs, randomBytes(4).toString('hex'));
    const { content, mapSvg } = await this.build(id, req.fromMs, req.toMs, req.title);
    const staging = join(this.reportsDir, STAGING_PREFIX + id);
    await mkdir(staging, { recursive: true });
    try {
      const { files, record, pdfNote } = await this.renderSigned(content, mapSvg, staging, actor);
      for (const [name, bytes] of files) await writeDurably(join(staging, name), bytes);
      await syncDirectory(staging);
      const final = join(this.reportsDir, id);
      await rename(staging, final);
      await syncDirectory(this.reportsDir);
      let newlyPublished: number;
      try {
        newlyPublished = await this.markIncidents(record, actor);
      } catch (err) {
        // Nothing was marked (all or none): publish nothing either.
        await rm(final, { recursive: true, force: true });
        if (!(err instanceof IncidentError)) throw err;
        throw new ReportConflictError(
          `Nothing was published: an incident of the period changed while the report was being made (${err.message}). Preview it again.`,
        );
      }
      await this.opts.store.publishedReports.insert(record, actor);
      return { report: summariseReport(record), newlyPublished, pdfNote };
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  /**
   * Every file of the report, signed, and its record. The PDF is printed from
   * the page written into `staging` (chromium reads a file); without chromium,
   * or if it fails, there is no PDF and `pdfNote` says why.
   */
  private async renderSigned(
    content: ReportContent,
    mapSvg: string,
    staging: string,
    actor: string,
  ): Promise<{
    files: Map<string, Buffer>;
    record: PublishedReportRecord;
    pdfNote: string | null;
  }> {
    const key = this.opts.missionKey;
    const signedAtMs = this.opts.now();
    const envelope = signDocument(
      key,
      REPORT_PAYLOAD_TYPE,
      content as unknown as JsonValue,
      signedAtMs,
    );
    const html = renderReportHtml(content, mapSvg, {
      keyId: key.keyId,
      signedAt: envelope.signedAt,
      payloadSha256: envelope.payloadSha256,
    });
    const files = new Map<string, Buffer>([
      [ENVELOPE_FILE, Buffer.from(`${JSON.stringify(envelope, null, 2)}\n`)],
      ['report.html', Buffer.from(html)],
      ['map.svg', Buffer.from(mapSvg)],
      ['report.csv', Buffer.from(renderReportCsv(content))],
      ['report.geojson', Buffer.from(renderReportGeoJson(content))],
    ]);
    let pdfNote: string | null = null;
    if (this.chromiumPath === null) {
      pdfNote = 'No PDF: chromium is not installed on the server (set TRUCELINE_CHROMIUM).';
    } else {
      const page = join(staging, 'report.html');
      await writeDurably(page, files.get('report.html')!);
      try {
        files.set('report.pdf', await printHtmlToPdf(this.chromiumPath, page));
      } catch (err) {
        pdfNote = `No PDF: ${(err as Error).message}`;
      }
    }
    const fileSha256: Record<string, string> = {};
    for (const name of Object.keys(SIGNED_FILES) as SignedFileName[]) {
      const bytes = files.get(name);
      if (bytes === undefined) continue;
      const sig = signDetached(key, SIGNED_FILES[name], bytes, signedAtMs);
      fileSha256[name] = sig.sha256;
      files.set(name + SIG_SUFFIX, Buffer.from(`${JSON.stringify(sig, null, 2)}\n`));
    }
    const record: PublishedReportRecord = {
      id: content.id,
      title: content.title,
      fromMs: content.period.fromMs,
      toMs: content.period.toMs,
      publishedMs: signedAtMs,
      publishedBy: actor,
      keyId: key.keyId,
      incidentIds: content.incidents.map((i) => i.id),
      payloadSha256: envelope.payloadSha256,
      fileSha256,
      hasPdf: files.has('report.pdf'),
      summary: content.narrative.join(' '),
    };
    files.set(RECORD_FILE, Buffer.from(`${JSON.stringify(record, null, 2)}\n`));
    return { files, record, pdfNote };
  }

  /** Marks the report's incidents that are still only verified; returns how many. */
  private async markIncidents(record: PublishedReportRecord, actor: string): Promise<number> {
    const listed = new Set(record.incidentIds);
    const verified = (await this.opts.incidents.listForReport(record.fromMs, record.toMs))
      .filter((i) => i.state === 'verified' && listed.has(i.id))
      .map((i) => i.id);
    if (verified.length > 0) await this.opts.incidents.markPublished(verified, record.id, actor);
    return verified.length;
  }

  private async build(
    id: string,
    fromMs: number,
    toMs: number,
    title: string | undefined,
  ): Promise<{ content: ReportContent; mapSvg: string }> {
    const { store, incidents } = this.opts;
    const prev = previousPeriodOf(fromMs, toMs);
    const [current, previous, agreement, auditHead] = await Promise.all([
      incidents.listForReport(fromMs, toMs),
      incidents.listForReport(prev.fromMs, prev.toMs),
      store.loadAgreement(),
      store.auditHead(),
    ]);
    const content = buildReportContent({
      id,
      ...(title === undefined ? {} : { title }),
      fromMs,
      toMs,
      generatedMs: this.opts.now(),
      incidents: current,
      previousIncidents: previous,
      agreement,
      auditHead,
    });
    const version = agreement === undefined ? null : findVersionInForce(agreement, toMs - 1);
    const mapSvg = renderReportMapSvg({
      incidents: content.incidents,
      zones: version?.zones ?? [],
      illustrative: agreement?.illustrative ?? false,
    });
    return { content, mapSvg };
  }
}

function logToStderr(err: unknown, message: string): void {
  process.stderr.write(`${message}: ${(err as Error).message ?? err}\n`);
}

/** Writes and fsyncs a file: it is on disk before anything refers to it. */
async function writeDurably(path: string, bytes: Uint8Array): Promise<void> {
  const fh = await open(path, 'w', 0o644);
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** fsync of a directory: its entries (a new file, a rename) survive a power cut. */
async function syncDirectory(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
