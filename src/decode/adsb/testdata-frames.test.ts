/**
 * Conformance on the shared ADS-B corpora (shared/testdata/adsb, see its
 * README): every expectation file of single frames. Skipped, with a message,
 * when the corpora are not beside the repository.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAdsbRecord } from './adsb-record.js';
import { AircraftTable } from './aircraft-table.js';
import { BeastFramer } from './beast-framer.js';
import { decodeModeSHex, ModeSDecoder } from './decode-mode-s.js';
import { formatHex, ModeSMessage } from './mode-s-message.js';
import { parseSbsLine } from './sbs-line.js';
import { HAVE_TESTDATA, NO_TESTDATA_NOTE, readJsonl, TESTDATA_DIR } from './testdata.fixture.js';

/** Expected fields that differ from our record, as readable lines. */
function diffFields(expected: Record<string, unknown>, record: object): string[] {
  const got = record as Record<string, unknown>;
  const out: string[] = [];
  for (const [k, v] of Object.entries(expected)) {
    if (got[k] !== v)
      out.push(`${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(got[k])}`);
  }
  return out;
}

/** Pass counts per file, printed once for the report. */
const passCounts: string[] = [];
function record(file: string, pass: number, total: number): void {
  passCounts.push(`${file}: ${pass}/${total}`);
  if (passCounts.length === 6) console.log(`ADS-B conformance\n  ${passCounts.join('\n  ')}`);
}

