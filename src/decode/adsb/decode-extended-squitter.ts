/**
 * The ME field of DF17/18/19 extended squitters (DO-260B 2.2.3.2), written
 * into a ModeSMessage. Offsets are message bits: ME bit k is bit 31 + k.
 */
import { decodeAc12, decodeId13 } from './altitude-codes.js';
import { readBits, readCallsign } from './bits.js';
import type { ModeSMessage } from './mode-s-message.js';

/** First bit of the ME field (bit 33 of the message in 1-based spec numbering). */
const ME = 32;

/** Category set by TC (DO-260B 2.2.3.2.5.2): TC4 set A … TC1 set D. */
const CATEGORY_CODES: string[] = [];
for (const set of ['D', 'C', 'B', 'A']) for (let c = 0; c < 8; c++) CATEGORY_CODES.push(set + c);

/**
 * Surface movement (DO-260B 2.2.3.2.4.2) to knots: each band starts at
 * MOVEMENT_CODE[i] with speed MOVEMENT_KT[i] and steps evenly to the next;
 * the lower edge of the quantisation step is reported, as pyModeS does.
 */
const MOVEMENT_CODE = [1, 2, 9, 13, 39, 94, 109, 124];
const MOVEMENT_KT = [0, 0.125, 1, 2, 15, 70, 100, 175];

function decodeMovement(m: number): number {
  if (m === 0 || m > 124) return Number.NaN;
  if (m === 1) return 0;
  if (m === 124) return 175;
  let i = 1;
  while (MOVEMENT_CODE[i + 1]! <= m) i++;
  const c0 = MOVEMENT_CODE[i]!;
  const step = (MOVEMENT_KT[i + 1]! - MOVEMENT_KT[i]!) / (MOVEMENT_CODE[i + 1]! - c0);
  return MOVEMENT_KT[i]! + (m - c0) * step;
}

/** Degrees rounded to 2 decimals, in [0, 360). */
function roundDeg(d: number): number {
  const r = Math.round((d < 0 ? d + 360 : d) * 100) / 100;
  return r >= 360 ? r - 360 : r;
}

export function decodeExtendedSquitter(b: Uint8Array, m: ModeSMessage): void {
  const tc = b[4]! >>> 3;
  m.tc = tc;
  if (tc >= 1 && tc <= 4) {
    m.category = CATEGORY_CODES[(tc - 1) * 8 + (b[4]! & 7)]!;
    m.callsign = readCallsign(b, ME + 8, false);
  } else if (tc >= 5 && tc <= 8) {
    decodeSurfacePosition(b, m);
  } else if ((tc >= 9 && tc <= 18) || (tc >= 20 && tc <= 22)) {
    decodeAirbornePosition(b, m, tc);
  } else if (tc === 19) {
    decodeVelocity(b, m);
  } else if (tc === 28) {
    m.st = b[4]! & 7;
    if (m.st === 1) {
      m.emergency = readBits(b, ME + 8, 3);
      m.squawk = decodeId13(readBits(b, ME + 11, 13));
    }
  } else if (tc === 29) {
    m.st = (b[4]! >>> 1) & 3;
  } else if (tc === 31) {
    decodeOperationalStatus(b, m);
  } else if (tc === 0) {
    // TC0: no position, but the altitude may be there
    m.altFt = decodeAc12(readBits(b, ME + 8, 12));
  }
}

function decodeSurfacePosition(b: Uint8Array, m: ModeSMessage): void {
  m.onGround = 1;
  m.gsKt = decodeMovement(readBits(b, ME + 5, 7));
  if (readBits(b, ME + 12, 1)) m.trackDeg = roundDeg((readBits(b, ME + 13, 7) * 360) / 128);
  readCpr(b, m, 2);
}

function decodeAirbornePosition(b: Uint8Array, m: ModeSMessage, tc: number): void {
  m.nicB = readBits(b, ME + 7, 1);
  // TC 20-22 carry GNSS height in the same AC12 coding (as dump1090 and readsb read it)
  m.altFt = decodeAc12(readBits(b, ME + 8, 12));
  m.altGnss = tc >= 20;
  readCpr(b, m, 1);
}

function readCpr(b: Uint8Array, m: ModeSMessage, type: number): void {
  m.cprType = type;
  m.cprOdd = readBits(b, ME + 21, 1) === 1;
  m.cprLat = readBits(b, ME + 22, 17);
  m.cprLon = readBits(b, ME + 39, 17);
}

function decodeVelocity(b: Uint8Array, m: ModeSMessage): void {
  const st = b[4]! & 7;
  m.st = st;
  if (st === 0 || st > 4) return;
  // subtypes 2 and 4 are supersonic: 4 kt per count
  const k = st === 2 || st === 4 ? 4 : 1;
  if (st <= 2) {
    const ew = readBits(b, ME + 14, 10);
    const ns = readBits(b, ME + 25, 10);
    if (ew !== 0 && ns !== 0) {
      const vx = (readBits(b, ME + 13, 1) ? -(ew - 1) : ew - 1) * k;
      const vy = (readBits(b, ME + 24, 1) ? -(ns - 1) : ns - 1) * k;
      m.gsKt = Math.floor(Math.sqrt(vx * vx + vy * vy));
      m.trackDeg = roundDeg((Math.atan2(vx, vy) * 180) / Math.PI);
    }
  } else {
    if (readBits(b, ME + 13, 1)) m.headingDeg = roundDeg((readBits(b, ME + 14, 10) * 360) / 1024);
    const as = readBits(b, ME + 25, 10);
    if (as !== 0) {
      if (readBits(b, ME + 24, 1)) m.tasKt = (as - 1) * k;
      else m.iasKt = (as - 1) * k;
    }
  }
  const vr = readBits(b, ME + 37, 9);
  if (vr !== 0) {
    m.vrateBaro = readBits(b, ME + 35, 1);
    m.vrateFpm = (readBits(b, ME + 36, 1) ? -(vr - 1) : vr - 1) * 64;
  }
  const diff = readBits(b, ME + 49, 7);
  if (diff !== 0) m.gnssBaroDiffFt = (readBits(b, ME + 48, 1) ? -(diff - 1) : diff - 1) * 25;
}

function decodeOperationalStatus(b: Uint8Array, m: ModeSMessage): void {
  const st = b[4]! & 7;
  m.st = st;
  if (st > 1) return;
  const version = readBits(b, ME + 40, 3);
  m.adsbVersion = version;
  // Version 0 (DO-260) defines none of the integrity fields below
  if (version === 0) return;
  m.nicA = readBits(b, ME + 43, 1);
  m.nacP = readBits(b, ME + 44, 4);
  if (st === 0 && version >= 2) m.gva = readBits(b, ME + 48, 2);
  m.sil = readBits(b, ME + 50, 2);
  if (st === 0) m.nicBaro = readBits(b, ME + 52, 1);
  if (version >= 2) m.silSupplement = readBits(b, ME + 54, 1);
}
