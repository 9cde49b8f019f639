/**
 * The shared ADS-B corpora (shared/testdata/adsb beside the repository, or
 * TRUCELINE_TESTDATA: the testdata root or its adsb folder): where they are,
 * whether they are there, and their JSON Lines expectation files. Read by the
 * tests only; the decoders stay pure. Not copied into the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve(new URL('.', import.meta.url).pathname, '../../..');
const ENV = process.env.TRUCELINE_TESTDATA;
export const TESTDATA_DIR =
  ENV === undefined
    ? resolve(REPO, '../shared/testdata/adsb')
    : existsSync(join(ENV, 'adsb'))
      ? join(ENV, 'adsb')
      : ENV;
export const HAVE_TESTDATA = existsSync(join(TESTDATA_DIR, 'README.md'));
/** The name of the skipped stand-in test when the corpora are not there. */
export const NO_TESTDATA_NOTE = `need shared/testdata/adsb beside the repository (looked in ${TESTDATA_DIR}; or set TRUCELINE_TESTDATA)`;

// biome-ignore lint/suspicious/noExplicitAny: corpus records are checked field by field
export type CorpusRecord = any;

/** A JSON Lines file under TESTDATA_DIR: one record per non-empty line. */
export function readJsonl(name: string): CorpusRecord[] {
  return readFileSync(join(TESTDATA_DIR, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
}
