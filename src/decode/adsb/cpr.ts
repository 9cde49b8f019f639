/**
 * Compact Position Reporting (DO-260B A.1.7; ICAO Doc 9871 C.2.6): 17-bit
 * latitude/longitude fractions of a zone, resolved either globally from an
 * even/odd pair or locally against a nearby reference. Functions return a
 * status and write the position into a caller-owned `CprPosition` so the hot
 * path allocates nothing.
 */

/** 2^17: CPR fractions are 17-bit. */
const CPR_SCALE = 131072;
/** NZ, the number of latitude zones between equator and pole (DO-260B A.1.7.2). */
const CPR_NZ = 15;

export interface CprPosition {
  lat: number;
  lon: number;
}

/** Outcome of a decode: 0 success, negative failure (dump1090's convention). */
export const CPR_OK = 0;
/** The two frames lie in different longitude zone counts: wait for a fresh pair. */
export const CPR_ZONE_MISMATCH = -1;
/** The result is outside -90..90, or more than half a cell from the reference: bad data. */
export const CPR_BAD = -2;

/**
 * NL transition latitudes: NL(lat) is the largest n with |lat| < NL_LAT[n]
 * (NL_LAT[59] is the smallest). Computed once from the closed form of
 * DO-260B A.1.7.2(d) instead of typing the 58-row table.
 */
const NL_LAT = new Float64Array(60);
for (let n = 2; n < 60; n++) {
  const a = 1 - Math.cos(Math.PI / (2 * CPR_NZ));
  const b = 1 - Math.cos((2 * Math.PI) / n);
  NL_LAT[n] = (Math.acos(Math.sqrt(a / b)) * 180) / Math.PI;
}

