/**
 * Payload decoders of the messages that carry a station's position: types
 * 1–3, 4/11, 9, 18, 19, 21 and 27. Bit offsets and widths are those of
 * ITU-R M.1371-5 Annex 8 §3.3 (one table per message); the caller has checked the bit count
 * (decode-payload.ts), so every read here is inside the payload.
 */
import type {
  AisAidToNavigationReport,
  AisBaseStationReport,
  AisClassBExtendedReport,
  AisClassBPositionReport,
  AisLongRangeReport,
  AisPositionReport,
  AisSarAircraftReport,
} from './ais-message.js';
import { hasAtSign, readChars, readFlag, readInt, readText, readUint } from './payload-bits.js';

/**
 * Degrees, 6 decimals, from 1/10 000 minute (raw / 600 000). In micro-degrees
 * that is raw * 5 / 3, whose fraction is never .5, so rounding has no ties.
 */
export function fromTenThousandthMinute(raw: number): number {
  return Math.round((raw * 5) / 3) / 1e6;
}

/** Degrees, 6 decimals, from 1/10 minute (raw / 600): types 17, 22, 23, 27. */
export function fromTenthMinute(raw: number): number {
  return Math.round((raw * 5000) / 3) / 1e6;
}

/** Types 1, 2, 3. */
export function decodePositionReport(b: Uint8Array, t: 1 | 2 | 3): AisPositionReport {
  return {
    type: t,
    repeat: readUint(b, 6, 2),
    mmsi: readUint(b, 8, 30),
    nav_status: readUint(b, 38, 4),
    rot_raw: readInt(b, 42, 8),
    sog: readUint(b, 50, 10) / 10,
    accuracy: readFlag(b, 60),
    lon: fromTenThousandthMinute(readInt(b, 61, 28)),
    lat: fromTenThousandthMinute(readInt(b, 89, 27)),
    cog: readUint(b, 116, 12) / 10,
    heading: readUint(b, 128, 9),
    second: readUint(b, 137, 6),
    maneuver: readUint(b, 143, 2),
    raim: readFlag(b, 148),
  };
}

/** Types 4 and 11. */
export function decodeBaseStationReport(b: Uint8Array, t: 4 | 11): AisBaseStationReport {
  return {
    type: t,
    repeat: readUint(b, 6, 2),
    mmsi: readUint(b, 8, 30),
    year: readUint(b, 38, 14),
    month: readUint(b, 52, 4),
    day: readUint(b, 56, 5),
    hour: readUint(b, 61, 5),
    minute: readUint(b, 66, 6),
    second: readUint(b, 72, 6),
    accuracy: readFlag(b, 78),
    lon: fromTenThousandthMinute(readInt(b, 79, 28)),
    lat: fromTenThousandthMinute(readInt(b, 107, 27)),
    epfd: readUint(b, 134, 4),
    raim: readFlag(b, 148),
  };
}

/** Type 9: altitude in metres, speed in whole knots. */
export function decodeSarAircraftReport(b: Uint8Array): AisSarAircraftReport {
  return {
    type: 9,
    repeat: readUint(b, 6, 2),
    mmsi: readUint(b, 8, 30),
    alt: readUint(b, 38, 12),
    sog: readUint(b, 50, 10),
    accuracy: readFlag(b, 60),
    lon: fromTenThousandthMinute(readInt(b, 61, 28)),
    lat: fromTenThousandthMinute(readInt(b, 89, 27)),
    cog: readUint(b, 116, 12) / 10,
    second: readUint(b, 128, 6),
    dte: readUint(b, 142, 1),
    raim: readFlag(b, 147),
  };
}

