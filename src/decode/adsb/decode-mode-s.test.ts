import { describe, expect, it } from 'vitest';
import { buildAdsbRecord } from './adsb-record.js';
import {
  decodeAc12,
  decodeAc13,
  decodeId13,
  decodeModeAcCode,
  formatSquawk,
} from './altitude-codes.js';
import { computeResidual, findErrorBit112 } from './crc24.js';
import { decodeModeSHex, ModeSDecoder } from './decode-mode-s.js';
import { ModeSMessage } from './mode-s-message.js';

function record(hex: string, fix = false) {
  const r = decodeModeSHex(hex, { fixSingleBitErrors: fix });
  if (!r.ok) throw new Error(`${hex}: ${r.reason}`);
  return buildAdsbRecord(r.msg);
}

describe('CRC-24', () => {
  it('leaves a residual of 0 for a clean extended squitter and the address for an address/parity reply', () => {
    const b = Uint8Array.from(Buffer.from('8d4840d6202cc371c32ce0576098', 'hex'));
    expect(computeResidual(b, 0, 14)).toBe(0);
    const df4 = Uint8Array.from(Buffer.from('20001718029fcd', 'hex'));
    expect(computeResidual(df4, 0, 7).toString(16)).toBe('4891a6');
  });

  it('maps the residual of every single flipped bit outside the DF field back to that bit', () => {
    const clean = Uint8Array.from(Buffer.from('8d4840d6202cc371c32ce0576098', 'hex'));
    for (let bit = 0; bit < 112; bit++) {
      const b = clean.slice();
      b[bit >>> 3]! ^= 0x80 >>> (bit & 7);
      expect(findErrorBit112(computeResidual(b, 0, 14))).toBe(bit < 5 ? -1 : bit);
    }
  });
});

describe('altitude and identity codes', () => {
  it('reads 25 ft altitudes (Q=1) from AC13 and AC12', () => {
    // 38000 ft = (38000 + 1000) / 25 = 1560 = 0b11000011000, Q (0x10) set, M (0x40 in AC13) clear
    expect(decodeAc12(0b110000111000)).toBe(38000);
    expect(decodeAc13(0b1100000111000)).toBe(38000);
    expect(decodeAc13(0)).toBeNaN();
  });

  it('reads Gillham (Mode C) altitudes in 100 ft steps, and refuses invalid C codes', () => {
    // AC13 layout C1 A1 C2 A2 C4 A4 M B1 Q B2 D2 B4 D4
    // 500 ft count 0; the 100 ft code C1 C2 C4 runs 001, 011, 010, 110, 100 from -1200 ft
    const bit = {
      C1: 0x1000,
      A1: 0x800,
      C2: 0x400,
      A2: 0x200,
      C4: 0x100,
      A4: 0x80,
      B1: 0x20,
      B2: 0x08,
      D2: 0x04,
      B4: 0x02,
      D4: 0x01,
    };
    expect(decodeAc13(bit.C4)).toBe(-1200);
    expect(decodeAc13(bit.C2 | bit.C4)).toBe(-1100);
    expect(decodeAc13(bit.C2)).toBe(-1000);
    expect(decodeAc13(bit.C1 | bit.C2)).toBe(-900);
    expect(decodeAc13(bit.C1)).toBe(-800);
    // 500 ft count 1 (B4, Gray 001): the 100 ft code runs backwards
    expect(decodeAc13(bit.B4 | bit.C1)).toBe(-700);
    expect(decodeAc13(bit.B4 | bit.C4)).toBe(-300);
    // 500 ft Gray 011 (B2 B4) is count 2: forwards again from -300
    expect(decodeAc13(bit.B2 | bit.B4 | bit.C4)).toBe(-200);
    expect(decodeAc13(bit.B4)).toBeNaN(); // no C bit: not a Gillham code
    expect(decodeAc13(bit.C1 | bit.C4)).toBeNaN(); // C codes 101 and 111 are never sent
    expect(decodeAc13(bit.C1 | bit.C2 | bit.C4)).toBeNaN();
  });

  it('reads the four octal digits of a squawk from ID13 and from a Beast Mode A/C frame', () => {
    // 7700: A=7 (A4 A2 A1), B=7, C=0, D=0
    const id = 0x80 | 0x200 | 0x800 | 0x02 | 0x08 | 0x20;
    expect(formatSquawk(decodeId13(id))).toBe('7700');
    expect(formatSquawk(decodeModeAcCode(0x12, 0x34))).toBe('1234');
  });
});

