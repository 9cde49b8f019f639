/**
 * The AIS payload as bits: de-armouring of the sentence's six-bit ASCII
 * (ITU-R M.1371-5 Annex 8 §3.3.7 / IEC 61162-1) into packed bytes, and reads
 * of unsigned, signed and six-bit-text fields by bit offset.
 *
 * Bit 0 is the first bit of the first payload character (the MSB of byte 0).
 * Packing into bytes lets a field of up to 25 bits come out of one 4-byte
 * window, like mapbox/pbf's varint reads; the buffer keeps WINDOW_SLACK zero
 * bytes after the payload so a read at the end never leaves the array and
 * bits beyond the payload read as 0. The fill bits of the last char are kept
 * as sent (gpsd reads them the same way).
 */

/**
 * Zero bytes kept after the packed payload: a 4-byte window read at the last
 * byte, and the optional trailing fields that gpsd reads from a short
 * message (up to 48 bits past its end, type 15), which must read as 0.
 */
export const WINDOW_SLACK = 8;

/**
 * Armour value of each char code, -1 outside the alphabet. Valid chars are
 * `0`…`W` (48–87 → 0–39) and `` ` ``…`w` (96–119 → 40–63).
 */
const ARMOR = new Int8Array(128).fill(-1);
for (let c = 48; c <= 87; c++) ARMOR[c] = c - 48;
for (let c = 96; c <= 119; c++) ARMOR[c] = c - 56;

/** Six-bit text (ITU-R M.1371 Table 47): 0–31 → `@`…`_`, 32–63 → space…`?`. */
const SIXBIT_CHARS: string[] = [];
for (let v = 0; v < 64; v++) SIXBIT_CHARS.push(String.fromCharCode(v < 32 ? v + 64 : v));

/** Index of the first char in [start, end) outside the armour alphabet, or -1. */
export function findInvalidArmor(s: string, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || ARMOR[c]! < 0) return i;
  }
  return -1;
}

/** Bytes needed to hold `chars` payload characters, slack included. */
export function packedLength(chars: number): number {
  return ((chars * 6 + 7) >> 3) + WINDOW_SLACK;
}

/**
 * Packs the armoured chars s[start, end) into `out` (which must hold
 * packedLength(end - start) bytes), zeroing the slack after them. Returns
 * false at a char outside the alphabet.
 */
export function packPayload(s: string, start: number, end: number, out: Uint8Array): boolean {
  let acc = 0; // bits not yet written, in its low `nb` bits
  let nb = 0;
  let o = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? ARMOR[c]! : -1;
    if (v < 0) return false;
    acc = ((acc << 6) | v) & 0x3fff; // never more than 13 pending bits
    nb += 6;
    if (nb >= 8) {
      nb -= 8;
      out[o++] = acc >> nb;
    }
  }
  if (nb > 0) out[o++] = (acc << (8 - nb)) & 0xff;
  for (let k = 0; k < WINDOW_SLACK; k++) out[o + k] = 0;
  return true;
}

/** The 32 bits starting at byte `i`, as a signed int. */
function window32(b: Uint8Array, i: number): number {
  return (b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!;
}

/** `n` (1–30) bits from bit `from`, unsigned. */
export function readUint(b: Uint8Array, from: number, n: number): number {
  if (n > 25) {
    // Two windows: the high n-16 bits, then 16 (a 4-byte window holds 25 at any alignment).
    return readUint(b, from, n - 16) * 65536 + readUint(b, from + n - 16, 16);
  }
  return (window32(b, from >> 3) << (from & 7)) >>> (32 - n);
}

/** `n` (2–30) bits from bit `from`, two's complement. */
export function readInt(b: Uint8Array, from: number, n: number): number {
  if (n > 25) return readInt(b, from, n - 16) * 65536 + readUint(b, from + n - 16, 16);
  return (window32(b, from >> 3) << (from & 7)) >> (32 - n);
}

/** One bit as a boolean (true = 1). */
export function readFlag(b: Uint8Array, from: number): boolean {
  return ((b[from >> 3]! >> (7 - (from & 7))) & 1) === 1;
}

/**
 * `chars` six-bit characters from bit `from`, up to the first `@` (the
 * padding char: what follows it is not text) and without trailing spaces.
 * This is gpsd's rule; the schema's expectations follow it where decoders
 * differ only in what comes after an inner `@`.
 */
export function readText(b: Uint8Array, from: number, chars: number): string {
  let s = '';
  let kept = 0; // length of s up to its last non-space char
  for (let k = 0; k < chars; k++) {
    const v = readUint(b, from + 6 * k, 6);
    if (v === 0) break;
    s += SIXBIT_CHARS[v]!;
    if (v !== 32) kept = k + 1;
  }
  return kept === s.length ? s : s.slice(0, kept);
}

/** `chars` six-bit characters from bit `from`, exactly as sent (no trimming). */
export function readChars(b: Uint8Array, from: number, chars: number): string {
  let s = '';
  for (let k = 0; k < chars; k++) s += SIXBIT_CHARS[readUint(b, from + 6 * k, 6)]!;
  return s;
}

/** Whether the six-bit text at `from` has an `@` among its first `chars` chars. */
export function hasAtSign(b: Uint8Array, from: number, chars: number): boolean {
  for (let k = 0; k < chars; k++) if (readUint(b, from + 6 * k, 6) === 0) return true;
  return false;
}

const HEX = '0123456789abcdef';

/**
 * Bits [from, from + n) as `"<n>:<hex>"`, MSB first, the last byte padded
 * with zero bits: gpsd's JSON form of binary payloads (`"data"`).
 */
export function readHex(b: Uint8Array, from: number, n: number): string {
  let s = `${n}:`;
  for (let k = 0; k < n; k += 8) {
    const take = Math.min(n - k, 8);
    const v = readUint(b, from + k, take) << (8 - take);
    s += HEX[v >> 4]! + HEX[v & 15]!;
  }
  return s;
}
