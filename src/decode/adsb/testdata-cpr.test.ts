/**
 * CPR conformance on the shared corpora: the even/odd pair files
 * (beastblackbox, pyModeS), dump1090's CPR unit vectors and the textbook
 * pair, both through the bare CPR functions and through the aircraft table.
 */
import { describe, expect, it } from 'vitest';
import { AircraftTable } from './aircraft-table.js';
import {
  CPR_OK,
  CPR_ZONE_MISMATCH,
  type CprPosition,
  decodeCprAirborne,
  decodeCprRelative,
  decodeCprSurface,
} from './cpr.js';
import { decodeModeSHex } from './decode-mode-s.js';
import type { ModeSMessage } from './mode-s-message.js';
import {
  type CorpusRecord,
  HAVE_TESTDATA,
  NO_TESTDATA_NOTE,
  readJsonl,
} from './testdata.fixture.js';

function decode(hex: string): ModeSMessage {
  const r = decodeModeSHex(hex);
  if (!r.ok) throw new Error(`${hex}: ${r.reason}`);
  return r.msg;
}

/** Expected positions carry 6 decimals. */
const TOLERANCE = 1.5e-6;
function near(p: CprPosition, lat: number, lon: number): boolean {
  return Math.abs(p.lat - lat) <= TOLERANCE && Math.abs(p.lon - lon) <= TOLERANCE;
}

function checkPairFile(file: string): { pass: number; total: number; failures: string[] } {
  const pairs = readJsonl(file);
  const out = { lat: 0, lon: 0 };
  const failures: string[] = [];
  let pass = 0;
  for (const p of pairs) {
    const even = decode(p.even.hex);
    const odd = decode(p.odd.hex);
    const oddNewer = p.newer === 'odd';
    const rc = decodeCprAirborne(even.cprLat, even.cprLon, odd.cprLat, odd.cprLon, oddNewer, out);
    const e = p.expected;
    const bare =
      e.lat === null ? rc === CPR_ZONE_MISMATCH : rc === CPR_OK && near(out, e.lat, e.lon);
    // The same pair through the table, in time order, times in ms
    const table = new AircraftTable();
    const [first, second] = oddNewer ? [p.even, p.odd] : [p.odd, p.even];
    table.update(decode(first.hex), first.t * 1000);
    const u = table.update(decode(second.hex), second.t * 1000);
    const viaTable = e.lat === null ? !u.position : u.position && near(u, e.lat, e.lon);
    if (bare && viaTable) pass++;
    else
      failures.push(
        `${p.id}: bare ${bare ? 'ok' : `rc ${rc} ${out.lat},${out.lon}`}, table ${viaTable ? 'ok' : `${u.lat},${u.lon}`}`,
      );
  }
  return { pass, total: pairs.length, failures };
}

describe.runIf(HAVE_TESTDATA)('CPR on the shared corpora', () => {
  it('resolves all 446 even/odd pairs of the beastblackbox capture, alone and through the table', () => {
    const r = checkPairFile('beastblackbox/expected-cpr-pairs-part1.jsonl');
    console.log(`beastblackbox/expected-cpr-pairs-part1.jsonl: ${r.pass}/${r.total}`);
    expect(r.failures.slice(0, 10)).toEqual([]);
  });

  it('resolves all 926 even/odd pairs of the pyModeS flight, alone and through the table', () => {
    const r = checkPairFile('pymodes/expected-cpr-pairs.jsonl');
    console.log(`pymodes/expected-cpr-pairs.jsonl: ${r.pass}/${r.total}`);
    expect(r.failures.slice(0, 10)).toEqual([]);
  });

  it("passes every vector of dump1090's cprtests (global airborne, global surface, relative)", () => {
    const out = { lat: 0, lon: 0 };
    let checks = 0;
    let pass = 0;
    const failures: string[] = [];
    const check = (id: string, rc: number, e: CorpusRecord) => {
      checks++;
      const ok = e.result < 0 ? rc < 0 : rc === CPR_OK && near(out, e.lat, e.lon);
      if (ok) pass++;
      else failures.push(`${id}: rc ${rc}, ${out.lat},${out.lon}; expected ${JSON.stringify(e)}`);
    };
    const vectors = readJsonl('dump1090-cpr/cpr-vectors.jsonl');
    for (const v of vectors) {
      if (v.kind === 'relative') {
        const rc = decodeCprRelative(
          v.reference.lat,
          v.reference.lon,
          v.cpr_lat,
          v.cpr_lon,
          v.odd,
          v.surface,
          out,
        );
        check(v.id, rc, v.expect);
        continue;
      }
      for (const oddNewer of [false, true]) {
        const e = oddNewer ? v.expect_odd_newer : v.expect_even_newer;
        const rc =
          v.kind === 'global_airborne'
            ? decodeCprAirborne(
                v.even.cpr_lat,
                v.even.cpr_lon,
                v.odd.cpr_lat,
                v.odd.cpr_lon,
                oddNewer,
                out,
              )
            : decodeCprSurface(
                v.reference.lat,
                v.reference.lon,
                v.even.cpr_lat,
                v.even.cpr_lon,
                v.odd.cpr_lat,
                v.odd.cpr_lon,
                oddNewer,
                out,
              );
        check(`${v.id} ${oddNewer ? 'odd' : 'even'} newer`, rc, e);
      }
    }
    console.log(
      `dump1090-cpr/cpr-vectors.jsonl: ${vectors.length} vectors, ${pass}/${checks} checks`,
    );
    expect(failures).toEqual([]);
    expect(checks).toBe(80);
  });

  it('gives the textbook position for the 40621D pair, whichever frame is newer', () => {
    const [pair] = readJsonl('book-examples/expected.jsonl').filter(
      (e) => e.even_hex !== undefined,
    );
    const even = decode(pair.even_hex);
    const odd = decode(pair.odd_hex);
    const out = { lat: 0, lon: 0 };
    expect(decodeCprAirborne(even.cprLat, even.cprLon, odd.cprLat, odd.cprLon, false, out)).toBe(
      CPR_OK,
    );
    expect(near(out, pair.expect_even_newer.lat, pair.expect_even_newer.lon)).toBe(true);
    expect(decodeCprAirborne(even.cprLat, even.cprLon, odd.cprLat, odd.cprLon, true, out)).toBe(
      CPR_OK,
    );
    expect(near(out, pair.expect_odd_newer.lat, pair.expect_odd_newer.lon)).toBe(true);
  });
});

if (!HAVE_TESTDATA) {
  describe('CPR on the shared corpora', () => {
    it.skip(NO_TESTDATA_NOTE, () => {});
  });
}
