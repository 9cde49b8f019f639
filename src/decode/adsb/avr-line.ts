/**
 * AVR text lines, as dump1090 writes them on port 30002 and accepts on its
 * raw input (one message per line, hex digits, `;` at the end):
 *
 *   *8D4840D6202CC371C32CE0576098;            plain (also `:`)
 *   @030BF18ECEF78F400159E1181500000000D94095; 12 hex digits of the 12 MHz counter first (also `%`)
 *   <030BF18ECEF7208F400159E11815…;           counter, then 2 hex digits of signal level
 *
 * Lines come from the shared LineFramer; this only parses one. No
 * allocation: the message goes into a reusable AvrFrame.
 */
import { hexDigit } from './bits.js';
import { MODE_S_BUFFER_BYTES } from './mode-s-message.js';

/** Hex digits of the MLAT counter after `@`, `%` and `<`. */
const AVR_COUNTER_DIGITS = 12;
/** Hex digits of the signal level after the counter in `<` lines. */
const AVR_SIGNAL_DIGITS = 2;

export class AvrFrame {
  /** 12 MHz counter from `@`/`%`/`<` lines; NaN for `*`/`:` lines. */
  ticks = Number.NaN;
  /** Signal level (`<` lines), -1 otherwise. */
  signal = -1;
  /** The message bytes; `len` valid: 2 (Mode A/C), 7 or 14, 0 for a blank line. */
  readonly data = new Uint8Array(MODE_S_BUFFER_BYTES);
  len = 0;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/**
 * Parses one line into `out`. Returns null (a blank line leaves `out.len` 0),
 * or why the line is not an AVR message: `bad_frame` (no start character or
 * no `;`), `bad_hex`, `bad_length`.
 */
export function parseAvrLine(
  line: string,
  out: AvrFrame,
): 'bad_frame' | 'bad_hex' | 'bad_length' | null {
  out.ticks = Number.NaN;
  out.signal = -1;
  out.len = 0;
  let s = 0;
  let e = line.length;
  while (s < e && isSpace(line.charCodeAt(s))) s++;
  while (e > s && isSpace(line.charCodeAt(e - 1))) e--;
  if (s === e) return null;
  const lead = line.charCodeAt(s);
  if (line.charCodeAt(e - 1) !== 59 /* ; */) return 'bad_frame';
  e--;
  s++;
  if (lead === 64 /* @ */ || lead === 37 /* % */ || lead === 60 /* < */) {
    const head = AVR_COUNTER_DIGITS + (lead === 60 ? AVR_SIGNAL_DIGITS : 0);
    if (e - s < head) return 'bad_length';
    let t = 0;
    for (let i = 0; i < AVR_COUNTER_DIGITS; i++) {
      const v = hexDigit(line.charCodeAt(s + i));
      if (v < 0) return 'bad_hex';
      t = t * 16 + v;
    }
    out.ticks = t;
    if (lead === 60) {
      const hi = hexDigit(line.charCodeAt(s + AVR_COUNTER_DIGITS));
      const lo = hexDigit(line.charCodeAt(s + AVR_COUNTER_DIGITS + 1));
      if (hi < 0 || lo < 0) return 'bad_hex';
      out.signal = (hi << 4) | lo;
    }
    s += head;
  } else if (lead !== 42 /* * */ && lead !== 58 /* : */) {
    return 'bad_frame';
  }
  const digits = e - s;
  if (digits !== 4 && digits !== 14 && digits !== 28) return 'bad_length';
  const d = out.data;
  for (let i = 0; i < digits; i += 2) {
    const hi = hexDigit(line.charCodeAt(s + i));
    const lo = hexDigit(line.charCodeAt(s + i + 1));
    if (hi < 0 || lo < 0) return 'bad_hex';
    d[i >>> 1] = (hi << 4) | lo;
  }
  out.len = digits >>> 1;
  return null;
}