/** Type 18. */
export function decodeClassBPositionReport(b: Uint8Array): AisClassBPositionReport {
  return {
    type: 18,
    repeat: readUint(b, 6, 2),
    mmsi: readUint(b, 8, 30),
    sog: readUint(b, 46, 10) / 10,
    accuracy: readFlag(b, 56),
    lon: fromTenThousandthMinute(readInt(b, 57, 28)),
    lat: fromTenThousandthMinute(readInt(b, 85, 27)),
    cog: readUint(b, 112, 12) / 10,
    heading: readUint(b, 124, 9),
    second: readUint(b, 133, 6),
    cs_unit: readFlag(b, 141),
    display: readFlag(b, 142),
    dsc: readFlag(b, 143),
    band: readFlag(b, 144),
    msg22: readFlag(b, 145),
    raim: readFlag(b, 147),
  };
}

/** Type 19. */
export function decodeClassBExtendedReport(b: Uint8Array): AisClassBExtendedReport {
  return {
    type: 19,
    repeat: readUint(b, 6, 2),
    mmsi: readUint(b, 8, 30),
    sog: readUint(b, 46, 10) / 10,
    accuracy: readFlag(b, 56),
    lon: fromTenThousandthMinute(readInt(b, 57, 28)),
    lat: fromTenThousandthMinute(readInt(b, 85, 27)),
    cog: readUint(b, 112, 12) / 10,
    heading: readUint(b, 124, 9),
    second: readUint(b, 133, 6),
    shipname: readText(b, 143, 20),
    ship_type: readUint(b, 263, 8),
    to_bow: readUint(b, 271, 9),
    to_stern: readUint(b, 280, 9),
    to_port: readUint(b, 289, 6),
    to_starboard: readUint(b, 295, 6),
    epfd: readUint(b, 301, 4),
    raim: readFlag(b, 305),
    dte: readUint(b, 306, 1),
    assigned: readFlag(b, 307),
  };
}

/** Type 21, `bits` ≥ 272. */
export function decodeAidToNavigationReport(b: Uint8Array, bits: number): AisAidToNavigationReport {
  return {
    type: 21,
    repeat: readUint(b, 6, 2),
    mmsi: readUint(b, 8, 30),
    aid_type: readUint(b, 38, 5),
    name: readAidName(b, bits),
    accuracy: readFlag(b, 163),
    lon: fromTenThousandthMinute(readInt(b, 164, 28)),
    lat: fromTenThousandthMinute(readInt(b, 192, 27)),
    to_bow: readUint(b, 219, 9),
    to_stern: readUint(b, 228, 9),
    to_port: readUint(b, 237, 6),
    to_starboard: readUint(b, 243, 6),
    epfd: readUint(b, 249, 4),
    second: readUint(b, 253, 6),
    off_position: readFlag(b, 259),
    raim: readFlag(b, 268),
    virtual_aid: readFlag(b, 269),
  };
}

/**
 * The AtoN name, with its extension (bits 272…, whole chars only) when the
 * 20-char name is full. A name padded with `@` has ended, so what follows
 * it is padding, not an extension (gpsd drops it; libais appends garbage).
 */
function readAidName(b: Uint8Array, bits: number): string {
  if (bits < 278 || hasAtSign(b, 43, 20)) return readText(b, 43, 20);
  const ext = readText(b, 272, ((bits - 272) / 6) | 0);
  return ext === '' ? readText(b, 43, 20) : readChars(b, 43, 20) + ext;
}

/** Type 27, `bits` ≥ 96: positions in 1/10 minute, whole knots and degrees. */
export function decodeLongRangeReport(b: Uint8Array): AisLongRangeReport {
  return {
    type: 27,
    repeat: readUint(b, 6, 2),
    mmsi: readUint(b, 8, 30),
    accuracy: readFlag(b, 38),
    raim: readFlag(b, 39),
    nav_status: readUint(b, 40, 4),
    lon: fromTenthMinute(readInt(b, 44, 18)),
    lat: fromTenthMinute(readInt(b, 62, 17)),
    sog: readUint(b, 79, 6),
    cog: readUint(b, 85, 9),
    gnss: readFlag(b, 94),
  };
}
