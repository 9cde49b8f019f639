/**
 * What a report holds and how it travels: the content that is signed, the
 * summaries of published reports, and the publish request and answer. The
 * API serves these shapes as they are (src/api/wire-reports.ts re-exports them).
 */

/** One row of a breakdown: this period's count beside the previous period's. */
export interface ReportCountRow {
  /** Zone id, incident kind or track kind; '' for "no zone" / "no track". */
  key: string;
  /** How a person reads the key (a zone's name, a category in words). */
  label: string;
  count: number;
  previous: number;
  /** count - previous. */
  delta: number;
}

export interface ReportPeriod {
  /** Start, inclusive (UTC ms). */
  fromMs: number;
  /** End, exclusive (UTC ms). */
  toMs: number;
  /** The same as ISO 8601 UTC, for readers without a clock library. */
  from: string;
  to: string;
}

/** What the report says of the evidence behind an incident, for the public: counts, not contents. */
export interface ReportEvidenceSummary {
  detections: number;
  fieldReports: number;
  tracks: number;
  /** Kinds of the tracks involved (vessel, aircraft, ground). */
  trackKinds: string[];
}

export interface ReportIncident {
  /** Its number on the map and in the list, from 1. */
  n: number;
  id: string;
  kind: string;
  kindLabel: string;
  title: string;
  startMs: number;
  endMs: number;
  /** Degrees, rounded to 5 decimals (about a metre). */
  lon: number;
  lat: number;
  zoneId: string;
  zoneName: string;
  confidence: string | null;
  evidence: ReportEvidenceSummary;
  /** The evidence in full, for the mission's own staff (needs an account). */
  evidenceUrl: string;
}

/** The report itself: the payload of the signed envelope (payloadType `report/v1`). */
export interface ReportContent {
  /** `RPT-YYYYMMDD-xxxxxxxx`; `preview` for an unpublished preview. */
  id: string;
  title: string;
  period: ReportPeriod;
  /** The period of the same length just before, which the deltas compare with. */
  previousPeriod: ReportPeriod;
  /** ISO 8601 UTC: when it was built. */
  generatedAt: string;
  /** The agreement version in force at the end of the period; null if none was. */
  agreement: {
    id: string;
    name: string;
    version: number;
    versionTitle: string;
    illustrative: boolean;
  } | null;
  totals: { count: number; previous: number; delta: number };
  byZone: ReportCountRow[];
  byCategory: ReportCountRow[];
  byTrackKind: ReportCountRow[];
  /** Plain sentences built from the figures above, nothing else. */
  narrative: string[];
  incidents: ReportIncident[];
  /**
   * The audit log's head when the report was built: anyone holding this
   * signed report can check later copies of the log against it (docs/audit.md).
   */
  auditHead: { seq: number; hash: string };
}

/** The files of a published report, beside its signed envelope. */
export type ReportFileName =
  | 'report.pdf'
  | 'report.csv'
  | 'report.geojson'
  | 'report.html'
  | 'map.svg';

/** GET /api/reports (items), GET /api/reports/:id/summary. */
export interface PublishedReportSummary {
  id: string;
  title: string;
  fromMs: number;
  toMs: number;
  publishedMs: number;
  publishedBy: string;
  keyId: string;
  incidentCount: number;
  /** SHA-256 (hex) of the report's canonical JSON: the envelope's payloadSha256. */
  payloadSha256: string;
  /** False when the server had no chromium to print it. */
  hasPdf: boolean;
  /** Download links, relative to the server. */
  links: {
    signedJson: string;
    pdf: string | null;
    pdfSig: string | null;
    csv: string;
    csvSig: string;
    geojson: string;
    geojsonSig: string;
    html: string;
    mapSvg: string;
  };
}

export interface PublishedReportList {
  items: PublishedReportSummary[];
}

/** POST /api/reports. */
export interface PublishReportRequest {
  fromMs: number;
  toMs: number;
  title?: string;
}

/** POST /api/reports answer (201). */
export interface PublishReportResponse {
  report: PublishedReportSummary;
  /** How many verified incidents were published by it (others were published before). */
  newlyPublished: number;
  /** Set when no PDF was made, saying why. */
  pdfNote: string | null;
}

/** GET /api/reports/preview answer. */
export interface ReportPreview {
  content: ReportContent;
  /** The map, as a standalone SVG document. */
  mapSvg: string;
}
