import { describe, expect, it } from 'vitest';
import { AvrFrame, parseAvrLine } from './avr-line.js';
import { formatHex } from './mode-s-message.js';

function parse(line: string) {
  const f = new AvrFrame();
  const reason = parseAvrLine(line, f);
  return { reason, ticks: f.ticks, signal: f.signal, hex: formatHex(f.data, 0, f.len) };
}

describe('parseAvrLine', () => {
  it('reads plain lines (* and :) in either case, with spaces or CR around', () => {
    expect(parse('*8D4840D6202CC371C32CE0576098;')).toMatchObject({
      reason: null,
      hex: '8d4840d6202cc371c32ce0576098',
    });
    expect(parse('  :5d484fdea248f5;\r')).toMatchObject({ reason: null, hex: '5d484fdea248f5' });
    expect(parse('*8D4840D6202CC371C32CE0576098;').ticks).toBeNaN();
  });

  it('reads the 12 MHz counter of @ and % lines, and counter and signal of < lines', () => {
    expect(parse('@030BF18ECEF78F400159E1181500000000D94095;')).toMatchObject({
      reason: null,
      ticks: 3349832191735,
      hex: '8f400159e1181500000000d94095',
    });
    expect(parse('%030BF18ECEF75D484FDEA248F5;').ticks).toBe(3349832191735);
    expect(parse('<030BF18ECEF7205D484FDEA248F5;')).toMatchObject({
      ticks: 3349832191735,
      signal: 0x20,
    });
  });

  it('takes 4-digit lines as Mode A/C and leaves blank lines empty', () => {
    expect(parse('*7700;').hex).toBe('7700');
    expect(parse('   ')).toMatchObject({ reason: null, hex: '' });
  });

  it('refuses lines by reason: no start or end mark, bad digits, wrong length', () => {
    expect(parse('8D4840D6202CC371C32CE0576098;').reason).toBe('bad_frame');
    expect(parse('*8D4840D6202CC371C32CE0576098').reason).toBe('bad_frame');
    expect(parse('*8D4840D6202CC371C32CE05760ZZ;').reason).toBe('bad_hex');
    expect(parse('*8D4840D6202C;').reason).toBe('bad_length');
    expect(parse('@030BF18E;').reason).toBe('bad_length');
    expect(parse('@030BF18ECEFX8F400159E1181500000000D94095;').reason).toBe('bad_hex');
  });
});
