/**
 * Mode S downlink formats (ICAO Annex 10 Vol IV 3.1.2): length and CRC
 * checks, address recovery, the surveillance fields of DF0/4/5/11/16/20/21
 * and the extended squitters of DF17/18/19. Never throws on wire bytes: a
 * frame is either written into the message or rejected with a reason.
 */
import { decodeAc13, decodeId13 } from './altitude-codes.js';
import { hexDigit, readBits, readCallsign } from './bits.js';
import { computeResidual, findErrorBit112 } from './crc24.js';
import { decodeExtendedSquitter } from './decode-extended-squitter.js';
import { type AdsbRejectReason, formatHex, ModeSMessage } from './mode-s-message.js';

/** Short (56-bit) and long (112-bit) message sizes in bytes. */
export const MODE_S_SHORT_BYTES = 7;
export const MODE_S_LONG_BYTES = 14;

/** DF11 parity is overlaid with the interrogator code (II 4 bits / SI 6 bits) in its low 7 bits. */
const DF11_IC_MASK = 0x7f;

/** Downlink formats we decode; others are `unknown_df`. DF24 stands for 24-31 (its DF field is 2 bits). */
const KNOWN_DF = new Uint8Array(25);
for (const df of [0, 4, 5, 11, 16, 17, 18, 19, 20, 21, 24]) KNOWN_DF[df] = 1;

/** Flight status (FS) to on-ground: 0/2 airborne, 1/3 on ground, else unknown. */
const FS_GROUND = [0, 1, 0, 1, -1, -1, -1, -1];
/** Capability (CA) to on-ground: 4 on ground, 5 airborne, else unknown. */
const CA_GROUND = [-1, -1, -1, -1, 1, 0, -1, -1];

export interface ModeSDecoderOptions {
  /** Repair a single flipped bit in DF17/18 by its syndrome (off by default: it can invent messages from noise). */
  fixSingleBitErrors?: boolean;
}

export interface ModeSCounters {
  decoded: number;
  /** DF17/18 frames repaired by flipping one bit. */
  fixed: number;
  rejected: Record<AdsbRejectReason, number>;
}

export function createCounters(): ModeSCounters {
  return {
    decoded: 0,
    fixed: 0,
    rejected: {
      bad_length: 0,
      bad_hex: 0,
      bad_crc: 0,
      unknown_df: 0,
      bad_frame: 0,
      bad_sbs_field: 0,
    },
  };
}

export class ModeSDecoder {
  readonly counters = createCounters();
  private readonly fix: boolean;

  constructor(options: ModeSDecoderOptions = {}) {
    this.fix = options.fixSingleBitErrors ?? false;
  }

  /**
   * Decodes `len` bytes at `src[start]` into `out` and returns null, or
   * returns why the frame was rejected. On rejection `out.df`, `out.residual`
   * and the bytes are still set, for error reports.
   */
  decode(src: Uint8Array, start: number, len: number, out: ModeSMessage): AdsbRejectReason | null {
    const reason = this.decodeFrame(src, start, len, out);
    if (reason === null) this.counters.decoded++;
    else this.counters.rejected[reason]++;
    return reason;
  }

