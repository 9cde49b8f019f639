import { describe, expect, it } from 'vitest';
import {
  AisDecoder,
  type AisDecoderOptions,
  type AisPositionReport,
  type AisResult,
  isAisRejected,
} from './index.js';
import {
  buildBits,
  buildSentences,
  checksum,
  positionReportBits,
  tagBlock,
  textField,
  wrap,
} from './sentence-builder.fixture.js';

const POSITION = positionReportBits({
  mmsi: 272123456,
  lonRaw: 30.5 * 600000,
  latRaw: -46.25 * 600000,
  sogRaw: 123,
  cogRaw: 2245,
  heading: 224,
  navStatus: 5,
});
const [ONE] = buildSentences(POSITION);

/** Results of feeding lines (receive time = index * stepMs), then flushing. */
function decodeAll(
  lines: string[],
  options?: AisDecoderOptions,
  stepMs = 0,
  flush = true,
): AisResult[] {
  const d = new AisDecoder(options);
  const out: AisResult[] = [];
  for (const [i, l] of lines.entries()) d.pushLine(l, i * stepMs, (r) => out.push(r));
  if (flush) d.expire(Number.POSITIVE_INFINITY, (r) => out.push(r));
  return out;
}

function summary(out: AisResult[]): string[] {
  return out.map((r) =>
    isAisRejected(r) ? `${r.error}:${r.lines.length}` : `msg:${r.message.type}`,
  );
}

/** Type 5 bits: a static report that needs two sentences. */
const STATIC_BITS = buildBits([
  [5, 6],
  [0, 2],
  [272123456, 30],
  [0, 2],
  [9123456, 30],
  textField('UTSB', 7),
  textField('PROBE', 20),
  [70, 8],
  [100, 9],
  [20, 9],
  [10, 6],
  [8, 6],
  [1, 4],
  [6, 4],
  [14, 5],
  [12, 5],
  [30, 6],
  [85, 8],
  textField('ODESA', 20),
  [0, 1],
  [0, 1],
]);

