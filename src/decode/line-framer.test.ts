import { describe, expect, it } from 'vitest';
import { LineFramer, type TooLongLine } from './line-framer.js';

const enc = (s: string) => new TextEncoder().encode(s);

function frame(chunks: string[], maxLineLength = 16) {
  const lines: string[] = [];
  const tooLong: TooLongLine[] = [];
  const f = new LineFramer({ maxLineLength, onTooLong: (t) => tooLong.push(t) }, (l) =>
    lines.push(l),
  );
  for (const c of chunks) f.push(enc(c));
  f.end();
  return { lines, tooLong, counters: f.counters };
}

describe('LineFramer', () => {
  it('emits each line without its CR or LF', () => {
    expect(frame(['a\r\nbb\nccc\r\n']).lines).toEqual(['a', 'bb', 'ccc']);
  });

  it('carries a partial line over to the next chunk', () => {
    expect(frame(['ab', 'c\r', '\nd', 'ef\n']).lines).toEqual(['abc', 'def']);
  });

  it('emits a last line without a terminator at the end of input', () => {
    expect(frame(['x\ny']).lines).toEqual(['x', 'y']);
  });

  it('keeps empty lines as empty strings', () => {
    expect(frame(['\n\r\nz\n']).lines).toEqual(['', '', 'z']);
  });

  it('reports an over-long line as data and resynchronises at the next newline', () => {
    const r = frame(['0123456789', 'abcdefghij\r\nok\n']);
    expect(r.lines).toEqual(['ok']);
    expect(r.tooLong).toEqual([{ tooLong: true, length: 20, head: '0123456789abcdef' }]);
    expect(r.counters).toEqual({ lines: 1, tooLong: 1 });
  });

  it('accepts a line of exactly the maximum length, CR or not, in one chunk or split', () => {
    const line = 'x'.repeat(16);
    for (const chunks of [
      [`${line}\r\n`],
      [line.slice(0, 7), `${line.slice(7)}\r`, '\n'],
      [`${line}\n`],
    ]) {
      expect(frame(chunks).lines).toEqual([line]);
    }
    expect(frame([`${line}y\n`]).tooLong[0]?.length).toBe(17);
    expect(frame([line, 'y', '\r\n']).tooLong[0]?.length).toBe(17);
  });

  it('counts an over-long last line without a terminator', () => {
    expect(frame(['y'.repeat(40)]).tooLong[0]?.length).toBe(40);
  });

  it('gives the same lines for every split of the input', () => {
    const input = 'first\r\nsecond line is too long\nthird\n\nlast';
    const whole = frame([input]);
    for (let k = 0; k <= input.length; k++) {
      const split = frame([input.slice(0, k), input.slice(k)]);
      expect(split.lines).toEqual(whole.lines);
      expect(split.tooLong).toEqual(whole.tooLong);
    }
  });

  it('passes bytes outside ASCII through as Latin-1 chars for the decoder to refuse', () => {
    const lines: string[] = [];
    const f = new LineFramer({}, (l) => lines.push(l));
    f.push(Uint8Array.from([0x21, 0xff, 0x00, 0x0a]));
    expect(lines).toEqual(['!\u00ff\u0000']);
  });

  it('drops a partial line on reset', () => {
    const lines: string[] = [];
    const f = new LineFramer({}, (l) => lines.push(l));
    f.push(enc('cut mid'));
    f.reset();
    f.push(enc('whole\n'));
    expect(lines).toEqual(['whole']);
  });

  it('refuses a maximum line length below 1 at construction', () => {
    expect(() => new LineFramer({ maxLineLength: 0 }, () => {})).toThrow(
      /maxLineLength must be an integer >= 1, got 0/,
    );
  });
});
