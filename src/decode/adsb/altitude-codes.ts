/**
 * The 13- and 12-bit altitude codes and the 13-bit identity code of Mode S
 * (ICAO Annex 10 Vol IV 3.1.2.6.5.4 AC, 3.1.2.6.7.1 ID; DO-260B 2.2.3.2.3.4
 * for the 12-bit ES altitude). NaN / -1 mean "not available"; no allocation.
 *
 * Bit order of AC13 / ID13, most significant first:
 *   C1 A1 C2 A2 C4 A4 M|X B1 Q|D1 B2 D2 B4 D4
 */

/** AC13 M bit: 1 = metric altitude. */
const AC13_M = 0x40;
/** AC13 / AC12 Q bit: 1 = 25 ft increments, 0 = Gillham (100 ft). */
const AC13_Q = 0x10;
const AC12_Q = 0x10;

/** AC13 to feet; NaN when absent (all zeros), metric or not a valid Gillham code. */
export function decodeAc13(ac: number): number {
  if (ac === 0 || ac & AC13_M) return Number.NaN;
  if (ac & AC13_Q) {
    // drop M (bit 6) and Q (bit 4): 11-bit count of 25 ft above -1000 ft
    const n = ((ac & 0x1f80) >>> 2) | ((ac & 0x20) >>> 1) | (ac & 0x0f);
    return n * 25 - 1000;
  }
  return decodeGillhamAc13(ac);
}

/** AC12 (extended squitter, no M bit) to feet; NaN when absent or invalid. */
export function decodeAc12(ac: number): number {
  if (ac === 0) return Number.NaN;
  if (ac & AC12_Q) return (((ac & 0xfe0) >>> 1) | (ac & 0x0f)) * 25 - 1000;
  // put a zero M bit back in at bit 6 to get the AC13 layout
  return decodeGillhamAc13(((ac & 0xfc0) << 1) | (ac & 0x3f));
}

/** Gray code to binary. */
function ungray(g: number): number {
  let b = g;
  for (let s = g >>> 1; s !== 0; s >>>= 1) b ^= s;
  return b;
}

/**
 * Gillham (Mode C) altitude from the AC13 layout: D1 D2 D4 A1 A2 A4 B1 B2 B4
 * is a Gray-coded count of 500 ft, C1 C2 C4 a reflected code of 100 ft steps
 * inside it (1..5, mirrored when the 500 ft count is odd).
 */
function decodeGillhamAc13(ac: number): number {
  // D1 sits where Q is (always 0 here); D2 D4 A1 A2 A4 B1 B2 B4 from their bits
  const g500 =
    ((ac & 0x04) << 5) | // D2
    ((ac & 0x01) << 6) | // D4
    ((ac & 0x800) >>> 6) | // A1
    ((ac & 0x200) >>> 5) | // A2
    ((ac & 0x80) >>> 4) | // A4
    ((ac & 0x20) >>> 3) | // B1
    ((ac & 0x08) >>> 2) | // B2
    ((ac & 0x02) >>> 1); // B4
  const g100 = ((ac & 0x1000) >>> 10) | ((ac & 0x400) >>> 9) | ((ac & 0x100) >>> 8); // C1 C2 C4
  // Valid codes are 001 011 010 110 100 (1..5; 100 un-Grays to 7): 000, 101 and 111 are never sent
  if (g100 === 0 || g100 === 5 || g100 === 7) return Number.NaN;
  let n100 = ungray(g100);
  if (n100 === 7) n100 = 5;
  const n500 = ungray(g500);
  if (n500 & 1) n100 = 6 - n100;
  return n500 * 500 + n100 * 100 - 1300;
}

/**
 * ID13 to the squawk as a 12-bit number whose octal digits are A B C D
 * (format with `formatSquawk`).
 */
export function decodeId13(id: number): number {
  const a = ((id & 0x80) >>> 5) | ((id & 0x200) >>> 8) | ((id & 0x800) >>> 11); // A4 A2 A1
  const b = ((id & 0x02) << 1) | ((id & 0x08) >>> 2) | ((id & 0x20) >>> 5); // B4 B2 B1
  const c = ((id & 0x100) >>> 6) | ((id & 0x400) >>> 9) | ((id & 0x1000) >>> 12); // C4 C2 C1
  const d = ((id & 0x01) << 2) | ((id & 0x04) >>> 1) | ((id & 0x10) >>> 4); // D4 D2 D1
  return (a << 9) | (b << 6) | (c << 3) | d;
}

const SQUAWK_TEXT: string[] = [];
for (let i = 0; i < 4096; i++) SQUAWK_TEXT.push(i.toString(8).padStart(4, '0'));

/** A 12-bit squawk as its 4 octal digits, from a table (no allocation). */
export function formatSquawk(squawk: number): string {
  return SQUAWK_TEXT[squawk & 0xfff]!;
}

/**
 * A Beast Mode A/C frame (2 bytes, one octal digit per nibble: A B C D, with
 * the SPI flag in bit 7 of the second byte as dump1090 writes it) to the code.
 */
export function decodeModeAcCode(hi: number, lo: number): number {
  return ((hi & 0x70) << 5) | ((hi & 0x07) << 6) | ((lo & 0x70) >>> 1) | (lo & 0x07);
}
