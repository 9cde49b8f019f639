/**
 * ADS-B test frames for the ingest tests, so each test states its aircraft:
 * the public book examples (Junzi Sun, "The 1090 MHz Riddle") and the Beast,
 * AVR and SBS wire forms. The Mode S messages themselves (DF17 positions,
 * identification, TC28 emergency, DF5 squawk replies) are built in
 * src/decode/adsb/frames.fixture.ts and re-exported here.
 */
export {
  encodeEmergencyStatus,
  encodeIdentification,
  encodeIdentityReply,
  encodePosition,
} from '../../decode/adsb/frames.fixture.js';

/** KLM1023's identification (TC4), ICAO 4840d6. */
export const BOOK_IDENT = '8D4840D6202CC371C32CE0576098';
/** An airborne position pair of ICAO 40621d (even, odd): 52.2572° N, 3.9194° E, 38,000 ft. */
export const BOOK_EVEN = '8D40621D58C382D690C8AC2863A7';
export const BOOK_ODD = '8D40621D58C386435CC412692AD6';

export function hexToBytes(hex: string): Uint8Array {
  const b = new Uint8Array(hex.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return b;
}

export function bytesToHex(b: Uint8Array): string {
  return [...b]
    .map((x) => x.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

/** A Beast frame: 0x1a, type, 6-byte counter, signal, message; 0x1a doubled inside. */
export function encodeBeast(message: Uint8Array, ticks = 0, signal = 0x80): Uint8Array {
  const type = message.length === 14 ? 0x33 : message.length === 7 ? 0x32 : 0x31;
  const body: number[] = [];
  for (let k = 5; k >= 0; k--) body.push(Math.floor(ticks / 2 ** (8 * k)) & 0xff);
  body.push(signal, ...message);
  const out = [0x1a, type];
  for (const x of body) {
    out.push(x);
    if (x === 0x1a) out.push(x);
  }
  return Uint8Array.from(out);
}

/** `*HEX;`, or `@TTTTTTTTTTTTHEX;` with the 12 MHz counter. */
export function encodeAvr(message: Uint8Array, ticks?: number): string {
  const hex = bytesToHex(message);
  if (ticks === undefined) return `*${hex};`;
  return `@${ticks.toString(16).toUpperCase().padStart(12, '0')}${hex};`;
}

export interface SbsFields {
  callsign?: string;
  altFt?: number;
  gsKt?: number;
  trackDeg?: number;
  lat?: number;
  lon?: number;
  vrateFpm?: number;
  squawk?: string;
  emergency?: boolean;
}

/** `MSG,<type>,…` with 22 fields, as dump1090 writes on port 30003. */
export function encodeSbs(
  type: number,
  icao: string,
  f: SbsFields,
  timeMs = Date.UTC(2026, 2, 1, 6),
): string {
  const d = new Date(timeMs).toISOString();
  const date = d.slice(0, 10).replaceAll('-', '/');
  const time = d.slice(11, 23);
  const v = (x: number | string | undefined) => (x === undefined ? '' : String(x));
  return [
    'MSG',
    type,
    1,
    1,
    icao.toUpperCase(),
    1,
    date,
    time,
    date,
    time,
    v(f.callsign),
    v(f.altFt),
    v(f.gsKt),
    v(f.trackDeg),
    v(f.lat),
    v(f.lon),
    v(f.vrateFpm),
    v(f.squawk),
    f.squawk === undefined ? '' : f.emergency ? '-1' : '0',
    f.emergency === undefined ? '' : f.emergency ? '-1' : '0',
    '',
    '',
  ].join(',');
}
