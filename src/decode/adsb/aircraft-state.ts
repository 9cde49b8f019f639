/**
 * What the aircraft table knows about one address: the latest value of each
 * field and when it was last set (`seenMs`), so a consumer can tell a fresh
 * altitude from a minute-old one. Plain data; aircraft-table.ts fills it.
 */

/** Fields whose update time is kept. */
export type AircraftField =
  | 'position'
  | 'altFt'
  | 'altGnssFt'
  | 'gsKt'
  | 'trackDeg'
  | 'headingDeg'
  | 'tasKt'
  | 'iasKt'
  | 'vrateFpm'
  | 'squawk'
  | 'emergency'
  | 'callsign'
  | 'category'
  | 'onGround'
  | 'integrity';

/** How the aircraft is heard (StaticReport.transponder). */
export type Transponder = 'ADS-B' | 'ADS-B non-transponder' | 'TIS-B' | 'ADS-R' | 'Mode S';

export class AircraftState {
  /** trackId, `icao:<6 hex>` (or `icao:~<6 hex>` for a non-ICAO address). */
  readonly trackId: string;
  readonly icao: number;
  readonly nonIcao: boolean;
  /** Country of registration from the address block (ISO alpha-2). */
  readonly flag: string | undefined;
  firstSeenMs: number;
  lastSeenMs: number;
  messages = 0;
  transponder: Transponder = 'Mode S';
  /** When each field was last updated (epoch or receiver ms, as passed in). */
  readonly seenMs: Partial<Record<AircraftField, number>> = {};

  lat = Number.NaN;
  lon = Number.NaN;
  /** The last position may serve as a local CPR reference and speed-check anchor. */
  positionReliable = false;
  altFt = Number.NaN;
  altGnssFt = Number.NaN;
  gsKt = Number.NaN;
  trackDeg = Number.NaN;
  headingDeg = Number.NaN;
  tasKt = Number.NaN;
  iasKt = Number.NaN;
  vrateFpm = Number.NaN;
  /** 12-bit squawk, -1 unknown. */
  squawk = -1;
  /** TC28 emergency state, -1 unknown. */
  emergency = -1;
  callsign = '';
  category = '';
  /** 1 on ground, 0 airborne, -1 unknown. */
  onGround = -1;

  /** Integrity and accuracy (TC31 and the position type code). */
  adsbVersion = -1;
  nicA = -1;
  nicB = -1;
  nacP = -1;
  sil = -1;
  silSupplement = -1;
  /** Navigation integrity category of the last position, from its TC and the supplements. */
  nic = -1;

  /** The latest even (0) and odd (1) CPR frame: raw values, time and surface flag. */
  readonly cprLat = new Int32Array(2);
  readonly cprLon = new Int32Array(2);
  readonly cprMs = new Float64Array([Number.NaN, Number.NaN]);
  readonly cprSurface = new Uint8Array(2);
  /** Position type code of the latest CPR frame, for the NIC. */
  cprTc = -1;
  /** callsign|category|transponder as last sent in a StaticReport. */
  reportedStatic = '';

  constructor(icao: number, nonIcao: boolean, flag: string | undefined, tMs: number) {
    this.icao = icao;
    this.nonIcao = nonIcao;
    this.flag = flag;
    this.trackId = `icao:${nonIcao ? '~' : ''}${icao.toString(16).padStart(6, '0')}`;
    this.firstSeenMs = tMs;
    this.lastSeenMs = tMs;
  }

  /** Age of a field at `nowMs`, or Infinity if never set. */
  fieldAgeMs(field: AircraftField, nowMs: number): number {
    const t = this.seenMs[field];
    return t === undefined ? Number.POSITIVE_INFINITY : nowMs - t;
  }
}
