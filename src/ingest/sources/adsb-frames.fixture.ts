/**
 * ADS-B test frames built here, so each test states its aircraft: the public
 * book examples (Junzi Sun, "The 1090 MHz Riddle"), DF17 positions at a
 * chosen place, identification, TC28 emergency and DF5 squawk replies, and
 * their Beast, AVR and SBS wire forms.
 */
import { computeNl, computeResidual } from '../../decode/adsb/index.js';

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

/** Writes the parity: CRC of the data, XOR the address for address/parity formats. */
function seal(b: Uint8Array, overlay = 0): Uint8Array {
  const n = b.length;
  b.fill(0, n - 3);
  const p = computeResidual(b, 0, n) ^ overlay;
  b[n - 3] = p >>> 16;
  b[n - 2] = (p >>> 8) & 0xff;
  b[n - 1] = p & 0xff;
  return b;
}

function setBits(b: Uint8Array, from: number, n: number, v: number): void {
  for (let i = 0; i < n; i++) {
    const bit = from + i;
    const on = (v >>> (n - 1 - i)) & 1;
    if (on) b[bit >>> 3]! |= 0x80 >>> (bit & 7);
    else b[bit >>> 3]! &= ~(0x80 >>> (bit & 7));
  }
}

function extendedSquitter(icao: number, tc: number): Uint8Array {
  const b = new Uint8Array(14);
  b[0] = (17 << 3) | 5;
  b[1] = icao >>> 16;
  b[2] = (icao >>> 8) & 0xff;
  b[3] = icao & 0xff;
  setBits(b, 32, 5, tc);
  return b;
}

/** DF17 TC11 airborne position at (lon, lat), 25 ft altitude coding. */
export function encodePosition(
  icao: number,
  lon: number,
  lat: number,
  odd: boolean,
  altFt = 30000,
): Uint8Array {
  const b = extendedSquitter(icao, 11);
  const i = odd ? 1 : 0;
  const dlat = 360 / (60 - i);
  const yz = Math.floor((131072 * (((lat % dlat) + dlat) % dlat)) / dlat + 0.5);
  const rlat = dlat * (yz / 131072 + Math.floor(lat / dlat));
  const dlon = 360 / Math.max(computeNl(rlat) - i, 1);
  const xz = Math.floor((131072 * (((lon % dlon) + dlon) % dlon)) / dlon + 0.5);
  const n = (altFt + 1000) / 25;
  setBits(b, 40, 12, ((n >>> 4) << 5) | 0x10 | (n & 15));
  setBits(b, 53, 1, i);
  setBits(b, 54, 17, yz % 131072);
  setBits(b, 71, 17, xz % 131072);
  return seal(b);
}

const CHARS = '#ABCDEFGHIJKLMNOPQRSTUVWXYZ##### ###############0123456789######';

/** DF17 TC4 identification: callsign and category. */
export function encodeIdentification(icao: number, callsign: string, category = 3): Uint8Array {
  const b = extendedSquitter(icao, 4);
  setBits(b, 37, 3, category);
  const cs = callsign.padEnd(8, ' ');
  for (let k = 0; k < 8; k++) setBits(b, 40 + 6 * k, 6, CHARS.indexOf(cs[k]!));
  return seal(b);
}

function encodeId13(squawk: string): number {
  const [a, b, c, d] = [...squawk].map(Number) as [number, number, number, number];
  const bit = (digit: number, k: number) => (digit >>> k) & 1;
  // C1 A1 C2 A2 C4 A4 X B1 D1 B2 D2 B4 D4
  const order = [
    bit(c, 0),
    bit(a, 0),
    bit(c, 1),
    bit(a, 1),
    bit(c, 2),
    bit(a, 2),
    0,
    bit(b, 0),
    bit(d, 0),
    bit(b, 1),
    bit(d, 1),
    bit(b, 2),
    bit(d, 2),
  ];
  return order.reduce((v, x) => (v << 1) | x, 0);
}

/** DF17 TC28 subtype 1: emergency state (1 general, 4 nordo, 5 unlawful) and squawk. */
export function encodeEmergencyStatus(icao: number, state: number, squawk: string): Uint8Array {
  const b = extendedSquitter(icao, 28);
  setBits(b, 37, 3, 1);
  setBits(b, 40, 3, state);
  setBits(b, 43, 13, encodeId13(squawk));
  return seal(b);
}

/** DF5 surveillance identity reply: the squawk, the address in the parity. */
export function encodeIdentityReply(icao: number, squawk: string): Uint8Array {
  const b = new Uint8Array(7);
  b[0] = 5 << 3;
  setBits(b, 19, 13, encodeId13(squawk));
  return seal(b, icao);
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
