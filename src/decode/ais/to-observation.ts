/**
 * Decoded AIS messages to Truceline's vocabulary (src/core/types.ts): a
 * position report becomes an Observation, static and voyage data a
 * StaticReport. Here, not in the decoder, "not available" and out-of-range
 * values are dropped: an observation carries only what the sender knew.
 */
import type { Observation, StaticReport, TrackKind } from '../../core/types.js';
import type { AisMessage } from './ais-message.js';
import { describeAidType, describeNavStatus, describeShipType } from './code-texts.js';
import { isAuxiliaryCraft } from './decode-static.js';
import { lookupFlag } from './mid-table.js';

/** Not available: sog 102.3 kn (raw 1023), type 9 1023 kn, type 27 63 kn. */
const SOG_NA = 102.3;
const SOG_NA_SAR = 1023;
const SOG_NA_LONG_RANGE = 63;
/** Not available: cog 360.0 (raw 3600; above is invalid). */
const COG_NA = 360;
/** Not available: type 9 altitude 4095 m. */
const ALT_NA = 4095;
const FEET_PER_METRE = 1 / 0.3048;

/** `mmsi:` and the 9-digit MMSI, zero-padded (base stations start with 00). */
export function mmsiTrackId(mmsi: number): string {
  return `mmsi:${String(mmsi).padStart(9, '0')}`;
}

function isMmsi(mmsi: number): boolean {
  return mmsi >= 0 && mmsi <= 999_999_999;
}

/** A usable position: inside WGS84's range (91/181 and wider raw values are not). */
function hasPosition(lon: number, lat: number): boolean {
  return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}

/**
 * Position reports (1-3, 4 base station, 9 SAR aircraft, 11 UTC response,
 * 18, 19, 21 AtoN, 27) -> Observation, or null when the position is not
 * available (or out of range, or the MMSI is not nine digits). trackId
 * `mmsi:<9 digits>`; kind aircraft for 9, ground for 4 and 21 (fixed
 * stations), else vessel; speed, course and heading only when available.
 */
export function aisToObservation(msg: AisMessage, tMs: number, source: string): Observation | null {
  switch (msg.type) {
    case 1:
    case 2:
    case 3:
    case 18:
    case 19: {
      const o = createObservation(msg, 'vessel', tMs, source);
      if (o === null) return null;
      if (msg.sog !== SOG_NA) o.speedKn = msg.sog;
      if (msg.cog < COG_NA) o.courseDeg = msg.cog;
      if (msg.heading < 360) o.headingDeg = msg.heading; // 511: not available
      if (msg.type === 19) {
        if (msg.shipname !== '') o.name = msg.shipname;
      } else if (msg.type !== 18) {
        o.status = describeNavStatus(msg.nav_status);
      }
      return o;
    }
    case 4:
      return createObservation(msg, 'ground', tMs, source);
    case 11:
      return createObservation(msg, 'vessel', tMs, source);
    case 9: {
      const o = createObservation(msg, 'aircraft', tMs, source);
      if (o === null) return null;
      if (msg.sog !== SOG_NA_SAR) o.speedKn = msg.sog;
      if (msg.cog < COG_NA) o.courseDeg = msg.cog;
      if (msg.alt !== ALT_NA) o.altFt = Math.round(msg.alt * FEET_PER_METRE);
      return o;
    }
    case 21: {
      const o = createObservation(msg, 'ground', tMs, source);
      if (o !== null && msg.name !== '') o.name = msg.name;
      return o;
    }
    case 27: {
      const o = createObservation(msg, 'vessel', tMs, source);
      if (o === null) return null;
      if (msg.sog !== SOG_NA_LONG_RANGE) o.speedKn = msg.sog;
      if (msg.cog < 360) o.courseDeg = msg.cog; // 511: not available
      o.status = describeNavStatus(msg.nav_status);
      return o;
    }
    default:
      return null;
  }
}

function createObservation(
  msg: { mmsi: number; lon: number; lat: number },
  kind: TrackKind,
  tMs: number,
  source: string,
): Observation | null {
  if (!hasPosition(msg.lon, msg.lat) || !isMmsi(msg.mmsi)) return null;
  const o: Observation = {
    trackId: mmsiTrackId(msg.mmsi),
    kind,
    tMs,
    lon: msg.lon,
    lat: msg.lat,
    source,
  };
  const flag = lookupFlag(msg.mmsi);
  if (flag !== undefined) o.flag = flag.iso2;
  return o;
}

/**
 * Static and voyage data (5, 19, 21, 24 A/B) -> StaticReport, or null for
 * other types. Fields not available (0, empty text) are left out; `type` is
 * the ship type text (the aid type for an AtoN).
 */
export function aisToStatic(msg: AisMessage, tMs: number, source: string): StaticReport | null {
  if (msg.type !== 5 && msg.type !== 19 && msg.type !== 21 && msg.type !== 24) return null;
  if (!isMmsi(msg.mmsi)) return null;
  const r: StaticReport = {
    trackId: mmsiTrackId(msg.mmsi),
    kind: msg.type === 21 ? 'ground' : 'vessel',
    tMs,
    source,
  };
  switch (msg.type) {
    case 5:
      r.transponder = 'AIS class A';
      setText(r, 'name', msg.shipname);
      setText(r, 'callsign', msg.callsign);
      if (msg.ship_type !== 0) r.type = describeShipType(msg.ship_type);
      if (msg.imo !== 0) r.imo = msg.imo;
      setText(r, 'destination', msg.destination);
      setDimensions(r, msg.to_bow, msg.to_stern, msg.to_port, msg.to_starboard);
      if (msg.draught !== 0) r.draughtM = msg.draught;
      break;
    case 19:
      r.transponder = 'AIS class B';
      setText(r, 'name', msg.shipname);
      if (msg.ship_type !== 0) r.type = describeShipType(msg.ship_type);
      setDimensions(r, msg.to_bow, msg.to_stern, msg.to_port, msg.to_starboard);
      break;
    case 21:
      r.transponder = 'AIS AtoN';
      setText(r, 'name', msg.name);
      if (msg.aid_type !== 0) r.type = describeAidType(msg.aid_type);
      setDimensions(r, msg.to_bow, msg.to_stern, msg.to_port, msg.to_starboard);
      break;
    default:
      r.transponder = 'AIS class B';
      if (msg.partno === 0) {
        setText(r, 'name', msg.shipname);
        break;
      }
      setText(r, 'callsign', msg.callsign);
      if (msg.ship_type !== 0) r.type = describeShipType(msg.ship_type);
      if (!isAuxiliaryCraft(msg.mmsi)) {
        setDimensions(
          r,
          msg.to_bow ?? 0,
          msg.to_stern ?? 0,
          msg.to_port ?? 0,
          msg.to_starboard ?? 0,
        );
      }
  }
  const flag = lookupFlag(msg.mmsi);
  if (flag !== undefined) r.flag = flag.iso2;
  return r;
}

function setText(r: StaticReport, key: 'name' | 'callsign' | 'destination', text: string): void {
  if (text !== '') r[key] = text;
}

/** Length = bow + stern, beam = port + starboard (metres); 0 is "not available". */
function setDimensions(
  r: StaticReport,
  bow: number,
  stern: number,
  port: number,
  starboard: number,
): void {
  if (bow + stern > 0) r.lengthM = bow + stern;
  if (port + starboard > 0) r.beamM = port + starboard;
}
