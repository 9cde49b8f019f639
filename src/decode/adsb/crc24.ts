/**
 * Mode S CRC-24 (ICAO Annex 10 Vol IV, 3.1.2.3.3): one table lookup per byte
 * over the data bits, then XOR with the transmitted parity field (the last 24
 * bits). The result is the *residual*: 0 for a clean DF11/17/18, the
 * interrogator code for DF11 replies to a locked-out interrogator, and the
 * aircraft address for the address/parity formats (DF0/4/5/16/20/21/24).
 */

/** Generator polynomial, Annex 10 Vol IV 3.1.2.3.3.1 (x^24 + … + 1, leading term implied). */
export const CRC24_POLY = 0xfff409;

const TABLE = buildTable();

function buildTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 16;
    for (let k = 0; k < 8; k++) c = c & 0x800000 ? ((c << 1) ^ CRC24_POLY) & 0xffffff : c << 1;
    t[i] = c & 0xffffff;
  }
  return t;
}

/**
 * The residual of a Mode S message of `len` bytes (7 or 14) at `b[start]`:
 * CRC over all but the last 3 bytes, XOR the parity field.
 */
export function computeResidual(b: Uint8Array, start: number, len: number): number {
  const end = start + len - 3;
  let r = 0;
  for (let i = start; i < end; i++) r = ((r << 8) ^ TABLE[((r >>> 16) ^ b[i]!) & 0xff]!) & 0xffffff;
  return r ^ ((b[end]! << 16) | (b[end + 1]! << 8) | b[end + 2]!);
}

/**
 * Syndromes of single-bit errors in a 112-bit message, for DF17/18 repair:
 * the residual of a message that is all zeros but for bit k is the residual
 * any clean message shows when bit k flips (the CRC is linear). Bits 0-4 (the
 * DF field) are left out: "repairing" the format would turn noise into a
 * different kind of message.
 */
const SYNDROME_112 = buildSyndromes(14, 5);

function buildSyndromes(len: number, firstBit: number): Map<number, number> {
  const m = new Map<number, number>();
  const b = new Uint8Array(len);
  for (let k = firstBit; k < len * 8; k++) {
    b.fill(0);
    b[k >>> 3] = 0x80 >>> (k & 7);
    m.set(computeResidual(b, 0, len), k);
  }
  return m;
}

/** The bit (0 = first bit of the message) a one-bit error in a 112-bit message would leave as `residual`, or -1. */
export function findErrorBit112(residual: number): number {
  return SYNDROME_112.get(residual) ?? -1;
}
