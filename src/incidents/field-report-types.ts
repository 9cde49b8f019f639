/**
 * Field reports: what monitors on the ground saw and filed (DESIGN.md). The
 * shapes here are shared by the store, the API, the incident grouper and the
 * web form; the rules for filing them are in field-report-service.ts.
 */

/** What was seen. The list; the wire and the store use these names. */
export const FIELD_REPORT_CATEGORIES = [
  'explosion',
  'shelling',
  'small_arms_fire',
  'drone_activity',
  'heavy_weapons_seen',
  'mine_uxo',
  'civilian_infrastructure_damage',
  'access_restricted',
  'casualty',
  'other',
] as const;
export type FieldReportCategory = (typeof FIELD_REPORT_CATEGORIES)[number];

/** A photo kept with a report. The bytes live beside the store, by sha256. */
export interface AttachmentMeta {
  /** Random UUID. */
  id: string;
  /** `image/jpeg`, `image/png` or `image/webp`, from the bytes, not from the client. */
  mediaType: string;
  bytes: number;
  /** SHA-256 of the bytes, lowercase hex: evidence can be checked against it. */
  sha256: string;
  /** The file name the monitor's device gave, for display only. */
  fileName: string;
}

export interface FieldReport {
  /** UUID made by the client: filing the same id twice stores it once. */
  id: string;
  /** When it was seen (UTC ms), as the monitor says. */
  observedMs: number;
  /** When the server stored it (UTC ms). */
  receivedMs: number;
  lon: number;
  lat: number;
  category: FieldReportCategory;
  /** How many (rounds, impacts, drones, vehicles, casualties…); 1 when not counted. */
  count: number;
  /** Bearing from the monitor to what was seen, degrees true; null when not estimated. */
  bearingDeg: number | null;
  /** Distance from the monitor to what was seen, metres; null when not estimated. */
  distanceM: number | null;
  text: string;
  /** The monitor's user id and name. */
  reporterId: string;
  reporterName: string;
  attachments: AttachmentMeta[];
}

/** What a monitor sends: a report before the server adds who filed it and when. */
export interface FieldReportInput {
  id: string;
  observedMs: number;
  lon: number;
  lat: number;
  category: FieldReportCategory;
  count: number;
  bearingDeg: number | null;
  distanceM: number | null;
  text: string;
}

/** Photo types accepted, each recognised by its magic bytes (field-report-attachments.ts). */
export const ATTACHMENT_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type AttachmentMediaType = (typeof ATTACHMENT_MEDIA_TYPES)[number];

/** The limits of a report, shared by the server and the web form so both say the same. */
export const FIELD_REPORT_LIMITS = {
  /** Longest free text, in UTF-16 code units as the browser counts them. */
  maxTextChars: 4000,
  maxCount: 10_000,
  /** A distance estimate beyond this is a guess about another valley: refused. */
  maxDistanceM: 100_000,
  /** How far ahead of the server's clock `observedMs` may be (phone clocks drift). */
  maxFutureSkewMs: 5 * 60_000,
  /** How old a report may be: a monitor may be offline for weeks, not for months. */
  maxAgeMs: 30 * 24 * 3600_000,
  maxAttachmentBytes: 10 * 1024 * 1024,
  maxAttachmentsPerReport: 8,
  maxFileNameChars: 200,
} as const;
