/** Display formatting. Everything an analyst reads is UTC and carries its unit. */

const DASH = '—';

function padTwoDigits(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `HH:MM:SS` in UTC. */
export function formatUtcTime(tMs: number): string {
  const d = new Date(tMs);
  return `${padTwoDigits(d.getUTCHours())}:${padTwoDigits(d.getUTCMinutes())}:${padTwoDigits(d.getUTCSeconds())}`;
}

/** `YYYY-MM-DD` in UTC. */
export function formatUtcDate(tMs: number): string {
  const d = new Date(tMs);
  return `${d.getUTCFullYear()}-${padTwoDigits(d.getUTCMonth() + 1)}-${padTwoDigits(d.getUTCDate())}`;
}

export function formatUtcDateTime(tMs: number): string {
  return `${formatUtcDate(tMs)} ${formatUtcTime(tMs)} UTC`;
}

/** `44.5210° N, 33.1120° E`: hemisphere letters avoid sign confusion on a shared screen. */
export function formatLatLon(lon: number, lat: number): string {
  const ns = lat >= 0 ? 'N' : 'S';
  const ew = lon >= 0 ? 'E' : 'W';
  return `${Math.abs(lat).toFixed(4)}° ${ns}, ${Math.abs(lon).toFixed(4)}° ${ew}`;
}

export function formatSpeedKn(speedKn: number | undefined): string {
  return speedKn === undefined ? DASH : `${speedKn.toFixed(1)} kn`;
}

export function formatDegrees(deg: number | undefined): string {
  return deg === undefined ? DASH : `${String(Math.round(deg) % 360).padStart(3, '0')}°`;
}

/** Flight levels from here up: a round transition altitude, for reading only. */
const FL_FROM_FT = 10_000;

/** `2,675 ft`; `FL350 (35,000 ft)` high up, as a controller would say it. */
export function formatAltitudeFt(altFt: number | undefined): string {
  if (altFt === undefined) return DASH;
  const ft = `${Math.round(altFt).toLocaleString('en-US')} ft`;
  if (altFt < FL_FROM_FT) return ft;
  return `FL${String(Math.round(altFt / 100)).padStart(3, '0')} (${ft})`;
}

/** `12 s ago`, `4 min ago`: how stale a report is matters more than its clock time. */
export function formatAge(ageMs: number): string {
  const s = Math.max(0, Math.round(ageMs / 1000));
  if (s < 60) return `${s} s ago`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min ago`;
  return `${Math.round(min / 60)} h ago`;
}

export function formatOptional(value: string | number | undefined | null): string {
  return value === undefined || value === null || value === '' ? DASH : String(value);
}

/** `180 × 28 m` (length × beam); either alone when only one is known; '' when neither. */
export function formatDimensionsM(lengthM: number | undefined, beamM: number | undefined): string {
  if (lengthM !== undefined && beamM !== undefined) return `${lengthM} × ${beamM} m`;
  if (lengthM !== undefined) return `${lengthM} m long`;
  if (beamM !== undefined) return `${beamM} m beam`;
  return '';
}
