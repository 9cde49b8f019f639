/**
 * The files of a published report: their names in `<dataDir>/reports/<id>/`,
 * their payload types when signed, their media types, the URLs they are
 * served at and the names browsers save them under. Downloads keep the
 * `FILE` / `FILE.sig.json` pairing, so that `truceline report verify` and the
 * Verify panel pair them without renaming.
 */

import type { PublishedReportRecord } from '../store/published-report-store.js';
import type { PublishedReportSummary, ReportFileName } from './report-types.js';

/** The signed envelope of the report's JSON content. */
export const ENVELOPE_FILE = 'report.signed.json';
export const REPORT_PAYLOAD_TYPE = 'report/v1';
export const SIG_SUFFIX = '.sig.json';

/** Files signed with a detached signature (FILE.sig.json), and their payload types. */
export const SIGNED_FILES = {
  'report.pdf': 'report.pdf',
  'report.csv': 'report.csv',
  'report.geojson': 'report.geojson',
} as const;
export type SignedFileName = keyof typeof SIGNED_FILES;

export const FILE_MEDIA_TYPES: Readonly<Record<ReportFileName | typeof ENVELOPE_FILE, string>> = {
  'report.pdf': 'application/pdf',
  'report.csv': 'text/csv; charset=utf-8',
  'report.geojson': 'application/geo+json',
  'report.html': 'text/html; charset=utf-8',
  'map.svg': 'image/svg+xml',
  'report.signed.json': 'application/json',
};

/** `RPT-` + the period's first day + 8 hex digits. */
export const REPORT_ID_PATTERN = /^RPT-\d{8}-[0-9a-f]{8}$/;

export function isReportId(id: string): boolean {
  return REPORT_ID_PATTERN.test(id);
}

export function makeReportId(fromMs: number, randomHex: string): string {
  return `RPT-${new Date(fromMs).toISOString().slice(0, 10).replace(/-/g, '')}-${randomHex}`;
}

/** The name a browser saves a file under: `truceline-RPT-…-report.csv(.sig.json)`. */
export function downloadName(id: string, file: string): string {
  return `truceline-${id}-${file}`;
}

export function reportUrl(id: string, file?: string): string {
  return file === undefined ? `/api/reports/${id}` : `/api/reports/${id}/${file}`;
}

export function summariseReport(r: PublishedReportRecord): PublishedReportSummary {
  return {
    id: r.id,
    title: r.title,
    fromMs: r.fromMs,
    toMs: r.toMs,
    publishedMs: r.publishedMs,
    publishedBy: r.publishedBy,
    keyId: r.keyId,
    incidentCount: r.incidentIds.length,
    payloadSha256: r.payloadSha256,
    hasPdf: r.hasPdf,
    links: {
      signedJson: reportUrl(r.id),
      pdf: r.hasPdf ? reportUrl(r.id, 'report.pdf') : null,
      pdfSig: r.hasPdf ? reportUrl(r.id, `report.pdf${SIG_SUFFIX}`) : null,
      csv: reportUrl(r.id, 'report.csv'),
      csvSig: reportUrl(r.id, `report.csv${SIG_SUFFIX}`),
      geojson: reportUrl(r.id, 'report.geojson'),
      geojsonSig: reportUrl(r.id, `report.geojson${SIG_SUFFIX}`),
      html: reportUrl(r.id, 'report.html'),
      mapSvg: reportUrl(r.id, 'map.svg'),
    },
  };
}