describe.runIf(HAVE_TESTDATA)('the shared ADS-B corpora, frame by frame', () => {
  it('decodes every Beast frame of beastblackbox part 1 to dump1090 and pyModeS fields, with positions after each frame', () => {
    const exp = readJsonl('beastblackbox/expected-frames-part1.jsonl');
    const byOffset = new Map(exp.map((e) => [Number(String(e.src).split('@byte')[1]), e]));
    const framer = new BeastFramer();
    const decoder = new ModeSDecoder();
    const table = new AircraftTable();
    const m = new ModeSMessage();
    const failures: string[] = [];
    let pass = 0;
    let positions = 0;
    let unexpectedModeS = 0;
    framer.push(readFileSync(join(TESTDATA_DIR, 'bulk/beastblackbox-ulss7-part1.beast')), (f) => {
      if (f.type !== 0x32 && f.type !== 0x33) return;
      const e = byOffset.get(f.offset);
      const reason = decoder.decode(f.data, 0, f.len, m);
      const u = reason === null ? table.update(m, f.ticks / 12_000) : undefined;
      if (e === undefined) {
        // dump1090 printed nothing for it: we must refuse it too
        if (u?.rejected === null) unexpectedModeS++;
        return;
      }
      const problems: string[] = [];
      if (f.ticks !== e.beast.mlat_ticks || f.signal !== e.beast.signal)
        problems.push('beast header');
      if (f.escapes !== e.beast.escaped_bytes) problems.push('escapes');
      if (formatHex(f.data, 0, f.len) !== e.hex) problems.push('hex');
      if (reason !== null || u === undefined || u.rejected !== null)
        problems.push(`rejected ${reason ?? u?.rejected}`);
      else {
        problems.push(...diffFields(e.expected, buildAdsbRecord(m)));
        const p = e.position_after_frame;
        if (p !== undefined) {
          positions++;
          if (!u.position || Math.abs(u.lat - p.lat) > 1.5e-5 || Math.abs(u.lon - p.lon) > 1.5e-5)
            problems.push(
              `position: expected ${p.lat},${p.lon}, got ${u.position ? `${u.lat},${u.lon}` : 'none'}`,
            );
        } else if (u.position) problems.push(`position where dump1090 had none: ${u.lat},${u.lon}`);
      }
      if (problems.length === 0) pass++;
      else failures.push(`${e.id}: ${problems.join('; ')}`);
    });
    record('beastblackbox/expected-frames-part1.jsonl', pass, exp.length);
    expect(failures.slice(0, 10)).toEqual([]);
    expect(pass).toBe(5353);
    expect(positions).toBe(902);
    expect(unexpectedModeS).toBe(0);
  });

  it('decodes the 2000 frames of pyModeS sample_data_adsb to pyModeS 3.3.0 fields', () => {
    const exp = readJsonl('pymodes/expected-sample_data_adsb.jsonl');
    let pass = 0;
    const failures: string[] = [];
    for (const e of exp) {
      const r = decodeModeSHex(e.hex);
      const d = r.ok ? diffFields(e.expected, buildAdsbRecord(r.msg)) : [r.reason];
      if (d.length === 0) pass++;
      else failures.push(`${e.id}: ${d.join('; ')}`);
    }
    record('pymodes/expected-sample_data_adsb.jsonl', pass, exp.length);
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it('agrees with every pyModeS golden_v2 entry on the fields both decode (Comm-B registers aside)', () => {
    const exp = readJsonl('pymodes/golden_v2-normalized.jsonl');
    let pass = 0;
    const failures: string[] = [];
    for (const e of exp) {
      const g = e.expected_raw_golden;
      const r = decodeModeSHex(e.hex);
      if (!r.ok) {
        failures.push(`${e.id}: ${r.reason}`);
        continue;
      }
      const got = buildAdsbRecord(r.msg);
      const want: Record<string, unknown> = { df: g.df, icao24: String(g.icao).toLowerCase() };
      if (g.typecode !== undefined) want.tc = g.typecode;
      if (g.altitude !== undefined) want.altitude_ft = g.altitude;
      if (g.squawk !== undefined) want.squawk = g.squawk;
      if (g.cpr_format !== undefined) want.cpr_odd = g.cpr_format === 1;
      if (g.groundspeed !== undefined && g.df === 17) want.gs_kt = g.groundspeed;
      if (g.track !== undefined && g.df === 17) want.track_deg = Math.round(g.track * 100) / 100;
      if (g.vertical_rate !== undefined && g.df === 17) want.vrate_fpm = g.vertical_rate;
      if (g.callsign !== undefined) want.callsign = String(g.callsign).replace(/[_ ]+$/, '');
      const d = diffFields(want, got);
      if (d.length === 0) pass++;
      else failures.push(`${e.id}: ${d.join('; ')}`);
    }
    record('pymodes/golden_v2-normalized.jsonl', pass, exp.length);
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it('decodes the textbook messages as pyModeS does (airspeed under tas_kt / ias_kt)', () => {
    const exp = readJsonl('book-examples/expected.jsonl').filter((e) => e.hex !== undefined);
    let pass = 0;
    for (const e of exp) {
      const { crc_remainder_own, airspeed_kt, airspeed_type, ...want } = e.expected;
      if (airspeed_kt !== undefined)
        want[airspeed_type === 'TAS' ? 'tas_kt' : 'ias_kt'] = airspeed_kt;
      const r = decodeModeSHex(e.hex);
      expect(r.ok, e.id).toBe(true);
      if (!r.ok) continue;
      expect(diffFields(want, buildAdsbRecord(r.msg)), e.id).toEqual([]);
      expect(r.msg.residual.toString(16).padStart(6, '0'), e.id).toBe(crc_remainder_own);
      pass++;
    }
    record('book-examples/expected.jsonl (messages)', pass, exp.length);
  });

  it('rejects every damaged frame as bad_crc, and repairs exactly the one-bit ones when asked', () => {
    const exp = readJsonl('crc-damaged/expected.jsonl');
    let pass = 0;
    for (const e of exp) {
      const r = decodeModeSHex(e.hex);
      expect(r.ok, e.id).toBe(false);
      if (r.ok) continue;
      expect([r.reason, r.df, r.residual.toString(16).padStart(6, '0')], e.id).toEqual([
        'bad_crc',
        e.expected.df,
        e.expected.crc_remainder,
      ]);
      const fixed = decodeModeSHex(e.hex, { fixSingleBitErrors: true });
      if (e.flipped_bits.length === 1) {
        expect(fixed.ok, e.id).toBe(true);
        if (fixed.ok) {
          expect(formatHex(fixed.msg.bytes, 0, 14), e.id).toBe(e.original_hex);
          expect(fixed.msg.fixedBit, e.id).toBe(e.flipped_bits[0]);
        }
      } else {
        // two or three flipped bits must not be "repaired" into another message
        expect(fixed.ok, e.id).toBe(false);
      }
      pass++;
    }
    record('crc-damaged/expected.jsonl', pass, exp.length);
  });

  it('parses every SBS-1 line dump1090 wrote for the capture to the README fields, no more', () => {
    const exp = readJsonl('beastblackbox/expected-sbs-part1.jsonl');
    const fields = [
      'callsign',
      'altitude_ft',
      'gs_kt',
      'track_deg',
      'lat',
      'lon',
      'vrate_fpm',
      'squawk',
    ];
    const flags = ['alert', 'emergency', 'spi', 'is_on_ground'];
    let pass = 0;
    const failures: string[] = [];
    for (const e of exp) {
      const r = parseSbsLine(e.line);
      if (!r.ok) {
        failures.push(`${e.id}: ${r.field}`);
        continue;
      }
      const got = r.msg as unknown as Record<string, unknown>;
      const d = diffFields(e.expected, got);
      for (const k of [...fields, ...flags])
        if (k in got && !(k in e.expected)) d.push(`extra ${k}`);
      if (d.length === 0) pass++;
      else failures.push(`${e.id}: ${d.join('; ')}`);
    }
    record('beastblackbox/expected-sbs-part1.jsonl', pass, exp.length);
    expect(failures.slice(0, 10)).toEqual([]);
  });
});

if (!HAVE_TESTDATA) {
  describe('the shared ADS-B corpora', () => {
    it.skip(NO_TESTDATA_NOTE, () => {});
  });
}
