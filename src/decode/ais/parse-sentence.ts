/**
 * One line of an AIS feed to the fields of its `!xxVDM` / `!xxVDO` sentence
 * (IEC 61162-1 / NMEA 0183 encapsulation):
 *
 *   [\tag block*hh\]!AIVDM,<count>,<number>,<seq id>,<channel>,<payload>,<fill bits>*hh[metadata]
 *
 * One pass over the chars computes the checksum and finds the commas; the
 * fields are kept as positions in the line (no split, no substrings) in a
 * SentenceFields that the caller reuses. The order of the checks is the one
 * documented in reject-reason.ts.
 */
import type { AisRejectReason } from './reject-reason.js';

const BANG = 33; // '!' starts an encapsulation sentence
const DOLLAR = 36; // '$' (some old receivers send $AIVDM)
const STAR = 42; // '*' precedes the checksum
const COMMA = 44; // field separator
const BACKSLASH = 92; // '\' opens and closes a tag block (NMEA 4.10)
const ZERO = 48;
/** Fields of a VDM/VDO sentence: formatter, count, number, seq id, channel, payload, fill bits. */
const VDM_FIELDS = 7;
/** Fragment count of a message is one digit (IEC 61162-1: 1–9). */
const MAX_FRAGMENTS = 9;
/** Fill bits pad the last char of the payload: 0–5. */
const MAX_FILL_BITS = 5;

/** Where the fields of the last sentence parsed are, and what its tag block said. */
export class SentenceFields {
  /** Index of the `!` (or `$`). */
  start = 0;
  /** Comma positions: commas[k] ends field k (0 = formatter … 5 = payload). */
  readonly commas = new Int32Array(VDM_FIELDS - 1);
  count = 0;
  number = 0;
  fill = 0;
  /** NMEA 4.10 tag block `s:` (source) and `c:` (UNIX time, here in ms), when present. */
  source: string | undefined = undefined;
  timeMs: number | undefined = undefined;
}

/** `ok`, a reason to refuse the line, or `ignored` for a line that is not a VDM/VDO sentence. */
export type SentenceOutcome = 'ok' | 'ignored' | AisRejectReason;

/** Value of a hex digit, -1 for anything else. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20; // fold A-F to a-f
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** Checksum `hh` at s[i], s[i+1] as a number, -1 if not two hex digits. */
function readChecksum(s: string, i: number): number {
  const hi = hexValue(s.charCodeAt(i));
  const lo = hexValue(s.charCodeAt(i + 1));
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Parses the tag block opening at `open` (a `\`) and returns the index after
 * its closing `\`, or truncated_line when it has none. Its `s:` and `c:` are
 * kept only when its checksum (`*h` or `*hh`) is right: a tag block that
 * fails it is untrusted metadata and dropped, while the sentence after it
 * stands on its own checksum (real feeds and the pyais samples carry such
 * tag blocks; gpsd and libais decode their sentences).
 */
function parseTagBlock(line: string, open: number, f: SentenceFields): number | AisRejectReason {
  const close = line.indexOf('\\', open + 1);
  if (close < 0) return 'truncated_line';
  const star = line.lastIndexOf('*', close);
  if (star <= open || close - star < 2 || close - star > 3) return close + 1;
  let x = 0;
  for (let i = open + 1; i < star; i++) x ^= line.charCodeAt(i);
  const sum =
    close - star === 3 ? readChecksum(line, star + 1) : hexValue(line.charCodeAt(star + 1));
  if (sum !== x) return close + 1;
  // Parameters `k:value`, comma separated; only the source and time matter here.
  let i = open + 1;
  while (i < star) {
    let end = line.indexOf(',', i);
    if (end < 0 || end > star) end = star;
    if (line.charCodeAt(i + 1) === 58 /* ':' */) {
      const k = line.charCodeAt(i);
      if (k === 115 /* s */) f.source = line.slice(i + 2, end);
      else if (k === 99 /* c */) {
        const v = parseDigits(line, i + 2, end);
        // Seconds since 1970; some receivers send milliseconds (> 1e11 is after 5138 in seconds).
        if (v >= 0) f.timeMs = v > 1e11 ? v : v * 1000;
      }
    }
    i = end + 1;
  }
  return close + 1;
}

/** The decimal integer in s[start, end), or -1 if empty or not all digits. */
function parseDigits(s: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return -1;
    v = v * 10 + (c - ZERO);
  }
  return v;
}

/** Parses `line` into `f`. */
export function parseSentence(line: string, f: SentenceFields): SentenceOutcome {
  f.source = undefined;
  f.timeMs = undefined;
  const len = line.length;
  let s = 0;
  while (s < len && line.charCodeAt(s) === BACKSLASH) {
    const next = parseTagBlock(line, s, f);
    if (typeof next === 'string') return next;
    s = next;
  }
  const c0 = line.charCodeAt(s);
  if (c0 !== BANG && c0 !== DOLLAR) return 'ignored';
  // `!` + talker (2) + formatter (3); a line that ends before it was cut.
  if (len - s < 6) return c0 === BANG ? 'truncated_line' : 'ignored';
  const f0 = line.charCodeAt(s + 5);
  if (line.charCodeAt(s + 3) !== 86 /* V */ || line.charCodeAt(s + 4) !== 68 /* D */)
    return 'ignored';
  if (f0 !== 77 /* M */ && f0 !== 79 /* O */) return 'ignored';
  if (len === s + 6) return 'truncated_line';
  if (line.charCodeAt(s + 6) !== COMMA) return 'ignored';
  f.start = s;

  // One pass: XOR checksum of the chars between `!` and `*`, comma positions.
  const p = f.commas;
  let x = 0;
  let commas = 0;
  let i = s + 1;
  for (; i < len; i++) {
    const c = line.charCodeAt(i);
    if (c === STAR) break;
    x ^= c;
    if (c === COMMA) {
      if (commas < VDM_FIELDS - 1) p[commas] = i;
      commas++;
    }
  }
  if (i === len) {
    // No checksum. A sentence that still ends in a whole fill-bits field lost
    // only its `*hh`; one that stops earlier was cut mid-line.
    const ends = commas >= VDM_FIELDS - 1 && isDigit(line.charCodeAt(p[VDM_FIELDS - 2]! + 1));
    return ends ? 'missing_checksum' : 'truncated_line';
  }
  if (len - i < 3) return 'truncated_line';
  if (readChecksum(line, i + 1) !== x) return 'bad_checksum';
  if (commas !== VDM_FIELDS - 1) return 'bad_field_count';

  // Fragment count and number: one digit each, 1 ≤ number ≤ count ≤ 9.
  // Numbering that cannot make a whole message ("part 1 of 0", "3 of 2") means
  // parts are missing by the sentence's own account: missing_fragment.
  if (p[1]! - p[0]! !== 2 || p[2]! - p[1]! !== 2) return 'undecodable';
  const count = line.charCodeAt(p[0]! + 1) - ZERO;
  const number = line.charCodeAt(p[1]! + 1) - ZERO;
  if (count < 0 || count > MAX_FRAGMENTS || number < 0 || number > MAX_FRAGMENTS)
    return 'undecodable';
  if (count === 0 || number === 0 || number > count) return 'missing_fragment';
  f.count = count;
  f.number = number;

  const fill = i - p[5]! === 2 ? line.charCodeAt(p[5]! + 1) - ZERO : -1;
  if (fill < 0 || fill > MAX_FILL_BITS) return 'bad_fill_bits';
  f.fill = fill;
  return 'ok';
}
