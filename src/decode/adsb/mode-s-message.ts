/**
 * One decoded Mode S message, as a reusable struct: the decoder fills the
 * same object for every frame (pbf style), so the hot loop allocates nothing
 * but the rare callsign string. Absent numbers are NaN (or -1 for codes),
 * absent strings ''. `buildAdsbRecord` turns it into the README's JSON shape.
 */

/** Why a frame was not accepted as a message. */
export type AdsbRejectReason =
  | 'bad_length'
  | 'bad_hex'
  | 'bad_crc'
  | 'unknown_df'
  | 'bad_frame'
  | 'bad_sbs_field';

/** Emergency state of TC28 subtype 1 (DO-260B 2.2.3.2.7.8.1.1), indexed by its 3-bit value. */
export const EMERGENCY_STATES = [
  'none',
  'general',
  'lifeguard',
  'minfuel',
  'nordo',
  'unlawful',
  'downed',
  'reserved',
] as const;
export type EmergencyState = (typeof EMERGENCY_STATES)[number];

/** Largest Mode S message (112 bits) plus slack so 32-bit reads near the end stay in bounds. */
export const MODE_S_BUFFER_BYTES = 18;

export class ModeSMessage {
  /** The message bytes (after repair, if any); `len` of them are valid. */
  readonly bytes = new Uint8Array(MODE_S_BUFFER_BYTES);
  /** 7 or 14. */
  len = 0;
  /** Downlink format 0-24 (24 stands for all of 24-31). */
  df = -1;
  /** 24-bit address: AA field (DF11/17/18/19) or recovered from the address/parity overlay. */
  icao = -1;
  /** DF18 with CF 1/5 (or TIS-B IMF 1): the address is not an ICAO 24-bit address. */
  nonIcao = false;
  /** CRC residual (see crc24.ts). */
  residual = 0;
  /** DF11/17/18/19: residual 0 (DF11: only the interrogator code left). Address/parity formats: true, unverifiable. */
  crcOk = false;
  /** Bit repaired by single-bit error correction, or -1. */
  fixedBit = -1;
  /** DF11/17: transponder capability CA; DF18: control field CF; -1 otherwise. */
  ca = -1;
  cf = -1;
  /** DF11: interrogator code (II/SI) from the residual. */
  iid = -1;
  /** DF4/5/20/21 flight status FS. */
  fs = -1;
  /** 1 on ground, 0 airborne, -1 unknown (from VS, CA, FS or the type code). */
  onGround = -1;
  /** ADS-B type code (DF17/18/19), -1 otherwise. */
  tc = -1;
  /** Subtype of TC 19, 28, 29, 31. */
  st = -1;
  altFt = Number.NaN;
  /** Altitude is GNSS height (TC 20-22) rather than barometric. */
  altGnss = false;
  callsign = '';
  /** e.g. `A3`; '' when absent. */
  category = '';
  /** 12-bit squawk (octal digits ABCD), -1 when absent. */
  squawk = -1;
  /** TC28 emergency state 0-7, -1 when absent. */
  emergency = -1;
  /** Position message: 0 none, 1 airborne, 2 surface. */
  cprType = 0;
  cprOdd = false;
  cprLat = -1;
  cprLon = -1;
  /** Airborne position NIC supplement B (single antenna flag in version 0). */
  nicB = -1;
  gsKt = Number.NaN;
  trackDeg = Number.NaN;
  vrateFpm = Number.NaN;
  /** Vertical rate source: 0 GNSS, 1 barometric, -1 absent. */
  vrateBaro = -1;
  headingDeg = Number.NaN;
  tasKt = Number.NaN;
  iasKt = Number.NaN;
  /** GNSS minus barometric altitude, feet (TC19). */
  gnssBaroDiffFt = Number.NaN;
  /** TC31 operational status. */
  adsbVersion = -1;
  nicA = -1;
  nacP = -1;
  sil = -1;
  silSupplement = -1;
  gva = -1;
  nicBaro = -1;
  /** BDS 2,0 identification in a DF20/21 Comm-B reply. */
  commBIdent = false;

  /** Clears every field but the bytes. */
  reset(): void {
    this.len = 0;
    this.df = -1;
    this.icao = -1;
    this.nonIcao = false;
    this.residual = 0;
    this.crcOk = false;
    this.fixedBit = -1;
    this.ca = -1;
    this.cf = -1;
    this.iid = -1;
    this.fs = -1;
    this.onGround = -1;
    this.tc = -1;
    this.st = -1;
    this.altFt = Number.NaN;
    this.altGnss = false;
    this.callsign = '';
    this.category = '';
    this.squawk = -1;
    this.emergency = -1;
    this.cprType = 0;
    this.cprOdd = false;
    this.cprLat = -1;
    this.cprLon = -1;
    this.nicB = -1;
    this.gsKt = Number.NaN;
    this.trackDeg = Number.NaN;
    this.vrateFpm = Number.NaN;
    this.vrateBaro = -1;
    this.headingDeg = Number.NaN;
    this.tasKt = Number.NaN;
    this.iasKt = Number.NaN;
    this.gnssBaroDiffFt = Number.NaN;
    this.adsbVersion = -1;
    this.nicA = -1;
    this.nacP = -1;
    this.sil = -1;
    this.silSupplement = -1;
    this.gva = -1;
    this.nicBaro = -1;
    this.commBIdent = false;
  }

  /** A copy that owns its bytes, for callers that keep messages past the next decode. */
  clone(): ModeSMessage {
    const c = Object.assign(new ModeSMessage(), this) as ModeSMessage;
    (c as { bytes: Uint8Array }).bytes = this.bytes.slice();
    return c;
  }
}

const HEX = '0123456789abcdef';

/** Lower-case hex of `len` bytes. */
export function formatHex(b: Uint8Array, start: number, len: number): string {
  let s = '';
  for (let i = start; i < start + len; i++) s += HEX[b[i]! >>> 4]! + HEX[b[i]! & 15]!;
  return s;
}

/** A 24-bit address as 6 lower-case hex digits. */
export function formatIcao(icao: number): string {
  return (icao >>> 0).toString(16).padStart(6, '0');
}
