/**
 * Every record of the shared AIS corpora (shared/testdata/ais/**\/expected*.jsonl):
 * its lines, fed to a fresh decoder, give its `expected` fields (disputed
 * ones skipped) or its `error`. Pass counts per file are printed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  type CorpusRecord,
  HAS_CORPUS,
  listExpectationFiles,
  NO_CORPUS_NOTE,
  readRecords,
} from './corpus.fixture.js';
import { AisDecoder, type AisResult, formatAisJson, isAisRejected } from './index.js';

/** The README's tolerances; lat/lon 1e-6 plus the float noise of the comparison itself. */
const TOLERANCE: Record<string, number> = {
  lat: 1e-6 + 1e-9,
  lon: 1e-6 + 1e-9,
  sog: 0.05,
  cog: 0.05,
  draught: 0.05,
};

/**
 * Records whose expected object lacks fields we print, on purpose: gpsd
 * printed an unparseable timestamp for this type 4 (year 0 / month 15 …),
 * so the normalizer left the date fields out; we keep them as transmitted.
 */
const EXTRA_FIELDS_OK = new Set(['gpsd-sample-aivdm-0077']);

function decodeRecord(r: CorpusRecord): AisResult[] {
  const out: AisResult[] = [];
  const d = new AisDecoder();
  for (const line of r.lines) d.pushLine(line, 0, (x) => out.push(x));
  d.expire(Number.POSITIVE_INFINITY, (x) => out.push(x));
  return out;
}

/** Why a record does not conform, or '' when it does. */
function checkRecord(r: CorpusRecord): string {
  const out = decodeRecord(r);
  if (!r.valid) {
    const first = out[0];
    if (first === undefined || !isAisRejected(first))
      return `expected error ${r.error}, got a message`;
    return first.error === r.error ? '' : `expected error ${r.error}, got ${first.error}`;
  }
  const only = out[0];
  if (out.length !== 1 || only === undefined || isAisRejected(only))
    return `expected one message, got ${JSON.stringify(out).slice(0, 200)}`;
  const got = only.message as unknown as Record<string, unknown>;
  const problems: string[] = [];
  for (const [k, want] of Object.entries(r.expected ?? {})) {
    if (r.disputed !== undefined && k in r.disputed) continue;
    const have = got[k];
    const tol = TOLERANCE[k];
    if (tol !== undefined && typeof want === 'number' && typeof have === 'number') {
      if (Math.abs(have - want) > tol) problems.push(`${k}: ${have} vs ${want}`);
    } else if (k === 'dte' && Number(have) === Number(want)) {
      // dte is 0/1 (gpsd's form, most records); libais-only records carry false/true.
    } else if (have !== want) {
      problems.push(`${k}: ${JSON.stringify(have)} vs ${JSON.stringify(want)}`);
    }
  }
  // The CLI's JSON has exactly the schema's fields for this record.
  const printed = Object.keys(JSON.parse(formatAisJson(only.message)) as object);
  const allowed = new Set([...Object.keys(r.expected ?? {}), ...Object.keys(r.disputed ?? {})]);
  const extra = printed.filter((k) => !allowed.has(k));
  if (extra.length > 0 && !EXTRA_FIELDS_OK.has(r.id))
    problems.push(`extra fields ${extra.join(',')}`);
  return problems.join('; ');
}

describe.skipIf(!HAS_CORPUS)(HAS_CORPUS ? 'the shared AIS corpora' : NO_CORPUS_NOTE, () => {
  const summary: string[] = [];
  afterAll(() => {
    if (summary.length > 0) console.info(`AIS conformance:\n  ${summary.join('\n  ')}`);
  });

  for (const file of HAS_CORPUS ? listExpectationFiles() : []) {
    it(`decodes every record of ${file} to its expected fields or error`, () => {
      const records = readRecords(file);
      const failures: string[] = [];
      for (const r of records) {
        const why = checkRecord(r);
        if (why !== '') failures.push(`${r.id}: ${why}`);
      }
      summary.push(`${file} ${records.length - failures.length}/${records.length}`);
      expect(failures.slice(0, 10)).toEqual([]);
    });
  }
});
