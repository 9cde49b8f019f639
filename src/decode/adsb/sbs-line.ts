/**
 * SBS-1 BaseStation CSV lines (port 30003), `MSG,<transmission type>,…` with
 * 22 fields, parsed into the field names of the test-data README. The values
 * are already decoded by the sender; this checks and types them. A field that
 * does not parse rejects the line with `bad_sbs_field` and the field's name.
 */

/** Fields of a BaseStation line (0-based). */
const F_MESSAGE_TYPE = 0;
const F_TRANSMISSION_TYPE = 1;
const F_HEX_IDENT = 4;
const F_DATE_GENERATED = 6;
const F_TIME_GENERATED = 7;
const F_CALLSIGN = 10;
const F_ALTITUDE = 11;
const F_GROUND_SPEED = 12;
const F_TRACK = 13;
const F_LAT = 14;
const F_LON = 15;
const F_VERTICAL_RATE = 16;
const F_SQUAWK = 17;
const F_ALERT = 18;
const F_EMERGENCY = 19;
const F_SPI = 20;
const F_IS_ON_GROUND = 21;
/** A BaseStation MSG line has 22 fields. */
export const SBS_FIELDS = 22;

export interface SbsRecord {
  transmission_type: number;
  icao24: string;
  /** `~` addresses (readsb): not an ICAO 24-bit address. */
  non_icao?: boolean;
  /** Date and time the message was generated, read as UTC (dump1090 writes UTC). */
  generated_ms?: number;
  callsign?: string;
  altitude_ft?: number;
  gs_kt?: number;
  track_deg?: number;
  lat?: number;
  lon?: number;
  vrate_fpm?: number;
  squawk?: string;
  alert?: boolean;
  emergency?: boolean;
  spi?: boolean;
  is_on_ground?: boolean;
}

export type SbsResult =
  | { ok: true; msg: SbsRecord }
  | { ok: false; reason: 'bad_sbs_field'; field: string; line: string };

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const HEX_IDENT = /^(~?)([0-9A-Fa-f]{6})$/;
const SQUAWK = /^[0-7]{4}$/;
const FLAG = /^-?[01]$/;
const DATE = /^(\d{4})\/(\d{2})\/(\d{2})$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?$/;

function parseTimeMs(date: string, time: string): number | undefined {
  const d = DATE.exec(date);
  const t = TIME.exec(time);
  if (d === null || t === null) return undefined;
  const ms = t[4] === undefined ? 0 : Math.round(Number(t[4]) * 1000);
  const v = Date.UTC(
    Number(d[1]),
    Number(d[2]) - 1,
    Number(d[3]),
    Number(t[1]),
    Number(t[2]),
    Number(t[3]),
    ms,
  );
  return Number.isFinite(v) ? v : undefined;
}

export function parseSbsLine(line: string): SbsResult {
  const f = line.replace(/[\r\n]+$/, '').split(',');
  const bad = (field: string): SbsResult => ({ ok: false, reason: 'bad_sbs_field', field, line });
  if (f.length < SBS_FIELDS) return bad('field_count');
  if (f[F_MESSAGE_TYPE] !== 'MSG') return bad('message_type');
  const tt = f[F_TRANSMISSION_TYPE]!;
  if (!/^[1-8]$/.test(tt)) return bad('transmission_type');
  const hex = HEX_IDENT.exec(f[F_HEX_IDENT]!);
  if (hex === null) return bad('icao24');
  const r: SbsRecord = { transmission_type: Number(tt), icao24: hex[2]!.toLowerCase() };
  if (hex[1] === '~') r.non_icao = true;
  const t = parseTimeMs(f[F_DATE_GENERATED]!, f[F_TIME_GENERATED]!);
  if (t !== undefined) r.generated_ms = t;

  const callsign = f[F_CALLSIGN]!.trimEnd();
  if (callsign !== '') r.callsign = callsign;
  const num = (i: number, re: RegExp, min: number, max: number): number | null | undefined => {
    const s = f[i]!.trim();
    if (s === '') return undefined;
    const v = Number(s);
    return re.test(s) && v >= min && v <= max ? v : null;
  };
  const alt = num(F_ALTITUDE, INTEGER, -2000, 200_000);
  if (alt === null) return bad('altitude_ft');
  if (alt !== undefined) r.altitude_ft = alt;
  const gs = num(F_GROUND_SPEED, DECIMAL, 0, 5000);
  if (gs === null) return bad('gs_kt');
  if (gs !== undefined) r.gs_kt = gs;
  const track = num(F_TRACK, DECIMAL, 0, 360);
  if (track === null) return bad('track_deg');
  if (track !== undefined) r.track_deg = track;
  const lat = num(F_LAT, DECIMAL, -90, 90);
  if (lat === null) return bad('lat');
  const lon = num(F_LON, DECIMAL, -180, 180);
  if (lon === null) return bad('lon');
  if ((lat === undefined) !== (lon === undefined)) return bad(lat === undefined ? 'lat' : 'lon');
  if (lat !== undefined && lon !== undefined) {
    r.lat = lat;
    r.lon = lon;
  }
  const vrate = num(F_VERTICAL_RATE, INTEGER, -100_000, 100_000);
  if (vrate === null) return bad('vrate_fpm');
  if (vrate !== undefined) r.vrate_fpm = vrate;
  const squawk = f[F_SQUAWK]!.trim();
  if (squawk !== '') {
    if (!SQUAWK.test(squawk)) return bad('squawk');
    r.squawk = squawk;
  }
  const flags = [
    [F_ALERT, 'alert'],
    [F_EMERGENCY, 'emergency'],
    [F_SPI, 'spi'],
    [F_IS_ON_GROUND, 'is_on_ground'],
  ] as const;
  for (const [i, name] of flags) {
    const s = f[i]!.trim();
    if (s === '') continue;
    if (!FLAG.test(s)) return bad(name);
    r[name] = s !== '0';
  }
  return { ok: true, msg: r };
}