describe('decodeModeSHex', () => {
  it('decodes identification, category and callsign (TC 1-4)', () => {
    expect(record('8d4840d6202cc371c32ce0576098')).toMatchObject({
      df: 17,
      icao24: '4840d6',
      crc_ok: true,
      tc: 4,
      category: 'A0',
      callsign: 'KLM1023',
    });
  });

  it('decodes airborne position fields and ground velocity with exact track', () => {
    expect(record('8d40621d58c382d690c8ac2863a7')).toMatchObject({
      tc: 11,
      altitude_ft: 38000,
      altitude_type: 'baro',
      cpr_odd: false,
      cpr_lat: 93000,
      cpr_lon: 51372,
    });
    expect(record('8d485020994409940838175b284f')).toMatchObject({
      tc: 19,
      gs_kt: 159,
      track_deg: 182.88,
      vrate_fpm: -832,
      vrate_source: 'gnss',
    });
  });

  it('decodes airspeed velocity (subtype 3): heading and TAS', () => {
    expect(record('8da05f219b06b6af189400cbc33f')).toMatchObject({
      tc: 19,
      tc_subtype: 3,
      heading_deg: 243.98,
      tas_kt: 375,
      vrate_fpm: -2304,
    });
  });

  it('recovers the address of DF4/DF5 replies from the parity and decodes altitude and squawk', () => {
    expect(record('20001718029fcd')).toMatchObject({ df: 4, icao24: '4891a6', altitude_ft: 36000 });
    expect(record('2a00516d492b80')).toMatchObject({
      df: 5,
      icao24: '510af9',
      squawk: '0356',
      alert: true,
    });
  });

  it('reads the interrogator code of a DF11 all-call reply from the parity', () => {
    expect(record('5d484fdea248f5')).toMatchObject({
      df: 11,
      icao24: '484fde',
      iid: 0x16,
      capability: 5,
    });
  });

  it('rejects a flipped bit as bad_crc, and repairs it only when asked', () => {
    const bad = '8d4840d6202cc371c32ce0576099';
    const r = decodeModeSHex(bad);
    expect(r.ok ? 'ok' : r.reason).toBe('bad_crc');
    expect(record(bad, true)).toMatchObject({ callsign: 'KLM1023', fixed_bit: 111 });
  });

  it('rejects wrong lengths, unknown formats and bad hex by reason, without throwing', () => {
    const reason = (hex: string) => {
      const r = decodeModeSHex(hex);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason('8d4840d6202cc3')).toBe('bad_length'); // DF17 in 7 bytes
    expect(reason('20001718029fcd00000000000000')).toBe('bad_length'); // DF4 in 14 bytes
    expect(reason('0800000000000000')).toBe('bad_length');
    expect(reason('08001718029fcd')).toBe('unknown_df'); // DF1
    expect(reason('8d4840d6202cc371c32ce05760zz')).toBe('bad_hex');
    expect(reason('')).toBe('bad_length');
  });

  it('counts decoded, rejected and repaired frames per decoder', () => {
    const d = new ModeSDecoder({ fixSingleBitErrors: true });
    const m = new ModeSMessage();
    const good = Uint8Array.from(Buffer.from('8d4840d6202cc371c32ce0576098', 'hex'));
    d.decode(good, 0, 14, m);
    good[13]! ^= 1;
    d.decode(good, 0, 14, m);
    d.decode(good, 0, 3, m);
    expect([d.counters.decoded, d.counters.fixed, d.counters.rejected.bad_length]).toEqual([
      2, 1, 1,
    ]);
  });
});
