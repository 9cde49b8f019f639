import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('writes no whitespace and sorts object keys at every depth', () => {
    expect(canonicalJson({ b: [3, { z: 1, a: null }], a: 'x', c: true })).toBe(
      '{"a":"x","b":[3,{"a":null,"z":1}],"c":true}',
    );
  });

  it('gives the same text for the same value whatever the key insertion order', () => {
    expect(canonicalJson({ x: 1, y: { p: 1, q: 2 } })).toBe(
      canonicalJson({ y: { q: 2, p: 1 }, x: 1 }),
    );
  });

  it('sorts keys by UTF-16 code units, as RFC 8785 does', () => {
    // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FB01.
    expect(canonicalJson({ '\ufb01': 1, '\u{1f600}': 2, é: 3, e: 4 })).toBe(
      '{"e":4,"é":3,"\u{1f600}":2,"\ufb01":1}',
    );
  });

  it('writes numbers and strings as ECMAScript JSON does', () => {
    expect(canonicalJson([1e21, 1e-7, -0, 0.1, 'a"b\\c\n\u0001é'])).toBe(
      '[1e+21,1e-7,0,0.1,"a\\"b\\\\c\\n\\u0001é"]',
    );
  });

  it('leaves out members whose value is undefined, as JSON.stringify does', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it('refuses what has no single JSON text, naming where it is', () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow(/\$\.a\[1\]: expected a finite/);
    expect(() => canonicalJson({ s: 'x\ud800' })).toThrow(/\$\.s: a string with a lone/);
    expect(() => canonicalJson([undefined])).toThrow(/\$\[0\]: undefined/);
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(/\$\.d: expected a plain object.*Date/);
    expect(() => canonicalJson({ n: 1n })).toThrow(/bigint has no JSON form/);
  });
});
