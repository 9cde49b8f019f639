/** Published (signed) reports and their downloads. */

/** One published report as the store keeps it; its files live in `<dataDir>/reports/<id>/`. */
export interface PublishedReportRecord {
  /** `RPT-YYYYMMDD-xxxxxxxx`. */
  id: string;
  title: string;
  fromMs: number;
  toMs: number;
  publishedMs: number;
  /** The user who published it. */
  publishedBy: string;
  /** The mission key that signed it. */
  keyId: string;
  incidentIds: string[];
  /** SHA-256 of the report's canonical JSON (the envelope's payloadSha256). */
  payloadSha256: string;
  /** SHA-256 of each signed file's bytes, by file name (`report.csv`, …). */
  fileSha256: Record<string, string>;
  hasPdf: boolean;
  /** The narrative, for the feed's summaries. */
  summary: string;
}

export interface PublishedReportQuery {
  /** At most this many, newest first. Default 50, at most 500. */
  limit?: number;
}

export interface PublishedReportStore {
  /**
   * Stores the record and appends its `report.published` audit entry in one
   * transaction. Throws a ConflictError (field `id`) if the id is taken.
   */
  insert(record: PublishedReportRecord, actor: string): Promise<void>;
  get(id: string): Promise<PublishedReportRecord | undefined>;
  /** Newest published first. */
  list(q?: PublishedReportQuery): Promise<PublishedReportRecord[]>;
}
