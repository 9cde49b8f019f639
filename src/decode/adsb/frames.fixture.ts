/**
 * Mode S test frames built bit by bit, so each decoder test states its
 * aircraft: DF17 positions at a chosen place, identification, TC28 emergency
 * status and DF5 squawk replies, plus the bit writers (setBits, seal,
 * extendedSquitter) for one-off messages. Shared by the decoder tests here and
 * the ingest fixtures (src/ingest/sources/adsb-frames.fixture.ts), which add
 * the Beast, AVR and SBS wire forms. Pure: no I/O.
 */
import { computeNl } from './cpr.js';
import { computeResidual } from './crc24.js';

/** Writes the parity: CRC of the data, XOR the address for address/parity formats. */
export function seal(b: Uint8Array, overlay = 0): Uint8Array {
  const n = b.length;
  b.fill(0, n - 3);
  const p = computeResidual(b, 0, n) ^ overlay;
  b[n - 3] = p >>> 16;
  b[n - 2] = (p >>> 8) & 0xff;
  b[n - 1] = p & 0xff;
  return b;
}

export function setBits(b: Uint8Array, from: number, n: number, v: number): void {
  for (let i = 0; i < n; i++) {
    const bit = from + i;
    const on = (v >>> (n - 1 - i)) & 1;
    if (on) b[bit >>> 3]! |= 0x80 >>> (bit & 7);
    else b[bit >>> 3]! &= ~(0x80 >>> (bit & 7));
  }
}

export function extendedSquitter(icao: number, tc: number): Uint8Array {
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
