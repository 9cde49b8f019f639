/**
 * Bit fields of a Mode S message. Bit 0 is the first bit on the air (the MSB
 * of byte 0); the specs number from 1, so "ME bit 9" is message bit 32 + 8.
 */

/**
 * `n` (1..25) bits starting at bit `from`. Reads the 4 bytes around the field
 * in one go; callers keep 3 spare bytes after the message (MODE_S_BUFFER_BYTES)
 * so the read never leaves the array.
 */
export function readBits(b: Uint8Array, from: number, n: number): number {
  const i = from >>> 3;
  const w = (b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!;
  return (w << (from & 7)) >>> (32 - n);
}

/** AIS/Mode S 6-bit character set (Annex 10 Vol IV Table 3-9); '#' marks unused codes. */
const CHARSET = '#ABCDEFGHIJKLMNOPQRSTUVWXYZ##### ###############0123456789######';

/**
 * Eight 6-bit characters from bit `from`, trailing spaces removed. `strict`
 * returns '' if any character is outside A-Z, 0-9 and space (used to tell a
 * BDS 2,0 reply from another register that happens to start with 0x20).
 */
export function readCallsign(b: Uint8Array, from: number, strict: boolean): string {
  let s = '';
  let end = 0;
  for (let k = 0; k < 8; k++) {
    const c = CHARSET[readBits(b, from + 6 * k, 6)]!;
    if (c === '#' && strict) return '';
    s += c;
    if (c !== ' ') end = k + 1;
  }
  return end === 8 ? s : s.slice(0, end);
}

const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** Value of one hex digit given as a char code, or -1. */
export function hexDigit(c: number): number {
  return c < 128 ? HEX_VALUE[c]! : -1;
}
