import { describe, expect, it } from 'vitest';
import {
  findInvalidArmor,
  packedLength,
  packPayload,
  readChars,
  readFlag,
  readHex,
  readInt,
  readText,
  readUint,
} from './payload-bits.js';
import { armor, buildBits, textField } from './sentence-builder.fixture.js';

function pack(bits: string): Uint8Array {
  const { payload } = armor(bits);
  const b = new Uint8Array(packedLength(payload.length)).fill(0xff);
  expect(packPayload(payload, 0, payload.length, b)).toBe(true);
  return b;
}

describe('payload bits', () => {
  it('reads unsigned and signed fields of every width at every alignment', () => {
    for (let width = 1; width <= 30; width++) {
      for (let at = 0; at < 8; at++) {
        const max = 2 ** width - 1;
        const b = pack(
          buildBits([
            [0, at],
            [max - 1, width],
            [1, 1],
          ]),
        );
        expect(readUint(b, at, width)).toBe(max - 1);
        if (width >= 2) {
          const neg = pack(
            buildBits([
              [0, at],
              [-(2 ** (width - 1)), width],
            ]),
          );
          expect(readInt(neg, at, width)).toBe(-(2 ** (width - 1)));
          const pos = pack(
            buildBits([
              [0, at],
              [2 ** (width - 1) - 1, width],
            ]),
          );
          expect(readInt(pos, at, width)).toBe(2 ** (width - 1) - 1);
        }
      }
    }
  });

  it('reads bits past the end of the payload as zero', () => {
    const b = pack('111111');
    expect(readUint(b, 6, 30)).toBe(0);
    expect(readFlag(b, 5)).toBe(true);
    expect(readFlag(b, 6)).toBe(false);
  });

  it('maps six-bit text by the ITU table (31 is _ and 39 is an apostrophe)', () => {
    const b = pack(
      buildBits([
        [31, 6],
        [39, 6],
        [1, 6],
        [32, 6],
        [48, 6],
      ]),
    );
    expect(readChars(b, 0, 5)).toBe("_'A 0");
  });

  it('ends text at the first @ and drops trailing spaces', () => {
    expect(readText(pack(textField('AB  ', 7)[0]), 0, 7)).toBe('AB');
    expect(readText(pack(textField('AB@CD', 5)[0]), 0, 5)).toBe('AB');
    expect(readText(pack(textField('@@J130B', 7)[0]), 0, 7)).toBe('');
    expect(readText(pack(textField('A B', 3)[0]), 0, 3)).toBe('A B');
  });

  it('gives binary data as bit count and hex, the last byte padded with zeros', () => {
    const b = pack(
      buildBits([
        [0xab, 8],
        [0b101, 3],
      ]),
    );
    expect(readHex(b, 0, 11)).toBe('11:aba0');
    expect(readHex(b, 0, 0)).toBe('0:');
  });

  it('refuses chars outside the armour alphabet', () => {
    expect(findInvalidArmor('0Ww`', 0, 4)).toBe(-1);
    for (const bad of ['X', '_', 'x', '/', '\u00e9', ' ']) {
      expect(findInvalidArmor(`00${bad}`, 0, 3)).toBe(2);
      expect(packPayload(`0${bad}`, 0, 2, new Uint8Array(16))).toBe(false);
    }
  });
});