/** Number of longitude zones at a latitude, 1..59. */
export function computeNl(lat: number): number {
  const a = lat < 0 ? -lat : lat;
  if (a >= 87) return a === 87 ? 2 : 1; // DO-260B: 2 exactly at 87°, 1 above
  // binary search for the largest n in 2..59 with a < NL_LAT[n]
  let lo = 1;
  let hi = 59;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (a < NL_LAT[mid]!) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function modInt(a: number, b: number): number {
  const r = a % b;
  return r < 0 ? r + b : r;
}

/** Latitudes of an even and an odd frame from the zone index j; sets pairLat0/1. */
let pairLat0 = 0;
let pairLat1 = 0;
function decodePairLatitudes(dlat: number, lat0: number, lat1: number): void {
  const j = Math.floor((59 * lat0 - 60 * lat1) / CPR_SCALE + 0.5);
  pairLat0 = (dlat / 60) * (modInt(j, 60) + lat0 / CPR_SCALE);
  pairLat1 = (dlat / 59) * (modInt(j, 59) + lat1 / CPR_SCALE);
}

/** Longitude of the newer frame's cell, 0..(360 or 90) before normalising. */
function decodePairLongitude(
  dlon: number,
  lat: number,
  lon0: number,
  lon1: number,
  odd: boolean,
): number {
  const nl = computeNl(lat);
  const ni = Math.max(nl - (odd ? 1 : 0), 1);
  const m = Math.floor((lon0 * (nl - 1) - lon1 * nl) / CPR_SCALE + 0.5);
  return (dlon / ni) * (modInt(m, ni) + (odd ? lon1 : lon0) / CPR_SCALE);
}

/** Wraps a longitude into [-180, 180). */
function wrapLon(lon: number): number {
  return lon - Math.floor((lon + 180) / 360) * 360;
}

/**
 * Global airborne decode of an even (lat0, lon0) and odd (lat1, lon1) frame;
 * `oddNewer` picks the frame whose zone decides. The caller keeps the pair
 * within 10 s.
 */
export function decodeCprAirborne(
  lat0: number,
  lon0: number,
  lat1: number,
  lon1: number,
  oddNewer: boolean,
  out: CprPosition,
): number {
  decodePairLatitudes(360, lat0, lat1);
  let rlat0 = pairLat0;
  let rlat1 = pairLat1;
  if (rlat0 >= 270) rlat0 -= 360;
  if (rlat1 >= 270) rlat1 -= 360;
  if (rlat0 < -90 || rlat0 > 90 || rlat1 < -90 || rlat1 > 90) return CPR_BAD;
  if (computeNl(rlat0) !== computeNl(rlat1)) return CPR_ZONE_MISMATCH;
  const lat = oddNewer ? rlat1 : rlat0;
  out.lat = lat;
  out.lon = wrapLon(decodePairLongitude(360, lat, lon0, lon1, oddNewer));
  return CPR_OK;
}

/**
 * Surface latitudes repeat every 90°: of the candidates, the one within 45° of
 * the reference. 0 encodes -90, 0 and +90 alike; the reference picks.
 */
function pickSurfaceLat(rlat: number, refLat: number): number {
  if (rlat === 0) return refLat < -45 ? -90 : refLat > 45 ? 90 : 0;
  return rlat - refLat > 45 ? rlat - 90 : rlat;
}

/**
 * Global surface decode: as airborne but over 90° cells, so the answer is
 * one of four and the reference (receiver or last position, within 45 NM in
 * practice) picks the quadrant.
 */
export function decodeCprSurface(
  refLat: number,
  refLon: number,
  lat0: number,
  lon0: number,
  lat1: number,
  lon1: number,
  oddNewer: boolean,
  out: CprPosition,
): number {
  decodePairLatitudes(90, lat0, lat1);
  const rlat0 = pickSurfaceLat(pairLat0, refLat);
  const rlat1 = pickSurfaceLat(pairLat1, refLat);
  if (rlat0 < -90 || rlat0 > 90 || rlat1 < -90 || rlat1 > 90) return CPR_BAD;
  if (computeNl(rlat0) !== computeNl(rlat1)) return CPR_ZONE_MISMATCH;
  const lat = oddNewer ? rlat1 : rlat0;
  let lon = decodePairLongitude(90, lat, lon0, lon1, oddNewer);
  // move by whole quadrants towards the reference (after m, which needs 0..90)
  lon += Math.floor((refLon - lon + 45) / 90) * 90;
  out.lat = lat;
  out.lon = wrapLon(lon);
  return CPR_OK;
}

/**
 * Local decode of one frame against a reference less than half a cell away
 * (DO-260B A.1.7.5): the reference picks the zone index.
 */
export function decodeCprRelative(
  refLat: number,
  refLon: number,
  cprLat: number,
  cprLon: number,
  odd: boolean,
  surface: boolean,
  out: CprPosition,
): number {
  const fLat = cprLat / CPR_SCALE;
  const fLon = cprLon / CPR_SCALE;
  const dlat = (surface ? 90 : 360) / (odd ? 59 : 60);
  const j = Math.floor(refLat / dlat) + Math.floor(0.5 + modFloat(refLat, dlat) / dlat - fLat);
  let lat = dlat * (j + fLat);
  if (lat >= 270) lat -= 360;
  if (lat < -90 || lat > 90 || Math.abs(lat - refLat) > dlat / 2) return CPR_BAD;
  const ni = Math.max(computeNl(lat) - (odd ? 1 : 0), 1);
  const dlon = (surface ? 90 : 360) / ni;
  const m = Math.floor(refLon / dlon) + Math.floor(0.5 + modFloat(refLon, dlon) / dlon - fLon);
  let lon = dlon * (m + fLon);
  if (lon > 180) lon -= 360;
  if (Math.abs(lon - refLon) > dlon / 2) return CPR_BAD;
  out.lat = lat;
  out.lon = lon;
  return CPR_OK;
}

function modFloat(a: number, b: number): number {
  const r = a % b;
  return r < 0 ? r + b : r;
}