describe('AisDecoder', () => {
  it('decodes a position report to the normalized fields and units', () => {
    const [r] = decodeAll([ONE!]);
    expect(r).toEqual({
      message: {
        type: 1,
        repeat: 0,
        mmsi: 272123456,
        nav_status: 5,
        rot_raw: -128,
        sog: 12.3,
        accuracy: true,
        lon: 30.5,
        lat: -46.25,
        cog: 224.5,
        heading: 224,
        second: 30,
        maneuver: 0,
        raim: false,
      } satisfies AisPositionReport,
      lines: [ONE],
      tagBlock: undefined,
      channel: 'A',
    });
  });

  it('accepts any talker, VDO, a $ start, receiver metadata after the checksum and lower-case hex', () => {
    const body = ONE!.slice(1, ONE!.indexOf('*'));
    const lines = [
      wrap(body.replace('AIVDM', 'BSVDM')),
      wrap(body.replace('AIVDM', 'AIVDO')),
      `$${body}*${checksum(body)}`,
      `${ONE},raishub,1342569600`,
      `!${body}*${checksum(body).toLowerCase()}`,
    ];
    expect(summary(decodeAll(lines))).toEqual(['msg:1', 'msg:1', 'msg:1', 'msg:1', 'msg:1']);
  });

  it('reads the source and time of a tag block, seconds or milliseconds', () => {
    const out = decodeAll([
      `${tagBlock('s:rx-odesa,c:1700000000')}${ONE}`,
      `${tagBlock('c:1700000000123,s:x')}${ONE}`,
    ]);
    expect(out.map((r) => (isAisRejected(r) ? r : r.tagBlock))).toEqual([
      { source: 'rx-odesa', timeMs: 1_700_000_000_000 },
      { source: 'x', timeMs: 1_700_000_000_123 },
    ]);
  });

  it('drops a tag block that fails its checksum but decodes the sentence after it', () => {
    const [r] = decodeAll([`\\s:rx,c:1700000000*00\\${ONE}`]);
    expect(r !== undefined && !isAisRejected(r) && r.tagBlock).toBe(undefined);
    expect(summary(decodeAll([`\\s:rx,c:17${ONE}`]))).toEqual(['truncated_line:1']);
  });

  it('skips lines that are not VDM/VDO sentences', () => {
    const d = new AisDecoder();
    const out: AisResult[] = [];
    for (const l of [
      '',
      '# comment',
      '$GPGGA,1,2*00',
      '$PGHP,1,2010*5B',
      '!AIALR,1*00',
      '\\s:a*61\\',
    ])
      d.pushLine(l, 0, (r) => out.push(r));
    expect(out).toEqual([]);
    expect(d.counters.lines).toBe(6);
  });

  it('refuses bad lines with the reason of the first failed check', () => {
    const body = ONE!.slice(1, ONE!.indexOf('*'));
    const cases: [string, string][] = [
      [`!${body}*00`, 'bad_checksum'],
      [`!${body}*G1`, 'bad_checksum'],
      [`!${body}`, 'missing_checksum'],
      [`!${body.slice(0, 30)}`, 'truncated_line'],
      [`!${body}*`, 'truncated_line'],
      [`!${body}*4`, 'truncated_line'],
      ['!AIVDM', 'truncated_line'],
      [wrap(body.replace(',A,', ',')), 'bad_field_count'],
      [wrap(`${body},0`), 'bad_field_count'],
      [wrap(body.replace('VDM,1,1', 'VDM,x,1')), 'undecodable'],
      [wrap(body.replace('VDM,1,1', 'VDM,0,1')), 'missing_fragment'],
      [wrap(body.replace('VDM,1,1', 'VDM,1,2')), 'missing_fragment'],
      [wrap(body.replace(/,0$/, ',6')), 'bad_fill_bits'],
      [wrap(body.replace(/,0$/, ',')), 'bad_fill_bits'],
      [wrap(body.replace(',A,1', ',A,1x')), 'invalid_armor_char'],
      [wrap('AIVDM,1,1,,B,,0'), 'empty_payload'],
      [wrap('AIVDM,1,1,,B,1,4'), 'bad_bit_count'],
      [wrap('AIVDM,1,1,,B,0000000,0'), 'unknown_msg_type'],
      [wrap('AIVDM,1,1,,B,w000000,0'), 'unknown_msg_type'],
      [wrap(`AIVDM,1,1,,B,${body.split(',')[5]!.slice(0, 27)},0`), 'bad_bit_count'],
    ];
    for (const [line, reason] of cases) {
      expect({ line, got: summary(decodeAll([line])) }).toEqual({ line, got: [`${reason}:1`] });
    }
  });

  it('reassembles a multi-sentence message, fill bits from the last part, tag block from the first', () => {
    const parts = buildSentences(STATIC_BITS, { charsPerFragment: 40, seq: '3', channel: 'B' });
    expect(parts).toHaveLength(2);
    const lines = [`${tagBlock('s:rx,c:1700000000')}${parts[0]}`, parts[1]!];
    const [r] = decodeAll(lines);
    if (r === undefined || isAisRejected(r)) throw new Error('expected a message');
    expect(r.lines).toEqual(lines);
    expect(r.channel).toBe('B');
    expect(r.tagBlock).toEqual({ source: 'rx', timeMs: 1_700_000_000_000 });
    expect(r.message).toMatchObject({
      type: 5,
      mmsi: 272123456,
      imo: 9123456,
      callsign: 'UTSB',
      shipname: 'PROBE',
      ship_type: 70,
      draught: 8.5,
      destination: 'ODESA',
      dte: 0,
    });
  });

  it('keeps messages with different keys apart while they interleave', () => {
    const a = buildSentences(STATIC_BITS, { charsPerFragment: 40, seq: '1', channel: 'A' });
    const b = buildSentences(STATIC_BITS, { charsPerFragment: 40, seq: '1', channel: 'B' });
    const c = buildSentences(STATIC_BITS, { charsPerFragment: 40, seq: '2', channel: 'A' });
    const out = decodeAll([a[0]!, b[0]!, c[0]!, ONE!, c[1]!, a[1]!, b[1]!]);
    expect(out.map((r) => (isAisRejected(r) ? r.error : r.lines[0]))).toEqual([
      ONE,
      c[0],
      a[0],
      b[0],
    ]);
  });

  it('refuses a later part whose first part never came as orphan_fragment', () => {
    const parts = buildSentences(STATIC_BITS, { charsPerFragment: 40 });
    expect(summary(decodeAll([parts[1]!]))).toEqual(['orphan_fragment:1']);
  });

  it('drops a pending message as missing_fragment when a new first part takes its key', () => {
    const parts = buildSentences(STATIC_BITS, { charsPerFragment: 40 });
    expect(summary(decodeAll([parts[0]!, parts[0]!, parts[1]!]))).toEqual([
      'missing_fragment:1',
      'msg:5',
    ]);
  });

  it('drops a pending message when a part is skipped, and refuses a repeated part alone', () => {
    const parts = buildSentences(STATIC_BITS, { charsPerFragment: 20 });
    expect(parts).toHaveLength(4);
    const [p1, p2, p3, p4] = parts as [string, string, string, string];
    expect(summary(decodeAll([p1, p3, p4]))).toEqual([
      'missing_fragment:1',
      'orphan_fragment:1',
      'orphan_fragment:1',
    ]);
    expect(summary(decodeAll([p1, p2, p2, p3, p4]))).toEqual(['orphan_fragment:1', 'msg:5']);
  });

  it('drops the oldest pending message beyond the pending limit', () => {
    const firsts = Array.from({ length: 4 }, (_, k) =>
      buildSentences(STATIC_BITS, { charsPerFragment: 40, seq: String(k) }),
    );
    const out = decodeAll(
      firsts.map((p) => p[0]!),
      { maxPendingMessages: 3 },
      0,
      false,
    );
    expect(out.map((r) => (isAisRejected(r) ? `${r.error} ${r.lines[0]}` : 'msg'))).toEqual([
      `missing_fragment ${firsts[0]![0]}`,
    ]);
  });

  it('drops a pending message older than the time window, at the next line or on expire', () => {
    const parts = buildSentences(STATIC_BITS, { charsPerFragment: 40 });
    // Second part 11 s after the first: too late.
    expect(
      summary(decodeAll([parts[0]!, parts[1]!], { fragmentTimeoutMs: 10_000 }, 11_000)),
    ).toEqual(['missing_fragment:1', 'orphan_fragment:1']);
    expect(
      summary(decodeAll([parts[0]!, parts[1]!], { fragmentTimeoutMs: 10_000 }, 9_000)),
    ).toEqual(['msg:5']);
    const d = new AisDecoder();
    const out: AisResult[] = [];
    d.pushLine(parts[0]!, 1000, (r) => out.push(r));
    d.expire(11_000, (r) => out.push(r));
    expect(out).toEqual([]);
    d.expire(11_001, (r) => out.push(r));
    expect(summary(out)).toEqual(['missing_fragment:1']);
  });

  it('counts lines, messages and refusals by reason', () => {
    const d = new AisDecoder();
    for (const l of [ONE!, ONE!, '# x', wrap('AIVDM,1,1,,B,,0')]) d.pushLine(l, 0, () => {});
    expect(d.counters.lines).toBe(4);
    expect(d.counters.messages).toBe(2);
    expect(d.counters.rejected.empty_payload).toBe(1);
    expect(Object.values(d.counters.rejected).reduce((a, b) => a + b)).toBe(1);
  });

  it('refuses bad options at construction with what it expected', () => {
    expect(() => new AisDecoder({ maxPendingMessages: 0 })).toThrow(/integer >= 1, got 0/);
    expect(() => new AisDecoder({ fragmentTimeoutMs: -1 })).toThrow(/>= 0, got -1/);
  });
});
