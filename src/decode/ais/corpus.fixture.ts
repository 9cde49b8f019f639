/**
 * The shared AIS corpora (shared/testdata/ais, beside the repository, or
 * TRUCELINE_TESTDATA): read by the tests only; the decoder stays pure.
 * Not copied into the repository.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');

function findCorpusDir(): string {
  const env = process.env.TRUCELINE_TESTDATA;
  if (env !== undefined && env !== '') {
    // Either the testdata root (with ais/ inside) or the ais folder itself.
    return existsSync(join(env, 'ais')) ? join(env, 'ais') : env;
  }
  return resolve(REPO_ROOT, '../shared/testdata/ais');
}

export const CORPUS_DIR = findCorpusDir();
export const HAS_CORPUS = existsSync(join(CORPUS_DIR, 'README.md'));
export const NO_CORPUS_NOTE = `AIS corpora not found at ${CORPUS_DIR} (set TRUCELINE_TESTDATA): skipped`;

export interface CorpusRecord {
  id: string;
  lines: string[];
  valid: boolean;
  msg_type?: number;
  payload_bits?: number;
  expected?: Record<string, unknown>;
  disputed?: Record<string, unknown>;
  error?: string;
}

/** Expectation files, relative to CORPUS_DIR, sorted. */
export function listExpectationFiles(): string[] {
  const files: string[] = [];
  for (const dir of readdirSync(CORPUS_DIR, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const f of readdirSync(join(CORPUS_DIR, dir.name))) {
      if (/^expected.*\.jsonl$|\.expected\.jsonl$/.test(f)) files.push(`${dir.name}/${f}`);
    }
  }
  return files.sort();
}

export function readRecords(file: string): CorpusRecord[] {
  return readFileSync(join(CORPUS_DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as CorpusRecord);
}

/** Raw input files (what a receiver would deliver), relative to CORPUS_DIR. */
export function listInputFiles(): string[] {
  const files: string[] = [];
  for (const dir of readdirSync(CORPUS_DIR, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const f of readdirSync(join(CORPUS_DIR, dir.name))) {
      if (/\.(aivdm|log|nmea|ais|txt)$|^tests_ais_test_messages$/.test(f))
        files.push(`${dir.name}/${f}`);
    }
  }
  return files.sort();
}

export function readInput(file: string): Uint8Array {
  return readFileSync(join(CORPUS_DIR, file));
}
