/**
 * Observation <-> `observations` row. Kind and source are small integers (kind
 * by a fixed table, source through the `source_keys` dictionary), track through
 * `track_keys`: a row is mostly numbers, which keeps it short and the insert
 * cheap.
 */
import type { Observation, TrackKind } from '../../core/types.js';

/** Stored kind codes. Append only: the numbers are on disk. */
const KIND_CODES = { vessel: 0, aircraft: 1, ground: 2 } as const satisfies Record<
  TrackKind,
  number
>;
const KINDS_BY_CODE: readonly TrackKind[] = ['vessel', 'aircraft', 'ground'];

export function encodeKind(kind: TrackKind): number {
  return KIND_CODES[kind];
}

export function decodeKind(code: number): TrackKind {
  const kind = KINDS_BY_CODE[code];
  if (kind === undefined) throw new RangeError(`unknown stored kind code ${code}`);
  return kind;
}

/** Column list shared by every SELECT that feeds `decodeObservationRow`. */
export const OBSERVATION_COLUMNS =
  'id, t_ms, track, kind, source, lon, lat, alt_ft, speed_kn, course_deg, heading_deg, status, squawk, name, callsign';

/** A raw row in OBSERVATION_COLUMNS order (better-sqlite3 `.raw()`). */
export type ObservationRow = [
  id: number,
  tMs: number,
  track: number,
  kind: number,
  source: number,
  lon: number,
  lat: number,
  altFt: number | null,
  speedKn: number | null,
  courseDeg: number | null,
  headingDeg: number | null,
  status: string | null,
  squawk: string | null,
  name: string | null,
  callsign: string | null,
];

/** Builds the Observation with only the fields the row holds, like the one stored. */
export function decodeObservationRow(
  r: ObservationRow,
  trackId: string,
  source: string,
): Observation {
  const o: Observation = {
    trackId,
    kind: decodeKind(r[3]),
    tMs: r[1],
    lon: r[5],
    lat: r[6],
    source,
  };
  if (r[7] !== null) o.altFt = r[7];
  if (r[8] !== null) o.speedKn = r[8];
  if (r[9] !== null) o.courseDeg = r[9];
  if (r[10] !== null) o.headingDeg = r[10];
  if (r[11] !== null) o.status = r[11];
  if (r[12] !== null) o.squawk = r[12];
  if (r[13] !== null) o.name = r[13];
  if (r[14] !== null) o.callsign = r[14];
  return o;
}

const MAX_DATE_MS = 8.64e15;

const OPTIONAL_NUMBERS = ['altFt', 'speedKn', 'courseDeg', 'headingDeg'] as const;
const OPTIONAL_STRINGS = ['status', 'squawk', 'name', 'callsign'] as const;

function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || v === undefined || v === null) return String(v);
  return typeof v;
}

export interface ObservationProblem {
  field: string;
  message: string;
}

function reportMismatch(field: string, what: string, got: unknown): ObservationProblem {
  return { field, message: `expected ${what}, got ${describeValue(got)}` };
}

/**
 * Why this observation cannot be stored, or undefined if it can. Checked per
 * batch before it joins a shared transaction, so one caller's bad batch fails
 * alone instead of failing its neighbours'.
 */
export function findObservationProblem(o: Observation): ObservationProblem | undefined {
  if (typeof o !== 'object' || o === null) return reportMismatch('', 'an object', o);
  if (typeof o.trackId !== 'string' || o.trackId.length === 0) {
    return reportMismatch('trackId', 'a non-empty string', o.trackId);
  }
  if (typeof o.kind !== 'string' || !Object.hasOwn(KIND_CODES, o.kind)) {
    return reportMismatch('kind', `one of ${KINDS_BY_CODE.join(', ')}`, o.kind);
  }
  if (typeof o.source !== 'string') return reportMismatch('source', 'a string', o.source);
  // The Date range: beyond it ms times mean nothing, and chunk packing needs safe integers.
  if (!(Math.abs(o.tMs) <= MAX_DATE_MS)) {
    return reportMismatch('tMs', 'epoch milliseconds within the Date range', o.tMs);
  }
  if (!Number.isFinite(o.lon)) return reportMismatch('lon', 'a finite number', o.lon);
  if (!Number.isFinite(o.lat)) return reportMismatch('lat', 'a finite number', o.lat);
  for (const f of OPTIONAL_NUMBERS) {
    const v = o[f];
    if (v !== undefined && !Number.isFinite(v))
      return reportMismatch(f, 'a finite number or absent', v);
  }
  for (const f of OPTIONAL_STRINGS) {
    const v = o[f];
    if (v !== undefined && typeof v !== 'string') return reportMismatch(f, 'a string or absent', v);
  }
  return undefined;
}