  private decodeFrame(
    src: Uint8Array,
    start: number,
    len: number,
    m: ModeSMessage,
  ): AdsbRejectReason | null {
    m.reset();
    const b = m.bytes;
    const n = Math.min(len, MODE_S_LONG_BYTES);
    for (let i = 0; i < n; i++) b[i] = src[start + i]!;
    b.fill(0, n);
    m.len = n;
    if (len !== MODE_S_SHORT_BYTES && len !== MODE_S_LONG_BYTES) return 'bad_length';
    let df = b[0]! >>> 3;
    if (df > 24) df = 24;
    m.df = df;
    if ((df < 16 ? MODE_S_SHORT_BYTES : MODE_S_LONG_BYTES) !== len) return 'bad_length';
    if (KNOWN_DF[df] !== 1) return 'unknown_df';
    const r = computeResidual(b, 0, len);
    m.residual = r;

    if (df === 17 || df === 18 || df === 19) {
      if (r !== 0) {
        const bit = this.fix && df !== 19 ? findErrorBit112(r) : -1;
        if (bit < 0) return 'bad_crc';
        b[bit >>> 3]! ^= 0x80 >>> (bit & 7);
        m.fixedBit = bit;
        this.counters.fixed++;
      }
      m.crcOk = true;
      m.icao = (b[1]! << 16) | (b[2]! << 8) | b[3]!;
      if (df === 17) {
        m.ca = b[0]! & 7;
        m.onGround = CA_GROUND[m.ca]!;
      } else if (df === 18) {
        m.cf = b[0]! & 7;
        // CF 1 and 5: anonymous / non-ICAO address; CF 2, 3, 6: TIS-B / ADS-R with IMF in ME bit 8
        m.nonIcao = m.cf === 1 || m.cf === 5 || ((m.cf === 2 || m.cf === 6) && (b[4]! & 1) === 1);
        if (m.cf === 3 || m.cf === 4 || m.cf === 7) return null; // coarse TIS-B, management, reserved
      } else if ((b[0]! & 7) !== 0) {
        return null; // DF19 AF != 0: military formats, address and CRC only
      }
      decodeExtendedSquitter(b, m);
      return null;
    }

    if (df === 11) {
      if ((r & ~DF11_IC_MASK) !== 0) return 'bad_crc';
      m.crcOk = true;
      m.iid = r;
      m.ca = b[0]! & 7;
      m.onGround = CA_GROUND[m.ca]!;
      m.icao = (b[1]! << 16) | (b[2]! << 8) | b[3]!;
      return null;
    }

    // Address/parity formats: the residual *is* the address. It cannot be
    // checked here; the aircraft table trusts it only for known aircraft.
    m.crcOk = true;
    m.icao = r;
    if (df === 0 || df === 16) {
      m.onGround = (b[0]! >>> 2) & 1; // VS
      m.altFt = decodeAc13(readBits(b, 19, 13));
    } else if (df === 4 || df === 20) {
      decodeFlightStatus(b, m);
      m.altFt = decodeAc13(readBits(b, 19, 13));
    } else if (df === 5 || df === 21) {
      decodeFlightStatus(b, m);
      m.squawk = decodeId13(readBits(b, 19, 13));
    }
    // Comm-B BDS 2,0 (aircraft identification) is the one register that names itself
    if ((df === 20 || df === 21) && b[4] === 0x20) {
      const cs = readCallsign(b, 40, true);
      if (cs !== '') {
        m.callsign = cs;
        m.commBIdent = true;
      }
    }
    return null;
  }
}

function decodeFlightStatus(b: Uint8Array, m: ModeSMessage): void {
  m.fs = b[0]! & 7;
  m.onGround = FS_GROUND[m.fs]!;
}

/** A decoded message, or a rejection with the reason and the raw input. */
export type ModeSResult =
  | { ok: true; msg: ModeSMessage }
  | { ok: false; reason: AdsbRejectReason; hex: string; df: number; residual: number };

/**
 * Convenience for tests and one-offs: decodes one message given as hex into a
 * fresh ModeSMessage (allocates; the streaming paths use ModeSDecoder.decode).
 */
export function decodeModeSHex(hex: string, options: ModeSDecoderOptions = {}): ModeSResult {
  const decoder = new ModeSDecoder(options);
  const n = hex.length >>> 1;
  const bytes = new Uint8Array(n);
  let bad = (hex.length & 1) !== 0;
  for (let i = 0; i < n && !bad; i++) {
    const hi = hexDigit(hex.charCodeAt(2 * i));
    const lo = hexDigit(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) bad = true;
    bytes[i] = (hi << 4) | lo;
  }
  if (bad) return { ok: false, reason: 'bad_hex', hex, df: -1, residual: 0 };
  const msg = new ModeSMessage();
  const reason = decoder.decode(bytes, 0, n, msg);
  if (reason === null) return { ok: true, msg };
  return { ok: false, reason, hex: formatHex(bytes, 0, n), df: msg.df, residual: msg.residual };
}
